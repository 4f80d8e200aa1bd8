"""The DuckDB store: the one module that talks to DuckDB (STYLE.md §3).

One file (default `./parity.duckdb`) keeps every stage's output so a corpus is read
once and queried many times:

| table | holds |
|---|---|
| documents | cleaned articles, one row per (doc_id, version); a changed text is a new version |
| reports | per-document events (`model.Event`), with origin 'text' or 'gdelt', url, goldstein |
| events | the fused story (`model.StoryEvent`); list fields are JSON columns |
| links | responds-to edges (`model.Link`) |
| inferred_dates | publication dates fusion inferred for undated documents |
| ledger | ledger snapshots (`model.LedgerEntry`) |
| schema_version, state | bookkeeping: applied migrations, whether the story is stale |

The schema is created and migrated automatically when a store is opened for writing.
Bulk writes go through Arrow tables (`INSERT ... SELECT FROM arrow`), never row by row.
Every write method runs in a transaction, and `Store.transaction()` groups several
into one, so a crash or Ctrl-C leaves the store as it was before the batch.
DuckDB lets only one process hold a file open for writing; a second one gets
`StoreLockedError`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import itertools
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import duckdb
import numpy as np
import pyarrow as pa

from parity.errors import StoreError, StoreLockedError
from parity.model import Document, Event, Evidence, LedgerEntry, Link, Story, StoryEvent

SCHEMA_VERSION = 1
TABLES = ("documents", "reports", "events", "links", "ledger")
EXPORT_FORMATS = ("parquet", "csv", "jsonl")

# Migrations in order: MIGRATIONS[n - 1] brings a store from version n - 1 to n.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE documents (
            doc_id VARCHAR NOT NULL,
            version INTEGER NOT NULL,
            content_hash VARCHAR NOT NULL,
            text VARCHAR NOT NULL,
            published VARCHAR,
            published_source VARCHAR,
            url VARCHAR,
            title VARCHAR,
            outlet VARCHAR,
            path VARCHAR,
            source_name VARCHAR,
            ingested_at TIMESTAMP NOT NULL,
            extracted BOOLEAN NOT NULL DEFAULT false,
            PRIMARY KEY (doc_id, version))""",
        """CREATE TABLE reports (
            doc_id VARCHAR NOT NULL,
            version INTEGER NOT NULL,
            id VARCHAR NOT NULL,
            origin VARCHAR NOT NULL,
            source VARCHAR,
            target VARCHAR,
            source_actor VARCHAR,
            move VARCHAR NOT NULL,
            status VARCHAR NOT NULL,
            quantity BIGINT,
            unit VARCHAR,
            date VARCHAR,
            responds_to JSON,
            evidence_text VARCHAR,
            evidence_start INTEGER,
            evidence_end INTEGER,
            confidence DOUBLE,
            date_expr VARCHAR,
            quantity_hint VARCHAR,
            url VARCHAR,
            goldstein DOUBLE)""",
        """CREATE TABLE events (
            id VARCHAR NOT NULL,
            source VARCHAR,
            target VARCHAR,
            move VARCHAR NOT NULL,
            status VARCHAR NOT NULL,
            quantity BIGINT,
            unit VARCHAR,
            date VARCHAR,
            date_lo DATE,
            date_hi DATE,
            source_actor VARCHAR,
            reports JSON,
            responds_to JSON,
            inferred_responds_to JSON,
            reasons JSON)""",
        """CREATE TABLE links (
            source_event VARCHAR NOT NULL,
            target_event VARCHAR NOT NULL,
            kind VARCHAR NOT NULL,
            score DOUBLE,
            reason VARCHAR)""",
        """CREATE TABLE inferred_dates (
            doc_id VARCHAR NOT NULL,
            published VARCHAR NOT NULL,
            evidence VARCHAR)""",
        """CREATE TABLE ledger (
            side VARCHAR NOT NULL,
            measure VARCHAR NOT NULL,
            value BIGINT,
            date VARCHAR,
            sources JSON,
            note VARCHAR,
            snapshot_at TIMESTAMP NOT NULL)""",
        """CREATE TABLE state (key VARCHAR PRIMARY KEY, value VARCHAR)""",
    ),
)

