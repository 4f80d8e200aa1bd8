"""The library's front: the stages of DESIGN.md in order.

read → extract → fuse → store → analyze → simulate. The CLI and the web app call only
what this module exposes (STYLE.md §2); each function here is a short composition of
the stage modules and says which stage it belongs to.
"""

from __future__ import annotations

# --- read & extract (issue 2) ------------------------------------------------------------
# read → extract: documents from paths, events from documents; evaluation against gold.
from collections.abc import Iterable as _Iterable  # noqa: E402
from collections.abc import Iterator as _Iterator  # noqa: E402

from parity.errors import InputError  # noqa: E402
from parity.model import Document, Event  # noqa: E402
from parity.settings import DEFAULT as _DEFAULT_SETTINGS  # noqa: E402
from parity.settings import Settings  # noqa: E402


def read(
    paths,
    published: str | None = None,
    *,
    columns=None,
    settings: Settings = _DEFAULT_SETTINGS,
    text_col: str | None = None,
    date_col: str | None = None,
    id_col: str | None = None,
    html_col: str | None = None,
    url_col: str | None = None,
    title_col: str | None = None,
    outlet_col: str | None = None,
) -> _Iterator[Document | InputError]:
    """Read stage: documents (or InputError values for bad inputs) from files, folders, corpora or "-".

    `*_col` name the columns of .jsonl/.csv corpora when they differ from the contract's.
    """
    from parity.ingest import Columns, read_paths

    if columns is None:
        names = {
            "text": text_col,
            "published": date_col,
            "doc_id": id_col,
            "html": html_col,
            "url": url_col,
            "title": title_col,
            "outlet": outlet_col,
        }
        columns = Columns(**{k: v for k, v in names.items() if v})
    return read_paths(paths, published=published, columns=columns, settings=settings)


def extract(
    docs: _Iterable[Document], jobs: int = 1, settings: Settings = _DEFAULT_SETTINGS
) -> _Iterator[tuple[Document, list[Event]]]:
    """Extract stage: (document, events) for each document, streaming in batches."""
    from parity.extract.pipeline import extract_documents

    return extract_documents(docs, jobs=jobs, settings=settings)


def extract_text(text: str, published: str | None = None, doc_id: str = "text") -> list[Event]:
    """Extract stage for one string: the events it states."""
    from parity.extract.pipeline import extract_text as _extract_text

    return _extract_text(text, published=published, doc_id=doc_id)


def _inside_folder(path: str, folder) -> bool:
    from pathlib import Path

    try:
        return Path(path).resolve().is_relative_to(Path(folder).resolve())
    except (OSError, ValueError):
        return False


def evaluate(gold_dir, predictions=None, *, extract_from=None, jobs: int = 1, on_error=None):
    """Score predictions (a JSONL path or Event list), or a fresh extraction of `extract_from`, against gold."""
    from parity import evaluate as _evaluate

    gold = _evaluate.load_gold(gold_dir)
    if extract_from is not None:
        events: list[Event] = []
        docs = []
        for item in read(
            extract_from if isinstance(extract_from, (list, tuple)) else [extract_from]
        ):
            if isinstance(item, InputError):
                if _inside_folder(item.path, gold_dir):
                    continue  # the gold files themselves, when they sit under the text folder
                if on_error is None:
                    raise item
                on_error(item)
            elif item.doc_id in gold:
                docs.append(item)
        for _doc, found in extract(docs, jobs=jobs):
            events.extend(found)
        predictions = events
    elif isinstance(predictions, (str,)) or hasattr(predictions, "read_text"):
        predictions = _evaluate.load_predictions(predictions)
    return _evaluate.score(gold, predictions or [])


# --- ingest & store (issue 4) ------------------------------------------------------------
# read → extract → store: documents, reports, the fused story; GDELT import; queries; exports.

from parity.ingest import Columns  # noqa: E402, F401 - re-exported for the CLI
from parity.ingest.run import (  # noqa: E402, F401 - re-exported: the ingest stage's front
    GdeltSummary,
    IngestSummary,
    import_gdelt,
    ingest,
    rebuild_story,
)
from parity.store import Store  # noqa: E402


def open_store(db_path, read_only: bool = False) -> Store:
    """Store stage: open (creating and migrating) the DuckDB store; use it as a context manager."""
    return Store.open(db_path, read_only=read_only)


