"""Strategies over the graded move space: tiny registered classes.

As in Axelrod, a strategy is a class with a `name`, a `classifier` dict and one method
deciding the next move. Here that method is vectorised: `act(view, rng)` gets a `View`
(what one side knows before it moves, one array entry per Monte Carlo run) and returns
the levels and quantities it plays, as arrays. A quantity of 0 at a quantity-bearing
level means "the typical quantity" (the engine fills it in). Every random choice goes
through the `numpy.random.Generator` passed in.

Look strategies up with `get_strategy("tft")`; a single parameter follows a colon:
"gtft:0.2", "escalate:2", "proportional:1.5", "random:0.3".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from parity.errors import SimulationError
from parity.model import REAL_STATUSES, StoryEvent
from parity.simulate.history import dyad_events, parse_dyad
from parity.simulate.moves import FACILITY_MOVES, PERSONNEL_MOVE, MoveSpace, move_space

Moves = tuple[np.ndarray, np.ndarray]  # (levels, quantities), one entry per run


@dataclass(frozen=True)
class View:
    """What one side knows before it moves; every array has one entry per run.

    `opp_last` is the opponent's last level as this side perceived it (noise may have
    changed it); -1 means no move yet. Quantities and ledger counts are public and
    seen exactly; `opp_last_qty` is 0 when the level was misperceived.
    """

    step: int
    space: MoveSpace
    my_last: np.ndarray
    opp_last: np.ndarray
    opp_last_qty: np.ndarray
    opp_max: np.ndarray  # highest level perceived from the opponent so far
    my_removed_personnel: np.ndarray  # staff I have removed from the opponent, in total
    opp_removed_personnel: np.ndarray  # staff the opponent has removed from me
    my_removed_facilities: np.ndarray
    opp_removed_facilities: np.ndarray
    my_personnel: np.ndarray  # my staff left in the opponent's country
    opp_personnel: np.ndarray
    my_facilities: np.ndarray
    opp_facilities: np.ndarray
    typical_personnel: int
    typical_facilities: int

    @property
    def runs(self) -> int:
        return len(self.opp_last)

    def carries_quantity(self, levels: np.ndarray) -> np.ndarray:
        return (levels == self.space.personnel_level) | (levels == self.space.facility_level)

    def typical(self, levels: np.ndarray) -> np.ndarray:
        """The typical quantity at each level (0 where the level carries none)."""
        out = np.where(levels == self.space.personnel_level, self.typical_personnel, 0)
        return np.where(levels == self.space.facility_level, self.typical_facilities, out)

    def in_kind(self, levels: np.ndarray) -> np.ndarray:
        """The opponent's last quantity where answering at its level, else 0 (typical)."""
        return np.where(levels == self.opp_last, self.opp_last_qty, 0)

    def answer(self) -> np.ndarray:
        """The opponent's last level, cooperation (0) before its first move."""
        return np.maximum(self.opp_last, 0)


class Strategy:
    """Base class: subclasses set `name`, `classifier` and implement `act`."""

    name: ClassVar[str] = ""
    classifier: ClassVar[dict[str, Any]] = {}
    parameter: ClassVar[str | None] = None  # the one tunable a "name:value" spec sets

    def act(self, view: View, rng: np.random.Generator) -> Moves:
        raise NotImplementedError

    @property
    def label(self) -> str:
        if self.parameter is None:
            return self.name
        return f"{self.name}:{getattr(self, self.parameter):g}"

    def __repr__(self) -> str:
        return f"<Strategy {self.label}>"


REGISTRY: dict[str, type[Strategy]] = {}


def register(cls: type[Strategy]) -> type[Strategy]:
    """Class decorator: add a strategy to the registry under its `name`."""
    REGISTRY[cls.name] = cls
    return cls


def _classifier(memory_depth: float, stochastic: bool, **extra: Any) -> dict[str, Any]:
    return {"memory_depth": memory_depth, "stochastic": stochastic, **extra}


@register
class TitForTat(Strategy):
    """Cooperates first, then answers the opponent's last move in kind (same level and quantity)."""

    name = "tft"
    classifier = _classifier(1, False, uses_quantities=True)

    def act(self, view: View, rng: np.random.Generator) -> Moves:
        levels = view.answer()
        return levels, view.in_kind(levels)


@register
class GenerousTitForTat(Strategy):
    """Tit-for-tat that lets a hostile move pass unanswered with probability `p`."""

    name = "gtft"
    classifier = _classifier(1, True, uses_quantities=True)
    parameter = "p"

    def __init__(self, p: float = 1 / 3) -> None:
        # Axelrod's default: min(1 - (T-R)/(R-S), (R-P)/(T-P)) = 1/3 for (3, 1, 0, 5).
        if not 0.0 <= p <= 1.0:
            raise SimulationError(f"gtft: forgiveness p must lie in [0, 1], got {p}")
        self.p = p

    def act(self, view: View, rng: np.random.Generator) -> Moves:
        levels = view.answer()
        forgive = rng.random(view.runs) < self.p
        levels = np.where(forgive, 0, levels)
        return levels, view.in_kind(levels)


