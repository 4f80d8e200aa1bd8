"""The graded move space the simulator plays over, read from `parity/lexicon/moves.json`.

Each move has an ordinal escalation `level` (0 = cooperative … 6 = sever relations).
The simulator plays levels; a level is shown as its representative move. Two levels
carry quantities and change the ledger: the level of `expel_personnel` (personnel)
and the level of `close_facility` (facilities). Severing relations withdraws both
missions. Which moves play those roles is named once here and checked against the
data file on load.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from parity.errors import LexiconError
from parity.lexicon import load_moves
from parity.model import HYPOTHETICAL_STATUSES, REAL_STATUSES, StoryEvent

PERSONNEL_MOVE = "expel_personnel"  # the move whose quantity removes the other side's staff
CAP_MOVE = "cap_personnel"  # a ceiling: removes whatever exceeds it
FACILITY_MOVES = ("close_facility", "seize_property")  # quantities remove facilities
SEVER_MOVE = "sever_relations"  # both missions are withdrawn
THREAT_MOVE = "threaten"  # a threatened or considered move is played as a threat


@dataclass(frozen=True)
class MoveSpace:
    """Levels 0..max with their moves, and the levels that carry quantities."""

    moves: dict[str, dict[str, Any]]
    representative: tuple[str, ...]  # the move shown for each level
    personnel_level: int
    facility_level: int
    sever_level: int
    threat_level: int

    @property
    def n_levels(self) -> int:
        return len(self.representative)

    @property
    def max_level(self) -> int:
        return len(self.representative) - 1

    def level(self, move: str) -> int | None:
        """The escalation level of `move`, None for a move not in the vocabulary."""
        spec = self.moves.get(move)
        return None if spec is None else int(spec["level"])

    def moves_at(self, level: int) -> tuple[str, ...]:
        """Every move at `level`, in file order."""
        return tuple(m for m, spec in self.moves.items() if int(spec["level"]) == level)

    def event_level(self, event: StoryEvent) -> int | None:
        """The level an event plays: its move's level, a threat if only threatened, None if denied."""
        if event.status in HYPOTHETICAL_STATUSES:
            return self.threat_level
        if event.status not in REAL_STATUSES:
            return None
        return self.level(event.move)


def _check(moves: dict[str, dict[str, Any]], name: str, unit: str | None = None) -> int:
    if name not in moves:
        raise LexiconError(f"parity/lexicon/moves.json: the simulator needs move {name!r}")
    if unit is not None and moves[name].get("unit") != unit:
        raise LexiconError(f"parity/lexicon/moves.json: move {name!r} must have unit {unit!r}")
    return int(moves[name]["level"])


@cache
def move_space() -> MoveSpace:
    """The move space, validated once: contiguous levels from 0, distinct quantity levels."""
    moves = load_moves()
    levels = set()
    for name, spec in moves.items():
        level = spec.get("level")
        if not isinstance(level, int) or level < 0:
            raise LexiconError(
                f"parity/lexicon/moves.json: move {name!r} has a bad level {level!r}"
            )
        levels.add(level)
    if levels != set(range(max(levels) + 1)):
        raise LexiconError("parity/lexicon/moves.json: levels must run 0..max without gaps")
    personnel = _check(moves, PERSONNEL_MOVE, "personnel")
    _check(moves, CAP_MOVE, "personnel")
    facility = {_check(moves, m, "facilities") for m in FACILITY_MOVES}
    if len(facility) != 1 or personnel in facility:
        raise LexiconError(
            "parity/lexicon/moves.json: facility moves need one level, apart from personnel"
        )
    (facility_level,) = facility
    sever, threat = _check(moves, SEVER_MOVE), _check(moves, THREAT_MOVE)
    named = {personnel: PERSONNEL_MOVE, facility_level: FACILITY_MOVES[0], sever: SEVER_MOVE}
    named.setdefault(threat, THREAT_MOVE)
    representative = []
    for level in range(max(levels) + 1):
        first = next(m for m, spec in moves.items() if spec["level"] == level)
        representative.append(named.get(level, first))
    return MoveSpace(
        moves=dict(moves),
        representative=tuple(representative),
        personnel_level=personnel,
        facility_level=facility_level,
        sever_level=sever,
        threat_level=threat,
    )
