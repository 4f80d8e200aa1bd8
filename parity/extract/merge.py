"""One event per real-world occurrence per document.

A move mentioned twice ("US orders Russia to close three offices" in the headline,
"the State Department directed Russia to shutter the three facilities" in the body)
is one event. Two reports merge when they share source, target and move, their
statuses are both real (occurred/announced) or equal, their quantities agree (or one
is unknown), their dates agree at the shared precision and, for hostile acts, they
name the same kind of act. The merged event keeps the most informative evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from parity.extract.dates import Date, agrees, is_relative, parse_iso, precision_of, resolve
from parity.model import Evidence, coarse_status


@dataclass
class Found:
    """An event found in a document, before ids are given."""

    key: int
    source: str | None
    target: str | None
    move: str
    status: str
    source_actor: str | None
    quantity: int | None
    quantity_hint: str | None
    unit: str | None
    date: str | None
    date_expr: str | None
    evidence: Evidence
    confidence: float
    family: str | None = None
    implicit_quantity: bool = (
        False  # 1 read off a singular noun ("its consulate"), not a stated count
    )
    responds_to: set[int] = field(default_factory=set)
    aliases: set[int] = field(default_factory=set)  # trigger keys merged into this one
    # A noun naming a move whose parties come only from context ("protested against the
    # expulsions"): it may support an event already found, but never stands alone.
    retold: bool = False


def same_occurrence(a: Found, b: Found) -> bool:
    if (a.source, a.target, a.move) != (b.source, b.target, b.move):
        return False
    if coarse_status(a.status) != coarse_status(b.status):
        return False
    if a.quantity is not None and b.quantity is not None and a.quantity != b.quantity:
        # "ordered to close three offices" ... "must close its residence": a part of the same order
        if not (a.implicit_quantity or b.implicit_quantity):
            return False
    if not agrees(a.date, b.date) and not _near(a, b):
        return False
    if _apart_undated(a, b):
        return False
    if _background_vs_undated(a, b) or _background_vs_undated(b, a):
        return False
    if _recent_vs_year(a, b) or _recent_vs_year(b, a):
        return False
    if a.family != b.family and a.family and b.family:
        return False
    if (
        a.move in _SEPARATE_SPEECH
        and a.evidence.start != b.evidence.start
        and not (_is_headline(a) or _is_headline(b))  # a headline sums up the body's statement
    ):
        # Accusations by different speakers, or far apart in the text, are different
        # statements; an act retold twice is one act, but a statement is its own event.
        if (a.source_actor and b.source_actor and a.source_actor != b.source_actor) or abs(
            a.evidence.start - b.evidence.start
        ) > 400:
            return False
    return True


_SEPARATE_SPEECH = frozenset({"accuse", "summon_envoy"})


_SOME_DAY = Date(2000, 6, 15)  # any publication day will do: only the difference counts


def _apart_undated(a: Found, b: Found) -> bool:
    """'Sudan is recalling its ambassador' and 'Last year Sudan recalled its ambassador'
    in a story with no year: neither date resolves, but against any one publication day
    the two expressions fall apart, so the text tells two times."""
    if a.date is not None or b.date is not None:
        return False
    if not all(f.date_expr is None or is_relative(f.date_expr) for f in (a, b)):
        return False
    guess_a, guess_b = (
        resolve(f.date_expr, _SOME_DAY) if f.date_expr else _SOME_DAY.isoformat() for f in (a, b)
    )
    if agrees(guess_a, guess_b):
        return False
    return not _near(replace(a, date=guess_a), replace(b, date=guess_b))


def _background_vs_undated(a: Found, b: Found) -> bool:
    """'In 2021, Sofia expelled several Russian diplomats' in an undated story about this
    week's 70: a year stated on its own marks background, not the undated lead event."""
    return (
        a.date is None
        and b.date is not None
        and b.date_expr is not None
        and precision_of(b.date) == "year"
        and (a.quantity is None) != (b.quantity is None)  # 70 now, "several" then
    )


def _recent_vs_year(a: Found, b: Found) -> bool:
    """'Earlier this month Bratislava expelled three' and 'In 2021 the country sent home
    three' in an undated story: a recent time that cannot be resolved and a bare year
    are two times the text tells apart, so two acts."""
    return (
        a.date is None
        and is_relative(a.date_expr)
        and b.date_expr is not None
        and precision_of(b.date) == "year"
    )


def _near(a: Found, b: Found) -> bool:
    """A date with no time expression is only the publication day ("Germany expels 40
    diplomats" in a headline); it may be the same event as one dated days before."""
    if (a.date_expr is None) == (b.date_expr is None):
        return False
    weak, strong = (a, b) if a.date_expr is None else (b, a)
    w, s = parse_iso(weak.date), parse_iso(strong.date)
    if w is None or s is None or precision_of(weak.date) != "day":
        return False
    return 0 <= (w - s).days <= 31


def _precision_rank(date: str | None) -> int:
    return {None: 0, "year": 1, "month": 2, "day": 3}[precision_of(date)]


def _quantity(a: Found, b: Found) -> int | None:
    """A stated count beats one read off a singular noun; either beats none."""
    for item in (a, b):
        if item.quantity is not None and not item.implicit_quantity:
            return item.quantity
    return a.quantity if a.quantity is not None else b.quantity


def absorb(keep: Found, other: Found) -> Found:
    """Merge `other` into `keep`, keeping the better value of each field."""
    better_evidence = (other.quantity is not None and keep.quantity is None) or (
        other.confidence > keep.confidence + 0.15
    )
    status = keep.status
    if {keep.status, other.status} == {"occurred", "announced"}:
        # the body's first telling decides ("Chad expels ..." over a headline; "has
        # ordered Russia to close ..." over a later "must close by Saturday")
        first = min((keep, other), key=lambda f: (_is_headline(f), f.evidence.start))
        status = first.status
    date, expr = keep.date, keep.date_expr
    if _precision_rank(other.date) > _precision_rank(keep.date) or (
        keep.date_expr is None and other.date_expr
    ):
        date, expr = other.date, other.date_expr
    return replace(
        keep,
        status=status,
        source_actor=keep.source_actor or other.source_actor,
        quantity=_quantity(keep, other),
        implicit_quantity=keep.implicit_quantity and other.implicit_quantity,
        quantity_hint=keep.quantity_hint or other.quantity_hint,
        unit=keep.unit or other.unit,
        date=date,
        date_expr=expr,
        evidence=other.evidence if better_evidence else keep.evidence,
        confidence=max(keep.confidence, other.confidence),
        family=keep.family or other.family,
        responds_to=keep.responds_to | other.responds_to,
        aliases=keep.aliases | other.aliases | {other.key},
    )


def _is_headline(item: Found) -> bool:
    """A line with no closing punctuation: a headline or a caption, not a sentence."""
    return not item.evidence.text.rstrip().endswith((".", "!", "?", '"', "”", "’", "'", ")"))


def merge_mentions(found: list[Found]) -> list[Found]:
    """Collapse repeated mentions of one occurrence, in order of first mention; a
    retold reference that joins no stated event is dropped."""
    merged: list[Found] = []
    for item in found:
        for i, existing in enumerate(merged):
            if same_occurrence(existing, item):
                merged[i] = absorb(existing, item)
                merged[i].retold = existing.retold and item.retold
                break
        else:
            merged.append(item)
    return [item for item in merged if not item.retold]
