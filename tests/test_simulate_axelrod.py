"""The binary engine agrees exactly with the Axelrod library (slow: importing axelrod takes ~20 s)."""

from __future__ import annotations

import itertools

import axelrod
import pytest

from parity.simulate.binary import CLASSIC, play_pairs

TURNS = 200
EXTRA = ("TwoTitsForTat", "Bully")  # also deterministic, used by the speed benchmark
PAIRS = list(itertools.product(CLASSIC + EXTRA, repeat=2))

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def parity_results():
    """All ordered pairs in one vectorised call."""
    return play_pairs(PAIRS, TURNS)


@pytest.mark.parametrize(("i", "pair"), list(enumerate(PAIRS)), ids=["-".join(p) for p in PAIRS])
def test_matches_axelrod(parity_results, i, pair):
    first, second = pair
    match = axelrod.Match((getattr(axelrod, first)(), getattr(axelrod, second)()), turns=TURNS)
    expected = [(str(a), str(b)) for a, b in match.play()]
    assert parity_results.actions(i) == expected
    assert parity_results.final_score(i) == match.final_score()
