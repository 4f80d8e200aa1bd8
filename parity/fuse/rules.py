"""When are two reports the same real-world event? Pure functions, no state.

A report is one per-document `Event`, with its features computed once (`Report`).
`match(a, b)` says whether two reports from different documents can be one event and
how alike they are, as a score in 0..1 and a reason a person can read:

- same dyad (source, target) and the same or a kindred move (moves.json `kindred`);
- compatible quantity: equal, or a vague count whose range holds the other's number
  ("dozens" ~ 24..99, see lexicon/vague_quantities.json), or unknown on one side;
- compatible dates: the spans overlap (the dates agree at their shared precision), or an
  announced move and its execution lie within the fusion window; an undated report is
  compatible with dates before its article appeared (up to a lookback), and scores
  higher the closer they are to the publication;
- an article only reports what happened by its publication day, except the execution
  of a move carried out later (lexicon/move_phases.json: the order in one article, the
  departure in the next);
- a report that nothing places in time must share a count, an actor or a quote;
- compatible statuses: occurred ~ announced, threatened ~ considered, denied only with
  denied (a threat and its execution are two events, linked later, never merged).

The weights below say how much each kind of agreement counts; only compatible pairs
get a score at all. The evidence sentences add a little (the same quote in two
articles), so do the same named actor.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from parity.errors import LexiconError
from parity.fuse import spans
from parity.fuse.spans import Span
from parity.lexicon import kindred_moves, load_moves, read_json
from parity.model import Event, coarse_status

# How much each kind of agreement adds to a pair's score (they sum to 1).
WEIGHTS = {
    "move": 0.25,
    "quantity": 0.2,
    "date": 0.3,
    "status": 0.1,
    "evidence": 0.1,
    "actor": 0.05,
}

# Date agreement by the coarser precision the two dates share.
DATE_OVERLAP = {"day": 1.0, "week": 0.85, "month": 0.75, "year": 0.55}

STATUS_MATCH = {
    frozenset({"occurred"}): 1.0,
    frozenset({"announced"}): 1.0,
    frozenset({"threatened"}): 1.0,
    frozenset({"considered"}): 1.0,
    frozenset({"denied"}): 1.0,
    frozenset({"announced", "occurred"}): 0.9,  # ordered, then carried out: one event
    frozenset({"threatened", "considered"}): 0.8,  # both only hypothetical
}

_STOPWORDS = frozenset(
    "the and for that with from this have has had was were are its his her their they them "
    "but not will would said says say also been being which who whom what when where into "
    "over than then there these those other some such more most very just only our your".split()
)
_TOKEN = re.compile(r"[a-z0-9]+")


class Limits(NamedTuple):
    """How far apart in days two reports of one event may be dated."""

    window: int  # an announcement and its execution (Settings.fusion_window_days)
    slack: int  # two day dates of one event (same move only); 0 = "same at the shared precision"
    lookback: int  # an undated report and a dated one, before the undated one's publication


class Match(NamedTuple):
    """Two reports that may be one event: how alike (0..1) and why.

    The reason is put into words only when asked for (most pairs are never merged).
    """

    score: float
    first: str
    second: str
    parts: tuple[str, ...]

    @property
    def reason(self) -> str:
        return f"{self.first} ~ {self.second} ({self.score:.2f}): " + "; ".join(
            p for p in self.parts if p
        )


@dataclass(slots=True)
class Report:
    """One per-document event with the features fusion compares, computed once."""

    key: str
    event: Event
    doc_id: str
    dyad: tuple[str | None, str | None]
    move: str
    status: str
    group: str  # coarse status: real, hypothetical, denied; only equal groups can merge
    exact: int | None
    qrange: tuple[int, float] | None
    unit: str | None
    span: Span | None
    published: int | None  # ordinal day the report's document was published (given or inferred)
    tokens: frozenset[str]
    grams: frozenset[str]  # runs of three content words of the evidence, to find shared quotes
    actor: str | None
    order: tuple


@lru_cache(maxsize=4096)
def natural(text: str) -> tuple:
    """Sort key that puts e2 before e10."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


def report_order(doc_id: str, event_id: str) -> tuple:
    return (doc_id, natural(event_id))


