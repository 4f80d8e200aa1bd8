"""End to end: the real extractor on real article files, then fusion, scored against story gold.

Extracted event ids are mapped onto the gold's per-article ids first (`align_reports`,
the matching rule of seeds/README.md), so the merges are judged on the events the
extractor really found. The scores print, so `pytest -s` shows them.
"""

import json
from pathlib import Path

import pytest

from parity import api
from parity.fuse import align_reports, score_story

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
SKRIPAL = ROOT / "tests" / "data" / "story_uk_russia_2018_skripal"


def _run(articles: Path, gold_dir: Path):
    docs = [d for d in api.read([articles]) if not isinstance(d, Exception)]
    pairs = list(api.extract(docs))
    events = [e for _d, found in pairs for e in found]
    story = api.fuse(events, {d.doc_id: d for d, _ in pairs})
    gold_docs = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(gold_dir.glob("*.json"))
        if p.name != "story.json"
    ]
    gold_story = json.loads((gold_dir / "story.json").read_text(encoding="utf-8"))
    scores = score_story(story, gold_story, report_map=align_reports(events, gold_docs))
    print(articles.name, "pairwise", scores["pairs"], "grouping", scores["grouping_accuracy"])
    return story, scores


@pytest.mark.skipif(
    not (SEEDS / "gold").is_dir(), reason="../shared/seeds is not beside the checkout"
)
def test_seed_story_end_to_end():
    story, scores = _run(SEEDS, SEEDS / "gold")
    assert story.inferred_published["000_01b6ecf0aec4f96f"] == "2017-09-05"
    putin = [e for e in story.events if e.move == "expel_personnel" and e.status == "considered"]
    assert [(e.source, e.target, e.quantity, e.date) for e in putin] == [
        ("RUS", "USA", 155, "2017-09-05")
    ]
    assert scores["pairs"]["precision"] == 1.0
    assert scores["pairs"]["recall"] >= 0.8


def test_skripal_story_end_to_end():
    story, scores = _run(SKRIPAL / "articles", SKRIPAL / "gold")
    assert scores["pairs"]["precision"] >= 0.8
    expel = [
        e
        for e in story.events
        if (e.source, e.target, e.move, e.quantity) == ("GBR", "RUS", "expel_personnel", 23)
    ]
    assert len(expel) == 1 and len(expel[0].reports) >= 2