# Columns of each table as exported (and as read back into the model).
_DOCUMENT_COLUMNS = (
    "doc_id",
    "version",
    "content_hash",
    "text",
    "published",
    "published_source",
    "url",
    "title",
    "outlet",
    "path",
    "source_name",
    "ingested_at",
)
_REPORT_COLUMNS = (
    "doc_id",
    "version",
    "id",
    "origin",
    "source",
    "target",
    "source_actor",
    "move",
    "status",
    "quantity",
    "unit",
    "date",
    "responds_to",
    "evidence_text",
    "evidence_start",
    "evidence_end",
    "confidence",
    "date_expr",
    "quantity_hint",
    "url",
    "goldstein",
)
_EVENT_COLUMNS = (
    "id",
    "source",
    "target",
    "move",
    "status",
    "quantity",
    "unit",
    "date",
    "source_actor",
    "reports",
    "responds_to",
    "inferred_responds_to",
    "reasons",
)
_EVENT_LISTS = ("reports", "responds_to", "inferred_responds_to", "reasons")
_EXPORT_COLUMNS = {
    "documents": _DOCUMENT_COLUMNS,
    "reports": _REPORT_COLUMNS,
    "events": _EVENT_COLUMNS,
    "links": ("source_event", "target_event", "kind", "score", "reason"),
    "ledger": ("side", "measure", "value", "date", "sources", "note", "snapshot_at"),
}

_STR = pa.string()
_STR_LIST = pa.list_(pa.string())
# SQL for the first and last day a partial ISO date ("2017", "2017-08") can mean.
_DATE_LO = (
    "TRY_CAST(CASE length(date) WHEN 4 THEN date || '-01-01' "
    "WHEN 7 THEN date || '-01' ELSE date END AS DATE)"
)
_DATE_HI = (
    "CASE length(date) WHEN 4 THEN TRY_CAST(date || '-12-31' AS DATE) "
    "WHEN 7 THEN last_day(TRY_CAST(date || '-01' AS DATE)) ELSE TRY_CAST(date AS DATE) END"
)


class DocumentCounts(NamedTuple):
    """What `add_documents` did: documents new, skipped (already stored), new versions."""

    new: int
    skipped: int
    versioned: int


class Report(NamedTuple):
    """One report to store: the event plus what only the store keeps about it."""

    event: Event
    version: int = 1
    origin: str = "text"
    url: str | None = None
    goldstein: float | None = None


def _is_lock_error(exc: Exception) -> bool:
    text = str(exc).lower()
    return "lock" in text and ("conflicting" in text or "could not set" in text)


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _move_goldstein(move: str) -> float | None:
    from parity.lexicon import load_moves

    spec = load_moves().get(move)
    return float(spec["goldstein"]) if spec else None


def _json_list(value: str | None) -> tuple[str, ...]:
    if not value or value == "[]":
        return ()
    return tuple(json.loads(value))