def make_report(event: Event, published: int | None) -> Report:
    """Compute the features of one event once; `published` is its document's day ordinal."""
    ev_text = event.evidence.text if event.evidence is not None else ""
    words = [t for t in _TOKEN.findall(ev_text.lower()) if len(t) > 2 and t not in _STOPWORDS]
    tokens = frozenset(words)
    grams = frozenset(" ".join(words[i : i + 3]) for i in range(len(words) - 2))
    qrange = None
    if event.quantity is not None:
        qrange = (event.quantity, float(event.quantity))
    elif event.quantity_hint:
        qrange = hint_range(event.quantity_hint)
    actor = " ".join(event.source_actor.lower().split()) if event.source_actor else None
    return Report(
        key=event.key,
        event=event,
        doc_id=event.doc_id,
        dyad=(event.source, event.target),
        move=event.move,
        status=event.status,
        group=coarse_status(event.status),
        exact=event.quantity,
        qrange=qrange,
        unit=event.unit,
        span=spans.parse(event.date),
        published=published,
        tokens=tokens,
        grams=grams,
        actor=actor,
        order=report_order(event.doc_id, event.id),
    )


# --- vague quantities --------------------------------------------------------------------


@cache
def _vague_tables() -> tuple[dict[str, tuple[int, float]], dict[str, tuple[float, float]]]:
    phrases: dict[str, tuple[int, float]] = {}
    try:  # the extractor's own table, if it has one; ours extends and overrides it
        for name, rng in read_json("numbers.json").get("vague", {}).items():
            phrases[name] = _range("numbers.json", name, rng)
    except LexiconError:
        pass
    data = read_json("vague_quantities.json")
    for name, rng in data.get("phrases", {}).items():
        phrases[name] = _range("vague_quantities.json", name, rng)
    modifiers = {}
    for name, rng in data.get("modifiers", {}).items():
        lo, hi = _range("vague_quantities.json", name, rng)
        modifiers[name] = (lo, hi)
    return phrases, modifiers


def _range(file: str, name: str, rng: object) -> tuple[int, float]:
    if not (isinstance(rng, list) and len(rng) == 2 and isinstance(rng[0], int | float)):
        raise LexiconError(f"parity/lexicon/{file}: {name!r} needs [min, max]")
    hi = math.inf if rng[1] is None else rng[1]
    if hi < rng[0]:
        raise LexiconError(f"parity/lexicon/{file}: {name!r} has max below min")
    return rng[0], hi


@cache
def _number_words() -> dict[str, int]:
    try:
        data = read_json("numbers.json")
    except LexiconError:
        return {}
    words = {**data.get("units", {}), **data.get("tens", {})}
    return {k: int(v) for k, v in words.items() if isinstance(v, int | float)}


def _count(text: str) -> int | None:
    """'30', 'thirty', 'thirty-five', 'two dozen', 'a dozen' as a number; None otherwise."""
    text = text.replace("-", " ").strip()
    if text.isdigit():
        return int(text)
    words = _number_words()
    parts = text.split()
    if parts and parts[-1] in ("dozen", "dozens"):
        head = parts[:-1] or ["a"]
        n = _count(" ".join(head)) if head != ["a"] else 1
        return n * 12 if n is not None else None
    if parts and all(p in words for p in parts):
        return sum(words[p] for p in parts)
    return None


def hint_range(hint: str) -> tuple[int, float] | None:
    """The count range a vague quantity states: 'dozens' -> (24, 99), 'about 30' -> (24, 37),
    'nearly two dozen' -> (20, 24)."""
    words = hint.lower().replace(",", "").split()
    for end in range(len(words), 0, -1):  # "dozens of Russian diplomats" -> "dozens"
        found = _hint_range(" ".join(words[:end]))
        if found is not None:
            return found
    return None


def _hint_range(text: str) -> tuple[int, float] | None:
    text = re.sub(r"\s+of$", "", text)
    phrases, modifiers = _vague_tables()
    if text in phrases:
        return phrases[text]
    exact = _count(text)
    if exact is not None:
        return (exact, float(exact))
    for name in sorted(modifiers, key=len, reverse=True):
        if text.startswith(name + " "):
            n = _count(text[len(name) + 1 :])
            if n is None:
                return None
            lo, hi = modifiers[name]
            return (math.ceil(n * lo), math.floor(n * hi) if hi != math.inf else math.inf)
    return None


def _show_range(rng: tuple[int, float]) -> str:
    return f"{rng[0]}.." if rng[1] == math.inf else f"{rng[0]}..{int(rng[1])}"


# --- the rules, one kind of agreement each ----------------------------------------------------


@cache
def kindred_of(move: str) -> frozenset[str]:
    """Moves that may describe the same act as `move` (itself excluded)."""
    return frozenset(m for pair in kindred_moves() if move in pair for m in pair if m != move)


