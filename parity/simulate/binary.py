"""The binary special case: cooperate/defect matches, many at once.

A match is the iterated prisoner's dilemma with the standard payoffs (R, P, S, T) =
(3, 1, 0, 5). The strategies are the classic ones under the names the Axelrod library
gives them, and for the deterministic ones every action and score agrees exactly with
`axelrod.Match(...).play()` (tests/test_simulate_axelrod.py checks all ordered pairs).
All matches advance one turn at a time as NumPy arrays; a strategy's `act` answers for
every match at once from a `BinaryView` of running counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from parity.errors import SimulationError

C, D = 0, 1  # action codes; -1 in a view's "last" arrays means "no move yet"
R, P, S, T = 3, 1, 0, 5  # reward, punishment, sucker's payoff, temptation
PAYOFF = np.array([[R, S], [T, P]], dtype=np.int64)  # PAYOFF[mine, theirs]


@dataclass(frozen=True)
class BinaryView:
    """One player's knowledge before turn `turn`; arrays have one entry per match."""

    turn: int
    my_last: np.ndarray  # -1 before the first turn
    their_last: np.ndarray
    their_prev: np.ndarray  # the opponent's move before its last, -1 if none
    my_defections: np.ndarray
    their_defections: np.ndarray

    @property
    def matches(self) -> int:
        return len(self.my_last)


class BinaryStrategy:
    """Base class: `name` as Axelrod spells it, a `classifier`, and a vectorised `act`.

    A `tabular` strategy is deterministic and decides from `my_last`, `their_last`,
    `their_prev` and whether `their_defections` > 0 alone; the engine then asks its
    `act` once about all 54 such states and plays from that table.
    """

    name: ClassVar[str] = ""
    classifier: ClassVar[dict[str, Any]] = {}
    tabular: ClassVar[bool] = False

    def act(self, view: BinaryView, rng: np.random.Generator) -> np.ndarray:
        raise NotImplementedError

    def __repr__(self) -> str:
        return self.name


BINARY_REGISTRY: dict[str, type[BinaryStrategy]] = {}


def register(cls: type[BinaryStrategy]) -> type[BinaryStrategy]:
    """Class decorator: add a binary strategy under its class name (as in `axelrod.X`)."""
    BINARY_REGISTRY[cls.__name__] = cls
    return cls


def _det(memory_depth: float) -> dict[str, Any]:
    return {"memory_depth": memory_depth, "stochastic": False}


class Deterministic(BinaryStrategy):
    """A tabular strategy (see `BinaryStrategy`)."""

    tabular = True


@register
class Cooperator(Deterministic):
    """Always cooperates."""

    name = "Cooperator"
    classifier = _det(0)

    def act(self, view: BinaryView, rng: np.random.Generator) -> np.ndarray:
        return np.full(view.matches, C, dtype=np.int8)


@register
class Defector(Deterministic):
    """Always defects."""

    name = "Defector"
    classifier = _det(0)

    def act(self, view: BinaryView, rng: np.random.Generator) -> np.ndarray:
        return np.full(view.matches, D, dtype=np.int8)


@register
class TitForTat(Deterministic):
    """Cooperates first, then copies the opponent's last move."""

    name = "Tit For Tat"
    classifier = _det(1)

    def act(self, view: BinaryView, rng: np.random.Generator) -> np.ndarray:
        return (view.their_last == D).astype(np.int8)


@register
class Grudger(Deterministic):
    """Cooperates until the opponent's first defection, then defects forever."""

    name = "Grudger"
    classifier = _det(float("inf"))

    def act(self, view: BinaryView, rng: np.random.Generator) -> np.ndarray:
        return (view.their_defections > 0).astype(np.int8)


@register
class Alternator(Deterministic):
    """Cooperates first, then alternates."""

    name = "Alternator"
    classifier = _det(1)

    def act(self, view: BinaryView, rng: np.random.Generator) -> np.ndarray:
        return (view.my_last == C).astype(np.int8)


