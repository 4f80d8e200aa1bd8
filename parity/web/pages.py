"""The HTML pages. Each parses its input, calls one function of `parity.api` and renders a
template; tables work without JavaScript, charts need it (static/charts.js).

| page | shows |
|---|---|
| / | the dyads of the store with their event counts |
| /dyad/USA-RUS | timeline and ledger charts, events, ledger and metrics tables |
| /event/S12 | every report of an event, its evidence marked in the article; its links |
| /documents?q=&outlet=&since=&until= | document search |
| /document/<doc_id> | one article with every report's evidence marked |
| /read | paste or upload an article and see its events marked in the text |
| /simulate?dyad=USA-RUS&a=tft&b=grim | a strategy pair played from the dyad's state |
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException

from parity import api
from parity.errors import InputError, ParityError
from parity.model import STATUSES, Event
from parity.web import charts
from parity.web.config import (
    EXTRACT_LOCK,
    MAX_READ_DOCUMENTS,
    MAX_RUNS,
    MAX_STEPS,
    MAX_TEXT_BYTES,
    PAGE_SIZE,
    READ_BODY_BYTES,
    SIMULATION_SLOTS,
    UPLOAD_SUFFIXES,
    config,
    number,
    script_json,
    templates,
)
from parity.web.rest import SimulateRequest
from parity.web.text import locate, pieces, snippet

router = APIRouter(include_in_schema=False)


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page from its template; every page knows the store and the active menu entry."""
    context.setdefault("active", "")
    context["store_name"] = config(request).db_path.name
    context["statuses"] = STATUSES
    return templates.TemplateResponse(request, template, context, status_code=status_code)


def _figure(fig) -> str | None:
    return None if fig is None else script_json(charts.figure_json(fig))


def _marked(text: str, reports: list[Event]) -> list:
    """The text cut into pieces with each report's evidence marked (labelled by its id)."""
    spans = []
    for report in reports:
        where = locate(text, report.evidence)
        if where is not None:
            spans.append((where[0], where[1], report.id))
    return pieces(text, spans)


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    db = config(request).db_path
    return render(
        request,
        "index.html",
        active="overview",
        dyads=api.list_dyads(db),
        counts=api.store_summary(db),
    )


@router.get("/dyad/{dyad}", response_class=HTMLResponse)
def dyad_page(request: Request, dyad: str, rule: str = "all") -> Response:
    cfg = config(request)
    canonical = "-".join(api.parse_dyad(dyad))
    if canonical != dyad:
        return RedirectResponse(f"/dyad/{canonical}" + (f"?rule={rule}" if rule != "all" else ""))
    if rule not in api.counting_rules():
        raise ParityError(
            f"unknown counting rule {rule!r}; known: {', '.join(api.counting_rules())}"
        )
    view = api.dyad_overview(cfg.db_path, canonical, rule=rule, baseline=cfg.baseline)
    if not view.events:
        return render(
            request,
            "error.html",
            status_code=404,
            title="No events",
            message=f"The store holds no events between {view.dyad[0]} and {view.dyad[1]}.",
            status=404,
        )
    timeline = charts.timeline_figure(view.dyad, view.events, view.links, view.reports)
    ledger_fig = charts.ledger_figure(view.ledger_series, view.ledger.sides)
    return render(
        request,
        "dyad.html",
        active="overview",
        view=view,
        dyad=canonical,
        rule=rule,
        rules=api.counting_rules(),
        timeline=_figure(timeline),
        ledger_chart=_figure(ledger_fig),
        dated=sum(1 for e in view.events if charts.plot_date(e.date) is not None),
        metrics_rows=_metrics_rows(view.metrics),
        has_baseline=cfg.baseline is not None,
    )


def _share(answered: tuple[int, int]) -> str:
    hit, total = answered
    return "–" if not total else f"{hit}/{total} ({hit / total:.0%})"


def _moves(counts: dict[str, int]) -> str:
    return ", ".join(f"{move} {n}" for move, n in counts.items()) or "–"