def move_match(a: str, b: str) -> tuple[float, str] | None:
    if a == b:
        return 1.0, a
    if b in kindred_of(a):
        return 0.75, f"kindred moves {a} ~ {b}"
    return None


def quantity_match(a: Report, b: Report) -> tuple[float, str] | None:
    if a.exact is not None and b.exact is not None:
        if a.exact != b.exact:
            return None
        if a.unit and b.unit and a.unit != b.unit:
            return None
        return 1.0, f"quantity {a.exact}"
    if a.qrange is None and b.qrange is None:
        return 0.6, ""
    if a.qrange is None or b.qrange is None:
        return 0.5, ""
    (alo, ahi), (blo, bhi) = a.qrange, b.qrange
    if alo > bhi or blo > ahi:
        return None
    return 0.8, f"quantity {_say_quantity(a)} ~ {_say_quantity(b)}"


def _say_quantity(r: Report) -> str:
    if r.exact is not None:
        return str(r.exact)
    return f"'{r.event.quantity_hint}' ({_show_range(r.qrange)})" if r.qrange else "?"


@cache
def compatible_statuses(status: str) -> tuple[str, ...]:
    """Statuses a report of `status` may be merged with (itself included)."""
    return tuple(sorted({s for pair in STATUS_MATCH if status in pair for s in pair}))


def status_match(a: str, b: str) -> float | None:
    return STATUS_MATCH.get(frozenset((a, b)))


@cache
def carried_out_later(move: str) -> bool:
    """A move decided on one day and carried out on a later one (lexicon/move_phases.json)."""
    return move in _lasting_moves()


@cache
def _lasting_moves() -> frozenset[str]:
    data = read_json("move_phases.json").get("carried_out_later")
    if not isinstance(data, list):
        raise LexiconError("parity/lexicon/move_phases.json: no 'carried_out_later' list")
    unknown = set(data) - set(load_moves())
    if unknown:
        raise LexiconError(f"parity/lexicon/move_phases.json: unknown moves {sorted(unknown)}")
    return frozenset(data)


def reach_after(a_move: str, b_move: str, limits: Limits) -> int:
    """How long after one article's publication another may date the same event."""
    return limits.window if carried_out_later(a_move) or carried_out_later(b_move) else limits.slack


def before_publication(a: Report, b: Report, limits: Limits) -> bool:
    """A document can only report what happened by its publication day.

    A move carried out later (an expulsion, a closure) may be dated by another article
    up to the fusion window after this one appeared: one reports the order, the other
    the departure. An undated report is also only matched with dates in the `lookback`
    before its publication ("prefer closer" made a bound, so that undated reports need
    not meet a whole dyad's history).
    """
    after = reach_after(a.move, b.move, limits)
    for x, y in ((a, b), (b, a)):
        if x.published is None or y.span is None:
            continue
        if x.span is None and y.span.end < x.published - limits.lookback:
            return False
        if y.span.start > x.published + after:
            return False
    if a.span is None and b.span is None and a.published is not None and b.published is not None:
        return abs(a.published - b.published) <= limits.lookback
    return True


def date_match(a: Report, b: Report, limits: Limits) -> tuple[float, str] | None:
    sa, sb = a.span, b.span
    window, slack = limits.window, limits.slack
    if sa is not None and sb is not None:
        if spans.overlap(sa, sb):
            prec = spans.coarser(sa, sb)
            text = (
                a.event.date if a.event.date == b.event.date else f"{a.event.date} ~ {b.event.date}"
            )
            return DATE_OVERLAP[prec], f"date {text}"
        days = spans.gap(sa, sb)
        if {a.status, b.status} == {"announced", "occurred"}:
            ann, occ = (a, b) if a.status == "announced" else (b, a)
            if ann.span.start <= occ.span.end and days <= window:
                score = 0.35 + 0.25 * (1 - days / window)
                return score, f"announced {ann.event.date}, carried out {occ.event.date}"
        if a.move == b.move and sa.precision == sb.precision == "day" and days <= slack:
            return 0.65, f"dates {a.event.date} ~ {b.event.date} ({days} day apart)"
        return None
    if sa is None and sb is None:
        if a.published is not None and b.published is not None:
            near = math.exp(-abs(a.published - b.published) / 365)
            return 0.3 + 0.1 * near, "both undated"
        return 0.35, "both undated"
    undated, dated = (a, b) if sa is None else (b, a)
    if undated.published is None:
        near = 0.5
    else:
        near = math.exp(-spans.distance_to(undated.published, dated.span) / 180)
    return 0.35 + 0.25 * near, f"undated ~ {dated.event.date}"