@register
class TitFor2Tats(Deterministic):
    """Defects only after two consecutive defections of the opponent."""

    name = "Tit For 2 Tats"
    classifier = _det(2)

    def act(self, view: BinaryView, rng: np.random.Generator) -> np.ndarray:
        return ((view.their_last == D) & (view.their_prev == D)).astype(np.int8)


@register
class TwoTitsForTat(Deterministic):
    """Answers a defection with two defections."""

    name = "Two Tits For Tat"
    classifier = _det(2)

    def act(self, view: BinaryView, rng: np.random.Generator) -> np.ndarray:
        return ((view.their_last == D) | (view.their_prev == D)).astype(np.int8)


@register
class SuspiciousTitForTat(Deterministic):
    """Defects first, then copies the opponent's last move."""

    name = "Suspicious Tit For Tat"
    classifier = _det(1)

    def act(self, view: BinaryView, rng: np.random.Generator) -> np.ndarray:
        return (view.their_last != C).astype(np.int8)


@register
class Bully(Deterministic):
    """Defects first, then does the opposite of the opponent's last move."""

    name = "Bully"
    classifier = _det(1)

    def act(self, view: BinaryView, rng: np.random.Generator) -> np.ndarray:
        return (view.their_last != D).astype(np.int8)


@register
class WinStayLoseShift(Deterministic):
    """Pavlov: cooperates first, then cooperates exactly when both did the same last turn."""

    name = "Win-Stay Lose-Shift"
    classifier = _det(1)

    def act(self, view: BinaryView, rng: np.random.Generator) -> np.ndarray:
        return (view.my_last != view.their_last).astype(np.int8)


@register
class Random(BinaryStrategy):
    """Cooperates with probability `p`."""

    name = "Random"
    classifier = {"memory_depth": 0, "stochastic": True}

    def __init__(self, p: float = 0.5) -> None:
        if not 0.0 <= p <= 1.0:
            raise SimulationError(f"Random: p must lie in [0, 1], got {p}")
        self.p = p

    def act(self, view: BinaryView, rng: np.random.Generator) -> np.ndarray:
        return (rng.random(view.matches) >= self.p).astype(np.int8)


CLASSIC = (
    "Cooperator",
    "Defector",
    "TitForTat",
    "Grudger",
    "Alternator",
    "TitFor2Tats",
    "SuspiciousTitForTat",
    "WinStayLoseShift",
)  # the deterministic strategies checked against Axelrod


def get_binary_strategy(spec: str | BinaryStrategy) -> BinaryStrategy:
    """A binary strategy from its class name ("TitForTat") or Axelrod name ("Tit For Tat")."""
    if isinstance(spec, BinaryStrategy):
        return spec
    cls = BINARY_REGISTRY.get(spec) or next(
        (c for c in BINARY_REGISTRY.values() if c.name == spec), None
    )
    if cls is None:
        raise SimulationError(
            f"unknown binary strategy {spec!r}; known: {', '.join(BINARY_REGISTRY)}"
        )
    return cls()


@dataclass(frozen=True)
class BinaryResult:
    """Actions (C = 0, D = 1) and total scores of many matches; row i is match i."""

    names_a: tuple[str, ...]
    names_b: tuple[str, ...]
    actions_a: np.ndarray = field(repr=False)  # (matches, turns) int8
    actions_b: np.ndarray = field(repr=False)
    scores_a: np.ndarray = field(repr=False)  # (matches,) total payoff
    scores_b: np.ndarray = field(repr=False)

    @property
    def matches(self) -> int:
        return len(self.scores_a)

    def actions(self, match: int = 0) -> list[tuple[str, str]]:
        """Match `match` as Axelrod writes it: [("C", "D"), ...]."""
        return [
            ("CD"[a], "CD"[b])
            for a, b in zip(
                self.actions_a[match].tolist(), self.actions_b[match].tolist(), strict=True
            )
        ]

    def final_score(self, match: int = 0) -> tuple[int, int]:
        return int(self.scores_a[match]), int(self.scores_b[match])


