"""The records that pass between parity's stages.

Every stage takes and returns these frozen dataclasses, so a reader can follow one
article from `Document` to `Event` (per-document report) to `StoryEvent` (fused) to
`LedgerEntry` without meeting a DuckDB row or a spaCy object on the way. Field names
follow the event contract in DESIGN.md; `to_dict()` gives exactly that contract.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

STATUSES = ("occurred", "announced", "threatened", "considered", "denied")
REAL_STATUSES = frozenset({"occurred", "announced"})
HYPOTHETICAL_STATUSES = frozenset({"threatened", "considered"})


def coarse_status(status: str) -> str:
    """Fold the five statuses into real / hypothetical / denied, the grain scoring uses."""
    if status in REAL_STATUSES:
        return "real"
    if status in HYPOTHETICAL_STATUSES:
        return "hypothetical"
    return "denied"


@dataclass(frozen=True)
class Document:
    """One article, cleaned.

    `published` is an ISO date or None; `published_source` says where it came from
    ("given" by the caller or corpus, "dateline" or "meta" found in the page,
    "inferred" by fusion) so that an inferred date is never mistaken for a stated one.
    """

    doc_id: str
    text: str
    published: str | None = None
    published_source: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    path: str | None = None
    content_hash: str | None = None

    def with_published(self, published: str | None, source: str | None) -> Document:
        return replace(self, published=published, published_source=source)


@dataclass(frozen=True)
class Evidence:
    """The sentence or clause that states an event, with offsets into the cleaned text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Event:
    """One event as one document reports it (a "report" in the store).

    `date_expr` keeps the raw time expression ("last week", "Tuesday") so that fusion
    can re-resolve it once an undated article has been anchored in time.
    `quantity_hint` keeps vague counts ("dozens") that are not a quantity but still
    tell fusion that 35 and "dozens" may be the same expulsion.
    """

    doc_id: str
    id: str
    source: str | None
    target: str | None
    move: str
    status: str
    source_actor: str | None = None
    quantity: int | None = None
    unit: str | None = None
    date: str | None = None
    responds_to: tuple[str, ...] = ()
    evidence: Evidence | None = None
    confidence: float = 0.5
    date_expr: str | None = None
    quantity_hint: str | None = None

    @property
    def key(self) -> str:
        """The `doc_id:event_id` string by which stories name their reports."""
        return f"{self.doc_id}:{self.id}"

    def to_dict(self) -> dict[str, Any]:
        """The event contract of DESIGN.md, one JSON object."""
        out = asdict(self)
        out["responds_to"] = list(self.responds_to)
        out["evidence"] = asdict(self.evidence) if self.evidence else None
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        ev = data.get("evidence")
        if isinstance(ev, str):
            ev = Evidence(ev, -1, -1)
        elif isinstance(ev, dict):
            ev = Evidence(ev.get("text", ""), int(ev.get("start", -1)), int(ev.get("end", -1)))
        known = {f for f in cls.__dataclass_fields__}
        kwargs = {k: v for k, v in data.items() if k in known}
        kwargs["evidence"] = ev
        kwargs["responds_to"] = tuple(data.get("responds_to") or ())
        kwargs.setdefault("status", "occurred")
        return cls(**kwargs)


@dataclass(frozen=True)
class Link:
    """A responds-to edge between two story events.

    `kind` is "stated" (some article says so) or "inferred" (reversed dyad, kindred
    move, within the lag window); inferred links carry a score and never masquerade
    as stated ones.
    """

    source_event: str
    target_event: str
    kind: str
    score: float = 1.0
    reason: str = ""


@dataclass(frozen=True)
class StoryEvent:
    """One real-world event, fused from every report of it."""

    id: str
    source: str | None
    target: str | None
    move: str
    status: str
    quantity: int | None = None
    unit: str | None = None
    date: str | None = None
    source_actor: str | None = None
    reports: tuple[str, ...] = ()
    responds_to: tuple[str, ...] = ()
    inferred_responds_to: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("reports", "responds_to", "inferred_responds_to", "reasons"):
            out[key] = list(getattr(self, key))
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoryEvent:
        known = {f for f in cls.__dataclass_fields__}
        kwargs = {k: v for k, v in data.items() if k in known}
        for key in ("reports", "responds_to", "inferred_responds_to", "reasons"):
            kwargs[key] = tuple(data.get(key) or ())
        return cls(**kwargs)


@dataclass(frozen=True)
class Story:
    """A fused story: events in time order, links, and documents whose date was inferred."""

    events: tuple[StoryEvent, ...]
    links: tuple[Link, ...] = ()
    inferred_published: dict[str, str] = field(default_factory=dict)
    inferred_evidence: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LedgerEntry:
    """One number of the parity ledger with the events and reports it rests on.

    `side` reads "USA_in_RUS": the American presence in Russia. `measure` is
    personnel, facilities or ceiling.
    """

    side: str
    measure: str
    value: int | None
    date: str | None = None
    sources: tuple[str, ...] = ()
    note: str = ""