@register
class Grim(Strategy):
    """Cooperates until the opponent's first hostile move, then expels at every turn, forever."""

    name = "grim"
    classifier = _classifier(float("inf"), False, uses_quantities=False)

    def act(self, view: View, rng: np.random.Generator) -> Moves:
        levels = np.where(view.opp_max > 0, view.space.personnel_level, 0)
        return levels, np.zeros_like(levels)


@register
class ParitySeeking(Strategy):
    """Restores the cumulative balance: expels (then closes) exactly what it is behind by.

    If the opponent has removed 35 more of its staff than it has removed in return, it
    expels 35; with staff even but facilities behind, it closes the difference; when
    even (or nothing is left to remove) it cooperates.
    """

    name = "parity-seeking"
    classifier = _classifier(float("inf"), False, uses_quantities=True)

    def act(self, view: View, rng: np.random.Generator) -> Moves:
        staff_gap = view.opp_removed_personnel - view.my_removed_personnel
        site_gap = view.opp_removed_facilities - view.my_removed_facilities
        staff = (staff_gap > 0) & (view.opp_personnel > 0)
        sites = ~staff & (site_gap > 0) & (view.opp_facilities > 0)
        space = view.space
        levels = np.where(staff, space.personnel_level, np.where(sites, space.facility_level, 0))
        quantities = np.where(staff, staff_gap, np.where(sites, site_gap, 0))
        return levels, quantities


@register
class Proportional(Strategy):
    """Answers at the opponent's level with its quantity scaled by `factor` (at least 1)."""

    name = "proportional"
    classifier = _classifier(1, False, uses_quantities=True)
    parameter = "factor"

    def __init__(self, factor: float = 0.5) -> None:
        if not factor > 0:
            raise SimulationError(f"proportional: factor must be positive, got {factor}")
        self.factor = factor

    def act(self, view: View, rng: np.random.Generator) -> Moves:
        levels = view.answer()
        seen = view.in_kind(levels)
        base = np.where(seen > 0, seen, view.typical(levels))
        scaled = np.maximum(1, np.ceil(base * self.factor)).astype(np.int64)
        return levels, np.where(view.carries_quantity(levels), scaled, 0)


@register
class Escalate(Strategy):
    """Answers every hostile move `k` levels higher (capped at the top); cooperates otherwise."""

    name = "escalate"
    classifier = _classifier(1, False, uses_quantities=True)
    parameter = "k"

    def __init__(self, k: int = 1) -> None:
        if int(k) != k or k < 0:
            raise SimulationError(f"escalate: k must be a whole number >= 0, got {k}")
        self.k = int(k)

    def act(self, view: View, rng: np.random.Generator) -> Moves:
        hostile = view.opp_last > 0
        levels = np.where(hostile, np.minimum(view.opp_last + self.k, view.space.max_level), 0)
        return levels, view.in_kind(levels)


@register
class Deescalate(Strategy):
    """Answers every move `k` levels lower (never below cooperation)."""

    name = "deescalate"
    classifier = _classifier(1, False, uses_quantities=True)
    parameter = "k"

    def __init__(self, k: int = 1) -> None:
        if int(k) != k or k < 0:
            raise SimulationError(f"deescalate: k must be a whole number >= 0, got {k}")
        self.k = int(k)

    def act(self, view: View, rng: np.random.Generator) -> Moves:
        levels = np.maximum(view.opp_last - self.k, 0)
        return levels, view.in_kind(levels)


@register
class Random(Strategy):
    """Hostile with probability `p` (a level drawn uniformly from 1..max), else cooperates."""

    name = "random"
    classifier = _classifier(0, True, uses_quantities=False)
    parameter = "p"

    def __init__(self, p: float = 0.5) -> None:
        if not 0.0 <= p <= 1.0:
            raise SimulationError(f"random: p must lie in [0, 1], got {p}")
        self.p = p

    def act(self, view: View, rng: np.random.Generator) -> Moves:
        hostile = rng.random(view.runs) < self.p
        drawn = rng.integers(1, view.space.n_levels, view.runs)
        levels = np.where(hostile, drawn, 0)
        return levels, np.zeros_like(levels)


