"""Score a fused story against a gold story (the format of seeds/gold/story.json).

Merges are scored pairwise: every two reports placed in one story event form a pair;
precision is the share of predicted pairs that gold also pairs, recall the share of gold
pairs predicted. Reports gold marks optional (its top-level "optional" list, or an
event's "optional_reports") are left out of both sides, as are predicted reports gold
does not know. Each gold event is then matched to the predicted
event holding most of its reports and checked for exact grouping, status, quantity and
date (a date is right when it agrees at the precision gold gives), and for links.

When the predicted reports come from a real extractor, their ids differ from gold's:
pass `report_map` ({predicted "doc:id": gold "doc:id"}, e.g. from `align_reports`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import combinations
from typing import Any

from parity.fuse.rules import natural
from parity.model import Event, Story, coarse_status


def _pairs(groups: Iterable[Iterable[str]]) -> set[frozenset[str]]:
    out = set()
    for group in groups:
        for a, b in combinations(sorted(set(group)), 2):
            out.add(frozenset((a, b)))
    return out


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def _date_ok(predicted: str | None, gold: str | None) -> bool:
    if gold is None:
        return predicted is None
    return predicted is not None and len(predicted) >= len(gold) and predicted[: len(gold)] == gold


def score_story(
    story: Story, gold_story: Mapping[str, Any], report_map: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Pairwise precision/recall/F1 of the merges, plus per-gold-event checks.

    Returns {"pairs": {precision, recall, f1, tp, fp, fn}, "events": [per gold event],
    "grouping_accuracy", "status_accuracy", "quantity_accuracy", "date_accuracy",
    "links": {precision, recall, ...} over stated plus inferred links}.
    """
    gold_events = gold_story["events"]
    optional = set(gold_story.get("optional", ()))
    optional |= {k for ev in gold_events for k in ev.get("optional_reports", ())}
    known = {k for ev in gold_events for k in ev["reports"]} - optional
    mapping = dict(report_map or {})

    def gold_key(key: str) -> str | None:
        key = mapping.get(key, key)
        return key if key in known else None

    predicted = [[g for k in ev.reports if (g := gold_key(k))] for ev in story.events]
    gold_groups = [[k for k in ev["reports"] if k in known] for ev in gold_events]
    p_pairs, g_pairs = _pairs(predicted), _pairs(gold_groups)
    tp = len(p_pairs & g_pairs)
    result: dict[str, Any] = {"pairs": _prf(tp, len(p_pairs - g_pairs), len(g_pairs - p_pairs))}

    home = {k: i for i, group in enumerate(predicted) for k in group}
    gold_to_pred: dict[str, str] = {}
    checks = []
    for gold_ev, group in zip(gold_events, gold_groups, strict=True):
        votes = Counter(home[k] for k in group if k in home)
        row: dict[str, Any] = {"gold": gold_ev.get("id"), "predicted": None}
        if votes:
            idx = min(votes, key=lambda i: (-votes[i], i))
            pred = story.events[idx]
            gold_to_pred[gold_ev.get("id")] = pred.id
            row.update(
                predicted=pred.id,
                grouping=sorted(predicted[idx]) == sorted(group),
                status=pred.status == gold_ev.get("status"),
                coarse_status=coarse_status(pred.status)
                == coarse_status(gold_ev.get("status", "occurred")),
                quantity=pred.quantity == gold_ev.get("quantity"),
                date=_date_ok(pred.date, gold_ev.get("date")),
                predicted_status=pred.status,
                predicted_quantity=pred.quantity,
                predicted_date=pred.date,
            )
        checks.append(row)
    result["events"] = checks
    matched = [c for c in checks if c["predicted"] is not None]
    for name in ("grouping", "status", "quantity", "date"):
        ok = sum(1 for c in matched if c[name])
        result[f"{name}_accuracy"] = round(ok / len(checks), 4) if checks else 1.0

    pred_links = {
        (ev.id, t) for ev in story.events for t in (*ev.responds_to, *ev.inferred_responds_to)
    }
    gold_links = {
        (gold_to_pred.get(ev.get("id")), gold_to_pred.get(t))
        for ev in gold_events
        for t in ev.get("responds_to", ())
    }
    relevant = set(gold_to_pred.values())
    pred_links = {(a, b) for a, b in pred_links if a in relevant and b in relevant}
    tp_links = len(pred_links & gold_links)
    result["links"] = _prf(tp_links, len(pred_links - gold_links), len(gold_links - pred_links))
    return result


def align_reports(
    predicted: Iterable[Event], gold_docs: Iterable[Mapping[str, Any]]
) -> dict[str, str]:
    """Map extracted events onto per-document gold events (seeds/README.md's matching rule).

    Within each document a predicted event takes an unused gold event with the same
    (source, target, move), preferring one that also agrees on coarse status and
    quantity, then on the date and the wording of the evidence; the best pairs are
    taken first.
    """
    by_doc: dict[str, list[Mapping[str, Any]]] = {}
    for gold in gold_docs:
        by_doc[gold["doc_id"]] = list(gold.get("events", ()))
    pairs = []
    for ev in predicted:
        for g in by_doc.get(ev.doc_id, ()):
            if (g["source"], g["target"], g["move"]) != (ev.source, ev.target, ev.move):
                continue
            score = (
                2 * (coarse_status(g.get("status", "occurred")) == coarse_status(ev.status))
                + (g.get("quantity") == ev.quantity)
                + 0.5 * (g.get("date") == ev.date)
                + 0.5 * _overlap(g.get("evidence"), ev.evidence.text if ev.evidence else None)
            )
            pairs.append(
                (-score, natural(ev.id), natural(g["id"]), ev.key, f"{ev.doc_id}:{g['id']}")
            )
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for _, _, _, key, gkey in sorted(pairs):
        if key not in mapping and gkey not in used:
            mapping[key] = gkey
            used.add(gkey)
    return mapping


def _overlap(a: str | dict | None, b: str | None) -> float:
    if isinstance(a, dict):
        a = a.get("text")
    if not a or not b:
        return 0.0
    wa, wb = set(re.findall(r"[a-z0-9]+", a.lower())), set(re.findall(r"[a-z0-9]+", b.lower()))
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0