class Store:
    """A parity store in one DuckDB file. Use `Store.open(path)` as a context manager."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, read_only: bool) -> None:
        self._con = con
        self.path = path
        self.read_only = read_only
        self._in_transaction = False

    # --- opening and schema --------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path = "parity.duckdb", read_only: bool = False) -> Store:
        """Open (creating and migrating if needed) the store at `path` (":memory:" for tests)."""
        where = str(path)
        if read_only and where != ":memory:" and not Path(where).exists():
            raise StoreError(f"{where}: no such store (create it with `parity ingest`)")
        try:
            con = duckdb.connect(where, read_only=read_only)
        except duckdb.Error as exc:
            if _is_lock_error(exc):
                raise StoreLockedError(f"{where}: store is locked by another process") from None
            raise StoreError(f"{where}: cannot open store: {exc}") from None
        store = cls(con, where, read_only)
        try:
            store._migrate()
        except BaseException:
            con.close()
            raise
        return store

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (a checkpoint folds the write-ahead log into the file)."""
        with contextlib.suppress(duckdb.Error):
            self._con.close()

    def schema_version(self) -> int:
        """The schema version of this store (0 for a store without tables)."""
        exists = self._con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchall()[0][0]
        if not exists:
            return 0
        row = self._con.execute("SELECT max(version) FROM schema_version").fetchall()[0]
        return int(row[0] or 0)

    def _migrate(self) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store has schema version {current}, newer than this parity "
                f"({SCHEMA_VERSION}); upgrade parity"
            )
        if current == SCHEMA_VERSION:
            return
        if self.read_only:
            raise StoreError(
                f"{self.path}: store has schema version {current}; open it once for writing "
                f"(e.g. `parity ingest`) to migrate it to {SCHEMA_VERSION}"
            )
        with self.transaction():
            self._con.execute(
                "CREATE TABLE IF NOT EXISTS schema_version "
                "(version INTEGER NOT NULL, migrated_at TIMESTAMP NOT NULL)"
            )
            for version in range(current + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[version - 1]:
                    self._con.execute(statement)
                self._con.execute("INSERT INTO schema_version VALUES (?, ?)", [version, _now()])

    # --- transactions --------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """Group writes into one transaction; nested uses join the outer one."""
        if self._in_transaction:
            yield self
            return
        self._check_writable()
        self._con.begin()
        self._in_transaction = True
        try:
            yield self
        except BaseException:
            self._in_transaction = False
            with contextlib.suppress(duckdb.Error):
                self._con.rollback()
            raise
        self._in_transaction = False
        try:
            self._con.commit()
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: cannot commit: {exc}") from None

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: store is open read-only")

    def _insert(self, table: str, data: pa.Table, select: str) -> None:
        """INSERT INTO `table` SELECT `select` FROM the Arrow table `data` (the bulk path)."""
        name = f"_arrow_{table}"
        self._con.register(name, data)
        try:
            self._con.execute(f"INSERT INTO {table} SELECT {select} FROM {name}")
        finally:
            self._con.unregister(name)

    # --- state ---------------------------------------------------------------------

    def _set_state(self, key: str, value: str) -> None:
        self._con.execute(
            "INSERT INTO state VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )

    def story_is_stale(self) -> bool:
        """True when documents or reports changed since the story was last rebuilt."""
        rows = self._con.execute("SELECT value FROM state WHERE key = 'story_stale'").fetchall()
        return bool(rows and rows[0][0] == "1")

    def mark_story_stale(self) -> None:
        """Record that the stored story no longer reflects the reports."""
        self._check_writable()
        self._set_state("story_stale", "1")

    # --- documents -----------------------------------------------------------------

    def plan_documents(
        self, docs: Iterable[Document], *, extract: bool = False
    ) -> list[tuple[Document, int | None]]:
        """The version each document would be stored as; None if it is already stored.

        A document whose (doc_id, content_hash) is stored under any version is skipped,
        unless `extract` is set and that version was stored without extraction: then
        its stored version is returned so the caller can add its reports.
        """
        docs = list(docs)
        if not docs:
            return []
        ids = pa.table({"doc_id": pa.array(sorted({d.doc_id for d in docs}), _STR)})
        self._con.register("_plan_ids", ids)
        try:
            rows = self._con.execute(
                "SELECT d.doc_id, d.version, d.content_hash, d.extracted FROM documents d "
                "JOIN _plan_ids USING (doc_id)"
            ).fetchall()
        finally:
            self._con.unregister("_plan_ids")
        latest: dict[str, int] = {}
        stored: dict[tuple[str, str], tuple[int, bool]] = {}
        for doc_id, version, digest, extracted in rows:
            latest[doc_id] = max(latest.get(doc_id, 0), version)
            stored[(doc_id, digest)] = (version, extracted)
        plan: list[tuple[Document, int | None]] = []
        for doc in docs:
            key = (doc.doc_id, doc.content_hash or "")
            if key in stored:
                version, extracted = stored[key]
                plan.append((doc, version if extract and not extracted else None))
                stored[key] = (version, True)  # a repeat in the same batch is skipped
                continue
            version = latest.get(doc.doc_id, 0) + 1
            latest[doc.doc_id] = version
            stored[key] = (version, True)
            plan.append((doc, version))
        return plan

    def add_documents(
        self, docs: Iterable[Document], *, source_name: str | None = None, extracted: bool = False
    ) -> DocumentCounts:
        """Store documents: same doc_id and hash is skipped, changed content a new version.

        `extracted` records that the caller stores the documents' reports in the same
        transaction (so a later ingest with extraction does not redo them).
        """
        self._check_writable()
        docs = [d if d.content_hash else _hashed(d) for d in docs]
        with self.transaction():
            plan = self.plan_documents(docs)
            new = versioned = 0
            rows = []
            for doc, version in plan:
                if version is None:
                    continue
                if version == 1:
                    new += 1
                else:
                    versioned += 1
                rows.append((doc, version))
            if rows:
                now = _now()
                table = pa.table(
                    {
                        "doc_id": pa.array([d.doc_id for d, _ in rows], _STR),
                        "version": pa.array([v for _, v in rows], pa.int32()),
                        "content_hash": pa.array([d.content_hash for d, _ in rows], _STR),
                        "text": pa.array([d.text for d, _ in rows], _STR),
                        "published": pa.array([d.published for d, _ in rows], _STR),
                        "published_source": pa.array([d.published_source for d, _ in rows], _STR),
                        "url": pa.array([d.url for d, _ in rows], _STR),
                        "title": pa.array([d.title for d, _ in rows], _STR),
                        "outlet": pa.array([d.outlet for d, _ in rows], _STR),
                        "path": pa.array([d.path for d, _ in rows], _STR),
                    }
                )
                self._insert(
                    "documents",
                    table,
                    f"doc_id, version, content_hash, text, published, published_source, url, "
                    f"title, outlet, path, {_sql_param(source_name)}, "
                    f"TIMESTAMP '{now.isoformat(sep=' ')}', {'true' if extracted else 'false'}",
                )
                self.mark_story_stale()
            return DocumentCounts(new, len(plan) - len(rows), versioned)

    def mark_extracted(self, keys: Iterable[tuple[str, int]]) -> None:
        """Record that the reports of these (doc_id, version) documents are stored."""
        keys = list(keys)
        if not keys:
            return
        self._check_writable()
        table = pa.table(
            {
                "doc_id": pa.array([k[0] for k in keys], _STR),
                "version": pa.array([k[1] for k in keys], pa.int32()),
            }
        )
        with self.transaction():
            self._con.register("_extracted", table)
            try:
                self._con.execute(
                    "UPDATE documents SET extracted = true FROM _extracted e "
                    "WHERE documents.doc_id = e.doc_id AND documents.version = e.version "
                    "AND NOT documents.extracted"
                )
            finally:
                self._con.unregister("_extracted")

    def has_document(self, doc_id: str, content_hash: str) -> bool:
        """True if this exact text of `doc_id` is stored (under any version)."""
        row = self._con.execute(
            "SELECT count(*) FROM documents WHERE doc_id = ? AND content_hash = ?",
            [doc_id, content_hash],
        ).fetchall()[0]
        return bool(row[0])

    def documents(
        self, doc_id: str | None = None, *, latest: bool = True, with_inferred: bool = False
    ) -> list[Document]:
        """Stored documents (the latest version of each unless `latest=False`), by doc_id.

        With `with_inferred`, an undated document carries the date fusion inferred
        for it (`published_source = "inferred"`).
        """
        where, params = [], []
        if doc_id is not None:
            where.append("d.doc_id = ?")
            params.append(doc_id)
        if latest:
            where.append(
                "d.version = (SELECT max(version) FROM documents m WHERE m.doc_id = d.doc_id)"
            )
        sql = (
            "SELECT d.doc_id, d.text, d.published, d.published_source, d.url, d.title, "
            "d.outlet, d.path, d.content_hash, i.published FROM documents d "
            "LEFT JOIN inferred_dates i ON i.doc_id = d.doc_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY d.doc_id, d.version"
        out = []
        for row in self._con.execute(sql, params).fetchall():
            doc = Document(*row[:9])
            if with_inferred and doc.published is None and row[9]:
                doc = doc.with_published(row[9], "inferred")
            out.append(doc)
        return out

    def document_versions(self) -> dict[str, int]:
        """doc_id -> latest stored version."""
        rows = self._con.execute(
            "SELECT doc_id, max(version) FROM documents GROUP BY doc_id"
        ).fetchall()
        return dict(rows)

    # --- reports -------------------------------------------------------------------

    def add_reports(
        self,
        doc_id: str,
        version: int,
        events: Iterable[Event],
        *,
        origin: str = "text",
        url: str | None = None,
    ) -> int:
        """Store the events one document version reports, replacing any stored before."""
        batch = [Report(e, version, origin, url, _move_goldstein(e.move)) for e in events]
        for report in batch:
            if report.event.doc_id != doc_id:
                raise StoreError(f"event {report.event.key} does not belong to document {doc_id!r}")
        return self.add_report_batch(batch, replace=[(doc_id, version)])

    def add_report_batch(
        self, reports: Iterable[Report], *, replace: Iterable[tuple[str, int]] = ()
    ) -> int:
        """Bulk-store reports; first delete those of the (doc_id, version) pairs in `replace`
        and of every pair in the batch, so that storing a document's reports twice is a no-op.
        Returns the number of reports written."""
        self._check_writable()
        reports = list(reports)
        keys = sorted({(r.event.doc_id, r.version) for r in reports} | set(replace))
        with self.transaction():
            if keys:
                table = pa.table(
                    {
                        "doc_id": pa.array([k[0] for k in keys], _STR),
                        "version": pa.array([k[1] for k in keys], pa.int32()),
                    }
                )
                self._con.register("_replace", table)
                try:
                    self._con.execute(
                        "DELETE FROM reports USING _replace "
                        "WHERE reports.doc_id = _replace.doc_id AND reports.version = _replace.version"
                    )
                finally:
                    self._con.unregister("_replace")
            if reports:
                select = ", ".join(
                    "to_json(responds_to)" if c == "responds_to" else c for c in _REPORT_COLUMNS
                )
                self._insert("reports", _reports_table(reports), select)
            if keys:
                self.mark_story_stale()
        return len(reports)

    def reports(
        self, doc_id: str | None = None, *, origin: str | None = None, latest: bool = True
    ) -> list[Event]:
        """Stored reports as Events (of each document's latest version unless `latest=False`)."""
        where, params = [], []
        if doc_id is not None:
            where.append("r.doc_id = ?")
            params.append(doc_id)
        if origin is not None:
            where.append("r.origin = ?")
            params.append(origin)
        if latest:
            # the latest version of the document; reports without a document (GDELT) all count
            where.append("(l.version IS NULL OR r.version = l.version)")
        sql = (
            "WITH l AS (SELECT doc_id, max(version) AS version FROM documents GROUP BY doc_id) "
            "SELECT r.doc_id, r.id, r.source, r.target, r.move, r.status, r.source_actor, "
            "r.quantity, r.unit, r.date, r.responds_to, r.evidence_text, r.evidence_start, "
            "r.evidence_end, r.confidence, r.date_expr, r.quantity_hint "
            "FROM reports r LEFT JOIN l ON l.doc_id = r.doc_id"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY r.doc_id, r.version, r.id"
        out = []
        for row in self._con.execute(sql, params).fetchall():
            evidence = Evidence(row[11], row[12], row[13]) if row[11] is not None else None
            out.append(
                Event(
                    doc_id=row[0],
                    id=row[1],
                    source=row[2],
                    target=row[3],
                    move=row[4],
                    status=row[5],
                    source_actor=row[6],
                    quantity=row[7],
                    unit=row[8],
                    date=row[9],
                    responds_to=_json_list(row[10]),
                    evidence=evidence,
                    confidence=row[14],
                    date_expr=row[15],
                    quantity_hint=row[16],
                )
            )
        return out

    def report_count(self, origin: str | None = None) -> int:
        """Number of stored reports (all versions), optionally of one origin."""
        if origin is None:
            return int(self._con.execute("SELECT count(*) FROM reports").fetchall()[0][0])
        return int(
            self._con.execute("SELECT count(*) FROM reports WHERE origin = ?", [origin]).fetchall()[
                0
            ][0]
        )

    def report_origins(self) -> dict[str, str]:
        """doc_id -> origin, for the documents whose reports are stored."""
        return dict(self._con.execute("SELECT DISTINCT doc_id, origin FROM reports").fetchall())

    def report_meta(self, origin: str | None = None) -> dict[str, tuple[str | None, str | None]]:
        """doc_id -> (url, earliest event date) of stored reports, e.g. for GDELT pseudo-documents."""
        sql = "SELECT doc_id, any_value(url), min(date) FROM reports"
        params: list[Any] = []
        if origin is not None:
            sql += " WHERE origin = ?"
            params.append(origin)
        sql += " GROUP BY doc_id"
        return {row[0]: (row[1], row[2]) for row in self._con.execute(sql, params).fetchall()}

    # --- the fused story -----------------------------------------------------------

    def replace_story(self, story: Story) -> None:
        """Replace the stored story (events, links, inferred dates) in one transaction."""
        self._check_writable()
        with self.transaction():
            self._con.execute("DELETE FROM events")
            self._con.execute("DELETE FROM links")
            self._con.execute("DELETE FROM inferred_dates")
            if story.events:
                self._insert(
                    "events",
                    _events_table(story.events),
                    "id, source, target, move, status, quantity, unit, date, "
                    f"{_DATE_LO}, {_DATE_HI}, source_actor, to_json(reports), "
                    "to_json(responds_to), to_json(inferred_responds_to), to_json(reasons)",
                )
            if story.links:
                links = story.links
                self._insert(
                    "links",
                    pa.table(
                        {
                            "source_event": pa.array([k.source_event for k in links], _STR),
                            "target_event": pa.array([k.target_event for k in links], _STR),
                            "kind": pa.array([k.kind for k in links], _STR),
                            "score": pa.array([k.score for k in links], pa.float64()),
                            "reason": pa.array([k.reason for k in links], _STR),
                        }
                    ),
                    "source_event, target_event, kind, score, reason",
                )
            if story.inferred_published:
                ids = sorted(story.inferred_published)
                self._insert(
                    "inferred_dates",
                    pa.table(
                        {
                            "doc_id": pa.array(ids, _STR),
                            "published": pa.array([story.inferred_published[i] for i in ids], _STR),
                            "evidence": pa.array(
                                [story.inferred_evidence.get(i) for i in ids], _STR
                            ),
                        }
                    ),
                    "doc_id, published, evidence",
                )
            self._set_state("story_stale", "0")

    def events(
        self,
        dyad: str | None = None,
        move: str | None = None,
        since: str | None = None,
        until: str | None = None,
        status: str | None = None,
    ) -> list[StoryEvent]:
        """Fused events, in time order, filtered.

        `dyad` "USA-RUS" matches events between the two states in either direction
        ("USA>RUS" only those by USA against RUS). `since`/`until` are ISO dates
        (or `YYYY`, `YYYY-MM`); an event with a partial date ("2017-08") is kept when
        the period it names overlaps the range. Undated events are left out of any
        range query.
        """
        where, params = _event_filters(dyad, move, since, until, status)
        sql = f"SELECT {', '.join(_EVENT_COLUMNS)} FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY date_lo NULLS LAST, date_hi NULLS LAST, id"
        rows = self._con.execute(sql, params).fetchall()
        out = []
        for row in rows:
            out.append(
                StoryEvent(
                    id=row[0],
                    source=row[1],
                    target=row[2],
                    move=row[3],
                    status=row[4],
                    quantity=row[5],
                    unit=row[6],
                    date=row[7],
                    source_actor=row[8],
                    reports=_json_list(row[9]),
                    responds_to=_json_list(row[10]),
                    inferred_responds_to=_json_list(row[11]),
                    reasons=_json_list(row[12]),
                )
            )
        return out

    def event_count(self) -> int:
        """Number of fused events stored."""
        return int(self._con.execute("SELECT count(*) FROM events").fetchall()[0][0])

    def links(self) -> list[Link]:
        """Stored responds-to links."""
        rows = self._con.execute(
            "SELECT source_event, target_event, kind, score, reason FROM links "
            "ORDER BY source_event, target_event, kind"
        ).fetchall()
        return [Link(*row) for row in rows]

    def story(self) -> Story:
        """The stored story as one `Story`."""
        rows = self._con.execute(
            "SELECT doc_id, published, evidence FROM inferred_dates ORDER BY doc_id"
        ).fetchall()
        return Story(
            events=tuple(self.events()),
            links=tuple(self.links()),
            inferred_published={r[0]: r[1] for r in rows},
            inferred_evidence={r[0]: r[2] for r in rows if r[2] is not None},
        )

    # --- ledger --------------------------------------------------------------------

    def add_ledger_snapshot(
        self, entries: Iterable[LedgerEntry], *, at: dt.datetime | None = None
    ) -> int:
        """Store one snapshot of ledger entries (stamped `at`, default now)."""
        self._check_writable()
        entries = list(entries)
        if not entries:
            return 0
        table = pa.table(
            {
                "side": pa.array([e.side for e in entries], _STR),
                "measure": pa.array([e.measure for e in entries], _STR),
                "value": pa.array([e.value for e in entries], pa.int64()),
                "date": pa.array([e.date for e in entries], _STR),
                "sources": pa.array([list(e.sources) for e in entries], _STR_LIST),
                "note": pa.array([e.note for e in entries], _STR),
            }
        )
        stamp = (at or _now()).isoformat(sep=" ")
        with self.transaction():
            self._insert(
                "ledger",
                table,
                f"side, measure, value, date, to_json(sources), note, TIMESTAMP '{stamp}'",
            )
        return len(entries)

    def ledger(self, side: str | None = None) -> list[LedgerEntry]:
        """Entries of the latest ledger snapshot (optionally of one side)."""
        sql = (
            "SELECT side, measure, value, date, sources, note FROM ledger "
            "WHERE snapshot_at = (SELECT max(snapshot_at) FROM ledger)"
        )
        params: list[Any] = []
        if side is not None:
            sql += " AND side = ?"
            params.append(side)
        sql += " ORDER BY side, measure, date NULLS FIRST"
        return [
            LedgerEntry(r[0], r[1], r[2], r[3], _json_list(r[4]), r[5] or "")
            for r in self._con.execute(sql, params).fetchall()
        ]

    # --- export --------------------------------------------------------------------

    def export(self, table: str, fmt: str, out_path: str | Path) -> int:
        """Write one table to `out_path` as parquet, csv or jsonl; returns the row count."""
        if table not in TABLES:
            raise StoreError(f"unknown table {table!r}; tables are: {', '.join(TABLES)}")
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown format {fmt!r}; formats are: {', '.join(EXPORT_FORMATS)}")
        options = {
            "parquet": "FORMAT parquet",
            "csv": "FORMAT csv, HEADER true",
            "jsonl": "FORMAT json",
        }[fmt]
        columns = ", ".join(_EXPORT_COLUMNS[table])
        order = {"documents": "doc_id, version", "reports": "doc_id, version, id"}.get(table)
        select = f"SELECT {columns} FROM {table}"
        if table == "events":
            select += " ORDER BY date_lo NULLS LAST, date_hi NULLS LAST, id"
        elif order:
            select += f" ORDER BY {order}"
        out = Path(out_path)
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con.execute(f"COPY ({select}) TO {_sql_string(str(out))} ({options})")
        except duckdb.Error as exc:
            raise StoreError(f"{out}: cannot export {table}: {exc}") from None
        return int(self._con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables."""
        return {
            t: int(self._con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]) for t in TABLES
        }


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _sql_param(value: str | None) -> str:
    return "NULL::VARCHAR" if value is None else _sql_string(value)


def _hashed(doc: Document) -> Document:
    from dataclasses import replace

    from parity.ingest.text import content_hash

    return replace(doc, content_hash=content_hash(doc.text))


def _reports_table(reports: list[Report]) -> pa.Table:
    with _gc_paused():
        return _reports_columns(reports)


def _reports_columns(reports: list[Report]) -> pa.Table:
    events = [r.event for r in reports]
    evidence = [e.evidence for e in events]
    return pa.table(
        {
            "doc_id": pa.array([e.doc_id for e in events], _STR),
            "version": pa.array([r.version for r in reports], pa.int32()),
            "id": pa.array([e.id for e in events], _STR),
            "origin": pa.array([r.origin for r in reports], _STR),
            "source": pa.array([e.source for e in events], _STR),
            "target": pa.array([e.target for e in events], _STR),
            "source_actor": pa.array([e.source_actor for e in events], _STR),
            "move": pa.array([e.move for e in events], _STR),
            "status": pa.array([e.status for e in events], _STR),
            "quantity": pa.array([e.quantity for e in events], pa.int64()),
            "unit": pa.array([e.unit for e in events], _STR),
            "date": pa.array([e.date for e in events], _STR),
            "responds_to": _string_lists([e.responds_to for e in events]),
            "evidence_text": pa.array([v.text if v else None for v in evidence], _STR),
            "evidence_start": pa.array([v.start if v else None for v in evidence], pa.int32()),
            "evidence_end": pa.array([v.end if v else None for v in evidence], pa.int32()),
            "confidence": pa.array([e.confidence for e in events], pa.float64()),
            "date_expr": pa.array([e.date_expr for e in events], _STR),
            "quantity_hint": pa.array([e.quantity_hint for e in events], _STR),
            "url": pa.array([r.url for r in reports], _STR),
            "goldstein": pa.array([r.goldstein for r in reports], pa.float64()),
        }
    )


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large column lists: the lists
    hold no cycles, and each collection would walk every object of the batch."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _events_table(events: Iterable[StoryEvent]) -> pa.Table:
    events = events if isinstance(events, list | tuple) else list(events)
    with _gc_paused():
        # one list comprehension per field: plain attribute access is the fastest way
        # to read a million frozen dataclasses
        return pa.table(
            {
                "id": pa.array([e.id for e in events], _STR),
                "source": pa.array([e.source for e in events], _STR),
                "target": pa.array([e.target for e in events], _STR),
                "move": pa.array([e.move for e in events], _STR),
                "status": pa.array([e.status for e in events], _STR),
                "quantity": pa.array([e.quantity for e in events], pa.int64()),
                "unit": pa.array([e.unit for e in events], _STR),
                "date": pa.array([e.date for e in events], _STR),
                "source_actor": pa.array([e.source_actor for e in events], _STR),
                "reports": _string_lists([e.reports for e in events]),
                "responds_to": _string_lists([e.responds_to for e in events]),
                "inferred_responds_to": _string_lists([e.inferred_responds_to for e in events]),
                "reasons": _string_lists([e.reasons for e in events]),
            }
        )


def _string_lists(values: list[tuple[str, ...]]) -> pa.Array:
    """An Arrow list<string> array from tuples of strings, built from flat buffers
    (about three times faster than `pa.array` on a million short tuples)."""
    offsets = np.zeros(len(values) + 1, dtype=np.int32)
    if not any(values):  # all empty, the usual case for some fields
        return pa.ListArray.from_arrays(pa.array(offsets), pa.array([], _STR))
    lengths = np.fromiter(map(len, values), dtype=np.int32, count=len(values))
    np.cumsum(lengths, out=offsets[1:])
    flat = pa.array(list(itertools.chain.from_iterable(values)), _STR)
    return pa.ListArray.from_arrays(pa.array(offsets), flat)


def _period(value: str, end: bool) -> str:
    """First (or last) ISO day of a possibly partial date, for range filters."""
    from parity.errors import ParityError

    value = value.strip()
    try:
        if len(value) == 4:
            return f"{int(value):04d}-12-31" if end else f"{int(value):04d}-01-01"
        if len(value) == 7:
            first = dt.date.fromisoformat(value + "-01")
            if not end:
                return first.isoformat()
            following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            return (following - dt.timedelta(days=1)).isoformat()
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ParityError(f"not a date: {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)") from None


def _event_filters(
    dyad: str | None, move: str | None, since: str | None, until: str | None, status: str | None
) -> tuple[list[str], list[Any]]:
    from parity.errors import ParityError

    where: list[str] = []
    params: list[Any] = []
    if dyad:
        directed = ">" in dyad
        a, sep, b = dyad.replace(">", "-").partition("-")
        a, b = a.strip().upper(), b.strip().upper()
        if not sep or not a or not b:
            raise ParityError(f"not a dyad: {dyad!r} (use A-B, e.g. USA-RUS, or A>B for one way)")
        if directed:
            where.append("source = ? AND target = ?")
            params += [a, b]
        elif a == b:
            where.append("source = ? AND target = ?")
            params += [a, b]
        else:
            # the same rows as (source=A AND target=B) OR (source=B AND target=A), written as
            # per-column IN filters that DuckDB pushes down into the scan
            where.append("source IN (?, ?) AND target IN (?, ?) AND source <> target")
            params += [a, b, a, b]
    if move:
        where.append("move = ?")
        params.append(move)
    if status:
        where.append("status = ?")
        params.append(status)
    if since:
        where.append("date_hi >= CAST(? AS DATE)")
        params.append(_period(since, end=False))
    if until:
        where.append("date_lo <= CAST(? AS DATE)")
        params.append(_period(until, end=True))
    return where, params