def play_pairs(
    pairs: Sequence[tuple[str | BinaryStrategy, str | BinaryStrategy]],
    turns: int = 200,
    *,
    repetitions: int = 1,
    seed: int | None = None,
) -> BinaryResult:
    """Play every pair `repetitions` times, all matches at once (rows: pair-major order)."""
    if turns < 1 or repetitions < 1 or not pairs:
        raise SimulationError("need at least one pair, one turn and one repetition")
    players: list[BinaryStrategy] = []
    index: dict[str | int, int] = {}

    def slot(spec: str | BinaryStrategy) -> int:
        key = id(spec) if isinstance(spec, BinaryStrategy) else spec
        if key not in index:
            index[key] = len(players)
            players.append(get_binary_strategy(spec))
        return index[key]

    idx = np.array([(slot(a), slot(b)) for a, b in pairs], dtype=np.int64)
    idx = np.repeat(idx, repetitions, axis=0)
    return _play(players, idx[:, 0], idx[:, 1], turns, np.random.default_rng(seed))


def play(
    a: str | BinaryStrategy,
    b: str | BinaryStrategy,
    turns: int = 200,
    *,
    matches: int = 1,
    seed: int | None = None,
) -> BinaryResult:
    """`matches` matches of `a` against `b`, all at once."""
    return play_pairs([(a, b)], turns, repetitions=matches, seed=seed)


def round_robin(
    strategies: Sequence[str | BinaryStrategy],
    turns: int = 200,
    *,
    repetitions: int = 1,
    seed: int | None = None,
) -> BinaryResult:
    """Every unordered pair, self-play included (as `axelrod.Tournament` plays them)."""
    pairs = [
        (strategies[i], strategies[j])
        for i in range(len(strategies))
        for j in range(i, len(strategies))
    ]
    return play_pairs(pairs, turns, repetitions=repetitions, seed=seed)


# A tabular strategy's state: my last move, the opponent's last two, whether it ever defected
# (moves coded -1 none, 0 C, 1 D; shifted by one to index). 3 * 3 * 3 * 2 = 54 states.
_N_STATES = 54


def _table(player: BinaryStrategy) -> np.ndarray:
    """`player`'s move in each of the 54 states, from one vectorised call of its `act`."""
    my_last, their_last, their_prev, grudge = (
        g.ravel() for g in np.meshgrid([-1, 0, 1], [-1, 0, 1], [-1, 0, 1], [0, 1], indexing="ij")
    )
    view = BinaryView(
        turn=1,
        my_last=my_last,
        their_last=their_last,
        their_prev=their_prev,
        my_defections=np.zeros(_N_STATES, np.int64),
        their_defections=grudge,
    )
    return np.asarray(player.act(view, np.random.default_rng(0)), dtype=np.intp)


def _play(
    players: list[BinaryStrategy],
    idx_a: np.ndarray,
    idx_b: np.ndarray,
    turns: int,
    rng: np.random.Generator,
    *,
    compiled: bool = True,
) -> BinaryResult:
    if compiled and all(p.tabular for p in players):
        actions_a, actions_b = _play_tabular(players, idx_a, idx_b, turns)
    else:
        actions_a, actions_b = _play_generic(players, idx_a, idx_b, turns, rng)
    return BinaryResult(
        names_a=tuple(players[i].name for i in idx_a),
        names_b=tuple(players[i].name for i in idx_b),
        actions_a=actions_a,
        actions_b=actions_b,
        scores_a=_scores(actions_a, actions_b),
        scores_b=_scores(actions_b, actions_a),
    )


def _scores(mine: np.ndarray, theirs: np.ndarray) -> np.ndarray:
    """Total payoff per match, from row sums: PAYOFF is bilinear in (mine, theirs) ∈ {0, 1}²."""
    (cc, cd), (dc, dd) = PAYOFF.tolist()
    turns = mine.shape[1]
    defects = np.count_nonzero(mine.view(bool), axis=1)
    defected_on = np.count_nonzero(theirs.view(bool), axis=1)
    both = np.count_nonzero(np.bitwise_and(mine, theirs).view(bool), axis=1)
    return (
        cc * turns + (dc - cc) * defects + (cd - cc) * defected_on + (dd - dc - cd + cc) * both
    ).astype(np.int64)


