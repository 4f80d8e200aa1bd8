"""Dates as spans of days, the grain fusion compares them at.

An ISO date of the event contract names a period: "2017" is a year, "2017-08" a month,
"2017-08-31" a day (and "2017-W35", should a resolver give one, an ISO week). Fusion
treats each as the closed span [first day, last day] in proleptic ordinals, so that
"same at the shared precision" is simply "the spans overlap" and "closer" is a distance
in days.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import NamedTuple

PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


class Span(NamedTuple):
    """A closed span of days (date ordinals) and the precision it was stated at."""

    start: int
    end: int
    precision: str

    @property
    def mid(self) -> float:
        return (self.start + self.end) / 2


@lru_cache(maxsize=65536)
def parse(value: str | None) -> Span | None:
    """The span an ISO date string names, or None for None or a malformed string."""
    if not value:
        return None
    week = _WEEK.match(value)
    try:
        if week:
            first = dt.date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
            return Span(first.toordinal(), first.toordinal() + 6, "week")
        parts = value.split("-")
        year = int(parts[0])
        if len(parts) == 1:
            return Span(dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal(), "year")
        month = int(parts[1])
        if len(parts) == 2:
            first = dt.date(year, month, 1)
            nxt = dt.date(year + month // 12, month % 12 + 1, 1)
            return Span(first.toordinal(), nxt.toordinal() - 1, "month")
        day = dt.date(year, month, int(parts[2][:2])).toordinal()
        return Span(day, day, "day")
    except (ValueError, IndexError):
        return None


def day(value: str | dt.date | None) -> int | None:
    """The ordinal of a day-precision date (a publication date); None otherwise."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.toordinal()
    span = parse(value)
    return span.start if span and span.precision == "day" else None


def iso_day(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def overlap(a: Span, b: Span) -> bool:
    """True when two spans share a day: the dates agree at their shared precision."""
    return a.start <= b.end and b.start <= a.end


def gap(a: Span, b: Span) -> int:
    """Days between two spans (0 when they overlap)."""
    return max(0, b.start - a.end, a.start - b.end)


def distance_to(point: int, span: Span) -> int:
    """Days from one day to the nearest day of a span (0 inside it)."""
    return max(0, span.start - point, point - span.end)


def coarser(a: Span, b: Span) -> str:
    """The coarser of two precisions ("month" for a day and a month)."""
    return (
        a.precision if PRECISION_RANK[a.precision] >= PRECISION_RANK[b.precision] else b.precision
    )


def narrowest(spans: list[Span]) -> Span | None:
    """The span stated at the finest precision (earliest on a tie)."""
    if not spans:
        return None
    return min(spans, key=lambda s: (s.end - s.start, s.start))


def months(start: int, end: int) -> range:
    """Month indexes (year * 12 + month - 1) the days start..end touch."""
    a = dt.date.fromordinal(start)
    b = dt.date.fromordinal(end)
    return range(a.year * 12 + a.month - 1, b.year * 12 + b.month)


def month_of(ordinal: int) -> int:
    """The month index (year * 12 + month - 1) of a day."""
    d = dt.date.fromordinal(ordinal)
    return d.year * 12 + d.month - 1


def between(low: int, high: int) -> str | None:
    """The finest ISO date that covers every day of low..high, or None if none does.

    Used to date an event known only to lie between two others: [2017-09-01, 2017-09-05]
    gives "2017-09", [2017-01-02, 2017-08-30] gives "2017".
    """
    if low > high:
        return None
    a = dt.date.fromordinal(low)
    b = dt.date.fromordinal(high)
    if a == b:
        return a.isoformat()
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.year:04d}-{a.month:02d}"
    if a.year == b.year:
        return f"{a.year:04d}"
    return None


def to_iso(span: Span) -> str | None:
    """The contract's ISO string of a span: its own precision, a week as the month or year
    that holds it (the event contract knows no weeks)."""
    first = dt.date.fromordinal(span.start)
    if span.precision == "day":
        return first.isoformat()
    if span.precision == "month":
        return f"{first.year:04d}-{first.month:02d}"
    if span.precision == "year":
        return f"{first.year:04d}"
    return between(span.start, span.end)
