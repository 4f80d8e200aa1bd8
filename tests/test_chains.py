"""Response chains, response edges, and the partial-date arithmetic they rest on."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from parity.analyze.chains import (
    chronological,
    date_range,
    effective_starts,
    lag_bounds,
    lag_days,
    not_after,
    response_chains,
    responses,
)
from parity.errors import ParityError
from parity.model import Link, StoryEvent

DATA = Path(__file__).parent / "data" / "ledger"


@pytest.fixture(scope="module")
def seed() -> list[StoryEvent]:
    data = json.loads((DATA / "usa_rus_story.json").read_text(encoding="utf-8"))
    return [StoryEvent.from_dict(e) for e in data["events"]]


def ev(id: str, source: str, target: str, move: str = "expel_personnel", **kw) -> StoryEvent:
    kw.setdefault("status", "occurred")
    return StoryEvent(id=id, source=source, target=target, move=move, **kw)


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("2017", (date(2017, 1, 1), date(2017, 12, 31))),
        ("2016-02", (date(2016, 2, 1), date(2016, 2, 29))),
        ("2017-08-31", (date(2017, 8, 31), date(2017, 8, 31))),
        (None, None),
    ],
)
def test_date_range_of_partial_dates(text, span):
    assert date_range(text) == span


@pytest.mark.parametrize("text", ["Tuesday", "2017-13", "2017-02-30"])
def test_date_range_refuses_non_dates(text):
    with pytest.raises(ParityError):
        date_range(text)


def test_lag_days_needs_two_full_dates():
    assert (lag_days("2017-08-31", "2017-09-05"), lag_days("2017-08", "2017-09-05")) == (5, None)


def test_lag_bounds_from_partial_dates():
    assert lag_bounds("2017", "2017-08-31") == (-122, 242)


def test_not_after_keeps_overlapping_and_undated_events():
    assert (
        not_after("2017", "2017-06-01"),
        not_after("2017-07", "2017-06-30"),
        not_after(None, "2000"),
    ) == (
        True,
        False,
        True,
    )


# --- time order ----------------------------------------------------------------------------


def test_chronological_puts_an_answer_after_what_it_answers_on_equal_dates(seed):
    order = [e.id for e in chronological(seed)]
    assert order.index("S6") < order.index("S7") < order.index("S9")


def test_chronological_places_an_undated_event_before_its_dated_answers(seed):
    order = [e.id for e in chronological(seed)]
    assert order[:3] == ["S1", "S2", "S3"]


def test_effective_start_of_undated_event_comes_from_its_answers(seed):
    assert effective_starts(seed)["S2"] == date(2016, 12, 1)


# --- responses -------------------------------------------------------------------------------


def test_responses_read_stated_edges_from_responds_to(seed):
    edges = {(r.provocation, r.response): r for r in responses(seed)}
    r = edges[("S9", "S15")]
    assert (r.kind, r.score, r.lag_days, len(edges)) == ("stated", 1.0, 5, 13)


def test_inferred_link_carries_its_score():
    events = [ev("A", "USA", "RUS", date="2020-01-01"), ev("B", "RUS", "USA", date="2020-01-11")]
    [r] = responses(events, [Link("B", "A", "inferred", 0.7)])
    assert (r.provocation, r.response, r.kind, r.score, r.lag_days) == (
        "A",
        "B",
        "inferred",
        0.7,
        10,
    )


def test_stated_edge_wins_over_an_inferred_link_for_the_same_pair():
    events = [ev("A", "USA", "RUS"), ev("B", "RUS", "USA", responds_to=("A",))]
    [r] = responses(events, [Link("B", "A", "inferred", 0.4)])
    assert (r.kind, r.score) == ("stated", 1.0)


def test_link_direction_follows_the_events_own_answer():
    events = [ev("A", "USA", "RUS"), ev("B", "RUS", "USA", inferred_responds_to=("A",))]
    [r] = responses(events, [Link("A", "B", "inferred", 0.6)])
    assert (r.provocation, r.response, r.score) == ("A", "B", 0.6)


def test_fulfils_links_are_not_responses():
    events = [ev("A", "RUS", "USA", status="threatened"), ev("B", "RUS", "USA")]
    assert responses(events, [Link("B", "A", "fulfils", 0.9)]) == []


def test_weak_inferred_links_are_dropped_below_min_score():
    events = [ev("A", "USA", "RUS"), ev("B", "RUS", "USA")]
    assert responses(events, [Link("B", "A", "inferred", 0.2)], min_score=0.3) == []


# --- chains ----------------------------------------------------------------------------------


def test_seed_story_has_ten_maximal_chains(seed):
    chains = response_chains(seed)
    assert [c.ids for c in chains] == [
        ("S1", "S3"),
        ("S1", "S4"),
        ("S1", "S5"),
        ("S1", "S6", "S7", "S9", "S13"),
        ("S1", "S6", "S7", "S9", "S15"),
        ("S1", "S6", "S8", "S9", "S13"),
        ("S1", "S6", "S8", "S9", "S15"),
        ("S1", "S6", "S8", "S10"),
        ("S2", "S3"),
        ("S2", "S4"),
    ]


def test_chain_steps_carry_lag_and_link_kind(seed):
    chain = next(c for c in response_chains(seed) if c.ids == ("S1", "S6", "S7", "S9", "S15"))
    assert [(s.kind, s.lag_days) for s in chain.steps] == [
        (None, None),
        ("stated", None),
        ("stated", None),
        ("stated", None),
        ("stated", 5),
    ]
    assert chain.span_days is None


def test_chain_span_adds_up_known_lags():
    events = [
        ev("A", "CZE", "RUS", date="2021-04-17"),
        ev("B", "RUS", "CZE", date="2021-04-18", responds_to=("A",)),
        ev("C", "CZE", "RUS", "cap_personnel", date="2021-04-22", inferred_responds_to=("B",)),
    ]
    [chain] = response_chains(events)
    assert (chain.ids, chain.kinds, chain.span_days) == (("A", "B", "C"), ("stated", "inferred"), 5)


def test_chains_can_follow_stated_links_only():
    events = [
        ev("A", "CZE", "RUS"),
        ev("B", "RUS", "CZE", responds_to=("A",)),
        ev("C", "CZE", "RUS", inferred_responds_to=("B",)),
    ]
    assert [c.ids for c in response_chains(events, kinds=("stated",))] == [("A", "B")]


def test_chains_keep_to_the_dyad():
    events = [
        ev("A", "GBR", "RUS"),
        ev("B", "RUS", "GBR", responds_to=("A",)),
        ev("C", "USA", "RUS"),
        ev("D", "RUS", "USA", responds_to=("C",)),
    ]
    assert [c.ids for c in response_chains(events, dyad=("USA", "RUS"))] == [("C", "D")]


def test_a_cycle_in_the_links_ends_instead_of_looping():
    events = [ev("A", "USA", "RUS", responds_to=("B",)), ev("B", "RUS", "USA", responds_to=("A",))]
    [chain] = response_chains(events)
    assert sorted(chain.ids) == ["A", "B"]


def test_a_long_tit_for_tat_is_one_chain_without_recursion_limits():
    events = [ev("E0", "USA", "RUS")]
    for i in range(1, 5000):
        a, b = ("USA", "RUS") if i % 2 == 0 else ("RUS", "USA")
        events.append(ev(f"E{i}", a, b, responds_to=(f"E{i - 1}",)))
    [chain] = response_chains(events)
    assert (len(chain), chain.ids[-1]) == (5000, "E4999")


def test_chain_to_dict_lists_events_and_steps():
    events = [
        ev("A", "USA", "RUS", date="2020-01-01"),
        ev("B", "RUS", "USA", date="2020-01-03", responds_to=("A",)),
    ]
    data = response_chains(events)[0].to_dict()
    assert (data["events"], data["span_days"], data["steps"][1]["lag_days"]) == (["A", "B"], 2, 2)
