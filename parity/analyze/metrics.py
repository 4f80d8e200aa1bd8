"""Reciprocity metrics per dyad: who answers whom, how fast, how hard, and where it is heading.

Definitions (for a dyad A–B; "real" means status occurred or announced):

- response rate of B: the share of A's real hostile moves against B (moves.json
  `hostile`) that B answered, where an answer is a response edge (stated or inferred,
  see `parity.analyze.chains.responses`) from a B→A event that is not denied, and the
  dates do not rule out that it came within `settings.lag_window_days` (with partial
  dates, the least possible lag must be within the window; undated answers count).
- median lag: median days over answers whose two dates are full days.
- proportionality: response quantity ÷ provocation quantity, over answered pairs where
  both events are real, both quantities are known, both count the same unit, and
  neither quantity is a level (a cap's ceiling is not a number removed; see
  ledger_rules.json). Reported as the median ratio; 1.0 is like-for-like.
- escalation index: −Σ Goldstein weight of the dyad's events (so higher = more
  conflict). Weights are the CAMEO Goldstein scale as published (Goldstein 1992; see
  `_source` in moves.json). A threatened or considered move is weighted as a threat
  (the `threaten` weight), as CAMEO codes "threatens to expel" under 13x; denied moves
  carry no weight. The series gives the running index event by event.
- trend: the least-squares slope of the Goldstein weight against event order over the
  last `trend_events` weighted events. A slope below −`trend_threshold` (weights
  turning more negative) is "escalating", above +`trend_threshold` "settling",
  otherwise "stable" (also when fewer than three events are weighted). Event order,
  not calendar time, because many story dates are partial.
- who moved last: the latest real hostile move in time order.
- counts: real events per side and move; threatened/considered ones apart.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from parity.analyze.chains import chronological, in_dyad, responses
from parity.analyze.ledger import load_ledger_rules, parse_dyad
from parity.errors import ParityError
from parity.lexicon import goldstein, is_hostile, load_moves
from parity.model import HYPOTHETICAL_STATUSES, REAL_STATUSES, Link, StoryEvent
from parity.settings import DEFAULT, Settings

TREND_EVENTS = 6  # recent weighted events the trend looks at (Settings.trend_events overrides)
TREND_THRESHOLD = 0.25  # Goldstein points per event below which the trend is "stable"
THREAT_MOVE = "threaten"  # whose weight a threatened or considered move carries


@dataclass(frozen=True)
class DyadMetrics:
    """Reciprocity metrics of one dyad; see the module docstring for each definition.

    Per-side dicts are keyed by the responding (or acting) state's code.
    """

    dyad: tuple[str, str]
    events: int
    real_events: int
    lag_window_days: int
    response_rate: dict[str, float | None]
    answered: dict[str, tuple[int, int]]  # responder -> (answered, provocations)
    median_lag_days: float | None
    median_lag_by_side: dict[str, float | None]
    lag_pairs: int
    proportionality: float | None
    proportionality_by_side: dict[str, float | None]
    proportionality_pairs: tuple[dict[str, Any], ...]
    escalation_index: float
    escalation_by_side: dict[str, float]
    goldstein_series: tuple[dict[str, Any], ...]
    trend: str
    trend_slope: float | None
    last_move: dict[str, Any] | None
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    hypothetical_counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["dyad"] = list(self.dyad)
        out["answered"] = {k: list(v) for k, v in self.answered.items()}
        out["proportionality_pairs"] = list(self.proportionality_pairs)
        out["goldstein_series"] = list(self.goldstein_series)
        return out


def event_weight(event: StoryEvent) -> float | None:
    """Goldstein weight of an event as the escalation index counts it (None: not counted)."""
    if event.status in REAL_STATUSES:
        return goldstein(event.move)
    if event.status in HYPOTHETICAL_STATUSES:
        return goldstein(THREAT_MOVE)
    return None


def _unit(event: StoryEvent) -> str | None:
    return event.unit or load_moves().get(event.move, {}).get("unit")


def _median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def _slope(ys: Sequence[float]) -> float | None:
    n = len(ys)
    if n < 3:
        return None
    mean_x, mean_y = (n - 1) / 2, sum(ys) / n
    num = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(ys))
    den = sum((x - mean_x) ** 2 for x in range(n))
    return num / den


def trend_of(
    weights: Sequence[float], *, window: int, threshold: float
) -> tuple[str, float | None]:
    """("escalating" | "settling" | "stable", slope) over the last `window` weights."""
    slope = _slope(list(weights)[-window:])
    if slope is None or abs(slope) <= threshold:
        return "stable", slope
    return ("escalating" if slope < 0 else "settling"), slope


def dyad_metrics(
    events: Iterable[StoryEvent],
    links: Iterable[Link],
    dyad: tuple[str, str] | str,
    settings: Settings = DEFAULT,
) -> DyadMetrics:
    """Reciprocity metrics of `dyad` (e.g. ("USA", "RUS") or "USA-RUS") from a story."""
    a, b = parse_dyad(dyad)
    items = chronological(e for e in events if in_dyad(e, (a, b)))
    by_id = {e.id: e for e in items}
    window = settings.lag_window_days
    rules = load_ledger_rules()
    edges = responses(items, list(links))

    answers: dict[str, list] = {}
    for r in edges:
        p, q = by_id[r.provocation], by_id[r.response]
        if q.status == "denied" or (q.source, q.target) != (p.target, p.source):
            continue
        if r.lag_min is not None and r.lag_min > window:
            continue
        answers.setdefault(p.id, []).append((q, r))

    rate: dict[str, float | None] = {}
    answered: dict[str, tuple[int, int]] = {}
    lags: dict[str, list[int]] = {a: [], b: []}
    ratios: dict[str, list[float]] = {a: [], b: []}
    pairs: list[dict[str, Any]] = []
    for responder, actor in ((b, a), (a, b)):
        provocations = [
            e
            for e in items
            if e.source == actor and e.status in REAL_STATUSES and is_hostile(e.move)
        ]
        hit = [p for p in provocations if answers.get(p.id)]
        answered[responder] = (len(hit), len(provocations))
        rate[responder] = len(hit) / len(provocations) if provocations else None
    for pid, found in answers.items():
        p = by_id[pid]
        for q, r in found:
            if r.lag_days is not None:
                lags[q.source].append(r.lag_days)
            if (
                p.status in REAL_STATUSES
                and q.status in REAL_STATUSES
                and p.quantity
                and q.quantity is not None
                and _unit(p) is not None
                and _unit(p) == _unit(q)
                and not rules.quantity_is_level(p.move)
                and not rules.quantity_is_level(q.move)
            ):
                ratio = q.quantity / p.quantity
                ratios[q.source].append(ratio)
                pairs.append(
                    {
                        "provocation": p.id,
                        "response": q.id,
                        "unit": _unit(p),
                        "provocation_quantity": p.quantity,
                        "response_quantity": q.quantity,
                        "ratio": ratio,
                    }
                )

    series: list[dict[str, Any]] = []
    escalation = 0.0
    by_side = {a: 0.0, b: 0.0}
    for e in items:
        w = event_weight(e)
        if w is None:
            continue
        escalation -= w
        by_side[e.source] -= w
        series.append(
            {
                "event": e.id,
                "side": e.source,
                "move": e.move,
                "status": e.status,
                "date": e.date,
                "weight": w,
                "escalation": round(escalation, 6),
            }
        )
    trend, slope = trend_of(
        [s["weight"] for s in series],
        window=getattr(settings, "trend_events", TREND_EVENTS),
        threshold=getattr(settings, "trend_threshold", TREND_THRESHOLD),
    )

    last = next(
        (e for e in reversed(items) if e.status in REAL_STATUSES and is_hostile(e.move)),
        None,
    )
    counts: dict[str, dict[str, int]] = {a: {}, b: {}}
    hypothetical: dict[str, dict[str, int]] = {a: {}, b: {}}
    for e in items:
        table = counts if e.status in REAL_STATUSES else hypothetical
        if e.status in REAL_STATUSES or e.status in HYPOTHETICAL_STATUSES:
            table[e.source][e.move] = table[e.source].get(e.move, 0) + 1

    all_lags = lags[a] + lags[b]
    return DyadMetrics(
        dyad=(a, b),
        events=len(items),
        real_events=sum(e.status in REAL_STATUSES for e in items),
        lag_window_days=window,
        response_rate=rate,
        answered=answered,
        median_lag_days=_median(all_lags),
        median_lag_by_side={s: _median(v) for s, v in lags.items()},
        lag_pairs=len(all_lags),
        proportionality=_median(ratios[a] + ratios[b]),
        proportionality_by_side={s: _median(v) for s, v in ratios.items()},
        proportionality_pairs=tuple(pairs),
        escalation_index=round(escalation, 6),
        escalation_by_side={s: round(v, 6) for s, v in by_side.items()},
        goldstein_series=tuple(series),
        trend=trend,
        trend_slope=None if slope is None else round(slope, 6),
        last_move=None
        if last is None
        else {"side": last.source, "event": last.id, "move": last.move, "date": last.date},
        counts={s: dict(sorted(v.items())) for s, v in counts.items()},
        hypothetical_counts={s: dict(sorted(v.items())) for s, v in hypothetical.items()},
    )


def all_dyads(
    events: Iterable[StoryEvent],
    links: Iterable[Link] = (),
    settings: Settings = DEFAULT,
) -> list[DyadMetrics]:
    """Metrics for every dyad in the story, busiest first (ties alphabetical)."""
    groups: dict[tuple[str, str], list[StoryEvent]] = {}
    dyad_of: dict[str, tuple[str, str]] = {}
    for e in events:
        if e.source and e.target and e.source != e.target:
            key = tuple(sorted((e.source, e.target)))
            groups.setdefault(key, []).append(e)
            dyad_of[e.id] = key
    link_groups: dict[tuple[str, str], list[Link]] = {}
    for k in links:
        key = dyad_of.get(k.source_event)
        if key is not None and key == dyad_of.get(k.target_event):
            link_groups.setdefault(key, []).append(k)
    out = []
    for dyad in sorted(groups):
        try:
            out.append(dyad_metrics(groups[dyad], link_groups.get(dyad, []), dyad, settings))
        except ParityError:  # a malformed state code in one event must not sink the rest
            continue
    out.sort(key=lambda m: (-m.events, m.dyad))
    return out