def query_events(
    db_path,
    *,
    dyad: str | None = None,
    move: str | None = None,
    since: str | None = None,
    until: str | None = None,
    status: str | None = None,
):
    """Store stage: the fused events of a store, filtered (see `Store.events`)."""
    with Store.open(db_path, read_only=True) as store:
        return store.events(dyad=dyad, move=move, since=since, until=until, status=status)


def export_store(db_path, fmt: str, out, tables=None) -> dict:
    """Store stage: write tables to `out` (a file for one table, else a folder of
    `<table>.<fmt>` files); returns {path: rows}."""
    from pathlib import Path

    from parity.store import TABLES

    tables = list(tables or TABLES)
    out = Path(out)
    written = {}
    with Store.open(db_path, read_only=True) as store:
        for table in tables:
            target = out if len(tables) == 1 and out.suffix else out / f"{table}.{fmt}"
            written[str(target)] = store.export(table, fmt, target)
    return written


# --- fuse: one story from many reports (issue 3) -------------------------------------------
# read → extract → fuse: the same real-world event across articles, undated articles placed
# in time, stated and inferred links; `parity story` and the web timeline call these.

from parity.fuse import Fuser, score_story  # noqa: E402, F401 - score_story: re-exported for gold gates
from parity.fuse import fuse as _fuse  # noqa: E402


def fuse(reports, documents, settings=None):
    """Fuse stage: per-document events (and their documents by doc_id) into one `Story`."""
    from parity.settings import DEFAULT as _DEFAULT

    return _fuse(reports, documents, settings or _DEFAULT)


def story_from_paths(paths, published=None, *, jobs=1, settings=None, on_error=None, **columns):
    """read → extract → fuse: the fused story of the articles under `paths`.

    A bad input is handed to `on_error` (an InputError) and skipped; without
    `on_error` it is raised.
    """
    import sys

    from parity.errors import InputError, ParityError
    from parity.settings import DEFAULT as _DEFAULT

    settings = settings or _DEFAULT
    api = sys.modules[__name__]
    if not hasattr(api, "read") or not hasattr(api, "extract"):
        raise ParityError("the extraction pipeline is not available yet")

    def documents():
        for item in api.read(paths, published=published, **columns):
            if isinstance(item, InputError):
                if on_error is None:
                    raise item
                on_error(item)
                continue
            yield item

    fuser = Fuser(settings)
    for doc, events in api.extract(documents(), jobs=jobs, settings=settings):
        fuser.add(events, {doc.doc_id: doc})
    return fuser.story()


def filter_dyad(story, dyad):
    """The story's events between two states ("USA-RUS": both directions), links kept among them."""
    from dataclasses import replace

    from parity.errors import ParityError

    parts = [p.strip().upper() for p in dyad.replace("/", "-").split("-") if p.strip()]
    if len(parts) != 2:
        raise ParityError(f"--dyad {dyad!r}: expected two ISO3 codes such as USA-RUS")
    pair = set(parts)
    events = tuple(e for e in story.events if {e.source, e.target} == pair)
    kept = {e.id for e in events}
    links = tuple(k for k in story.links if k.source_event in kept and k.target_event in kept)
    return replace(story, events=events, links=links)


def story_timeline(story, title=None):
    """Present stage: a plotly Figure of the story (the web app embeds it)."""
    from parity.fuse.plot import timeline_figure

    return timeline_figure(story, title)


def write_story_plot(story, path, title=None):
    """Present stage: write the story timeline to .html (plotly.js inline) or .png."""
    from parity.fuse.plot import write_timeline

    return write_timeline(story, path, title)


# --- analyze: ledger, chains, metrics (issue 5, parts 1-2) -------------------------------
# store → analyze: the parity ledger per dyad and side, response chains, reciprocity metrics.

from parity.analyze import (  # noqa: E402, F401 - re-exported for the CLI and web
    Baseline,
    DyadMetrics,
    Ledger,
    all_dyads,
    build_ledger,
    dyad_metrics,
    ledger_to_json,
    load_baseline,
    parse_dyad,
    response_chains,
)
from parity.model import Link, StoryEvent  # noqa: E402
from parity.settings import DEFAULT as _DEFAULT_SETTINGS  # noqa: E402
from parity.settings import Settings as _Settings  # noqa: E402


def story_events(db_path, dyad: str | None = None) -> tuple[list[StoryEvent], list[Link]]:
    """Analyze stage input: a store's fused events (of one dyad, "USA-RUS", if given) and
    the links among them."""
    from parity.store import Store as _Store

    with _Store.open(db_path, read_only=True) as store:
        events = store.events(dyad=dyad)
        links = store.links()
    ids = {e.id for e in events}
    return events, [k for k in links if k.source_event in ids and k.target_event in ids]


