"""Fusion: one story from many reports (`parity.fuse`).

The gold cases feed the per-article gold events (what a perfect extractor would give)
to fusion and compare the story with gold/story.json; the rule tests build tiny reports
by hand, one behaviour each.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from dataclasses import replace
from pathlib import Path

import pytest

from parity.fuse import Fuser, align_reports, fuse, rules, score_story, spans
from parity.fuse import anchor as anchoring
from parity.model import Document, Event, Evidence, Story

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
if not SEEDS.is_dir():
    SEEDS = Path("/work/shared/seeds")
STORY_CASES = sorted(
    p for p in (ROOT / "tests" / "data").glob("story_*") if (p / "gold" / "story.json").is_file()
)

UNDATED_SEED = "000_01b6ecf0aec4f96f"
DATED_SEED = "002_1de54866a10ad373"

# The time expressions an extractor sees in the undated articles (gold files keep only
# the dates a reader infers, so the tests put the raw expressions back).
DATE_EXPRS = {
    UNDATED_SEED: {"e1": "Tuesday", "e2": "last week", "e7": "last week", "e11": "Friday"},
    "skripal_undated_departure": {
        "e1": "on Tuesday",
        "e3": "on Saturday",
        "e4": "On Sunday night",
        "e5": "On Sunday night",
        "e7": "on Thursday",
    },
}
# What each gold case must anchor: the undated article's day and one re-dated report.
ANCHORED = {
    "seeds": (UNDATED_SEED, "2017-09-05", f"{UNDATED_SEED}:e1", "2017-09-05"),
    "story_uk_russia_2018_skripal": (
        "skripal_undated_departure",
        "2018-03-20",
        "skripal_undated_departure:e1",
        "2018-03-14",  # the departure is S6, dated by its announcement
    ),
}

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def tiny_resolve(expr: str, published: dt.date) -> str | None:
    """A minimal resolver of our own: weekdays, and "last week" as an ISO week."""
    text = expr.lower()
    if "last week" in text:
        year, week, _ = (published - dt.timedelta(days=7)).isocalendar()
        return f"{year:04d}-W{week:02d}"
    for i, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", text):
            return (published - dt.timedelta(days=(published.weekday() - i) % 7)).isoformat()
    return None


def real_resolve():
    dates = pytest.importorskip("parity.extract.dates")
    return dates.resolve


# --- loading gold cases ----------------------------------------------------------------------


def gold_event(doc_id: str, raw: dict, text: str) -> Event:
    data = dict(raw, doc_id=doc_id)
    if data.pop("date_needs_anchor", False):
        data["date"] = None  # an extractor cannot know it without the other articles
    data["date_expr"] = DATE_EXPRS.get(doc_id, {}).get(raw["id"])
    note = data.pop("quantity_note", None)
    if data.get("quantity") is None and note:
        data["quantity_hint"] = note.split(" (")[0]
    event = Event.from_dict(data)
    start = text.find(raw["evidence"])
    end = start + len(raw["evidence"]) if start >= 0 else -1
    return replace(event, evidence=Evidence(raw["evidence"], start, end))


def load_case(gold_dir: Path, articles_dir: Path) -> tuple[list[Event], dict[str, Document], dict]:
    events, documents = [], {}
    for path in sorted(gold_dir.glob("*.json")):
        if path.name == "story.json":
            continue
        gold = json.loads(path.read_text(encoding="utf-8"))
        doc_id = gold["doc_id"]
        documents[doc_id] = Document(doc_id, "", gold.get("published"))
        article = next(iter(sorted(articles_dir.glob(f"{doc_id}.*"))), None)
        text = article.read_text(encoding="utf-8") if article else ""
        events += [gold_event(doc_id, raw, text) for raw in gold["events"]]
    story = json.loads((gold_dir / "story.json").read_text(encoding="utf-8"))
    return events, documents, story


def seed_case():
    if not (SEEDS / "gold").is_dir():
        pytest.skip("../shared/seeds is not beside the checkout")
    return load_case(SEEDS / "gold", SEEDS)


def story_case(folder: Path):
    return load_case(folder / "gold", folder / "articles")


CASES = [pytest.param("seeds", id="seeds")] + [pytest.param(p.name, id=p.name) for p in STORY_CASES]


def case(name: str):
    return seed_case() if name == "seeds" else story_case(ROOT / "tests" / "data" / name)


def event_of(story: Story, report: str):
    return next(e for e in story.events if report in e.reports)


# --- the gold cases ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("resolver", ["extractor", "tiny"])
def test_gold_story_is_reproduced(name, resolver):
    events, documents, gold = case(name)
    resolve = real_resolve() if resolver == "extractor" else tiny_resolve
    story = fuse(events, documents, resolver=resolve)
    result = score_story(story, gold)
    pairs = result["pairs"]
    print(
        f"\n{name} ({resolver} resolver): pairwise P={pairs['precision']:.3f} R={pairs['recall']:.3f} "
        f"F1={pairs['f1']:.3f} ({pairs['tp']} pairs); status {result['status_accuracy']:.3f}, "
        f"quantity {result['quantity_accuracy']:.3f}, date {result['date_accuracy']:.3f}"
    )
    assert pairs["precision"] == 1.0 and pairs["recall"] == 1.0, pairs
    bad = [c for c in result["events"] if not (c.get("grouping") and c["status"] and c["quantity"])]
    assert not bad, bad


@pytest.mark.parametrize("name", CASES)
def test_undated_article_is_anchored(name):
    events, documents, _ = case(name)
    doc_id, day, report, date = ANCHORED.get(name, (None,) * 4)
    if doc_id is None:
        pytest.skip(f"no anchoring expectation written for {name}")
    story = fuse(events, documents, resolver=real_resolve())
    assert story.inferred_published == {doc_id: day}
    assert (
        "last week" in story.inferred_evidence[doc_id]
        or "on Saturday" in story.inferred_evidence[doc_id]
    )
    assert event_of(story, report).date == date


def test_putins_consideration_is_dated_to_tuesday():
    events, documents, _ = seed_case()
    story = fuse(events, documents, resolver=real_resolve())
    putin = event_of(story, f"{UNDATED_SEED}:e1")
    assert (putin.move, putin.quantity, putin.status, putin.date) == (
        "expel_personnel",
        155,
        "considered",
        "2017-09-05",
    )
    lavrov = event_of(story, f"{UNDATED_SEED}:e11")
    assert lavrov.date == "2017-09-01"
    evidence = story.inferred_evidence[UNDATED_SEED]
    assert f"{DATED_SEED}:f1" in evidence and "2017-08-31" in evidence and "Tuesday" in evidence


def test_week_precise_resolver_narrows_the_window():
    events, documents, _ = seed_case()
    story = fuse(events, documents, resolver=tiny_resolve)
    assert story.inferred_published == {UNDATED_SEED: "2017-09-05"}
    assert "published 2017-09-04..2017-09-10" in story.inferred_evidence[UNDATED_SEED]


def test_seed_story_dates_and_links():
    events, documents, gold = seed_case()
    story = fuse(events, documents, resolver=real_resolve())
    result = score_story(story, gold)
    assert result["date_accuracy"] == 1.0
    assert result["links"]["recall"] == 1.0
    closure = event_of(story, f"{DATED_SEED}:f1")
    assert closure.date == "2017-08-31" and closure.quantity == 3
    cap = event_of(story, f"{UNDATED_SEED}:e3")
    assert cap.date == "2017" and any("after" in r for r in cap.reasons)


# --- incremental = batch -------------------------------------------------------------------------


def _by_doc(events):
    docs: dict[str, list[Event]] = {}
    for e in events:
        docs.setdefault(e.doc_id, []).append(e)
    return docs


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("order", ["documents", "reversed", "one_by_one", "twice"])
def test_incremental_add_equals_batch(name, order):
    events, documents, _ = case(name)
    resolve = real_resolve()
    batch = fuse(events, documents, resolver=resolve)
    fuser = Fuser(resolver=resolve)
    groups = _by_doc(events)
    if order == "documents":
        for doc_id in sorted(groups):
            fuser.add(groups[doc_id], {doc_id: documents[doc_id]})
    elif order == "reversed":
        for doc_id in sorted(groups, reverse=True):
            fuser.add(groups[doc_id], {doc_id: documents[doc_id]})
            fuser.story()  # a story in between changes nothing
    elif order == "one_by_one":
        shuffled = list(events)
        random.Random(7).shuffle(shuffled)
        for e in shuffled:
            fuser.add([e], {e.doc_id: documents[e.doc_id]})
    else:
        fuser.add(events, documents)
        fuser.add(events, documents)
    assert fuser.story() == batch


def test_add_compares_only_new_reports():
    events, documents, _ = seed_case()
    fuser = Fuser(resolver=real_resolve())
    groups = _by_doc(events)
    fuser.add(groups[DATED_SEED], {DATED_SEED: documents[DATED_SEED]})
    before = fuser.comparisons
    fuser.add(groups[DATED_SEED], {DATED_SEED: documents[DATED_SEED]})  # same reports again
    assert (
        fuser.comparisons - before <= len(groups[DATED_SEED]) ** 2
    )  # replaced, not all recompared


def test_shuffled_input_gives_the_same_story():
    events, documents, _ = seed_case()
    shuffled = list(events)
    random.Random(1).shuffle(shuffled)
    assert fuse(shuffled, documents, resolver=tiny_resolve) == fuse(
        events, documents, resolver=tiny_resolve
    )


# --- the rules, one by one ---------------------------------------------------------------------------


def ev(
    doc, id, move="expel_personnel", source="USA", target="RUS", status="occurred", **kw
) -> Event:
    return Event(doc_id=doc, id=id, source=source, target=target, move=move, status=status, **kw)


DOCS = {
    d: Document(d, "", p)
    for d, p in [("a", "2017-09-01"), ("b", "2017-09-02"), ("c", "2017-09-03")]
}


def groups(story: Story) -> list[tuple[str, ...]]:
    return sorted(e.reports for e in story.events)


@pytest.mark.parametrize(
    ("hint", "expected"),
    [
        ("dozens", (24, 99)),
        ("dozens of officials", (24, 99)),
        ("a dozen", (10, 15)),
        ("nearly two dozen", (20, 24)),
        ("Nearly two dozen Russian diplomats", (20, 24)),
        ("about 30", (24, 37)),
        ("several", (3, 9)),
        ("thirty-five", (35, 35)),
        ("something", None),
    ],
)
def test_vague_quantity_ranges(hint, expected):
    assert rules.hint_range(hint) == expected


def test_vague_quantity_table_is_valid():
    phrases, modifiers = rules._vague_tables()
    assert phrases["dozens"] == (24, 99)
    assert all(lo <= hi for lo, hi in phrases.values())
    assert all(lo <= hi for lo, hi in modifiers.values())


@pytest.mark.parametrize(
    ("hint", "quantity", "merged"),
    [("dozens", 35, True), ("dozens", 12, False), ("a dozen", 12, True)],
)
def test_vague_count_merges_with_a_number_in_its_range(hint, quantity, merged):
    a = ev("a", "e1", quantity=quantity, date="2016-12")
    b = ev("b", "e1", quantity_hint=hint, date="2016-12")
    story = fuse([a, b], DOCS)
    assert (len(story.events) == 1) is merged
    if merged:
        assert story.events[0].quantity == quantity


def test_different_numbers_are_different_events():
    story = fuse(
        [ev("a", "e1", quantity=3, date="2017-08"), ev("b", "e1", quantity=2, date="2017-08")], DOCS
    )
    assert len(story.events) == 2


def test_kindred_moves_merge_and_say_so():
    a = ev("a", "e1", move="seize_property", quantity=2, date="2016-12")
    b = ev("b", "e1", move="close_facility", quantity=2, date="2016-12")
    (event,) = fuse([a, b], DOCS).events
    assert event.move == "seize_property"
    assert any("kindred moves" in r for r in event.reasons)
    assert "also reported as close_facility" in event.reasons


@pytest.mark.parametrize(
    ("a_kw", "b_kw"),
    [
        ({"move": "expel_personnel"}, {"move": "close_facility"}),  # unrelated moves
        ({}, {"source": "RUS", "target": "USA"}),  # reversed dyad
        ({"date": "2017-08-30"}, {"date": "2017-08-31"}),  # different days
        ({"status": "occurred"}, {"status": "denied"}),  # denial stays apart
        ({"status": "occurred"}, {"status": "considered"}),  # a consideration is not the act
    ],
)
def test_reports_that_stay_apart(a_kw, b_kw):
    a = ev("a", "e1", **{"date": "2017-08-31", **a_kw})
    b = ev("b", "e1", **{"date": "2017-08-31", **b_kw})
    assert len(fuse([a, b], DOCS).events) == 2


def test_dates_agree_at_the_shared_precision():
    story = fuse([ev("a", "e1", date="2017-08"), ev("b", "e1", date="2017-08-31")], DOCS)
    (event,) = story.events
    assert event.date == "2017-08-31"


def test_one_article_never_reports_an_event_twice():
    story = fuse([ev("a", "e1", date="2017-08"), ev("a", "e2", date="2017-08-31")], DOCS)
    assert len(story.events) == 2


def test_announced_then_carried_out_is_one_event():
    docs = {"a": Document("a", "", "2018-03-14"), "b": Document("b", "", "2018-03-21")}
    order = ev("a", "e1", source="GBR", status="announced", quantity=23, date="2018-03-14")
    left = ev("b", "e1", source="GBR", status="occurred", quantity=23, date="2018-03-20")
    (event,) = fuse([order, left], docs).events
    assert (event.status, event.date) == ("occurred", "2018-03-14")
    assert any("announced 2018-03-14, carried out 2018-03-20" in r for r in event.reasons)


def test_an_article_cannot_report_what_came_after_it():
    docs = {"a": Document("a", "", "2018-03-12"), "b": Document("b", "", "2018-03-17")}
    early = ev("a", "e1", move="accuse", source="RUS", target="GBR", date="2018-03")
    later = ev("b", "e1", move="accuse", source="RUS", target="GBR", date="2018-03-17")
    assert len(fuse([early, later], docs).events) == 2


def test_a_move_carried_out_later_may_be_dated_after_an_article():
    docs = {"a": Document("a", "", "2018-03-17"), "b": Document("b", "", "2018-03-21")}
    said = ev("a", "e1", source="GBR", quantity=23, date="2018-03")  # "Britain's expulsion of 23"
    left = ev("b", "e1", source="GBR", quantity=23, date="2018-03-20")  # "left London on Tuesday"
    assert len(fuse([said, left], docs).events) == 1


def test_undated_report_joins_the_closest_event():
    docs = {"a": Document("a", "", "2017-09-05"), "b": Document("b", "", "2017-08-31")}
    undated = ev(
        "a", "e1", move="impose_sanctions", evidence=Evidence("Congress passed sanctions", -1, -1)
    )
    old = ev("b", "e1", move="impose_sanctions", date="2016-12")
    recent = ev("b", "e2", move="impose_sanctions", date="2017")
    story = fuse([undated, old, recent], docs)
    assert ("a:e1", "b:e2") in groups(story)


def test_timeless_report_needs_something_particular():
    docs = {"a": Document("a", "", None), "b": Document("b", "", "2017-08-31")}
    plain = fuse(
        [ev("a", "e1", move="hostile_act"), ev("b", "e1", move="hostile_act", date="2016")], docs
    )
    assert len(plain.events) == 2
    same_count = fuse(
        [ev("a", "e1", quantity=35), ev("b", "e1", quantity=35, date="2016-12")], docs
    )
    assert len(same_count.events) == 1


def test_threat_carried_out_later_is_linked_not_merged():
    docs = {"a": Document("a", "", "2017-09-05"), "b": Document("b", "", "2017-10-20")}
    threat = ev(
        "a", "e1", source="RUS", target="USA", status="considered", quantity=155, date="2017-09-05"
    )
    done = ev(
        "b", "e1", source="RUS", target="USA", status="occurred", quantity=155, date="2017-10-19"
    )
    story = fuse([threat, done], docs)
    assert len(story.events) == 2
    (link,) = [k for k in story.links if k.kind == "fulfils"]
    assert (link.source_event, link.target_event) == ("S2", "S1")
    assert not story.events[1].responds_to and not story.events[1].inferred_responds_to


def test_ids_follow_the_dates():
    reports = [
        ev("a", "e1", date="2017-08-31"),
        ev("a", "e2", move="accuse", date="2016"),
        ev("a", "e3", move="appeal"),
    ]
    story = fuse(reports, DOCS)
    assert [(e.id, e.date) for e in story.events] == [
        ("S1", "2016"),
        ("S2", "2017-08-31"),
        ("S3", None),
    ]


def test_stated_links_from_all_reports_are_merged():
    a1 = ev("a", "e1", move="hostile_act", source="RUS", target="USA", date="2016")
    a2 = ev("a", "e2", quantity=35, date="2016-12", responds_to=("e1",))
    b1 = ev("b", "e1", move="hostile_act", source="RUS", target="USA", date="2016")
    b2 = ev("b", "e2", quantity=35, date="2016-12", responds_to=("e1",))
    story = fuse([a1, a2, b1, b2], DOCS)
    (stated,) = [k for k in story.links if k.kind == "stated"]
    assert (stated.source_event, stated.target_event) == ("S2", "S1")
    assert "a:e2 responds to a:e1" in stated.reason and "b:e2 responds to b:e1" in stated.reason
    assert story.events[1].responds_to == ("S1",)


def test_inferred_links_are_marked_and_kept_apart():
    provocation = ev("a", "e1", move="close_facility", quantity=3, date="2017-08-31")
    answer = ev(
        "b", "e1", source="RUS", target="USA", status="considered", quantity=155, date="2017-09-02"
    )
    story = fuse([provocation, answer], DOCS)
    first, second = story.events
    assert second.responds_to == () and second.inferred_responds_to == (first.id,)
    (link,) = [k for k in story.links if k.kind == "inferred"]
    assert link.score >= 0.3 and "reversed dyad" in link.reason


def test_inferred_links_respect_the_lag_window():
    docs = {"a": Document("a", "", "2017-01-01"), "b": Document("b", "", "2017-09-01")}
    provocation = ev("a", "e1", move="close_facility", date="2017-01-01")
    answer = ev("b", "e1", source="RUS", target="USA", date="2017-09-01")
    assert not [k for k in fuse([provocation, answer], docs).links if k.kind == "inferred"]


def test_undated_event_is_dated_between_cause_and_answer():
    docs = {"a": Document("a", "", "2017-09-05")}
    cause = ev("a", "e1", date="2017-08-31", move="close_facility")
    threat = ev(
        "a",
        "e2",
        source="RUS",
        target="USA",
        move="threaten",
        status="threatened",
        responds_to=("e1",),
    )
    story = fuse([cause, threat], docs)
    assert event_of(story, "a:e2").date == "2017-09"


# --- anchoring, spans, scoring ------------------------------------------------------------------------


def test_anchor_from_last_week_and_the_news_peg():
    partner = ev("b", "f1", move="close_facility", quantity=3, date="2017-08-31")
    closed = ev(
        "a",
        "e2",
        move="close_facility",
        quantity=3,
        date_expr="last week",
        evidence=Evidence("x", 300, 310),
    )
    said = ev(
        "a",
        "e1",
        source="RUS",
        target="USA",
        status="considered",
        date_expr="Tuesday",
        evidence=Evidence("y", 0, 10),
    )
    got = anchoring.anchor([said, closed], [anchoring.Clue(closed, partner)], tiny_resolve)
    assert got.published == "2017-09-05"
    assert "2017-09-04..2017-09-10" in got.evidence and "'Tuesday'" in got.evidence


def test_anchor_without_clues_is_none():
    assert anchoring.anchor([ev("a", "e1", date_expr="Tuesday")], [], tiny_resolve) is None


def test_ambiguous_clue_is_left_out():
    docs = {
        "a": Document("a", "", None),
        "b": Document("b", "", "2017-08-31"),
        "c": Document("c", "", "2016-01-31"),
    }
    clue = ev("a", "e1", move="appeal", date_expr="last week")
    story = fuse(
        [
            clue,
            ev("b", "e1", move="appeal", date="2017-08-30"),
            ev("c", "e1", move="appeal", date="2016-01-30"),
        ],
        docs,
        resolver=tiny_resolve,
    )
    assert story.inferred_published == {}


def test_re_resolve_keeps_the_date_without_expression():
    assert (
        anchoring.re_resolve(ev("a", "e1", date="2016-12"), "2017-09-05", tiny_resolve) == "2016-12"
    )
    assert (
        anchoring.re_resolve(ev("a", "e1", date_expr="Friday"), "2017-09-05", tiny_resolve)
        == "2017-09-01"
    )


@pytest.mark.parametrize(
    ("value", "first", "last", "precision"),
    [
        ("2017", "2017-01-01", "2017-12-31", "year"),
        ("2017-02", "2017-02-01", "2017-02-28", "month"),
        ("2017-08-31", "2017-08-31", "2017-08-31", "day"),
        ("2017-W35", "2017-08-28", "2017-09-03", "week"),
    ],
)
def test_spans(value, first, last, precision):
    span = spans.parse(value)
    assert (spans.iso_day(span.start), spans.iso_day(span.end), span.precision) == (
        first,
        last,
        precision,
    )


def test_between_gives_the_finest_covering_date():
    day = dt.date.toordinal
    assert spans.between(day(dt.date(2017, 9, 1)), day(dt.date(2017, 9, 5))) == "2017-09"
    assert spans.between(day(dt.date(2017, 1, 2)), day(dt.date(2017, 8, 30))) == "2017"
    assert spans.between(day(dt.date(2016, 12, 2)), day(dt.date(2017, 1, 5))) is None


def test_score_story_counts_pairs_and_skips_optional():
    gold = {
        "events": [
            {"id": "S1", "status": "occurred", "reports": ["a:e1", "b:e1"]},
            {"id": "S2", "status": "occurred", "reports": ["c:e1"]},
        ],
        "optional": ["b:e9"],
    }
    right = Story(events=(_se("S1", "a:e1", "b:e1", "b:e9"), _se("S2", "c:e1")))
    assert score_story(right, gold)["pairs"]["f1"] == 1.0
    wrong = Story(events=(_se("S1", "a:e1", "b:e1", "c:e1"),))
    scored = score_story(wrong, gold)["pairs"]
    assert (scored["precision"], scored["recall"]) == (pytest.approx(1 / 3, abs=1e-3), 1.0)


def test_score_story_maps_extracted_ids():
    gold = {"events": [{"id": "S1", "status": "occurred", "reports": ["a:e1", "b:e1"]}]}
    story = Story(events=(_se("S1", "a:x7", "b:x3"),))
    assert score_story(story, gold, {"a:x7": "a:e1", "b:x3": "b:e1"})["pairs"]["recall"] == 1.0


def test_align_reports_prefers_the_same_status():
    gold_docs = [
        {
            "doc_id": "a",
            "events": [
                {
                    "id": "e1",
                    "source": "USA",
                    "target": "RUS",
                    "move": "expel_personnel",
                    "status": "denied",
                },
                {
                    "id": "e2",
                    "source": "USA",
                    "target": "RUS",
                    "move": "expel_personnel",
                    "status": "occurred",
                    "quantity": 35,
                },
            ],
        }
    ]
    predicted = [ev("a", "x1", quantity=35)]
    assert align_reports(predicted, gold_docs) == {"a:x1": "a:e2"}


def _se(id, *reports):
    from parity.model import StoryEvent

    return StoryEvent(
        id=id,
        source="USA",
        target="RUS",
        move="expel_personnel",
        status="occurred",
        reports=reports,
    )


# --- plot and CLI ------------------------------------------------------------------------------------


def test_html_timeline_embeds_plotly(tmp_path):
    from parity.fuse.plot import write_timeline

    events, documents, _ = seed_case()
    out = write_timeline(fuse(events, documents, resolver=tiny_resolve), tmp_path / "story.html")
    html = out.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc=", html)  # nothing fetched from a CDN
    assert len(html) > 1_000_000  # plotly.js is inline
    assert "expel_personnel" in html


@pytest.mark.slow
def test_png_timeline(tmp_path):
    pytest.importorskip("kaleido")
    from parity.errors import ParityError
    from parity.fuse.plot import write_timeline

    events, documents, _ = seed_case()
    try:
        out = write_timeline(fuse(events, documents, resolver=tiny_resolve), tmp_path / "story.png")
    except ParityError as exc:  # kaleido and plotly versions that cannot work together
        assert "PNG export failed" in str(exc)
        pytest.skip(str(exc))
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_refuses_other_suffixes(tmp_path):
    from parity.errors import ParityError
    from parity.fuse.plot import write_timeline

    with pytest.raises(ParityError, match="html or .png"):
        write_timeline(Story(events=()), tmp_path / "story.svg")


@pytest.fixture
def fake_pipeline(monkeypatch):
    """`parity story` over the seeds with the gold events standing in for extraction."""
    from parity import api

    events, documents, _ = seed_case()
    by_doc = _by_doc(events)

    def read(paths, published=None, **columns):
        return iter([documents[d] for d in sorted(documents)])

    def extract(docs, jobs=1, settings=None):
        return ((d, by_doc[d.doc_id]) for d in docs)

    monkeypatch.setattr(api, "read", read, raising=False)
    monkeypatch.setattr(api, "extract", extract, raising=False)
    return events


def _run(*args):
    from typer.testing import CliRunner

    from parity.cli import app

    return CliRunner().invoke(app, ["story", *args], catch_exceptions=False)


def test_cli_story_json(fake_pipeline):
    result = _run("seeds", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    reports = {tuple(sorted(e["reports"])) for e in data["events"]}
    assert (f"{UNDATED_SEED}:e5", f"{DATED_SEED}:f7") in reports
    first = data["events"][0]
    assert {
        "id",
        "source",
        "target",
        "move",
        "quantity",
        "unit",
        "status",
        "date",
        "responds_to",
        "reports",
    } <= set(first)
    assert data["inferred_published"] == {UNDATED_SEED: "2017-09-05"}


def test_cli_story_timeline_and_dyad(fake_pipeline, tmp_path):
    result = _run(
        "seeds", "--format", "timeline", "--dyad", "RUS-USA", "--plot", str(tmp_path / "t.html")
    )
    assert result.exit_code == 0, result.output
    assert "2017-09-05" in result.output and "expel_personnel" in result.output
    assert (tmp_path / "t.html").is_file()


def test_cli_story_table(fake_pipeline):
    result = _run("seeds", "--format", "table")
    assert result.exit_code == 0 and "close_facility" in result.output


def test_cli_story_bad_dyad_is_one_line(fake_pipeline):
    result = _run("seeds", "--dyad", "USA")
    assert result.exit_code == 1
    assert "expected two ISO3 codes" in result.output
