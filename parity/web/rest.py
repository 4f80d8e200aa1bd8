"""The JSON API under /api: the data the pages show, validated in and out by pydantic.

Every route parses its input, calls one function of `parity.api` and returns JSON. Bad
input is a 422 (FastAPI's validation detail) or a 400 with the library's one-line
message; a text over `MAX_TEXT_BYTES` is a 413. See /openapi.json for the schema.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field, field_validator

from parity import api
from parity.errors import ParityError
from parity.model import STATUSES, Document, Event, Link, StoryEvent
from parity.web.charts import outcome_histograms
from parity.web.config import (
    EXTRACT_LOCK,
    MAX_RUNS,
    MAX_STEPS,
    MAX_TEXT_BYTES,
    SIMULATION_SLOTS,
    config,
)

router = APIRouter(prefix="/api", tags=["api"])

Status = Literal["occurred", "announced", "threatened", "considered", "denied"]
assert set(Status.__args__) == set(STATUSES)  # type: ignore[attr-defined]
DyadParam = Annotated[
    str,
    Query(
        min_length=3,
        max_length=20,
        description='Two ISO3 codes, e.g. "USA-RUS" (either direction).',
        examples=["USA-RUS"],
    ),
]
DateParam = Annotated[
    str | None,
    Query(max_length=10, description="ISO date: YYYY, YYYY-MM or YYYY-MM-DD.", examples=["2017"]),
]


# --------------------------------------------------------------------------- models


class EvidenceOut(BaseModel):
    text: str
    start: int
    end: int


class ReportOut(BaseModel):
    """One event as one document reports it (the event contract of DESIGN.md)."""

    doc_id: str
    id: str
    source: str | None
    target: str | None
    source_actor: str | None
    move: str
    quantity: int | None
    unit: str | None
    status: str
    date: str | None
    responds_to: list[str]
    evidence: EvidenceOut | None
    confidence: float | None

    @classmethod
    def of(cls, event: Event) -> ReportOut:
        return cls.model_validate(event.to_dict())


class StoryEventOut(BaseModel):
    """One real-world event fused from its reports (`reports` are `doc_id:event_id`)."""

    id: str
    source: str | None
    target: str | None
    move: str
    status: str
    quantity: int | None
    unit: str | None
    date: str | None
    source_actor: str | None
    reports: list[str]
    responds_to: list[str]
    inferred_responds_to: list[str]
    reasons: list[str]

    @classmethod
    def of(cls, event: StoryEvent) -> StoryEventOut:
        return cls.model_validate(event.to_dict())


class LinkOut(BaseModel):
    """Event `from` answers event `to`; `kind` is stated or inferred (with its score)."""

    model_config = ConfigDict(populate_by_name=True)

    from_: str = Field(alias="from")
    to: str
    kind: str
    score: float | None
    reason: str | None

    @classmethod
    def of(cls, link: Link) -> LinkOut:
        return cls(
            from_=link.source_event,
            to=link.target_event,
            kind=link.kind,
            score=link.score,
            reason=link.reason,
        )


class DocumentOut(BaseModel):
    doc_id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    published_source: str | None
    chars: int

    @classmethod
    def of(cls, doc: Document) -> DocumentOut:
        return cls(
            doc_id=doc.doc_id,
            title=doc.title,
            outlet=doc.outlet,
            url=doc.url,
            published=doc.published,
            published_source=doc.published_source,
            chars=len(doc.text),
        )


class DocumentPage(BaseModel):
    total: int
    offset: int
    limit: int
    documents: list[DocumentOut]


class DocumentFull(DocumentOut):
    text: str
    reports: list[ReportOut]
    story_ids: dict[str, str] = Field(description="report key -> story event id")


class StoryOut(BaseModel):
    """A story as `parity story --format json` prints it."""

    events: list[StoryEventOut]
    links: list[LinkOut]


class EventDetailOut(BaseModel):
    event: StoryEventOut
    reports: list[ReportOut]
    links: list[LinkOut]


class DyadOut(BaseModel):
    dyad: str
    events: int


class ExtractRequest(BaseModel):
    """A text to read: plain text, or HTML if it starts with "<"."""

    model_config = ConfigDict(extra="forbid", strict=True)

    text: str = Field(description=f"The article; at most {MAX_TEXT_BYTES:,} bytes of UTF-8.")
    published: str | None = Field(
        None, max_length=40, description="Publication date (YYYY-MM-DD) for relative dates."
    )
    doc_id: str = Field("text", pattern=r"^[A-Za-z0-9_\-]{1,100}$")


class ExtractedDocument(BaseModel):
    doc_id: str
    title: str | None
    published: str | None
    published_source: str | None


class ExtractResponse(BaseModel):
    """The events of the text; evidence offsets index into `text` (the cleaned text)."""

    document: ExtractedDocument
    text: str
    events: list[ReportOut]


def check_strategy(spec: str) -> str:
    """A strategy spec ("tft", "escalate:2") whose name is registered; ValueError otherwise."""
    name = spec.strip().partition(":")[0]
    known = api.strategy_names()
    if name not in known:
        raise ValueError(f"unknown strategy {name!r}; known: {', '.join(known)}")
    return spec.strip()


def check_dyad(value: str) -> str:
    """ "USA-RUS" (normalised to upper case); ValueError for anything else."""
    try:
        return "-".join(api.parse_dyad(value))
    except ParityError as exc:
        raise ValueError(str(exc)) from None


class SimulateRequest(BaseModel):
    """Play strategy `a` (the dyad's first state) against `b` from the dyad's current state."""

    model_config = ConfigDict(extra="forbid", strict=True)

    dyad: str = Field(max_length=20, examples=["USA-RUS"])
    a: str = Field("tft", max_length=40, description="Strategy of the dyad's first state.")
    b: str = Field("tft", max_length=40, description="Strategy of the dyad's second state.")
    steps: int = Field(12, ge=1, le=MAX_STEPS)
    runs: int = Field(10_000, ge=1, le=MAX_RUNS)
    seed: int | None = Field(0, ge=0, le=2**32 - 1)
    noise: float = Field(0.05, ge=0.0, le=1.0)

    @field_validator("dyad")
    @classmethod
    def _dyad(cls, value: str) -> str:
        return check_dyad(value)

    @field_validator("a", "b")
    @classmethod
    def _strategy(cls, value: str) -> str:
        return check_strategy(value)


class SimulateResponse(BaseModel):
    summary: dict[str, Any]
    histograms: dict[str, Any]


# --------------------------------------------------------------------------- routes


def _text_too_large(text: str) -> None:
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_TEXT_BYTES:
        raise HTTPException(
            413, f"text too large: {size:,} bytes; the limit is {MAX_TEXT_BYTES:,} bytes"
        )


@router.get("/dyads", response_model=list[DyadOut], summary="Dyads in the store")
def dyads(request: Request) -> list[DyadOut]:
    """The dyads of the stored story with their event counts, most events first."""
    return [DyadOut(dyad=d, events=n) for d, n in api.list_dyads(config(request).db_path)]


@router.get("/documents", response_model=DocumentPage, summary="Search documents")
def documents(
    request: Request,
    q: Annotated[
        str | None, Query(max_length=200, description="Words that must all occur.")
    ] = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    since: DateParam = None,
    until: DateParam = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> DocumentPage:
    """Stored documents, newest first, filtered by words, outlet and publication date."""
    total, docs = api.list_documents(
        config(request).db_path,
        q,
        outlet=outlet,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )
    return DocumentPage(
        total=total, offset=offset, limit=limit, documents=[DocumentOut.of(d) for d in docs]
    )


@router.get("/documents/{doc_id:path}", response_model=DocumentFull, summary="One document")
def document(request: Request, doc_id: str) -> DocumentFull:
    """A document's text, its reports and the story event of each report."""
    found = api.get_document(config(request).db_path, doc_id)
    if found is None:
        raise HTTPException(404, f"no document {doc_id!r}")
    return DocumentFull(
        **DocumentOut.of(found.document).model_dump(),
        text=found.document.text,
        reports=[ReportOut.of(r) for r in found.reports],
        story_ids=found.story_ids,
    )


@router.get("/events", response_model=list[StoryEventOut], summary="Fused events")
def events(
    request: Request,
    dyad: Annotated[
        str | None,
        Query(max_length=20, description="A-B: between A and B; A>B: by A against B."),
    ] = None,
    move: Annotated[str | None, Query(max_length=40, examples=["expel_personnel"])] = None,
    since: DateParam = None,
    until: DateParam = None,
    status: Status | None = None,
) -> list[StoryEventOut]:
    """The fused events in time order, filtered as `parity events` filters them."""
    if move is not None and move not in api.move_names():
        raise HTTPException(400, f"unknown move {move!r}; known: {', '.join(api.move_names())}")
    found = api.query_events(
        config(request).db_path, dyad=dyad, move=move, since=since, until=until, status=status
    )
    return [StoryEventOut.of(e) for e in found]


@router.get("/events/{story_id}", response_model=EventDetailOut, summary="One event")
def event(request: Request, story_id: str) -> EventDetailOut:
    """A story event with every report of it and the links touching it."""
    detail = api.get_event(config(request).db_path, story_id)
    if detail is None:
        raise HTTPException(404, f"no event {story_id!r}")
    return EventDetailOut(
        event=StoryEventOut.of(detail.event),
        reports=[ReportOut.of(r) for r, _ in detail.reports],
        links=[LinkOut.of(k) for k in detail.links],
    )


@router.get("/story", response_model=StoryOut, summary="Events and links")
def story(request: Request, dyad: DyadParam | None = None) -> StoryOut:
    """The fused story (of one dyad if given): events in time order and responds-to links."""
    found, links = api.load_story(db_path=config(request).db_path, dyad=dyad)
    return StoryOut(
        events=[StoryEventOut.of(e) for e in found], links=[LinkOut.of(k) for k in links]
    )


@router.get("/ledger", summary="Parity ledger of a dyad")
def ledger(
    request: Request,
    dyad: DyadParam,
    rule: Annotated[str, Query(max_length=40, description="Counting rule.")] = "all",
    at: DateParam = None,
) -> dict[str, Any]:
    """Personnel, facilities, ceiling and parity per side, each with its sources, as
    `parity ledger --format json` prints them."""
    cfg = config(request)
    found, _ = api.load_story(db_path=cfg.db_path, dyad=dyad)
    result = api.dyad_ledger(found, dyad, baseline=cfg.baseline, rule=rule, at=at)
    return api.ledger_to_json(result)


@router.get("/metrics", summary="Reciprocity metrics")
def metrics(request: Request, dyad: DyadParam | None = None) -> list[dict[str, Any]]:
    """Reciprocity metrics of the dyad, or of every dyad when none is given."""
    found, links = api.load_story(db_path=config(request).db_path, dyad=dyad)
    return [m.to_dict() for m in api.reciprocity(found, links, dyad)]


@router.post("/extract", response_model=ExtractResponse, summary="Read a text")
def extract(body: ExtractRequest) -> ExtractResponse:
    """The events a text states, with evidence offsets into the cleaned text. Nothing is
    stored."""
    _text_too_large(body.text)
    with EXTRACT_LOCK:
        results, _ = api.read_upload(body.text, name=body.doc_id, published=body.published)
    doc, found = results[0]
    return ExtractResponse(
        document=ExtractedDocument(
            doc_id=doc.doc_id,
            title=doc.title,
            published=doc.published,
            published_source=doc.published_source,
        ),
        text=doc.text,
        events=[ReportOut.of(e) for e in found],
    )


@router.post("/simulate", response_model=SimulateResponse, summary="Simulate a strategy pair")
def simulate(request: Request, body: SimulateRequest) -> SimulateResponse:
    """Monte Carlo play of two strategies from the dyad's current state in the store:
    the summary (`parity simulate --format json`) and the outcome histograms."""
    with SIMULATION_SLOTS:
        result = api.simulate_dyad(
            config(request).db_path,
            body.dyad,
            body.a,
            body.b,
            steps=body.steps,
            runs=body.runs,
            seed=body.seed,
            noise=body.noise,
        )
    return SimulateResponse(
        summary=result.summary().to_dict(), histograms=outcome_histograms(result)
    )