def read_story_file(path) -> tuple[list[StoryEvent], list[Link]]:
    """Analyze stage input without a store: a story file (see `parity.storyfile`)."""
    from parity.storyfile import read_story_file as _read

    return _read(path)


def load_story(
    *, db_path=None, story_path=None, dyad: str | None = None
) -> tuple[list[StoryEvent], list[Link]]:
    """Analyze stage input: the story from a story file if given, else from the store;
    only the events between the two states of `dyad` ("USA-RUS") when given."""
    if story_path is None:
        return story_events(db_path, dyad=None if dyad is None else "-".join(parse_dyad(dyad)))
    events, links = read_story_file(story_path)
    if dyad is None:
        return events, links
    pair = set(parse_dyad(dyad))
    events = [e for e in events if {e.source, e.target} == pair]
    ids = {e.id for e in events}
    return events, [k for k in links if k.source_event in ids and k.target_event in ids]


def dyad_ledger(events, dyad, *, baseline=None, rule: str = "all", at: str | None = None) -> Ledger:
    """Analyze stage: the parity ledger of `dyad`; `baseline` is a `Baseline` or a JSON file."""
    if baseline is not None and not isinstance(baseline, Baseline):
        baseline = load_baseline(baseline)
    return build_ledger(events, parse_dyad(dyad), baseline=baseline, rule=rule, at=at)


def reciprocity(
    events, links=(), dyad=None, settings: _Settings = _DEFAULT_SETTINGS
) -> list[DyadMetrics]:
    """Analyze stage: reciprocity metrics of `dyad`, or of every dyad in the story."""
    if dyad is None:
        return all_dyads(events, links, settings)
    return [dyad_metrics(events, links, parse_dyad(dyad), settings)]


# --- end analyze --------------------------------------------------------------------------


# --- simulate: strategies, Monte Carlo, forecasts (issue 5, parts 3-4) -------------------

from parity.simulate import backtest, forecast, simulate, strategy_names  # noqa: E402, F401


def dyad_history(db_path, dyad) -> list[StoryEvent]:
    """Simulate stage: a dyad's fused events from the store, the history strategies start from."""
    return story_events(db_path, dyad if isinstance(dyad, str) else "-".join(dyad))[0]


# --- web: compositions the web app needs (issue 6) ----------------------------------------
# store → analyze → present: what one page or `/api` route of `parity.web` shows, each in one
# call, so that the routes only parse input, call one function here and format the result.

from dataclasses import dataclass as _dataclass  # noqa: E402
from dataclasses import field as _field  # noqa: E402


@_dataclass(frozen=True)
class EventDetail:
    """One story event with what its page shows: each report with its document, and the
    links touching it (`source_event` answers `target_event`) with the events at their
    other ends."""

    event: StoryEvent
    reports: tuple[tuple[Event, Document | None], ...]
    links: tuple[Link, ...]
    related: dict[str, StoryEvent] = _field(default_factory=dict)


@_dataclass(frozen=True)
class DyadOverview:
    """Everything the overview page of one dyad shows: its events (time order) and links,
    the reports behind them by `doc_id:event_id`, the ledger now and over time
    (`ledger_over_time` rows), and the reciprocity metrics."""

    dyad: tuple[str, str]
    events: tuple[StoryEvent, ...]
    links: tuple[Link, ...]
    reports: dict[str, Event]
    ledger: Ledger
    ledger_series: tuple[dict, ...]
    metrics: DyadMetrics


def list_dyads(db_path) -> list[tuple[str, int]]:
    """The dyads of a store's story ("RUS-USA", codes in alphabetical order) with their
    event counts, most events first; events missing a side are left out."""
    from collections import Counter

    with Store.open(db_path, read_only=True) as store:
        events = store.events()
    counts = Counter(
        "-".join(sorted((e.source, e.target)))
        for e in events
        if e.source and e.target and e.source != e.target
    )
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _period_key(value: str, where: str) -> str:
    """`value` checked as YYYY, YYYY-MM or YYYY-MM-DD (a ParityError names `where`)."""
    from parity.analyze.chains import date_range
    from parity.errors import ParityError

    try:
        date_range(value)
    except ParityError as exc:
        raise ParityError(f"{where}: {exc}") from None
    return value.strip()


