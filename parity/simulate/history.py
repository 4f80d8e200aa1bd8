"""A dyad's real history, read as the simulator's starting point.

`dyad_events` picks one dyad's story events in time order; `start_state` sums them
into the ledger the simulation starts from: personnel and facilities each side has
left, what each side has removed from the other (the balance parity-seeking restores),
each side's last move, and the typical quantities the dyad uses.

Counting rules: occurred and announced events change the ledger; threatened and
considered events count only as a threat (the last move), denied events not at all.
An expulsion removes its quantity, a cap removes whatever exceeds the ceiling, a
closure or seizure removes its quantity of facilities (1 if unstated), severing
relations withdraws both missions. Reversals are not credited back (their quantity is
rarely stated).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from parity.errors import SimulationError
from parity.model import REAL_STATUSES, StoryEvent
from parity.simulate.moves import CAP_MOVE, FACILITY_MOVES, PERSONNEL_MOVE, SEVER_MOVE, move_space

DEFAULT_PERSONNEL = 455  # staff per side at the start: the 2017 US–Russia ceiling
DEFAULT_FACILITIES = 5  # an embassy and four consulates or compounds per side
TYPICAL_PERSONNEL = 20  # an expulsion's size when neither strategy nor history says
TYPICAL_FACILITIES = 1  # a closure's size when neither strategy nor history says

_CODE = re.compile(r"^[A-Z]{3}$")


def parse_dyad(dyad: str | Sequence[str]) -> tuple[str, str]:
    """("USA", "RUS") from "USA-RUS", "usa/rus" or a pair; SimulationError otherwise."""
    parts = re.split(r"[-/:, ]+", dyad.strip()) if isinstance(dyad, str) else list(dyad)
    codes = tuple(str(p).strip().upper() for p in parts if str(p).strip())
    if len(codes) != 2 or not all(_CODE.match(c) for c in codes) or codes[0] == codes[1]:
        raise SimulationError(f"bad dyad {dyad!r}: expected two ISO3 codes like USA-RUS")
    return codes[0], codes[1]


def dyad_events(events: Iterable[StoryEvent], dyad: str | Sequence[str]) -> list[StoryEvent]:
    """The dyad's events (either direction) in time order.

    Undated events keep their place after the dated event before them (a fused story
    lists events in time order), then the list is sorted stably by date.
    """
    a, b = parse_dyad(dyad)
    picked = [e for e in events if {e.source, e.target} == {a, b}]
    keys, last = [], ""
    for event in picked:
        last = event.date or last
        keys.append(last)
    order = sorted(range(len(picked)), key=lambda i: keys[i])
    return [picked[i] for i in order]


def read_story_events(path: str | Path) -> list[StoryEvent]:
    """Story events from a JSON file (a list, or an object with "events") or JSON lines."""
    from parity.storyfile import read_story_file

    return read_story_file(path)[0]


@dataclass(frozen=True)
class StartState:
    """The ledger a simulation starts from; each pair is (side A, side B)."""

    dyad: tuple[str, str] = ("A", "B")
    personnel: tuple[int, int] = (DEFAULT_PERSONNEL, DEFAULT_PERSONNEL)  # own staff left
    facilities: tuple[int, int] = (DEFAULT_FACILITIES, DEFAULT_FACILITIES)  # own sites left
    removed_personnel: tuple[int, int] = (0, 0)  # staff each side has removed from the other
    removed_facilities: tuple[int, int] = (0, 0)  # sites each side has removed from the other
    last_level: tuple[int, int] = (-1, -1)  # each side's last level, -1 for none
    last_quantity: tuple[int, int] = (0, 0)  # quantity of that last move
    max_level: tuple[int, int] = (-1, -1)  # each side's highest level so far
    typical_personnel: int = TYPICAL_PERSONNEL
    typical_facilities: int = TYPICAL_FACILITIES
    n_events: int = 0

    def __post_init__(self) -> None:
        if min(*self.personnel, *self.facilities) < 0:
            raise SimulationError("start personnel and facilities must not be negative")
        if self.typical_personnel < 1 or self.typical_facilities < 1:
            raise SimulationError("typical quantities must be at least 1")


def start_state(
    events: Iterable[StoryEvent] = (),
    dyad: str | Sequence[str] = ("A", "B"),
    *,
    personnel: int = DEFAULT_PERSONNEL,
    facilities: int = DEFAULT_FACILITIES,
) -> StartState:
    """Sum a dyad's history into the ledger a simulation starts from.

    `personnel` and `facilities` are each side's levels before the history.
    """
    space = move_space()
    events = list(events)
    if events or isinstance(dyad, str):
        pair = parse_dyad(dyad)
    else:
        pair = (str(dyad[0]), str(dyad[1]))
    history = dyad_events(events, pair) if events else []
    side = {pair[0]: 0, pair[1]: 1}
    pers, fac = [personnel, personnel], [facilities, facilities]
    rem_p, rem_f = [0, 0], [0, 0]
    last, last_q, top = [-1, -1], [0, 0], [-1, -1]
    quantities: dict[str, list[int]] = {"personnel": [], "facilities": []}
    for event in history:
        level = space.event_level(event)
        if level is None:
            continue
        me = side[event.source]
        other = 1 - me
        qty = event.quantity if event.quantity and event.quantity > 0 else 0
        last[me], last_q[me], top[me] = level, qty, max(top[me], level)
        if event.status not in REAL_STATUSES:
            continue
        if event.move == PERSONNEL_MOVE:
            gone = min(qty, pers[other])
            pers[other] -= gone
            rem_p[me] += gone
            if qty:
                quantities["personnel"].append(qty)
        elif event.move == CAP_MOVE and qty:
            gone = max(0, pers[other] - qty)
            pers[other] -= gone
            rem_p[me] += gone
        elif event.move in FACILITY_MOVES:
            qty = qty or 1
            gone = min(qty, fac[other])
            fac[other] -= gone
            rem_f[me] += gone
            quantities["facilities"].append(qty)
        elif event.move == SEVER_MOVE:
            pers, fac = [0, 0], [0, 0]
    return StartState(
        dyad=(pair[0], pair[1]),
        personnel=(pers[0], pers[1]),
        facilities=(fac[0], fac[1]),
        removed_personnel=(rem_p[0], rem_p[1]),
        removed_facilities=(rem_f[0], rem_f[1]),
        last_level=(last[0], last[1]),
        last_quantity=(last_q[0], last_q[1]),
        max_level=(top[0], top[1]),
        typical_personnel=_median(quantities["personnel"], TYPICAL_PERSONNEL),
        typical_facilities=_median(quantities["facilities"], TYPICAL_FACILITIES),
        n_events=len(history),
    )


def _median(values: list[int], default: int) -> int:
    if not values:
        return default
    ordered = sorted(values)
    return max(1, int(round(ordered[len(ordered) // 2])))
