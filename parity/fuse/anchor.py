"""Place an undated article in time from what other articles date.

An article without a dateline still says "the U.S. closed three facilities last week".
Once fusion has found that closure in another article dated 2017-08-31, the undated
article must have been published on a day P for which "last week", resolved against P,
agrees with 2017-08-31 (and P is not before the closure). Every such pair of a relative
expression and a dated partner is a *clue*; the days that satisfy the most clues are the
candidates. Among them the article's first day-precise expression (its news peg, "Putin
said Tuesday") picks the day: news reports its peg on the day it happened, so the
candidate closest after that day wins, and the earliest on a tie.

The resolver is the extractor's (`parity.extract.dates.resolve`), passed in so that the
rules for "last week" or "Tuesday" live in one place.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from parity.fuse import spans
from parity.fuse.rules import natural
from parity.model import Event

Resolver = Callable[[str, dt.date], "str | None"]

# Two far-apart days: an expression that resolves alike against both needs no anchor.
_PROBES = (dt.date(2001, 6, 15), dt.date(2011, 1, 19))


@dataclass(frozen=True)
class Clue:
    """A relative time expression in the undated article and the dated report it fused with."""

    report: Event
    partner: Event


@dataclass(frozen=True)
class Anchor:
    """An inferred publication day and the evidence for it, in words."""

    published: str
    evidence: str


def text_order(event: Event) -> tuple:
    """Where an event sits in its article: evidence offset, then its id."""
    start = (
        event.evidence.start
        if event.evidence is not None and event.evidence.start >= 0
        else math.inf
    )
    return (start, natural(event.id))


def is_relative(expr: str, resolve: Resolver) -> bool:
    """True for an expression that needs a publication date ("Tuesday", not "in 2016")."""
    return resolve(expr, _PROBES[0]) != resolve(expr, _PROBES[1])


Agree = Callable[[spans.Span, Event, spans.Span, Event], bool]


def _overlap(got: spans.Span, clue: Event, partner_span: spans.Span, partner: Event) -> bool:
    return spans.overlap(got, partner_span)


def anchor(
    doc_events: Sequence[Event],
    clues: Sequence[Clue],
    resolve: Resolver,
    horizon: int = 400,
    memo: dict | None = None,
    agree: Agree = _overlap,
    reach: int = 0,
) -> Anchor | None:
    """The most likely publication day of an undated article, or None without usable clues.

    `doc_events` are all of the article's events (for the news peg), `clues` its relative
    expressions fused with dated reports elsewhere; `horizon` is how many days after a
    partner's date publication may lie; `memo` caches resolutions between calls.
    `agree(resolved, clue, partner_span, partner)` says whether a clue resolved against a
    candidate day fits its partner (fusion's date rule; overlap by default), and `reach`
    how many days after the partner's date a fitting resolution may start.
    """
    usable = [
        (c, spans.parse(c.partner.date))
        for c in clues
        if c.report.date_expr and spans.parse(c.partner.date) is not None
    ]
    if not usable:
        return None
    memo = {} if memo is None else memo

    def at(expr: str, day: int) -> spans.Span | None:
        key = (expr, day)
        if key not in memo:
            memo[key] = spans.parse(resolve(expr, dt.date.fromordinal(day)))
        return memo[key]

    # days on which each clue holds; a relative expression resolves later as publication
    # moves later, so the scan stops once it resolves past the partner's date
    counts: dict[int, dict[str, Clue]] = defaultdict(dict)
    for clue, partner in usable:
        for day in range(partner.start, partner.end + horizon + 1):
            got = at(clue.report.date_expr, day)
            if got is None:
                continue
            if got.start > partner.end + reach:
                break
            if agree(got, clue.report, partner, clue.partner):
                counts[day].setdefault(clue.report.key, clue)
    if not counts:
        return None
    best_n = max(len(m) for m in counts.values())
    best = sorted(day for day, m in counts.items() if len(m) == best_n)

    peg = None
    for event in sorted(doc_events, key=text_order):
        if event.date_expr and is_relative(event.date_expr, resolve):
            got = at(event.date_expr, best[0])
            if got is not None and got.precision == "day":
                peg = event
                break

    def lag(day: int) -> int:
        if peg is None:
            return 0
        got = at(peg.date_expr, day)
        return day - got.start if got is not None else 10**6

    chosen = min(best, key=lambda day: (lag(day), day))
    said = "; ".join(
        f"{c.report.date_expr!r} in {c.report.key} ({c.report.move} {c.report.source}→{c.report.target}) "
        f"is {c.partner.key} dated {c.partner.date}"
        for c in counts[chosen].values()
    )
    window = (
        f"{spans.iso_day(best[0])}..{spans.iso_day(best[-1])}"
        if len(best) > 1
        else spans.iso_day(best[0])
    )
    evidence = f"{said} → published {window}"
    if peg is not None and len(best) > 1:
        evidence += f"; {peg.date_expr!r} ({peg.key}, the first dated statement) puts it on {spans.iso_day(chosen)}"
    return Anchor(spans.iso_day(chosen), evidence)


def re_resolve(event: Event, published: str, resolve: Resolver) -> str | None:
    """The event's date once its article's publication day is known."""
    if not event.date_expr:
        return event.date
    return resolve(event.date_expr, dt.date.fromisoformat(published)) or event.date