def list_documents(
    db_path,
    q: str | None = None,
    *,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[Document]]:
    """(how many documents match, one page of them) from the store, newest first.

    `q`: every word must occur (case-insensitive) in the text, title, doc_id, outlet or
    url; `outlet`: exact outlet name (case-insensitive); `since`/`until`: ISO dates
    (YYYY, YYYY-MM or YYYY-MM-DD) the publication date (stated or inferred) must fall
    within; undated documents are left out of any date range.
    """
    since = _period_key(since, "since") if since else None
    until = _period_key(until, "until") if until else None
    words = [w.casefold() for w in (q or "").split()]
    wanted_outlet = outlet.strip().casefold() if outlet and outlet.strip() else None
    with Store.open(db_path, read_only=True) as store:
        docs = store.documents(with_inferred=True)
    found = []
    for doc in docs:
        if wanted_outlet is not None and (doc.outlet or "").casefold() != wanted_outlet:
            continue
        if since or until:
            if not doc.published:
                continue
            if since and doc.published[: len(since)] < since:
                continue
            if until and doc.published[: len(until)] > until:
                continue
        if words:
            haystack = " ".join(
                filter(None, (doc.doc_id, doc.title, doc.outlet, doc.url, doc.text))
            ).casefold()
            if not all(w in haystack for w in words):
                continue
        found.append(doc)
    found.sort(key=lambda d: d.doc_id)
    found.sort(key=lambda d: d.published or "", reverse=True)
    return len(found), found[max(0, offset) : max(0, offset) + max(0, limit)]


def document_outlets(db_path) -> list[str]:
    """The outlets named by the store's documents, sorted."""
    with Store.open(db_path, read_only=True) as store:
        return sorted({d.outlet for d in store.documents() if d.outlet})


@_dataclass(frozen=True)
class DocumentDetail:
    """One stored document with its reports and, by report key, the story event each
    report was fused into."""

    document: Document
    reports: tuple[Event, ...]
    story_ids: dict[str, str] = _field(default_factory=dict)


def get_document(db_path, doc_id: str) -> DocumentDetail | None:
    """A stored document (latest version, with an inferred date if it has one), its
    reports and their story events; None if there is no such document."""
    with Store.open(db_path, read_only=True) as store:
        docs = store.documents(doc_id, with_inferred=True)
        if not docs:
            return None
        reports = store.reports(doc_id)
        keys = {r.key for r in reports}
        story_ids = {k: e.id for e in store.events() for k in e.reports if k in keys}
    return DocumentDetail(document=docs[-1], reports=tuple(reports), story_ids=story_ids)


def get_event(db_path, story_id: str) -> EventDetail | None:
    """A story event with its reports, their documents and its links; None if unknown."""
    with Store.open(db_path, read_only=True) as store:
        events = {e.id: e for e in store.events()}
        event = events.get(story_id)
        if event is None:
            return None
        links = tuple(k for k in store.links() if story_id in (k.source_event, k.target_event))
        reports: list[tuple[Event, Document | None]] = []
        by_doc: dict[str, tuple[Document | None, dict[str, Event]]] = {}
        for key in event.reports:
            doc_id, _, event_id = key.rpartition(":")
            if doc_id not in by_doc:
                docs = store.documents(doc_id, with_inferred=True)
                found = {r.id: r for r in store.reports(doc_id)}
                by_doc[doc_id] = (docs[-1] if docs else None, found)
            doc, found = by_doc[doc_id]
            if event_id in found:
                reports.append((found[event_id], doc))
    related = {
        other: events[other]
        for k in links
        for other in (k.source_event, k.target_event)
        if other != story_id and other in events
    }
    return EventDetail(event=event, reports=tuple(reports), links=links, related=related)


def ledger_over_time(events, dyad, *, rule: str = "all", baseline=None) -> list[dict]:
    """The ledger after each dated step, for a chart: one row per (date, side, measure)
    with `value` (None while the starting level is unknown), the net `change` since the
    last known level, and the `sources` and `note` of that figure."""
    ledger = dyad_ledger(events, dyad, baseline=baseline, rule=rule)
    rows = []
    for at in sorted({e.date for e in ledger.series if e.date}):
        snap = dyad_ledger(events, dyad, baseline=baseline, rule=rule, at=at)
        for side in snap.sides:
            for measure in ("personnel", "facilities"):
                entry = snap.entry(side, measure)
                rows.append(
                    {
                        "date": at,
                        "side": side,
                        "measure": measure,
                        "value": entry.value,
                        "change": snap.changes[side][measure],
                        "sources": list(entry.sources),
                        "note": entry.note,
                    }
                )
    return rows