def _metrics_rows(m: api.DyadMetrics) -> list[tuple[str, str, str]]:
    """The metrics table, as `parity metrics` prints it: (measure, first side, second side)."""
    a, b = m.dyad
    return [
        (
            f"answers the other's hostile moves (≤ {m.lag_window_days} days)",
            _share(m.answered[a]),
            _share(m.answered[b]),
        ),
        (
            "median lag of answers (days)",
            number(m.median_lag_by_side[a]),
            number(m.median_lag_by_side[b]),
        ),
        (
            "proportionality (median answer ÷ provocation)",
            number(m.proportionality_by_side[a]),
            number(m.proportionality_by_side[b]),
        ),
        (
            "escalation (−Σ Goldstein)",
            number(m.escalation_by_side[a]),
            number(m.escalation_by_side[b]),
        ),
        ("moves carried out", _moves(m.counts[a]), _moves(m.counts[b])),
        (
            "threatened / considered",
            _moves(m.hypothetical_counts[a]),
            _moves(m.hypothetical_counts[b]),
        ),
    ]


@router.get("/event/{story_id}", response_class=HTMLResponse)
def event_page(request: Request, story_id: str) -> HTMLResponse:
    detail = api.get_event(config(request).db_path, story_id)
    if detail is None:
        return render(
            request,
            "error.html",
            status_code=404,
            title="Not found",
            message=f"No event {story_id!r} in the store.",
            status=404,
        )
    reports = [
        {
            "report": report,
            "document": doc,
            "pieces": _marked(doc.text, [report]) if doc is not None else None,
        }
        for report, doc in detail.reports
    ]
    answers = [k for k in detail.links if k.source_event == story_id]
    answered_by = [k for k in detail.links if k.target_event == story_id]
    return render(
        request,
        "event.html",
        event=detail.event,
        reports=reports,
        answers=answers,
        answered_by=answered_by,
        related=detail.related,
    )