@register
class Fitted(Strategy):
    """Plays the next level with the probabilities a dyad's history shows, given the opponent's last.

    `matrix[opp_last + 1]` is the distribution of this side's next level after the
    opponent played `opp_last` (row 0: the opponent has not moved yet), estimated by
    counting with Laplace smoothing `alpha`. Quantities are this side's median ones.
    """

    name = "fitted"
    classifier = _classifier(1, True, uses_quantities=True, fitted=True)

    def __init__(
        self, matrix: np.ndarray, personnel_qty: int = 0, facility_qty: int = 0, side: str = ""
    ) -> None:
        matrix = np.asarray(matrix, dtype=float)
        n = move_space().n_levels
        if matrix.shape != (n + 1, n) or not np.allclose(matrix.sum(axis=1), 1.0):
            raise SimulationError(f"fitted: need a ({n + 1}, {n}) matrix of probability rows")
        self.matrix = matrix
        self._cumulative = np.cumsum(matrix, axis=1)
        self.personnel_qty = personnel_qty
        self.facility_qty = facility_qty
        self.side = side

    @property
    def label(self) -> str:
        return f"fitted({self.side})" if self.side else "fitted"

    @classmethod
    def from_history(
        cls,
        events: Iterable[StoryEvent],
        dyad: str | Sequence[str],
        side: str,
        *,
        alpha: float = 1.0,
    ) -> Fitted:
        """Fit `side`'s answers from the dyad's history (side: its ISO3 code)."""
        pair = parse_dyad(dyad)
        if side not in pair:
            raise SimulationError(f"fitted: side {side!r} is not in dyad {'-'.join(pair)}")
        history = dyad_events(events, pair)
        me = pair.index(side)
        matrix = transition_matrix(history, pair, alpha=alpha)[me]
        mine = [e for e in history if e.source == side and e.status in REAL_STATUSES]
        staff = [e.quantity for e in mine if e.move == PERSONNEL_MOVE and e.quantity]
        sites = [e.quantity for e in mine if e.move in FACILITY_MOVES and e.quantity]
        return cls(matrix, _median(staff), _median(sites), side=side)

    def probabilities(self, opp_last: int) -> np.ndarray:
        """This side's next-level distribution after the opponent played `opp_last` (-1: none)."""
        return self.matrix[opp_last + 1]

    def act(self, view: View, rng: np.random.Generator) -> Moves:
        u = rng.random(view.runs)
        cumulative = self._cumulative[view.opp_last + 1]
        levels = (u[:, None] >= cumulative[:, :-1]).sum(axis=1)
        space = view.space
        quantities = np.where(levels == space.personnel_level, self.personnel_qty, 0)
        quantities = np.where(levels == space.facility_level, self.facility_qty, quantities)
        return levels, quantities


def transitions(
    history: Sequence[StoryEvent], dyad: tuple[str, str]
) -> list[tuple[int, int, int, StoryEvent]]:
    """(side index, opponent's last level or -1, level played, event) for each usable event.

    `history` must already be the dyad's events in time order (see `dyad_events`).
    """
    space = move_space()
    last = [-1, -1]
    out = []
    for event in history:
        level = space.event_level(event)
        if level is None or event.source not in dyad:
            continue
        me = dyad.index(event.source)
        out.append((me, last[1 - me], level, event))
        last[me] = level
    return out


def transition_matrix(
    history: Sequence[StoryEvent], dyad: tuple[str, str], *, alpha: float = 1.0
) -> np.ndarray:
    """Per side, P(next level | opponent's last level) with Laplace smoothing `alpha`.

    Shape (2, n_levels + 1, n_levels); row 0 of each side is "opponent has not moved".
    """
    if alpha <= 0:
        raise SimulationError(f"Laplace smoothing alpha must be positive, got {alpha}")
    n = move_space().n_levels
    counts = np.full((2, n + 1, n), float(alpha))
    for me, opp_last, level, _ in transitions(history, dyad):
        counts[me, opp_last + 1, level] += 1
    return counts / counts.sum(axis=2, keepdims=True)


def _median(values: list[int]) -> int:
    return sorted(values)[len(values) // 2] if values else 0


def strategy_names() -> list[str]:
    """Every registered strategy name."""
    return list(REGISTRY)


def get_strategy(
    spec: str | Strategy,
    *,
    history: Iterable[StoryEvent] | None = None,
    dyad: str | Sequence[str] | None = None,
    side: str | None = None,
) -> Strategy:
    """A strategy from its name ("tft", "escalate:2"), or `spec` itself if already one.

    "fitted" needs `history`, `dyad` and `side` (the ISO3 code of the side it plays).
    """
    if isinstance(spec, Strategy):
        return spec
    name, _, value = str(spec).strip().partition(":")
    cls = REGISTRY.get(name)
    if cls is None:
        raise SimulationError(f"unknown strategy {name!r}; known: {', '.join(REGISTRY)}")
    if cls is Fitted:
        if history is None or dyad is None or side is None:
            raise SimulationError("strategy 'fitted' needs a dyad history to fit from")
        return Fitted.from_history(history, dyad, side)
    if not value:
        return cls()
    if cls.parameter is None:
        raise SimulationError(f"strategy {name!r} takes no parameter (got {value!r})")
    try:
        number = float(value)
    except ValueError:
        raise SimulationError(f"strategy {name!r}: {value!r} is not a number") from None
    return cls(number)