def dyad_overview(db_path, dyad, *, rule: str = "all", baseline=None) -> DyadOverview:
    """A dyad's story, the reports behind it, its ledger (now and over time) and metrics."""
    pair = parse_dyad(dyad)
    if baseline is not None and not isinstance(baseline, Baseline):
        baseline = load_baseline(baseline)
    with Store.open(db_path, read_only=True) as store:
        events = store.events(dyad="-".join(pair))
        ids = {e.id for e in events}
        links = [k for k in store.links() if k.source_event in ids and k.target_event in ids]
        docs = {key.rpartition(":")[0] for e in events for key in e.reports}
        reports = {r.key: r for doc_id in sorted(docs) for r in store.reports(doc_id)}
    ledger = dyad_ledger(events, pair, baseline=baseline, rule=rule)
    return DyadOverview(
        dyad=pair,
        events=tuple(events),
        links=tuple(links),
        reports=reports,
        ledger=ledger,
        ledger_series=tuple(ledger_over_time(events, pair, rule=rule, baseline=baseline)),
        metrics=dyad_metrics(events, links, pair),
    )


def read_upload(
    data: str | bytes, *, name: str = "pasted", published: str | None = None
) -> tuple[list[tuple[Document, list[Event]]], list[InputError]]:
    """read → extract for one pasted text or uploaded file, in memory (nothing is written).

    A name ending in .jsonl, .ndjson, .csv or .json is read as a corpus (DESIGN.md), an
    .html/.htm name (or markup starting with "<") as a web page, anything else as plain
    text. Returns each document with its events, and the inputs that could not be read.
    """
    from pathlib import PurePath

    from parity.ingest import CORPUS_READERS, HTML_SUFFIXES, TEXT_SUFFIXES
    from parity.ingest import read_text as _read_text
    from parity.ingest.text import check_published, decode

    where = PurePath(name).name or "pasted"
    raw = decode(data, where) if isinstance(data, bytes) else data
    if not raw.strip():
        raise InputError(where, "empty text")
    given = check_published(published, "published") if published else None
    suffix = PurePath(where).suffix.lower()
    reader = CORPUS_READERS.get(suffix)
    errors: list[InputError] = []
    docs: list[Document] = []
    if reader is not None:
        seen: set[str] = set()

        def claim(doc_id: str) -> str | None:
            if doc_id in seen:
                return f"duplicate doc_id {doc_id!r}"
            seen.add(doc_id)
            return None

        for item in reader(raw, path=where, columns=Columns(), published=given, claim=claim):
            (errors if isinstance(item, InputError) else docs).append(item)
    else:
        html = True if suffix in HTML_SUFFIXES else False if suffix in TEXT_SUFFIXES else None
        doc_id = PurePath(where).stem or "pasted"
        docs.append(_read_text(raw, doc_id=doc_id, where=where, published=given, html=html))
    out = [
        (doc, extract_text(doc.text, published=doc.published, doc_id=doc.doc_id)) for doc in docs
    ]
    return out, errors


def simulate_dyad(
    db_path,
    dyad,
    a: str,
    b: str,
    *,
    steps: int = 12,
    runs: int = 10_000,
    seed: int | None = 0,
    noise: float = _DEFAULT_SETTINGS.noise,
):
    """Simulate stage from the store: play `a` (the dyad's first state) against `b` from
    the dyad's current state (its history in the store); returns the `SimulationResult`."""
    history = dyad_history(db_path, dyad)
    return simulate(
        a, b, steps=steps, runs=runs, seed=seed, noise=noise, history=history, dyad=dyad
    )


def store_summary(db_path) -> dict[str, int]:
    """Row counts of a store's main tables (documents, reports, events, links, ledger)."""
    with Store.open(db_path, read_only=True) as store:
        return store.counts()


def move_names() -> list[str]:
    """Every move of the vocabulary (parity/lexicon/moves.json), in file order."""
    from parity.lexicon import load_moves

    return list(load_moves())


def counting_rules() -> list[str]:
    """The ledger's counting rules (parity/lexicon/ledger_rules.json), in file order."""
    from parity.analyze.ledger import rule_names

    return rule_names()


# --- end web ------------------------------------------------------------------------------


def stored_story(db_path, dyad: str | None = None):
    """Store → present: the fused story kept in a store, as a `Story`."""
    from parity.model import Story

    events, links = story_events(db_path, dyad)
    return Story(events=tuple(events), links=tuple(links))
