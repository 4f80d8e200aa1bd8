"""Name each cluster as one story event and link the events.

- A story event takes its dyad from its reports, the most often reported move (the more
  concrete and graver one on a tie: seize_property over close_facility), the strongest
  status (occurred over announced), the stated quantity, the finest date, and keeps
  every report and every merge reason.
- Stated links: a report's `responds_to` ids (within its own article) are mapped onto the
  story events those reports ended up in; links from all reports are merged.
- An event no report dates is dated between what it answers and what answers it (an
  answer comes after its cause) and the first publication of its reports, at the
  precision those bounds share.
- Inferred links, only for events with no stated answer-to: the best earlier hostile
  event of the reversed dyad within the lag window, scored by closeness in time and
  likeness of move. They are `Link(kind="inferred")` and `inferred_responds_to`, never
  mixed into `responds_to`.
- A threat or consideration that a later real event of the same dyad carries out is
  joined to it by `Link(kind="fulfils")`: two events, linked, not merged.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from parity.fuse import rules, spans
from parity.fuse.spans import Span
from parity.fuse.tunables import tunable
from parity.lexicon import is_hostile, load_moves
from parity.model import HYPOTHETICAL_STATUSES, REAL_STATUSES, Link, Story, StoryEvent
from parity.settings import Settings

if TYPE_CHECKING:
    from parity.fuse.anchor import Anchor
    from parity.fuse.cluster import _Cluster
    from parity.fuse.rules import Report

STATUS_STRENGTH = {"occurred": 0, "announced": 1, "threatened": 2, "considered": 3, "denied": 4}


def _name(reports: Sequence[Report]) -> dict:
    """Move, status, quantity, unit, date and actor of one cluster."""
    moves = Counter(r.move for r in reports)
    move = min(moves, key=lambda m: (-moves[m], [-x for x in rules.severity(m)], m))
    statuses = Counter(r.status for r in reports)
    if statuses.keys() & REAL_STATUSES:
        status = min(statuses.keys() & REAL_STATUSES, key=STATUS_STRENGTH.get)
    else:
        status = min(statuses, key=lambda s: (-statuses[s], STATUS_STRENGTH[s]))
    exact = Counter(r.exact for r in reports if r.exact is not None)
    quantity = min(exact, key=lambda q: (-exact[q], q)) if exact else None
    units = [r.unit for r in reports if r.unit and (quantity is None or r.exact == quantity)]
    units = units or [r.unit for r in reports if r.unit]
    dated = [r for r in reports if r.span is not None]
    date = None
    if dated:
        best = min(dated, key=lambda r: (r.span.end - r.span.start, r.span.start, r.order))
        date = spans.to_iso(best.span) if best.span.precision != "day" else best.event.date[:10]
    actors = Counter(r.event.source_actor for r in reports if r.event.source_actor)
    actor = None
    if actors:
        first_seen = {
            a: i for i, a in reversed(list(enumerate(r.event.source_actor for r in reports)))
        }
        actor = min(actors, key=lambda a: (-actors[a], first_seen[a]))
    also = sorted(set(moves) - {move})
    return {
        "move": move,
        "status": status,
        "quantity": quantity,
        "unit": Counter(units).most_common(1)[0][0] if units else None,
        "date": date,
        "source_actor": actor,
        "also": also,
    }


def build_story(
    clusters: Sequence[_Cluster],
    reports: Mapping[str, Report],
    published: Mapping[str, int],
    settings: Settings,
    anchors: Mapping[str, Anchor],
) -> Story:
    """Turn clusters into the `Story`: events S1..Sn by date, links, inferred dates."""
    n = len(clusters)
    members = [[reports[k] for k in c.members] for c in clusters]
    named = [_name(m) for m in members]
    where = {k: i for i, c in enumerate(clusters) for k in c.members}

    # stated links, merged over all reports
    stated: list[dict[int, list[str]]] = [defaultdict(list) for _ in range(n)]
    for i, group in enumerate(members):
        for r in group:
            for target_id in r.event.responds_to:
                j = where.get(f"{r.doc_id}:{target_id}")
                if j is not None and j != i:
                    stated[i][j].append(f"{r.key} responds to {r.doc_id}:{target_id}")

    # dates for events no report dates: between cause and answer, before publication
    span: list[Span | None] = [spans.parse(x["date"]) for x in named]
    bounded = _bound_dates(members, stated, span, published)
    for i, (date, _, _) in bounded.items():
        named[i]["reported"] = named[i]["date"]
        named[i]["date"] = date
        span[i] = spans.parse(date)

    order = sorted(
        range(n),
        key=lambda i: (
            span[i] is None,
            span[i].start if span[i] else 0,
            span[i].end if span[i] else 0,
            members[i][0].order,
        ),
    )
    ids = {i: f"S{rank}" for rank, i in enumerate(order, 1)}
    rank = {i: r for r, i in enumerate(order)}
    for i, (date, low_j, (kind, what, high)) in bounded.items():
        after = f"after {ids[low_j]}, which it answers"
        before = (
            f"before {ids[what]}, which answers it"
            if kind == "event"
            else f"by {what}'s publication"
        )
        was = f" (reports say {named[i]['reported']})" if named[i].get("reported") else ""
        named[i]["bound"] = f"date {date}{was}: {after}, and {before} ({spans.iso_day(high)})"

    links: list[Link] = []
    for i in order:
        for j in sorted(stated[i], key=rank.get):
            links.append(Link(ids[i], ids[j], "stated", 1.0, "; ".join(stated[i][j])))
    inferred = _inferred(order, members, named, span, stated, settings)
    for i, j, score, reason in inferred:
        links.append(Link(ids[i], ids[j], "inferred", round(score, 3), reason))
    for i, j, score, reason in _fulfils(order, members, named, span, settings):
        links.append(Link(ids[i], ids[j], "fulfils", round(score, 3), reason))

    inferred_to: dict[int, list[int]] = defaultdict(list)
    for i, j, _, _ in inferred:
        inferred_to[i].append(j)

    events = []
    for i in order:
        x = named[i]
        reasons = list(clusters[i].reasons)
        if x["also"]:
            reasons.append(f"also reported as {', '.join(x['also'])}")
        if x.get("bound"):
            reasons.append(x["bound"])
        src, tgt = members[i][0].dyad
        events.append(
            StoryEvent(
                id=ids[i],
                source=src,
                target=tgt,
                move=x["move"],
                status=x["status"],
                quantity=x["quantity"],
                unit=x["unit"],
                date=x["date"],
                source_actor=x["source_actor"],
                reports=tuple(r.key for r in members[i]),
                responds_to=tuple(ids[j] for j in sorted(stated[i], key=rank.get)),
                inferred_responds_to=tuple(ids[j] for j in inferred_to[i]),
                reasons=tuple(reasons),
            )
        )
    return Story(
        events=tuple(events),
        links=tuple(links),
        inferred_published={d: a.published for d, a in sorted(anchors.items())},
        inferred_evidence={d: a.evidence for d, a in sorted(anchors.items())},
    )


def _bound_dates(members, stated, span, published) -> dict[int, tuple[str, int, tuple]]:
    """Dates for events that no report dates, or dates only coarsely, from their neighbours.

    An event comes after what it answers and before what answers it, and no later than
    the first article that reports it. An answer is taken to come the day after its
    cause at the earliest, or the same day when nothing later fits. When those bounds lie
    within one month or year (or day), inside what the reports say, the event gets that
    date. Returns {event: (date, the event it answers, the upper bound)}, the bound being
    ("event", j, day) for an answer j or ("doc", doc_id, day) for the first publication.
    """
    answered_by: dict[int, list[int]] = defaultdict(list)
    for i, targets in enumerate(stated):
        for j in targets:
            answered_by[j].append(i)
    found: dict[int, tuple[str, int, tuple]] = {}
    current = list(span)
    for _ in range(5):
        changed = False
        for i, group in enumerate(members):
            if i in found or (span[i] is not None and span[i].precision == "day"):
                continue
            causes = [j for j in sorted(stated[i]) if current[j] is not None]
            answers = [j for j in sorted(answered_by[i]) if current[j] is not None]
            pubs = sorted(
                (published[r.doc_id], ("doc", r.doc_id)) for r in group if r.doc_id in published
            )
            if not causes or not (answers or pubs):
                continue
            for gap in (1, 0):  # strictly after the cause, else the same day
                low, low_j = max((current[j].start + gap, j) for j in causes)
                high, why = min([(current[j].end - gap, ("event", j)) for j in answers] + pubs)
                if low <= high:
                    break
            date = spans.between(low, high)
            new = spans.parse(date)
            if new is None or (
                span[i] is not None and not (span[i].start <= new.start and new.end <= span[i].end)
            ):
                continue
            if span[i] is not None and new.end - new.start >= span[i].end - span[i].start:
                continue
            found[i] = (date, low_j, (*why, high))
            current[i] = new
            changed = True
        if not changed:
            break
    return found


def _level(move: str) -> int:
    return int(load_moves().get(move, {}).get("level", 0))


def _move_likeness(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if b in rules.kindred_of(a):
        return 0.8
    return max(0.0, 1 - abs(_level(a) - _level(b)) / 6)


def _inferred(order, members, named, span, stated, settings) -> list[tuple[int, int, float, str]]:
    """Candidate answers: reversed dyad, hostile, within the lag window, best first."""
    window = settings.lag_window_days
    keep = tunable(settings, "max_inferred_links")
    by_dyad: dict[tuple, list[tuple[float, int]]] = defaultdict(list)
    for i in order:
        x = named[i]
        if span[i] is not None and x["status"] in REAL_STATUSES and is_hostile(x["move"]):
            by_dyad[members[i][0].dyad].append((span[i].mid, i))
    for lst in by_dyad.values():
        lst.sort()
    out = []
    for i in order:
        x = named[i]
        if stated[i] or span[i] is None or x["status"] == "denied" or not is_hostile(x["move"]):
            continue
        src, tgt = members[i][0].dyad
        pool = by_dyad.get((tgt, src), [])
        mid = span[i].mid
        lo = bisect.bisect_left(pool, (mid - window, -1))
        scored = []
        for a_mid, j in pool[lo:]:
            if a_mid >= mid or span[j].start > span[i].start:
                break
            lag = mid - a_mid
            likeness = _move_likeness(x["move"], named[j]["move"])
            score = 0.6 * (1 - lag / window) + 0.4 * likeness
            if score >= settings.inferred_link_min_score:
                reason = (
                    f"reversed dyad {tgt}→{src}, {named[j]['move']} {lag:.0f} days earlier; "
                    f"move likeness {likeness:.2f}"
                )
                scored.append((-score, -a_mid, j, reason))
        for neg, _, j, reason in sorted(scored)[:keep]:
            out.append((i, j, -neg, reason))
    return out


def _fulfils(order, members, named, span, settings) -> list[tuple[int, int, float, str]]:
    """A real event carrying out an earlier threat or consideration of the same dyad."""
    window = settings.lag_window_days
    hypo = [i for i in order if named[i]["status"] in HYPOTHETICAL_STATUSES and span[i] is not None]
    out = []
    for i in order:
        x = named[i]
        if x["status"] not in REAL_STATUSES or span[i] is None:
            continue
        best = None
        for j in hypo:
            y = named[j]
            if members[j][0].dyad != members[i][0].dyad:
                continue
            if x["move"] != y["move"] and y["move"] not in rules.kindred_of(x["move"]):
                continue
            if (
                x["quantity"] is not None
                and y["quantity"] is not None
                and x["quantity"] != y["quantity"]
            ):
                continue
            lag = span[i].mid - span[j].mid
            if lag < 0 or lag > window or span[j].start > span[i].start:
                continue
            score = 0.5 + 0.5 * (1 - lag / window)
            if best is None or score > best[0]:
                best = (
                    score,
                    j,
                    f"{x['move']} carries out the {y['status']} {y['move']} {lag:.0f} days earlier",
                )
        if best is not None:
            out.append((i, best[1], best[0], best[2]))
    return out
