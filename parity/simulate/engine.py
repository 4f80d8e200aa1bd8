"""The Monte Carlo engine: two strategies over the graded move space, all runs at once.

Each round both sides move at once (as in Axelrod's matches). Every run is one entry of
a set of NumPy arrays, and all runs advance one round at a time; a strategy sees a
`View` of arrays and answers with arrays. With probability `noise` a side misperceives
the other's move as a neighbouring level (one up or one down: an accusation read as a
threat, an appeal as an accusation); ledger counts are public and never misperceived.

A move at the personnel level removes its quantity of the other side's staff, a move
at the facility level its quantity of the other side's facilities (never below zero);
severing relations withdraws both missions. A run settles when two consecutive rounds
are cooperative on both sides.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from parity.errors import SimulationError
from parity.model import StoryEvent
from parity.simulate.history import (
    DEFAULT_FACILITIES,
    DEFAULT_PERSONNEL,
    StartState,
    start_state,
)
from parity.simulate.moves import move_space
from parity.simulate.strategies import Strategy, View, get_strategy

MAX_CELLS = 200_000_000  # runs × steps above this would not fit comfortably in memory


@dataclass(frozen=True)
class Distribution:
    """Mean and percentiles of one outcome over the runs."""

    mean: float
    p5: float
    p25: float
    p50: float
    p75: float
    p95: float
    min: float
    max: float

    @classmethod
    def of(cls, values: np.ndarray) -> Distribution | None:
        if len(values) == 0:
            return None
        p = np.percentile(values, [5, 25, 50, 75, 95])
        return cls(
            float(np.mean(values)),
            *(float(x) for x in p),
            float(np.min(values)),
            float(np.max(values)),
        )


@dataclass(frozen=True)
class Summary:
    """The outcome distribution of a simulation."""

    a: str
    b: str
    dyad: tuple[str, str]
    runs: int
    steps: int
    share_settled: float
    rounds_to_settle: Distribution | None  # over the runs that settled
    max_level: Distribution
    max_level_hist: tuple[int, ...]  # runs whose highest level was 0, 1, ...
    level_moves: tuple[str, ...]  # the representative move of each level
    personnel: dict[str, Distribution]  # staff left, per side (ISO3 or A/B)
    facilities: dict[str, Distribution]
    start_personnel: dict[str, int]
    start_facilities: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SimulationResult:
    """Per-run outcomes of a simulation (arrays have one entry per run).

    `rounds_to_settle` is the round (1-based) that completed the first two consecutive
    cooperative rounds, -1 where the run never settled (see `settled_round`).
    """

    a: str
    b: str
    start: StartState
    steps: int
    runs: int
    seed: int | None
    noise: float
    levels_a: np.ndarray = field(repr=False)  # (runs, steps) levels side A played
    levels_b: np.ndarray = field(repr=False)
    max_level: np.ndarray = field(repr=False)
    rounds_to_settle: np.ndarray = field(repr=False)
    personnel_a: np.ndarray = field(repr=False)
    personnel_b: np.ndarray = field(repr=False)
    facilities_a: np.ndarray = field(repr=False)
    facilities_b: np.ndarray = field(repr=False)

    def settled_round(self, run: int) -> int | None:
        """The round run `run` settled in, None if it never did."""
        value = int(self.rounds_to_settle[run])
        return None if value < 0 else value

    def summary(self) -> Summary:
        """Mean and percentiles of each outcome, histogram of the highest level, share settled."""
        space = move_space()
        settled = self.rounds_to_settle[self.rounds_to_settle >= 0]
        side_a, side_b = self.start.dyad
        return Summary(
            a=self.a,
            b=self.b,
            dyad=self.start.dyad,
            runs=self.runs,
            steps=self.steps,
            share_settled=len(settled) / self.runs,
            rounds_to_settle=Distribution.of(settled),
            max_level=Distribution.of(self.max_level),
            max_level_hist=tuple(
                int(c) for c in np.bincount(self.max_level, minlength=space.n_levels)
            ),
            level_moves=space.representative,
            personnel={
                side_a: Distribution.of(self.personnel_a),
                side_b: Distribution.of(self.personnel_b),
            },
            facilities={
                side_a: Distribution.of(self.facilities_a),
                side_b: Distribution.of(self.facilities_b),
            },
            start_personnel={side_a: self.start.personnel[0], side_b: self.start.personnel[1]},
            start_facilities={side_a: self.start.facilities[0], side_b: self.start.facilities[1]},
        )


def _misperceive(
    levels: np.ndarray, noise: float, n_levels: int, rng: np.random.Generator
) -> np.ndarray:
    """Each level, with probability `noise`, seen one level higher or lower (at random)."""
    if noise <= 0:
        return levels
    wrong = rng.random(len(levels)) < noise
    step = np.where(rng.random(len(levels)) < 0.5, -1, 1)
    shifted = levels + step
    shifted = np.where(shifted < 0, 1, np.where(shifted >= n_levels, n_levels - 2, shifted))
    return np.where(wrong, shifted, levels)


def simulate(
    a: str | Strategy,
    b: str | Strategy,
    *,
    steps: int = 12,
    runs: int = 10_000,
    seed: int | None = 0,
    noise: float = 0.05,
    history: Iterable[StoryEvent] | None = None,
    dyad: str | Sequence[str] | None = None,
    start: StartState | None = None,
    start_personnel: int = DEFAULT_PERSONNEL,
    start_facilities: int = DEFAULT_FACILITIES,
) -> SimulationResult:
    """Play strategy `a` (side A) against `b` (side B) for `steps` rounds in `runs` runs.

    The start is `start` if given, else the ledger summed from `history` for `dyad`
    (side A is the dyad's first code), else `start_personnel` and `start_facilities`
    per side. "fitted" strategies are fitted on `history`.
    """
    if steps < 1 or runs < 1:
        raise SimulationError(f"steps and runs must be at least 1 (got {steps}, {runs})")
    if runs * steps > MAX_CELLS:
        raise SimulationError(f"runs × steps = {runs * steps:,} is more than {MAX_CELLS:,}")
    if not 0.0 <= noise <= 1.0:
        raise SimulationError(f"noise must lie in [0, 1], got {noise}")
    events = list(history) if history is not None else []
    if start is None:
        if events and dyad is None:
            raise SimulationError("a history needs its dyad (e.g. USA-RUS) to start from")
        start = start_state(
            events,
            dyad if dyad is not None else ("A", "B"),
            personnel=start_personnel,
            facilities=start_facilities,
        )
    sides = start.dyad
    fit_from = events if events else None
    fit_dyad = dyad if dyad is not None else sides
    player_a = copy.deepcopy(get_strategy(a, history=fit_from, dyad=fit_dyad, side=sides[0]))
    player_b = copy.deepcopy(get_strategy(b, history=fit_from, dyad=fit_dyad, side=sides[1]))
    rng = np.random.default_rng(seed)
    return _play(player_a, player_b, start, steps, runs, noise, rng, seed)


def _full(value: int, runs: int) -> np.ndarray:
    return np.full(runs, value, dtype=np.int64)


def _play(
    player_a: Strategy,
    player_b: Strategy,
    start: StartState,
    steps: int,
    runs: int,
    noise: float,
    rng: np.random.Generator,
    seed: int | None,
) -> SimulationResult:
    space = move_space()
    n, P, F, S = space.n_levels, space.personnel_level, space.facility_level, space.sever_level
    pers = [_full(start.personnel[0], runs), _full(start.personnel[1], runs)]
    fac = [_full(start.facilities[0], runs), _full(start.facilities[1], runs)]
    rem_p = [_full(start.removed_personnel[0], runs), _full(start.removed_personnel[1], runs)]
    rem_f = [_full(start.removed_facilities[0], runs), _full(start.removed_facilities[1], runs)]
    last = [_full(start.last_level[0], runs), _full(start.last_level[1], runs)]
    # seen[i]: side i's perception of the other's last move; history is seen as it was.
    seen = [_full(start.last_level[1], runs), _full(start.last_level[0], runs)]
    seen_qty = [_full(start.last_quantity[1], runs), _full(start.last_quantity[0], runs)]
    seen_max = [_full(start.max_level[1], runs), _full(start.max_level[0], runs)]
    levels_out = [np.empty((runs, steps), np.int8), np.empty((runs, steps), np.int8)]
    settle = _full(-1, runs)
    cooperative_before = np.zeros(runs, dtype=bool)
    typical = (start.typical_personnel, start.typical_facilities)

    for step in range(steps):
        moves = []
        for me, player in enumerate((player_a, player_b)):
            other = 1 - me
            view = View(
                step=step,
                space=space,
                my_last=last[me],
                opp_last=seen[me],
                opp_last_qty=seen_qty[me],
                opp_max=seen_max[me],
                my_removed_personnel=rem_p[me],
                opp_removed_personnel=rem_p[other],
                my_removed_facilities=rem_f[me],
                opp_removed_facilities=rem_f[other],
                my_personnel=pers[me],
                opp_personnel=pers[other],
                my_facilities=fac[me],
                opp_facilities=fac[other],
                typical_personnel=typical[0],
                typical_facilities=typical[1],
            )
            levels, quantities = player.act(view, rng)
            levels = np.clip(np.asarray(levels, dtype=np.int64), 0, n - 1)
            quantities = np.asarray(quantities, dtype=np.int64)
            quantities = np.where(quantities > 0, quantities, view.typical(levels))
            quantities = np.where(view.carries_quantity(levels), quantities, 0)
            moves.append((levels, quantities))
        # Both moves act on the ledger as it stood before the round.
        gone_p = [
            np.where(moves[i][0] == P, np.minimum(moves[i][1], pers[1 - i]), 0) for i in (0, 1)
        ]
        gone_f = [
            np.where(moves[i][0] == F, np.minimum(moves[i][1], fac[1 - i]), 0) for i in (0, 1)
        ]
        for i in (0, 1):
            pers[1 - i] = pers[1 - i] - gone_p[i]
            fac[1 - i] = fac[1 - i] - gone_f[i]
            rem_p[i] = rem_p[i] + gone_p[i]
            rem_f[i] = rem_f[i] + gone_f[i]
        severed = (moves[0][0] == S) | (moves[1][0] == S)
        if severed.any():
            for i in (0, 1):
                pers[i] = np.where(severed, 0, pers[i])
                fac[i] = np.where(severed, 0, fac[i])
        for me in (0, 1):
            other = 1 - me
            levels, quantities = moves[other]
            perceived = _misperceive(levels, noise, n, rng)
            seen[me] = perceived
            seen_qty[me] = np.where(perceived == levels, quantities, 0)
            seen_max[me] = np.maximum(seen_max[me], perceived)
            last[other] = levels
            levels_out[other][:, step] = levels
        cooperative = (moves[0][0] == 0) & (moves[1][0] == 0)
        settle = np.where((settle < 0) & cooperative & cooperative_before, step + 1, settle)
        cooperative_before = cooperative

    max_level = np.maximum(levels_out[0].max(axis=1), levels_out[1].max(axis=1)).astype(np.int64)
    return SimulationResult(
        a=player_a.label,
        b=player_b.label,
        start=start,
        steps=steps,
        runs=runs,
        seed=seed,
        noise=noise,
        levels_a=levels_out[0],
        levels_b=levels_out[1],
        max_level=max_level,
        rounds_to_settle=settle,
        personnel_a=pers[0],
        personnel_b=pers[1],
        facilities_a=fac[0],
        facilities_b=fac[1],
    )
