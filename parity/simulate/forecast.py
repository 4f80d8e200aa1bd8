"""Forecast a dyad's next moves from its history, and score such forecasts on held-back events.

Each side is fitted as the `fitted` strategy: the probability of its next level given
the other side's last level, counted over the history with Laplace smoothing. Within a
level, probability is shared among that level's moves by how often this side used
each (smoothed the same way). `backtest` fits on all but the last k events and scores
the level forecasts on those k against a base rate (each side's overall level
frequencies in the same training events).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from parity.errors import SimulationError
from parity.model import REAL_STATUSES, StoryEvent
from parity.simulate.engine import Summary, simulate
from parity.simulate.history import dyad_events, parse_dyad, start_state
from parity.simulate.moves import FACILITY_MOVES, PERSONNEL_MOVE, move_space
from parity.simulate.strategies import transition_matrix, transitions


@dataclass(frozen=True)
class ForecastMove:
    """One possible next move of one side."""

    move: str
    level: int
    probability: float
    quantity: int | None  # typical quantity from the history, None where it has none
    unit: str | None


@dataclass(frozen=True)
class SideForecast:
    """One side's next-move distribution, given the other side's last move."""

    side: str
    opponent_last: str | None  # the other side's last move, "(threatened)" etc. if not done
    opponent_last_level: int  # -1 when it has not moved
    levels: tuple[float, ...]  # probability of each level 0..max
    moves: tuple[ForecastMove, ...]  # most likely first; probabilities sum to 1

    def top(self, k: int = 5) -> tuple[ForecastMove, ...]:
        return self.moves[:k]


@dataclass(frozen=True)
class Forecast:
    """Both sides' next moves, the side expected to answer next, and a Monte Carlo outlook."""

    dyad: tuple[str, str]
    n_events: int
    next_mover: str | None  # the side that did not make the latest move
    sides: tuple[SideForecast, SideForecast]
    outlook: Summary | None  # fitted vs fitted over the next `steps` rounds

    def side(self, code: str) -> SideForecast:
        for side in self.sides:
            if side.side == code:
                return side
        raise SimulationError(f"{code!r} is not a side of {'-'.join(self.dyad)}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Prediction:
    """One held-back event with the forecast made before it."""

    event_id: str
    side: str
    move: str
    level: int
    predicted_level: int
    probability: float  # forecast probability of the level that happened
    base_probability: float


@dataclass(frozen=True)
class Backtest:
    """Scores of level forecasts on the last `holdout` events, and of the base rate."""

    dyad: tuple[str, str]
    holdout: int
    n_train: int
    log_loss: float
    accuracy: float
    base_log_loss: float
    base_accuracy: float
    predictions: tuple[Prediction, ...]

    @property
    def beats_base(self) -> bool:
        return self.log_loss < self.base_log_loss

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["beats_base"] = self.beats_base
        return out


def _history(events: Iterable[StoryEvent], dyad: str | Sequence[str]):
    pair = parse_dyad(dyad)
    history = dyad_events(events, pair)
    steps = transitions(history, pair)
    if not steps:
        raise SimulationError(f"no usable events for {'-'.join(pair)} in the history")
    return pair, history, steps


def _typical_quantities(history: list[StoryEvent], side: str, start) -> dict[str, int]:
    """Median stated quantity per move: this side's, else the other side's, else the default."""
    out: dict[str, int] = {}
    for pool in (
        [e for e in history if e.source != side],
        [e for e in history if e.source == side],
    ):
        by_move: dict[str, list[int]] = {}
        for e in pool:
            if e.status in REAL_STATUSES and e.quantity:
                by_move.setdefault(e.move, []).append(e.quantity)
        out.update({m: sorted(q)[len(q) // 2] for m, q in by_move.items()})
    out.setdefault(PERSONNEL_MOVE, start.typical_personnel)
    for move in FACILITY_MOVES:
        out.setdefault(move, start.typical_facilities)
    return out


def forecast(
    history_events: Iterable[StoryEvent],
    dyad: str | Sequence[str],
    seed: int | None = 0,
    *,
    alpha: float = 1.0,
    steps: int = 6,
    runs: int = 2_000,
    noise: float = 0.05,
) -> Forecast:
    """Next moves of each side of `dyad` with probabilities, fitted on its history.

    With `steps` > 0 it also plays fitted against fitted for `steps` rounds in `runs`
    seeded runs from the real ledger (`outlook`).
    """
    events = list(history_events)
    pair, history, steps_seen = _history(events, dyad)
    space = move_space()
    matrix = transition_matrix(history, pair, alpha=alpha)
    start = start_state(history, pair)
    last_level, last_move = [-1, -1], [None, None]
    for me, _, level, event in steps_seen:
        done = event.status in REAL_STATUSES
        last_level[me] = level
        last_move[me] = event.move if done else f"{event.move} ({event.status})"
    sides = []
    for me, code in enumerate(pair):
        levels = matrix[me, last_level[1 - me] + 1]
        used = Counter(
            e.move for who, _, level, e in steps_seen if who == me and space.level(e.move) == level
        )
        quantities = _typical_quantities(history, code, start)
        moves = []
        for level, p_level in enumerate(levels):
            names = space.moves_at(level)
            weights = np.array([used[m] + alpha for m in names], dtype=float)
            for name, weight in zip(names, weights / weights.sum(), strict=True):
                unit = space.moves[name].get("unit")
                moves.append(
                    ForecastMove(
                        move=name,
                        level=level,
                        probability=float(p_level * weight),
                        quantity=quantities.get(name) if unit else None,
                        unit=unit,
                    )
                )
        moves.sort(key=lambda m: (-m.probability, m.level, m.move))
        sides.append(
            SideForecast(
                side=code,
                opponent_last=last_move[1 - me],
                opponent_last_level=last_level[1 - me],
                levels=tuple(float(p) for p in levels),
                moves=tuple(moves),
            )
        )
    latest = steps_seen[-1][0]
    outlook = None
    if steps > 0:
        outlook = simulate(
            "fitted",
            "fitted",
            steps=steps,
            runs=runs,
            seed=seed,
            noise=noise,
            history=events,
            dyad=pair,
            start=start,
        ).summary()
    return Forecast(
        dyad=pair,
        n_events=len(history),
        next_mover=pair[1 - latest],
        sides=(sides[0], sides[1]),
        outlook=outlook,
    )


def backtest(
    history_events: Iterable[StoryEvent],
    dyad: str | Sequence[str],
    holdout: int = 3,
    *,
    alpha: float = 1.0,
) -> Backtest:
    """Fit on all but the last `holdout` events, forecast each held-back one, score both.

    Each held-back event is forecast from the fit and the other side's last level
    before it (earlier held-back events included: one step ahead). Scores are the
    mean log-loss of the level that happened and top-1 accuracy, beside the same
    scores of the base rate (each side's level frequencies in the training events).
    """
    pair, history, steps_seen = _history(history_events, dyad)
    if holdout < 1 or holdout >= len(steps_seen):
        raise SimulationError(
            f"holdout must lie in 1..{len(steps_seen) - 1} for {len(steps_seen)} usable events"
        )
    train = steps_seen[:-holdout]
    matrix = transition_matrix([e for *_, e in train], pair, alpha=alpha)
    n = move_space().n_levels
    base = np.full((2, n), float(alpha))
    for me, _, level, _ in train:
        base[me, level] += 1
    base /= base.sum(axis=1, keepdims=True)
    predictions = []
    for me, opp_last, level, event in steps_seen[-holdout:]:
        probs = matrix[me, opp_last + 1]
        predictions.append(
            Prediction(
                event_id=event.id,
                side=pair[me],
                move=event.move,
                level=level,
                predicted_level=int(np.argmax(probs)),
                probability=float(probs[level]),
                base_probability=float(base[me, level]),
            )
        )
    base_hits = [int(np.argmax(base[pair.index(p.side)])) == p.level for p in predictions]
    return Backtest(
        dyad=pair,
        holdout=holdout,
        n_train=len(train),
        log_loss=-sum(math.log(p.probability) for p in predictions) / holdout,
        accuracy=sum(p.predicted_level == p.level for p in predictions) / holdout,
        base_log_loss=-sum(math.log(p.base_probability) for p in predictions) / holdout,
        base_accuracy=sum(base_hits) / holdout,
        predictions=tuple(predictions),
    )