@router.get("/documents", response_class=HTMLResponse)
def documents_page(
    request: Request,
    q: str = "",
    outlet: str = "",
    since: str = "",
    until: str = "",
    page: int = 1,
) -> HTMLResponse:
    db = config(request).db_path
    page = max(1, page)
    error = None
    total, docs = 0, []
    try:
        total, docs = api.list_documents(
            db,
            q[:200] or None,
            outlet=outlet or None,
            since=since or None,
            until=until or None,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
    except ParityError as exc:
        error = str(exc)
    words = q.split()
    rows = [{"doc": d, "snippet": snippet(d.text, words)} for d in docs]
    return render(
        request,
        "documents.html",
        status_code=400 if error else 200,
        active="documents",
        rows=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        q=q,
        outlet=outlet,
        since=since,
        until=until,
        outlets=api.document_outlets(db),
        error=error,
    )


@router.get("/document/{doc_id:path}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str) -> HTMLResponse:
    found = api.get_document(config(request).db_path, doc_id)
    if found is None:
        return render(
            request,
            "error.html",
            status_code=404,
            title="Not found",
            message=f"No document {doc_id!r} in the store.",
            status=404,
        )
    return render(
        request,
        "document.html",
        active="documents",
        doc=found.document,
        reports=found.reports,
        story_ids=found.story_ids,
        pieces=_marked(found.document.text, list(found.reports)),
    )


def _read_form(request: Request, status_code: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("text", "")
    context.setdefault("published", "")
    context.setdefault("error", None)
    context.setdefault("results", None)
    context.setdefault("failed", [])
    return render(
        request,
        "read.html",
        status_code=status_code,
        active="read",
        max_bytes=MAX_TEXT_BYTES,
        suffixes=UPLOAD_SUFFIXES,
        **context,
    )


@router.get("/read", response_class=HTMLResponse)
def read_form(request: Request) -> HTMLResponse:
    return _read_form(request)


@router.post("/read", response_class=HTMLResponse)
async def read_post(request: Request) -> HTMLResponse:
    """Read a pasted text or an uploaded file in memory and show its events."""
    try:
        form = await request.form(max_files=1, max_fields=5, max_part_size=READ_BODY_BYTES)
    except MultiPartException as exc:
        return _read_form(request, 400, error=f"could not read the form: {exc.message}")
    text = form.get("text")
    text = text if isinstance(text, str) else ""
    published = form.get("published")
    published = published.strip() if isinstance(published, str) else ""
    upload = form.get("file")
    data: str | bytes = text
    name = "pasted"
    if isinstance(upload, UploadFile) and upload.filename:
        name = PurePath(upload.filename).name
        if PurePath(name).suffix.lower() not in UPLOAD_SUFFIXES:
            return _read_form(
                request,
                400,
                text=text,
                published=published,
                error=f"{name}: not a text, HTML or corpus file "
                f"(use one of {', '.join(UPLOAD_SUFFIXES)})",
            )
        data = await upload.read(MAX_TEXT_BYTES + 1)
        await upload.close()
    size = len(data.encode("utf-8", "surrogatepass")) if isinstance(data, str) else len(data)
    if size > MAX_TEXT_BYTES:
        return _read_form(
            request,
            413,
            published=published,
            error=f"{name}: too large ({size:,} bytes; the limit is {MAX_TEXT_BYTES:,})",
        )
    if not (data.strip() if isinstance(data, str) else data.strip()):
        return _read_form(
            request, 400, published=published, error="Paste an article or choose a file."
        )
    try:
        with EXTRACT_LOCK:
            results, failed = api.read_upload(data, name=name, published=published or None)
    except ParityError as exc:
        return _read_form(request, 400, text=text, published=published, error=str(exc))
    shown = [
        {"doc": doc, "events": found, "pieces": _marked(doc.text, found)}
        for doc, found in results[:MAX_READ_DOCUMENTS]
    ]
    return _read_form(
        request,
        text=text,
        published=published,
        results=shown,
        more=max(0, len(results) - MAX_READ_DOCUMENTS),
        failed=[str(e) for e in failed if isinstance(e, InputError)],
    )


@router.get("/simulate", response_class=HTMLResponse)
def simulate_page(request: Request) -> HTMLResponse:
    """The form; with `a` and `b` given, the simulation's outcome as tables and a chart."""
    db = config(request).db_path
    params = dict(request.query_params)
    dyads = [d for d, _ in api.list_dyads(db)]
    form = {
        "dyad": params.get("dyad") or (dyads[0] if dyads else "USA-RUS"),
        "a": params.get("a", "tft"),
        "b": params.get("b", "tft"),
        "steps": params.get("steps", "12"),
        "runs": params.get("runs", "10000"),
        "seed": params.get("seed", "0"),
    }
    context: dict[str, Any] = {
        "form": form,
        "dyads": dyads,
        "strategies": api.strategy_names(),
        "max_runs": MAX_RUNS,
        "max_steps": MAX_STEPS,
        "errors": [],
        "summary": None,
        "figure": None,
    }
    if "a" not in params or "b" not in params:
        return render(request, "simulate.html", active="simulate", **context)
    try:
        body = SimulateRequest.model_validate({**form, "seed": form["seed"] or None}, strict=False)
    except ValidationError as exc:
        context["errors"] = [
            f"{'.'.join(str(p) for p in e['loc']) or 'input'}: {e['msg']}" for e in exc.errors()
        ]
        return render(request, "simulate.html", 422, active="simulate", **context)
    try:
        with SIMULATION_SLOTS:
            result = api.simulate_dyad(
                db, body.dyad, body.a, body.b, steps=body.steps, runs=body.runs, seed=body.seed
            )
    except ParityError as exc:
        context["errors"] = [str(exc)]
        return render(request, "simulate.html", 400, active="simulate", **context)
    histograms = charts.outcome_histograms(result)
    summary = result.summary()
    context.update(
        summary=summary,
        levels=[
            (level, move, runs, runs / summary.runs)
            for level, (move, runs) in enumerate(
                zip(summary.level_moves, summary.max_level_hist, strict=False)
            )
        ],
        figure=_figure(charts.simulation_figure(histograms, summary.dyad)),
    )
    return render(request, "simulate.html", active="simulate", **context)