def evidence_match(a: Report, b: Report) -> float:
    """Word overlap of the two evidence sentences (the same quote scores 1)."""
    if not a.tokens or not b.tokens:
        return 0.0
    return len(a.tokens & b.tokens) / len(a.tokens | b.tokens)


def timeless(r: Report) -> bool:
    """A report with no date in an article of unknown date: nothing places it in time."""
    return r.span is None and r.published is None


def specific(a: Report, b: Report) -> bool:
    """Two reports agree on something particular: the count, the actor, or a quote."""
    return (
        (a.exact is not None and a.exact == b.exact)
        or (a.actor is not None and a.actor == b.actor)
        or bool(a.grams & b.grams)
    )


def match(a: Report, b: Report, limits: Limits, require_specific: bool = True) -> Match | None:
    """Can reports a and b be one real-world event? Their score and reason, or None.

    A report nothing places in time (`timeless`) must also agree with the other on
    something particular (`specific`): without a date, move and dyad alone would make it
    the same as every such move in the dyad's history. Anchoring, which only ranks the
    partners of a relative expression, asks without that requirement.
    """
    if a.doc_id == b.doc_id or a.dyad != b.dyad or a.group != b.group:
        return None
    if b.order < a.order:  # the same words whichever report came first
        a, b = b, a
    mv = move_match(a.move, b.move)
    if mv is None:
        return None
    st = status_match(a.status, b.status)
    if st is None:
        return None
    qt = quantity_match(a, b)
    if qt is None:
        return None
    if require_specific and (timeless(a) or timeless(b)) and not specific(a, b):
        return None
    if not before_publication(a, b, limits):
        return None
    dt = date_match(a, b, limits)
    if dt is None:
        return None
    ev = evidence_match(a, b)
    actor = 1.0 if a.actor and a.actor == b.actor else 0.0
    score = (
        WEIGHTS["move"] * mv[0]
        + WEIGHTS["quantity"] * qt[0]
        + WEIGHTS["date"] * dt[0]
        + WEIGHTS["status"] * st
        + WEIGHTS["evidence"] * ev
        + WEIGHTS["actor"] * actor
    )
    status = a.status if a.status == b.status else f"{a.status} ~ {b.status}"
    parts = [mv[1], qt[1], dt[1], status]
    if ev >= 0.5:
        parts.append("same quote" if ev >= 0.9 else "similar wording")
    if actor:
        parts.append(f"both name {a.event.source_actor}")
    return Match(round(score, 6), a.key, b.key, tuple(parts))


# --- compatibility of whole clusters (complete linkage) ---------------------------------------


class Signature(NamedTuple):
    """What a cluster must stay consistent on; reports alike in all of it share one."""

    move: str
    status: str
    qrange: tuple[int, float] | None
    unit: str | None
    span: Span | None


def signature(r: Report) -> Signature:
    return Signature(r.move, r.status, r.qrange, r.unit if r.exact is not None else None, r.span)


def compatible(a: Signature, b: Signature, limits: Limits) -> bool:
    """The pairwise rules without scoring, for checking every member of two clusters."""
    if a.move != b.move and b.move not in kindred_of(a.move):
        return False
    if status_match(a.status, b.status) is None:
        return False
    if a.qrange is not None and b.qrange is not None:
        if a.qrange[0] > b.qrange[1] or b.qrange[0] > a.qrange[1]:
            return False
        if a.unit and b.unit and a.unit != b.unit:
            return False
    if a.span is None or b.span is None or spans.overlap(a.span, b.span):
        return True
    days = spans.gap(a.span, b.span)
    if {a.status, b.status} == {"announced", "occurred"}:
        ann, occ = (a, b) if a.status == "announced" else (b, a)
        if ann.span.start <= occ.span.end and days <= limits.window:
            return True
    return (
        a.move == b.move and a.span.precision == b.span.precision == "day" and days <= limits.slack
    )


@cache
def severity(move: str) -> tuple[int, float, int]:
    """How concrete and grave a move is, to name a merged event: countable, Goldstein, level."""
    spec = load_moves().get(move, {})
    return (
        1 if spec.get("unit") else 0,
        abs(float(spec.get("goldstein", 0.0))),
        int(spec.get("level", 0)),
    )
