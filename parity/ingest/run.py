"""Ingest orchestration: read → extract → store, in batches, then fuse.

The stages, in order, for each batch of `settings.batch_size` documents:

1. read      `read_paths` yields Documents, or InputErrors that are counted as failed
2. plan      the store says which documents are new, new versions, or already stored
3. extract   only documents not yet extracted go through `extract_documents`
4. store     documents and their reports are written in ONE transaction

A crash or Ctrl-C therefore loses at most the batch in flight; a re-run skips what is
stored (same doc_id and content hash) and continues. When every batch is in, the story
is rebuilt from all reports with `parity.fuse.fuse` and stored with `replace_story`.
If the run stops before that, the store remembers that its story is stale and the next
ingest rebuilds it even when no document is new.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parity.errors import InputError, ParityError
from parity.ingest import Columns, read_paths
from parity.ingest.gdelt import GdeltCounts, read_gdelt
from parity.model import Document, Event
from parity.settings import DEFAULT, Settings
from parity.store import Report, Store

# progress(documents done, documents expected or None if unknown)
Progress = Callable[[int, int | None], None]

GDELT_BATCH = 50_000  # GDELT reports per transaction: bulk inserts pay off from here on


@dataclass(frozen=True)
class IngestSummary:
    """What one ingest did. `failed` holds one line per bad input ("a.txt: empty file")."""

    new: int = 0
    skipped: int = 0
    versioned: int = 0
    failed: list[str] = field(default_factory=list)
    events: int = 0
    fused: bool = False

    def line(self) -> str:
        """The summary line the CLI prints."""
        return (
            f"documents: {self.new} new, {self.skipped} skipped, {self.versioned} versions, "
            f"{len(self.failed)} failed; events: {self.events}"
        )


@dataclass(frozen=True)
class GdeltSummary:
    """What one GDELT import did: rows read, reports kept, new and already stored."""

    rows: int = 0
    kept: int = 0
    new: int = 0
    existing: int = 0
    failed: list[str] = field(default_factory=list)
    fused: bool = False

    def line(self) -> str:
        return (
            f"gdelt rows: {self.rows} read, {self.kept} kept as reports "
            f"({self.new} new, {self.existing} already stored); {len(self.failed)} failed"
        )


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def estimate_documents(paths: Iterable[str | Path]) -> int | None:
    """A cheap count of the documents under `paths` for a progress bar (None if unknown).

    Files count one each; JSON-lines and CSV corpora count their non-blank lines.
    """
    from parity.ingest import FORMATS

    total = 0
    for item in paths:
        if str(item) == "-":
            return None
        path = Path(item)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            suffix = file.suffix.lower()
            if path.is_dir() and (
                any(part.startswith(".") for part in file.relative_to(path).parts)
                or (file.suffix and suffix not in FORMATS)
            ):
                continue
            if suffix in (".jsonl", ".ndjson", ".csv"):
                try:
                    with open(file, "rb") as handle:
                        lines = sum(1 for line in handle if line.strip())
                except OSError:
                    lines = 1
                total += max(1, lines - (1 if suffix == ".csv" else 0))
            elif suffix == ".json" or file.name.lower().endswith((".warc", ".warc.gz")):
                return None
            else:
                total += 1
    return total


def _extractor() -> Callable[..., Iterator[tuple[Document, list[Event]]]]:
    try:
        from parity.extract.pipeline import extract_documents
    except ModuleNotFoundError as exc:
        if exc.name != "parity.extract.pipeline":
            raise
        raise ParityError(
            "the extraction pipeline is not available; ingest with --no-extract"
        ) from None
    return extract_documents


def rebuild_story(store: Store, settings: Settings = DEFAULT) -> bool:
    """Fuse every stored report into the story and store it; False if fusion is unavailable."""
    try:
        from parity.fuse import fuse
    except ModuleNotFoundError as exc:
        if exc.name != "parity.fuse":
            raise
        return False
    reports = store.reports()
    documents = {doc.doc_id: doc for doc in store.documents()}
    # Reports without an article (GDELT rows) get a bare pseudo-document with their date
    # and url, so that fusion sees a publication date for every report.
    for doc_id, (url, date) in store.report_meta(origin="gdelt").items():
        documents.setdefault(
            doc_id,
            Document(doc_id=doc_id, text="", published=date, published_source="given", url=url),
        )
    store.replace_story(fuse(reports, documents, settings))
    return True


def ingest(
    paths: Iterable[str | Path],
    db_path: str | Path,
    *,
    published: str | None = None,
    columns: Columns = Columns(),  # noqa: B008 - frozen
    source_name: str | None = None,
    extract: bool = True,
    settings: Settings = DEFAULT,
    progress: Progress | None = None,
    jobs: int = 1,
) -> IngestSummary:
    """Read, extract and store the documents under `paths`, then rebuild the story.

    Re-ingesting stored content is a no-op; changed content under a known doc_id is
    stored as a new version. Bad inputs never stop the run: each is one line in
    `failed`. Raises StoreLockedError if another process is writing the store.
    """
    paths = list(paths)
    documents = read_paths(paths, published=published, columns=columns, settings=settings)
    expected = estimate_documents(paths) if progress else None
    extract_documents = _extractor() if extract else None
    new = skipped = versioned = events = done = 0
    failed: list[str] = []
    with Store.open(db_path) as store:
        for batch in _batches(documents, max(1, settings.batch_size)):
            docs = []
            for item in batch:
                if isinstance(item, InputError):
                    failed.append(str(item))
                else:
                    docs.append(item)
            plan = store.plan_documents(docs, extract=extract)
            todo = [(doc, version) for doc, version in plan if version is not None]
            found: dict[tuple[str, str | None], list[Event]] = {}
            if extract_documents is not None and todo:
                for doc, doc_events in extract_documents(
                    [doc for doc, _ in todo], jobs=jobs, settings=settings
                ):
                    found[(doc.doc_id, doc.content_hash)] = list(doc_events)
            with store.transaction():
                counts = store.add_documents(
                    docs, source_name=source_name, extracted=extract_documents is not None
                )
                if extract_documents is not None:
                    reports = []
                    for doc, version in todo:
                        for event in found.get((doc.doc_id, doc.content_hash), []):
                            reports.append(
                                Report(event, version, "text", doc.url, _goldstein(event))
                            )
                    store.add_report_batch(reports, replace=[(d.doc_id, v) for d, v in todo])
                    store.mark_extracted((d.doc_id, v) for d, v in todo)
                    events += len(reports)
            new += counts.new
            versioned += counts.versioned
            skipped += counts.skipped
            done += len(batch)
            if progress:
                progress(done, expected)
        fused = False
        if extract_documents is not None and store.story_is_stale():
            fused = rebuild_story(store, settings)
    return IngestSummary(new, skipped, versioned, failed, events, fused)


def _goldstein(event: Event) -> float | None:
    from parity.lexicon import load_moves

    spec = load_moves().get(event.move)
    return float(spec["goldstein"]) if spec else None


def import_gdelt(
    files: Iterable[str | Path],
    db_path: str | Path,
    *,
    fuse: bool = True,
    settings: Settings = DEFAULT,
    progress: Progress | None = None,
) -> GdeltSummary:
    """Store the parity moves of GDELT event exports as reports (origin 'gdelt').

    Importing the same rows again replaces them (no duplicates). With `fuse`, the
    story is rebuilt from all reports afterwards.
    """
    counts = GdeltCounts()
    new = existing = 0
    with Store.open(db_path) as store:
        known = set(store.report_origins())
        for batch in _batches(read_gdelt(files, counts), GDELT_BATCH):
            with store.transaction():
                store.add_report_batch(batch)
            fresh = sum(1 for r in batch if r.event.doc_id not in known)
            new += fresh
            existing += len(batch) - fresh
            if progress:
                progress(counts.rows, None)
        fused = False
        if fuse and store.story_is_stale():
            fused = rebuild_story(store, settings)
    return GdeltSummary(
        rows=counts.rows,
        kept=counts.kept,
        new=new,
        existing=existing,
        failed=[str(e) for e in counts.errors],
        fused=fused,
    )
