"""Numbers in digits and words; vague counts are hints, not quantities."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parity.extract.quantities import vague_hint, words_to_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("35", 35),
        ("1,200", 1200),
        ("thirty-five", 35),
        ("thirty - five", 35),
        ("two dozen", 24),
        ("a dozen", 12),
        ("eighteen", 18),
        ("one hundred and ten", 110),
        ("another 155", 155),
        ("seven hundred fifty-five", 755),
    ],
)
def test_words_to_number(text, value):
    assert words_to_number(text) == value


@pytest.mark.parametrize("text", ["dozens", "several", "officials", ""])
def test_not_numbers(text):
    assert words_to_number(text) is None


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("dozens of officials", "dozens"),
        ("several diplomats", "several"),
        ("a handful of staff", "a handful"),
    ],
)
def test_vague_counts_are_hints(text, hint):
    assert vague_hint(text) == hint


@given(st.integers(min_value=0, max_value=10**6))
def test_digits_round_trip(n):
    assert words_to_number(f"{n:,}") == n


@given(st.text(max_size=40))
def test_never_raises(text):
    words_to_number(text)
    vague_hint(text)