def _play_tabular(
    players: list[BinaryStrategy], idx_a: np.ndarray, idx_b: np.ndarray, turns: int
) -> tuple[np.ndarray, np.ndarray]:
    """All matches of tabular strategies as one automaton: one table look-up per turn.

    A side's code is (last + 1) * 6 + (prev + 1) * 2 + grudge (18 values); a match's
    state is code_a * 18 + code_b (324 values), offset by 324 per distinct pair of
    strategies, so that `step[state]` is the state after the next turn.
    """
    tables = [_table(p) for p in players]
    pair = idx_a * len(players) + idx_b
    present = np.zeros(len(players) ** 2, dtype=bool)
    present[pair] = True
    kinds = np.stack(np.divmod(np.flatnonzero(present), len(players)), axis=1)  # distinct pairs
    kind_of = (np.cumsum(present) - 1)[pair]  # each match's pair, numbered like `kinds`
    codes = np.arange(18 * 18)
    code_a, code_b = codes // 18, codes % 18
    steps, both = [], []
    for pa, pb in kinds:
        move_a = tables[pa][(code_a // 6) * 18 + code_b]
        move_b = tables[pb][(code_b // 6) * 18 + code_a]
        next_a = (move_a + 1) * 6 + (code_a // 6) * 2 + ((code_a & 1) | move_a)
        next_b = (move_b + 1) * 6 + (code_b // 6) * 2 + ((code_b & 1) | move_b)
        steps.append(len(steps) * 324 + next_a * 18 + next_b)
        both.append((code_a // 6 - 1) * 2 + (code_b // 6 - 1))  # the moves just made: a*2 + b
    step = np.concatenate(steps).astype(np.intp)
    state = kind_of.reshape(-1).astype(np.intp) * 324  # both sides: no move yet, no grudge
    states = np.empty((turns, len(state)), np.intp)
    for turn in range(turns):
        state = np.take(step, state, out=states[turn])
    moves = np.concatenate(both).astype(np.int8)[states].T
    return np.ascontiguousarray(moves >> 1), np.ascontiguousarray(moves & 1)


def _play_generic(
    players: list[BinaryStrategy],
    idx_a: np.ndarray,
    idx_b: np.ndarray,
    turns: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """All matches, any strategies: every player's `act` on every turn."""
    m = len(idx_a)
    actions = [np.empty((m, turns), np.int8), np.empty((m, turns), np.int8)]
    last = [np.full(m, -1, np.int8), np.full(m, -1, np.int8)]
    prev = [np.full(m, -1, np.int8), np.full(m, -1, np.int8)]
    defections = [np.zeros(m, np.int64), np.zeros(m, np.int64)]
    # Per side, which player each match uses; a player alone on its side acts for all.
    groups = []
    for idx in (idx_a, idx_b):
        used = np.unique(idx)
        groups.append([(int(p), idx == p if len(used) > 1 else None) for p in used])
    for turn in range(turns):
        moves = []
        for me in (0, 1):
            other = 1 - me
            view = BinaryView(
                turn=turn,
                my_last=last[me],
                their_last=last[other],
                their_prev=prev[other],
                my_defections=defections[me],
                their_defections=defections[other],
            )
            move = np.zeros(m, np.int8)
            for player, mask in groups[me]:
                chosen = players[player].act(view, rng)
                move = chosen if mask is None else np.where(mask, chosen, move)
            moves.append(move.astype(np.int8, copy=False))
        for me in (0, 1):
            prev[me] = last[me]
            last[me] = moves[me]
            defections[me] = defections[me] + moves[me]
            actions[me][:, turn] = moves[me]
    return actions[0], actions[1]
