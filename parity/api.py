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


def read(paths, published: str | None = None, *, columns=None, settings: Settings = _DEFAULT_SETTINGS, **column_names) -> _Iterator[Document | InputError]:
    """Read stage: documents (or InputError values for bad inputs) from files, folders, corpora or "-"."""
    from parity.ingest import Columns, read_paths

    if columns is None:
        columns = Columns(**{k: v for k, v in column_names.items() if v})
    return read_paths(paths, published=published, columns=columns, settings=settings)


def extract(docs: _Iterable[Document], jobs: int = 1, settings: Settings = _DEFAULT_SETTINGS) -> _Iterator[tuple[Document, list[Event]]]:
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
        for item in read(extract_from if isinstance(extract_from, (list, tuple)) else [extract_from]):
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

from parity.ingest import Columns, read_paths  # noqa: E402
from parity.ingest.run import (  # noqa: E402
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
    """Analyze stage input without a store: a story as `parity story --format json` prints
    it (`{"events": [...], "links": [{"from", "to", "kind", "score"}]}`; `source_event` /
    `target_event` also accepted), a JSON list of events, or JSON lines."""
    import json
    from pathlib import Path

    from parity.errors import InputError

    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(p), "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(p), f"cannot read ({exc})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        try:
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise InputError(str(p), f"neither JSON nor JSON lines ({exc})") from None
    raw_events = data.get("events") if isinstance(data, dict) else data
    raw_links = data.get("links", []) if isinstance(data, dict) else []
    if not isinstance(raw_events, list) or not all(isinstance(e, dict) for e in raw_events):
        raise InputError(str(p), 'expected {"events": [...]} or a list of story events')
    try:
        events = [StoryEvent.from_dict(e) for e in raw_events]
        links = [
            Link(
                source_event=k["source_event"] if "source_event" in k else k["from"],
                target_event=k["target_event"] if "target_event" in k else k["to"],
                kind=k.get("kind", "inferred"),
                score=float(k.get("score", 1.0)),
                reason=k.get("reason", ""),
            )
            for k in raw_links
        ]
    except (TypeError, KeyError, ValueError) as exc:
        raise InputError(str(p), f"malformed story event or link ({exc})") from None
    return events, links


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
