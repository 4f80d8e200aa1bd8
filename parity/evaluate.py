"""Score per-document events against gold annotations (seeds/README.md).

Per document, each predicted event matches an unused gold event with the same
(source, target, move), preferring the candidate that also agrees on coarse status
(real / hypothetical / denied) and on quantity. Gold events marked `optional` are
neither a miss when absent nor a hit when found. Over matched events: status accuracy
(exact status), quantity accuracy (equal, None included) and date accuracy (right
when the prediction agrees with the gold to the precision the gold gives; gold dates
marked `date_needs_anchor` cannot be known from the article alone and are counted
apart).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parity.errors import GoldError
from parity.model import Event, coarse_status


@dataclass
class Outcome:
    """One line of the verbose report: a hit, a miss or a false alarm."""

    kind: str  # hit | miss | false_alarm
    doc_id: str
    gold: dict[str, Any] | None = None
    pred: Event | None = None
    problems: tuple[str, ...] = ()


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    status_right: int = 0
    quantity_right: int = 0
    date_right: int = 0
    date_total: int = 0
    anchored_right: int = 0
    anchored_total: int = 0
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def _acc(self, right: int, total: int) -> float:
        return right / total if total else 1.0

    def summary(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "matched": self.tp,
            "false_alarms": self.fp,
            "misses": self.fn,
            "status_accuracy": round(self._acc(self.status_right, self.tp), 3),
            "quantity_accuracy": round(self._acc(self.quantity_right, self.tp), 3),
            "date_accuracy": round(self._acc(self.date_right, self.date_total), 3),
            "dates_scored": self.date_total,
            "anchored_date_accuracy": round(self._acc(self.anchored_right, self.anchored_total), 3),
            "anchored_dates_scored": self.anchored_total,
        }


def load_gold(gold_dir: str | Path) -> dict[str, dict[str, Any]]:
    """doc_id → gold annotation, for every per-document gold file in a folder (story.json skipped)."""
    folder = Path(gold_dir)
    if not folder.is_dir():
        raise GoldError(f"{folder}: not a folder of gold files")
    gold = {}
    for path in sorted(folder.glob("*.json")):
        if path.name == "story.json":
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise GoldError(f"{path}: {exc}") from exc
        if not isinstance(data, dict) or "events" not in data:
            raise GoldError(f"{path}: no 'events' list")
        gold[str(data.get("doc_id") or path.stem)] = data
    if not gold:
        raise GoldError(f"{folder}: no gold files (*.json)")
    return gold


def load_predictions(path: str | Path) -> list[Event]:
    """Events from a JSONL file as `parity extract --format jsonl` writes it."""
    events = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: {exc}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            events.append(Event.from_dict(json.loads(line)))
        except (json.JSONDecodeError, TypeError, KeyError) as exc:
            raise GoldError(f"{path}:{number}: not an event: {exc}") from exc
    return events


def _key(item: Mapping[str, Any] | Event) -> tuple:
    if isinstance(item, Event):
        return (item.source, item.target, item.move)
    return (item.get("source"), item.get("target"), item.get("move"))


def _preference(gold: Mapping[str, Any], pred: Event) -> int:
    score = 0
    if coarse_status(gold.get("status", "occurred")) == coarse_status(pred.status):
        score += 2
    if gold.get("quantity") == pred.quantity:
        score += 1
    return score


def date_right(gold: str | None, pred: str | None) -> bool:
    """Right when the prediction agrees with the gold at the precision the gold gives."""
    if gold is None:
        return pred is None
    return pred is not None and pred[: len(gold)] == gold


def score_document(gold: Mapping[str, Any], preds: Iterable[Event], result: Score) -> None:
    """Match one document's predictions to its gold events and add to `result`."""
    doc_id = str(gold.get("doc_id"))
    golds = list(gold["events"])
    used: set[int] = set()
    for pred in preds:
        candidates = [i for i, g in enumerate(golds) if i not in used and _key(g) == _key(pred)]
        required = [i for i in candidates if not golds[i].get("optional")]
        pool = required or candidates
        if not pool:
            result.fp += 1
            result.outcomes.append(Outcome("false_alarm", doc_id, pred=pred))
            continue
        best = max(pool, key=lambda i: _preference(golds[i], pred))
        used.add(best)
        g = golds[best]
        if g.get("optional"):
            continue
        result.tp += 1
        problems = []
        if g.get("status") == pred.status:
            result.status_right += 1
        else:
            problems.append(f"status {pred.status} ≠ {g.get('status')}")
        if g.get("quantity") == pred.quantity:
            result.quantity_right += 1
        else:
            problems.append(f"quantity {pred.quantity} ≠ {g.get('quantity')}")
        ok = date_right(g.get("date"), pred.date)
        if g.get("date_needs_anchor"):
            result.anchored_total += 1
            result.anchored_right += ok
        else:
            result.date_total += 1
            result.date_right += ok
            if not ok:
                problems.append(f"date {pred.date} ≠ {g.get('date')}")
        result.outcomes.append(Outcome("hit", doc_id, gold=g, pred=pred, problems=tuple(problems)))
    for i, g in enumerate(golds):
        if i not in used and not g.get("optional"):
            result.fn += 1
            result.outcomes.append(Outcome("miss", doc_id, gold=g))


def score(gold: Mapping[str, Mapping[str, Any]], predictions: Iterable[Event]) -> Score:
    """Score predictions (any order, any documents) against gold keyed by doc_id.

    Predictions for documents without gold are ignored; gold documents without
    predictions count all their events as misses.
    """
    by_doc: dict[str, list[Event]] = {}
    for event in predictions:
        by_doc.setdefault(event.doc_id, []).append(event)
    result = Score()
    for doc_id, annotation in gold.items():
        score_document(annotation, by_doc.get(doc_id, []), result)
    return result
