"""Response chains: provocation → response → counter-response, with lags and link kinds.

A response edge says that one story event answers another. Edges come from the story
events themselves (`responds_to` is stated by some article, `inferred_responds_to` was
inferred by fusion) and from `Link` records; a stated edge wins over an inferred one for
the same pair. A chain is a maximal path through these edges that starts at an event
that answers nothing (the first provocation) and follows answers forward in time.

This module also holds the date arithmetic the analysis stage shares: story dates are
ISO and may be partial (`2017`, `2017-08`, `2017-08-31`), so a date is a range of days,
a lag is exact only when both ends are full days, and time order falls back on the
response links where dates are missing or too coarse.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from parity.errors import ParityError
from parity.model import Link, StoryEvent

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
RESPONSE_KINDS = ("stated", "inferred")  # link kinds that mean "answers"; others are ignored
MAX_CHAINS = 1000  # enumeration stops here: dense inferred graphs can hold very many paths


# --------------------------------------------------------------------------- dates


def date_range(value: str | None) -> tuple[date, date] | None:
    """First and last day an ISO date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) may stand for.

    Returns None for None; raises `ParityError` for anything else that is not such a date.
    """
    if value is None:
        return None
    match = _ISO.match(str(value).strip())
    if not match:
        raise ParityError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    year, month, day = match.groups()
    try:
        if day:
            one = date(int(year), int(month), int(day))
            return one, one
        if month:
            last = calendar.monthrange(int(year), int(month))[1]
            return date(int(year), int(month), 1), date(int(year), int(month), last)
        return date(int(year), 1, 1), date(int(year), 12, 31)
    except ValueError as exc:
        raise ParityError(f"not a valid date: {value!r} ({exc})") from exc


def is_full_date(value: str | None) -> bool:
    """True when `value` names one day."""
    span = date_range(value)
    return span is not None and span[0] == span[1]


def lag_days(earlier: str | None, later: str | None) -> int | None:
    """Days from `earlier` to `later` when both are full dates, else None."""
    if not (is_full_date(earlier) and is_full_date(later)):
        return None
    return (date_range(later)[0] - date_range(earlier)[0]).days


def lag_bounds(earlier: str | None, later: str | None) -> tuple[int, int] | None:
    """Least and greatest number of days the two (possibly partial) dates allow, else None."""
    a, b = date_range(earlier), date_range(later)
    if a is None or b is None:
        return None
    return (b[0] - a[1]).days, (b[1] - a[0]).days


def not_after(value: str | None, at: str | None) -> bool:
    """True unless `value` is known to fall after `at` (undated events are never after)."""
    if at is None or value is None:
        return True
    return date_range(value)[0] <= date_range(at)[1]


def _predecessors(event: StoryEvent, known: set[str]) -> list[str]:
    ids = list(event.responds_to) + list(event.inferred_responds_to)
    return [i for i in dict.fromkeys(ids) if i in known and i != event.id]


def chronological(events: Iterable[StoryEvent]) -> list[StoryEvent]:
    """Events in time order, by the first day each date may stand for.

    An undated event takes the latest start of the events it answers, or failing that
    the earliest start of the events that answer it, or failing both goes first. Among
    equal starts, an answer comes after what it answers (its depth in the response
    graph), then input order decides. The sort is stable and deterministic.
    """
    return timeline(events)[0]


def effective_starts(events: Iterable[StoryEvent]) -> dict[str, date | None]:
    """The first day each event may stand for; undated events inherit as in `chronological`.

    None where neither the event nor anything linked to it carries a date.
    """
    return timeline(events)[1]


def timeline(events: Iterable[StoryEvent]) -> tuple[list[StoryEvent], dict[str, date | None]]:
    """`chronological(events)` and `effective_starts(events)` in one pass."""
    items = list(events)
    known = {e.id for e in items}
    preds = {e.id: _predecessors(e, known) for e in items}
    succs: dict[str, list[str]] = {e.id: [] for e in items}
    for eid, ps in preds.items():
        for p in ps:
            succs[p].append(eid)
    depth = _depths([e.id for e in items], preds)

    # an undated event inherits the latest start of what it answers (shallowest first, so
    # inherited starts pass down a chain), else the earliest start of its answers
    starts: dict[str, date | None] = {}
    for e in items:
        span = date_range(e.date)
        starts[e.id] = span[0] if span else None
    undated = sorted((e.id for e in items if starts[e.id] is None), key=depth.__getitem__)
    for eid in undated:
        before = [starts[p] for p in preds[eid] if starts[p] is not None]
        starts[eid] = max(before) if before else None
    for eid in reversed(undated):
        if starts[eid] is None:
            after = [starts[n] for n in succs[eid] if starts[n] is not None]
            starts[eid] = min(after) if after else None

    position = {e.id: i for i, e in enumerate(items)}
    ordered = sorted(items, key=lambda e: (starts[e.id] or date.min, depth[e.id], position[e.id]))
    return ordered, starts


def _depths(ids: list[str], preds: dict[str, list[str]]) -> dict[str, int]:
    """Longest chain of answered events behind each event (iterative DFS; a cycle is cut
    at the edge that closes it)."""
    depth: dict[str, int] = {}
    for root in ids:
        if root in depth:
            continue
        stack = [(root, iter(preds[root]))]
        on_stack = {root}
        while stack:
            node, pending = stack[-1]
            nxt = next((p for p in pending if p not in depth and p not in on_stack), None)
            if nxt is not None:
                stack.append((nxt, iter(preds[nxt])))
                on_stack.add(nxt)
                continue
            stack.pop()
            on_stack.discard(node)
            depth[node] = max((depth[p] + 1 for p in preds[node] if p in depth), default=0)
    return depth


# --------------------------------------------------------------------------- responses


@dataclass(frozen=True)
class Response:
    """One response edge: `response` answers `provocation`.

    `kind` is "stated" or "inferred"; `score` is 1.0 for stated edges and the link's
    score for inferred ones (None when only the event's `inferred_responds_to` names it);
    `lag_days` is exact when both dates are full days; `lag_min`/`lag_max` bound the lag
    from partial dates (None when a date is missing).
    """

    provocation: str
    response: str
    kind: str
    score: float | None = 1.0
    lag_days: int | None = None
    lag_min: int | None = None
    lag_max: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "provocation": self.provocation,
            "response": self.response,
            "kind": self.kind,
            "score": self.score,
            "lag_days": self.lag_days,
            "lag_min": self.lag_min,
            "lag_max": self.lag_max,
        }


def responses(
    events: Iterable[StoryEvent],
    links: Iterable[Link] = (),
    *,
    min_score: float = 0.0,
) -> list[Response]:
    """Every response edge between the given events, stated first, in time order.

    A `Link` is read as "`source_event` responds to `target_event`" (the direction of
    `StoryEvent.responds_to`, as fusion writes it) unless the events themselves say the
    opposite, which then fixes the direction.
    Only links of kind "stated" or "inferred" are responses ("fulfils" and other kinds are
    not). Inferred edges scoring below `min_score` are left out; edges to events outside
    `events` are ignored.
    """
    items = list(events)
    by_id = {e.id: e for e in items}
    edges: dict[tuple[str, str], tuple[str, float | None]] = {}

    def add(provocation: str, response: str, kind: str, score: float | None) -> None:
        if provocation not in by_id or response not in by_id or provocation == response:
            return
        key = (provocation, response)
        old = edges.get(key)
        if old is None or (old[0] == "inferred" and kind == "stated"):
            edges[key] = (kind, score)
        elif old[0] == kind == "inferred" and score is not None:
            edges[key] = (kind, max(old[1] or 0.0, score))

    for event in items:
        for p in event.responds_to:
            add(p, event.id, "stated", 1.0)
        for p in event.inferred_responds_to:
            add(p, event.id, "inferred", None)
    for link in links:
        src, dst = link.source_event, link.target_event
        if link.kind not in RESPONSE_KINDS or src not in by_id or dst not in by_id:
            continue  # e.g. "fulfils" (a later event carrying out a threat) is no answer
        answers_dst = dst in by_id[src].responds_to or dst in by_id[src].inferred_responds_to
        answers_src = src in by_id[dst].responds_to or src in by_id[dst].inferred_responds_to
        response, provocation = (dst, src) if answers_src and not answers_dst else (src, dst)
        kind = link.kind
        add(provocation, response, kind, 1.0 if kind == "stated" else float(link.score))

    order = {e.id: i for i, e in enumerate(chronological(items))}
    out = []
    for (provocation, response), (kind, score) in edges.items():
        if kind == "inferred" and score is not None and score < min_score:
            continue
        a, b = by_id[provocation].date, by_id[response].date
        bounds = lag_bounds(a, b)
        out.append(
            Response(
                provocation=provocation,
                response=response,
                kind=kind,
                score=score,
                lag_days=lag_days(a, b),
                lag_min=bounds[0] if bounds else None,
                lag_max=bounds[1] if bounds else None,
            )
        )
    out.sort(key=lambda r: (order[r.response], order[r.provocation], r.kind != "stated"))
    return out


# --------------------------------------------------------------------------- chains


@dataclass(frozen=True)
class ChainStep:
    """One event on a chain; `kind`, `score` and `lag_days` describe the edge from the step before."""

    event: str
    source: str | None
    target: str | None
    move: str
    status: str
    date: str | None = None
    quantity: int | None = None
    kind: str | None = None
    score: float | None = None
    lag_days: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Chain:
    """A path provocation → response → counter-response through the response edges."""

    steps: tuple[ChainStep, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.event for s in self.steps)

    @property
    def kinds(self) -> tuple[str, ...]:
        """Link kind of each edge ("stated" / "inferred"), one fewer than the steps."""
        return tuple(s.kind or "" for s in self.steps[1:])

    @property
    def span_days(self) -> int | None:
        """Days from first to last step, when every lag on the way is known."""
        lags = [s.lag_days for s in self.steps[1:]]
        return None if any(x is None for x in lags) else sum(lags)

    def __len__(self) -> int:
        return len(self.steps)

    def to_dict(self) -> dict[str, Any]:
        return {
            "events": list(self.ids),
            "span_days": self.span_days,
            "steps": [s.to_dict() for s in self.steps],
        }


def in_dyad(event: StoryEvent, dyad: Sequence[str] | None) -> bool:
    """True when the event is between the two states of `dyad` (either way round)."""
    if dyad is None:
        return True
    a, b = dyad
    return {event.source, event.target} == {a, b} and a != b


def response_chains(
    events: Iterable[StoryEvent],
    links: Iterable[Link] = (),
    *,
    dyad: Sequence[str] | None = None,
    kinds: Iterable[str] = ("stated", "inferred"),
    min_score: float = 0.0,
    max_chains: int = MAX_CHAINS,
) -> list[Chain]:
    """Maximal response chains (two steps or more) among `events`, earliest first.

    `dyad` keeps only events between those two states; `kinds` picks which edges to
    follow. Each chain starts at an event that answers nothing among the edges followed
    and ends at an event nothing answers; cycles in messy data are cut where they close.
    """
    items = [e for e in events if in_dyad(e, dyad)]
    by_id = {e.id: e for e in items}
    wanted = set(kinds)
    edges = [r for r in responses(items, links, min_score=min_score) if r.kind in wanted]
    order = {e.id: i for i, e in enumerate(chronological(items))}
    forward: dict[str, list[Response]] = {}
    answered: set[str] = set()
    for r in edges:
        forward.setdefault(r.provocation, []).append(r)
        answered.add(r.response)
    for rs in forward.values():
        rs.sort(key=lambda r: order[r.response])

    roots = sorted((i for i in forward if i not in answered), key=order.__getitem__)
    covered: set[str] = set()
    chains: list[Chain] = []

    def step(eid: str, edge: Response | None) -> ChainStep:
        e = by_id[eid]
        return ChainStep(
            event=e.id,
            source=e.source,
            target=e.target,
            move=e.move,
            status=e.status,
            date=e.date,
            quantity=e.quantity,
            kind=edge.kind if edge else None,
            score=edge.score if edge else None,
            lag_days=edge.lag_days if edge else None,
        )

    def walk(root: str) -> None:
        """Depth-first, without recursion: a long tit-for-tat is one long path."""
        path: list[ChainStep] = []
        on_path: set[str] = set()
        stack: list[tuple[str, Response | None, int]] = [(root, None, 0)]
        while stack and len(chains) < max_chains:
            eid, edge, level = stack.pop()
            while len(path) > level:
                on_path.discard(path.pop().event)
            path.append(step(eid, edge))
            on_path.add(eid)
            covered.add(eid)
            nexts = [r for r in forward.get(eid, []) if r.response not in on_path]
            if not nexts:
                if len(path) > 1:
                    chains.append(Chain(tuple(path)))
                continue
            stack.extend((r.response, r, level + 1) for r in reversed(nexts))

    for root in roots:
        walk(root)
    # events only reachable through a cycle: start from the earliest one not yet covered
    for eid in sorted(forward, key=order.__getitem__):
        if eid not in covered:
            walk(eid)
    return chains
