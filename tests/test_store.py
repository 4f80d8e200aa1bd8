"""The DuckDB store, ingest into it, faults (kill, lock), GDELT import and the store CLI."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from parity.errors import ParityError, StoreError, StoreLockedError
from parity.ingest import gdelt as gdelt_reader
from parity.ingest import run as ingest_run
from parity.model import Document, Event, Evidence, LedgerEntry, Link, Story, StoryEvent
from parity.store import SCHEMA_VERSION, Store

ROOT = Path(__file__).resolve().parents[1]


# --- fixtures ------------------------------------------------------------------------


def fake_extract(docs, *, jobs=1, settings=None):
    """A deterministic stand-in for the extraction pipeline: one event per document."""
    for doc in docs:
        yield (
            doc,
            [
                Event(
                    doc_id=doc.doc_id,
                    id="e1",
                    source="USA",
                    target="RUS",
                    move="expel_personnel",
                    status="occurred",
                    quantity=len(doc.text),
                    unit="personnel",
                    date=doc.published,
                    evidence=Evidence(doc.text[:20], 0, min(20, len(doc.text))),
                )
            ],
        )


def fake_fuse(reports, documents, settings):
    """A stand-in for fusion: one story event per report, in key order."""
    ordered = sorted(reports, key=lambda e: e.key)
    return Story(
        events=tuple(
            StoryEvent(
                id=f"S{i}",
                source=e.source,
                target=e.target,
                move=e.move,
                status=e.status,
                quantity=e.quantity,
                date=e.date,
                reports=(e.key,),
            )
            for i, e in enumerate(ordered, 1)
        )
    )


@pytest.fixture
def fakes(monkeypatch):
    """Run ingest with the fake extractor and fusion (the real ones have their own tests)."""
    import parity.fuse

    monkeypatch.setattr(ingest_run, "_extractor", lambda: fake_extract)
    monkeypatch.setattr(parity.fuse, "fuse", fake_fuse)


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "parity.duckdb"


def corpus(folder: Path, n: int, start: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        (folder / f"doc{i:04d}.txt").write_text(
            f"Aug. {1 + i % 28}, 2017\nThe US expelled {i} Russian diplomats in case {i}.\n",
            encoding="utf-8",
        )
    return folder


def doc(doc_id: str, text: str, **kw) -> Document:
    from parity.ingest.text import content_hash

    return Document(doc_id=doc_id, text=text, content_hash=content_hash(text), **kw)


def event(doc_id: str, id: str = "e1", **kw) -> Event:
    fields = dict(source="USA", target="RUS", move="close_facility", status="occurred")
    fields.update(kw)
    return Event(doc_id=doc_id, id=id, **fields)


def snapshot(path: Path) -> dict[str, list]:
    """Documents, reports and events of a store, without timestamps, for comparisons."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            "documents": con.execute(
                "SELECT doc_id, version, content_hash, text, published, published_source, path, "
                "extracted FROM documents ORDER BY doc_id, version"
            ).fetchall(),
            "reports": con.execute("SELECT * FROM reports ORDER BY doc_id, version, id").fetchall(),
            "events": con.execute("SELECT * FROM events ORDER BY id").fetchall(),
        }
    finally:
        con.close()


# --- schema and documents --------------------------------------------------------------


def test_new_store_gets_the_schema_and_its_version(db):
    with Store.open(db) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.counts() == {
            t: 0 for t in ("documents", "reports", "events", "links", "ledger")
        }


def test_old_store_is_migrated_on_open(db):
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE schema_version (version INTEGER, migrated_at TIMESTAMP)")
    con.close()
    with Store.open(db) as store:
        assert store.schema_version() == SCHEMA_VERSION


def test_newer_store_is_refused(db):
    Store.open(db).close()
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO schema_version VALUES (99, now())")
    con.close()
    with pytest.raises(StoreError, match="schema version 99, newer"):
        Store.open(db)


def test_read_only_open_of_missing_store(tmp_path):
    with pytest.raises(StoreError, match="no such store"):
        Store.open(tmp_path / "none.duckdb", read_only=True)


def test_add_documents_skips_same_content_and_versions_changes(db):
    with Store.open(db) as store:
        assert store.add_documents([doc("a", "One."), doc("b", "Two.")]) == (2, 0, 0)
        assert store.add_documents([doc("a", "One."), doc("b", "Two, edited.")]) == (0, 1, 1)
        assert store.add_documents([doc("b", "Two.")]) == (0, 1, 0)  # an old text is not re-added
        assert [(d.doc_id, d.text) for d in store.documents()] == [
            ("a", "One."),
            ("b", "Two, edited."),
        ]
        assert len(store.documents(latest=False)) == 3
        assert store.has_document("b", doc("b", "Two.").content_hash)
        assert not store.has_document("b", doc("b", "Three.").content_hash)


def test_documents_round_trip_with_metadata(db):
    original = doc(
        "a",
        "Text.",
        published="2017-08-31",
        published_source="dateline",
        url="u",
        title="t",
        outlet="o",
        path="p",
    )
    with Store.open(db) as store:
        store.add_documents([original], source_name="wire")
        assert store.documents() == [original]


def test_reports_round_trip_and_replace(db):
    e1 = event(
        "a",
        "e1",
        quantity=3,
        unit="facilities",
        responds_to=("e2",),
        evidence=Evidence("closed", 4, 10),
        date_expr="Tuesday",
    )
    e2 = event("a", "e2", move="impose_sanctions", status="announced", quantity_hint="dozens")
    with Store.open(db) as store:
        store.add_documents([doc("a", "Some text.")])
        assert store.add_reports("a", 1, [e1, e2]) == 2
        store.add_reports("a", 1, [e1, e2])  # storing twice replaces
        assert store.reports() == [e1, e2]
        assert store.report_count() == 2


def test_reports_of_the_latest_document_version_only(db):
    with Store.open(db) as store:
        store.add_documents([doc("a", "Old.")])
        store.add_reports("a", 1, [event("a")])
        store.add_documents([doc("a", "New.")])
        assert store.reports() == []  # version 2 has no reports yet
        assert len(store.reports(latest=False)) == 1


def test_report_from_another_document_is_refused(db):
    with Store.open(db) as store, pytest.raises(StoreError, match="does not belong"):
        store.add_reports("a", 1, [event("b")])


def test_story_round_trip_and_queries(db):
    story = Story(
        events=(
            StoryEvent(
                "S1",
                "USA",
                "RUS",
                "impose_sanctions",
                "occurred",
                date="2017-08-02",
                reports=("a:e1", "b:e2"),
            ),
            StoryEvent(
                "S2",
                "RUS",
                "USA",
                "cap_personnel",
                "occurred",
                455,
                "personnel",
                "2017-07",
                responds_to=("S1",),
            ),
            StoryEvent(
                "S3",
                "USA",
                "RUS",
                "close_facility",
                "occurred",
                3,
                "facilities",
                "2017-08-31",
                inferred_responds_to=("S2",),
                reasons=("lag 30d",),
            ),
            StoryEvent("S4", "RUS", "USA", "expel_personnel", "considered", 155, "personnel", None),
            StoryEvent(
                "S5", "CHN", "USA", "close_facility", "occurred", 1, "facilities", "2020-07-24"
            ),
        ),
        links=(Link("S2", "S1", "stated"), Link("S3", "S2", "inferred", 0.8, "reversed dyad")),
        inferred_published={"a": "2017-09-05"},
        inferred_evidence={"a": "anchored on S3"},
    )
    with Store.open(db) as store:
        store.replace_story(story)
        assert store.story() == dataclasses.replace(story, events=tuple(store.events()))
        assert [e.id for e in store.events()] == ["S2", "S1", "S3", "S5", "S4"]
        assert [e.id for e in store.events(dyad="USA-RUS")] == ["S2", "S1", "S3", "S4"]
        assert [e.id for e in store.events(dyad="rus>usa")] == ["S2", "S4"]
        assert [e.id for e in store.events(since="2017-07-15", until="2017-08")] == [
            "S2",
            "S1",
            "S3",
        ]
        assert [e.id for e in store.events(since="2017-08-15")] == ["S3", "S5"]
        assert [e.id for e in store.events(until="2017")] == ["S2", "S1", "S3"]
        assert [e.id for e in store.events(move="close_facility", status="occurred")] == [
            "S3",
            "S5",
        ]
        assert store.events(dyad="USA-RUS")[0] == story.events[1]
        store.replace_story(Story(events=story.events[:1]))
        assert store.event_count() == 1 and store.links() == []


@pytest.mark.parametrize("dyad", ["USA", "-RUS", "USA-"])
def test_bad_dyad(db, dyad):
    with Store.open(db) as store, pytest.raises(ParityError, match="not a dyad"):
        store.events(dyad=dyad)


def test_bad_date_filter(db):
    with Store.open(db) as store, pytest.raises(ParityError, match="not a date"):
        store.events(since="last week")


def test_ledger_snapshots(db):
    with Store.open(db) as store:
        store.add_ledger_snapshot(
            [LedgerEntry("USA_in_RUS", "ceiling", 455, "2017-09-01", ("S2",))]
        )
        import datetime as dt

        later = dt.datetime.now() + dt.timedelta(days=1)
        store.add_ledger_snapshot(
            [LedgerEntry("USA_in_RUS", "ceiling", 300, "2017-09-05", ("S4",), "UN excluded")],
            at=later,
        )
        assert store.ledger() == [
            LedgerEntry("USA_in_RUS", "ceiling", 300, "2017-09-05", ("S4",), "UN excluded")
        ]


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
@pytest.mark.parametrize("table", ["documents", "reports", "events", "links", "ledger"])
def test_export_every_table(db, tmp_path, fmt, table):
    with Store.open(db) as store:
        store.add_documents([doc("a", 'Text, with "quotes".')])
        store.add_reports("a", 1, [event("a", responds_to=("e0",))])
        store.replace_story(
            Story(
                events=(
                    StoryEvent("S1", "USA", "RUS", "close_facility", "occurred", reports=("a:e1",)),
                ),
                links=(Link("S1", "S1", "stated"),),
            )
        )
        store.add_ledger_snapshot([LedgerEntry("USA_in_RUS", "personnel", 455)])
        out = tmp_path / f"{table}.{fmt}"
        assert store.export(table, fmt, out) == 1
    rows = duckdb.sql(
        {
            "parquet": f"SELECT * FROM read_parquet('{out}')",
            "csv": f"SELECT * FROM read_csv('{out}')",
            "jsonl": f"SELECT * FROM read_json_auto('{out}')",
        }[fmt]
    ).fetchall()
    assert len(rows) == 1


def test_events_export_keeps_lists_as_json(db, tmp_path):
    with Store.open(db) as store:
        store.replace_story(
            Story(
                events=(
                    StoryEvent(
                        "S1", "USA", "RUS", "close_facility", "occurred", reports=("a:e1", "b:e3")
                    ),
                )
            )
        )
        store.export("events", "jsonl", tmp_path / "e.jsonl")
    line = json.loads((tmp_path / "e.jsonl").read_text().splitlines()[0])
    assert line["reports"] == ["a:e1", "b:e3"]
    assert StoryEvent.from_dict(line).reports == ("a:e1", "b:e3")


def test_transaction_rolls_back_on_error(db):
    with Store.open(db) as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.add_documents([doc("a", "One.")])
            store.add_reports("a", 1, [event("a")])
            raise RuntimeError("crash")
        assert store.documents() == [] and store.report_count() == 0


def test_read_only_store_refuses_writes(db):
    Store.open(db).close()
    with Store.open(db, read_only=True) as store, pytest.raises(StoreError, match="read-only"):
        store.add_documents([doc("a", "One.")])


# --- ingest ------------------------------------------------------------------------------


def test_ingest_a_folder_twice_stores_each_document_once(tmp_path, db, fakes):
    folder = corpus(tmp_path / "corpus", 5)
    first = ingest_run.ingest([folder], db)
    second = ingest_run.ingest([folder], db)
    assert (first.new, first.skipped, first.events, first.fused) == (5, 0, 5, True)
    assert (second.new, second.skipped, second.events) == (0, 5, 0)
    with Store.open(db, read_only=True) as store:
        assert len(store.documents(latest=False)) == 5
        assert store.report_count() == 5
        assert store.event_count() == 5
        assert store.documents()[0].published == "2017-08-01"


def test_ingest_changed_file_is_a_new_version(tmp_path, db, fakes):
    folder = corpus(tmp_path / "corpus", 2)
    ingest_run.ingest([folder], db)
    (folder / "doc0001.txt").write_text("Edited: the US expelled 35 diplomats.", encoding="utf-8")
    summary = ingest_run.ingest([folder], db)
    assert (summary.new, summary.skipped, summary.versioned, summary.events) == (0, 1, 1, 1)
    with Store.open(db, read_only=True) as store:
        assert store.document_versions() == {"doc0000": 1, "doc0001": 2}
        assert [e.quantity for e in store.reports("doc0001")] == [
            len("Edited: the US expelled 35 diplomats.")
        ]


def test_ingest_reports_bad_files_and_goes_on(tmp_path, db, fakes):
    folder = corpus(tmp_path / "corpus", 2)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "bin.txt").write_bytes(b"\x00\x01")
    summary = ingest_run.ingest([folder, tmp_path / "missing.txt"], db)
    assert summary.new == 2
    assert sorted(summary.failed) == sorted(
        [
            f"{folder / 'empty.txt'}: empty file",
            f"{folder / 'bin.txt'}: binary file (NUL bytes)",
            f"{tmp_path / 'missing.txt'}: no such file or directory",
        ]
    )
    assert summary.line() == "documents: 2 new, 0 skipped, 0 versions, 3 failed; events: 2"


def test_ingest_without_extraction_then_with(tmp_path, db, fakes):
    folder = corpus(tmp_path / "corpus", 3)
    bare = ingest_run.ingest([folder], db, extract=False)
    assert (bare.new, bare.events, bare.fused) == (3, 0, False)
    later = ingest_run.ingest([folder], db)
    assert (later.new, later.skipped, later.events, later.fused) == (0, 3, 3, True)
    assert ingest_run.ingest([folder], db).events == 0


def test_ingest_progress_reports_documents(tmp_path, db, fakes):
    folder = corpus(tmp_path / "corpus", 5)
    seen = []
    ingest_run.ingest(
        [folder],
        db,
        settings=ingest_run.DEFAULT.override(["batch_size=2"]),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(2, 5), (4, 5), (5, 5)]


def test_ingest_rebuilds_a_stale_story_on_rerun(tmp_path, db, fakes, monkeypatch):
    folder = corpus(tmp_path / "corpus", 3)
    monkeypatch.setattr(
        ingest_run,
        "rebuild_story",
        lambda store, settings: (_ for _ in ()).throw(KeyboardInterrupt),
    )
    with pytest.raises(KeyboardInterrupt):
        ingest_run.ingest([folder], db)
    monkeypatch.undo()
    import parity.fuse

    monkeypatch.setattr(ingest_run, "_extractor", lambda: fake_extract)
    monkeypatch.setattr(parity.fuse, "fuse", fake_fuse)
    summary = ingest_run.ingest([folder], db)
    assert (summary.new, summary.skipped, summary.fused) == (0, 3, True)
    with Store.open(db, read_only=True) as store:
        assert store.event_count() == 3 and not store.story_is_stale()


def test_ingest_with_the_real_pipeline(tmp_path, db):
    pytest.importorskip("parity.extract.pipeline")
    pytest.importorskip("parity.fuse")
    seeds = ROOT / "seeds"
    if not seeds.exists():
        seeds = Path("/work/shared/seeds")
    files = sorted(seeds.glob("*.txt"))
    if not files:
        pytest.skip("no seed articles")
    try:
        summary = ingest_run.ingest(files, db)
    except (ImportError, OSError) as exc:  # e.g. the spaCy model is not installed
        pytest.skip(f"extraction unavailable: {exc}")
    assert summary.new == len(files) and summary.events > 0
    with Store.open(db, read_only=True) as store:
        assert store.report_count() == summary.events
        assert store.event_count() > 0


# --- faults: kill and lock -----------------------------------------------------------------

WORKER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {tests!r})
    import parity.fuse
    from parity.ingest import run
    import test_store as t

    def slow_extract(docs, *, jobs=1, settings=None):
        for item in t.fake_extract(docs):
            time.sleep(0.01)
            yield item

    run._extractor = lambda: slow_extract
    parity.fuse.fuse = t.fake_fuse

    def progress(done, total):
        print(done, flush=True)

    settings = run.DEFAULT.override(["batch_size=10"])
    summary = run.ingest([sys.argv[1]], sys.argv[2], settings=settings, progress=progress)
    print("DONE", summary.line(), flush=True)
    """
)


def run_worker(script: Path, folder: Path, db: Path, stop_after: int | None = None, sig=None):
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen(
        [sys.executable, str(script), str(folder), str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    lines = []
    for line in proc.stdout:
        lines.append(line.strip())
        if stop_after is not None and line.strip().isdigit() and int(line) >= stop_after:
            proc.send_signal(sig)
            break
    out, err = proc.communicate(timeout=120)
    lines += out.split()
    return proc.returncode, lines, err


@pytest.mark.slow
def test_killed_ingest_resumes_to_the_same_store(tmp_path):
    folder = corpus(tmp_path / "corpus", 200)
    script = tmp_path / "worker.py"
    script.write_text(WORKER.format(tests=str(Path(__file__).parent)), encoding="utf-8")

    reference = tmp_path / "reference.duckdb"
    code, lines, err = run_worker(script, folder, reference)
    assert code == 0, err
    assert any("200 new" in line for line in lines) or "DONE" in lines

    store = tmp_path / "interrupted.duckdb"
    code, lines, err = run_worker(script, folder, store, stop_after=50, sig=signal.SIGINT)
    # SIGINT lands either in Python (KeyboardInterrupt) or inside a DuckDB query, which
    # DuckDB reports as "Query interrupted": both are the interruption under test
    assert code != 0 and ("KeyboardInterrupt" in err or "Query interrupted" in err), err
    partial = snapshot(store)
    assert 50 <= len(partial["documents"]) < 200
    assert len(partial["reports"]) == len(partial["documents"])  # each batch is all or nothing

    code, lines, err = run_worker(script, folder, store, stop_after=120, sig=signal.SIGKILL)
    assert code == -signal.SIGKILL
    killed = snapshot(store)
    assert len(killed["reports"]) == len(killed["documents"]) >= len(partial["documents"])

    code, lines, err = run_worker(script, folder, store)
    assert code == 0, err
    assert snapshot(store) == snapshot(reference)


LOCKER = textwrap.dedent(
    """
    import sys, time
    from parity.store import Store
    store = Store.open(sys.argv[1])
    print("locked", flush=True)
    time.sleep(60)
    """
)


@pytest.fixture
def locked_store(tmp_path, db):
    Store.open(db).close()
    script = tmp_path / "locker.py"
    script.write_text(LOCKER, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, str(script), str(db)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout.readline().strip() == "locked"
    yield db
    proc.kill()
    proc.wait()


def test_second_writer_gets_a_clear_locked_error(locked_store):
    with pytest.raises(StoreLockedError) as info:
        Store.open(locked_store)
    assert str(info.value) == f"{locked_store}: store is locked by another process"


def test_ingest_into_a_locked_store_fails_cleanly(tmp_path, locked_store, fakes):
    folder = corpus(tmp_path / "corpus", 2)
    with pytest.raises(StoreLockedError):
        ingest_run.ingest([folder], locked_store)


# --- GDELT ---------------------------------------------------------------------------------


def gdelt_row(
    width: int,
    event_id: int,
    date: str,
    a1: str,
    a2: str,
    code: str,
    goldstein: str,
    url: str,
    *,
    g1: str = "",
    g2: str = "",
) -> str:
    """One row in the real GDELT layout (57, 58 or 61 tab-separated columns)."""
    cells = [""] * width
    cells[0], cells[1], cells[2], cells[3], cells[4] = (
        str(event_id),
        date,
        date[:6],
        date[:4],
        f"{date[:4]}.6575",
    )
    cells[5], cells[6], cells[7], cells[8] = a1 + "GOV" if a1 else "", a1, a1, g1
    cells[15], cells[16], cells[17], cells[18] = a2 + "GOV" if a2 else "", a2, a2, g2
    cells[25], cells[26], cells[27], cells[28] = "1", code, code[:3], code[:2]
    cells[29], cells[30], cells[31], cells[32], cells[33], cells[34] = (
        "4",
        goldstein,
        "10",
        "2",
        "10",
        "-5.2",
    )
    if width == 61:
        cells[59], cells[60] = date + "120000", url
    elif width == 58:
        cells[56], cells[57] = date, url
    else:
        cells[56] = date
    return "\t".join(cells)


def gdelt_file(path: Path, width: int) -> Path:
    rows = [
        gdelt_row(
            width, 1001, "20170831", "USA", "RUS", "161", "-4.0", "https://news.example/consulate"
        ),
        gdelt_row(
            width, 1002, "20170730", "RUS", "USA", "174", "-5.0", "https://news.example/expel"
        ),
        gdelt_row(
            width, 1003, "20170802", "USA", "RUS", "163", "-8.0", "https://news.example/sanctions"
        ),
        gdelt_row(
            width, 1004, "20170905", "RUS", "USA", "1312", "-5.8", "https://news.example/threat"
        ),
        gdelt_row(
            width, 1005, "20170901", "USA", "USA", "111", "-2.0", "https://news.example/domestic"
        ),
        gdelt_row(
            width, 1006, "20170901", "USA", "RUS", "190", "-10.0", "https://news.example/force"
        ),
        gdelt_row(
            width, 1007, "20170901", "EUR", "RUS", "163", "-8.0", "https://news.example/region"
        ),
        gdelt_row(
            width, 1008, "20180315", "ROM", "RUS", "174", "-5.0", "https://news.example/romania"
        ),
        gdelt_row(
            width, 1009, "20180314", "", "RUS", "163", "-8.0", "https://news.example/eu", g1="EEC"
        ),
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


EXPECTED = {
    "gdelt:1001": ("USA", "RUS", "recall_ambassador", "occurred", "2017-08-31"),
    "gdelt:1002": ("RUS", "USA", "expel_personnel", "occurred", "2017-07-30"),
    "gdelt:1003": ("USA", "RUS", "impose_sanctions", "occurred", "2017-08-02"),
    "gdelt:1004": ("RUS", "USA", "impose_sanctions", "threatened", "2017-09-05"),
    "gdelt:1008": ("ROU", "RUS", "expel_personnel", "occurred", "2018-03-15"),
    "gdelt:1009": ("EUR", "RUS", "impose_sanctions", "occurred", "2018-03-14"),
}


@pytest.mark.parametrize("width", [57, 58, 61])
def test_gdelt_rows_map_to_moves_and_dyads(tmp_path, width):
    counts = gdelt_reader.GdeltCounts()
    reports = list(gdelt_reader.read_gdelt([gdelt_file(tmp_path / "events.CSV", width)], counts))
    got = {
        r.event.doc_id: (r.event.source, r.event.target, r.event.move, r.event.status, r.event.date)
        for r in reports
    }
    assert got == EXPECTED
    assert (counts.rows, counts.kept, counts.errors) == (9, 6, [])
    first = reports[0]
    assert first.origin == "gdelt" and first.goldstein == -4.0 and first.event.id == "e1"
    assert first.url == (None if width == 57 else "https://news.example/consulate")


def test_gdelt_import_into_store_from_zip_is_idempotent(tmp_path, db, monkeypatch):
    import parity.fuse

    monkeypatch.setattr(parity.fuse, "fuse", fake_fuse)
    csv_path = gdelt_file(tmp_path / "20170831.export.CSV", 61)
    archive = tmp_path / "20170831.export.CSV.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(csv_path, csv_path.name)
    first = ingest_run.import_gdelt([archive], db)
    assert (first.rows, first.kept, first.new, first.existing, first.failed, first.fused) == (
        9,
        6,
        6,
        0,
        [],
        True,
    )
    again = ingest_run.import_gdelt([csv_path], db)
    assert (again.new, again.existing) == (0, 6)
    with Store.open(db, read_only=True) as store:
        assert store.report_count(origin="gdelt") == 6
        rows = store._con.execute(
            "SELECT doc_id, url, goldstein FROM reports WHERE doc_id = 'gdelt:1003'"
        ).fetchall()
        assert rows == [("gdelt:1003", "https://news.example/sanctions", -8.0)]
        assert {e.reports[0] for e in store.events(dyad="USA-RUS")} == {
            "gdelt:1001:e1",
            "gdelt:1002:e1",
            "gdelt:1003:e1",
            "gdelt:1004:e1",
        }


def test_gdelt_bad_inputs(tmp_path, db):
    good = gdelt_file(tmp_path / "good.CSV", 58)
    with open(good, "a", encoding="utf-8") as f:
        f.write("only\tthree\tcolumns\n")
    other = tmp_path / "other.csv"
    other.write_text("doc_id,text\na,b\n", encoding="utf-8")
    summary = ingest_run.import_gdelt([good, other, tmp_path / "nope.CSV"], db, fuse=False)
    assert summary.kept == 6
    assert summary.failed == [
        f"{good}: line 10: 3 columns; a GDELT event export has 57, 58 or 61",
        f"{other}: not a GDELT event export (line 1: 1 columns; a GDELT event export has 57, 58 or 61)",
        f"{tmp_path / 'nope.CSV'}: no such file or directory",
    ]


def test_cameo_map_moves_exist():
    from parity.lexicon import load_moves

    cameo = gdelt_reader.cameo_map()
    assert {spec["move"] for spec in cameo.events.values()} <= set(load_moves())
    assert cameo.events["174"]["move"] == "expel_personnel"
    assert cameo.events["1711"]["move"] == "seize_property"


# --- CLI ------------------------------------------------------------------------------------


@pytest.fixture
def cli():
    from parity.cli.store import register

    app = typer.Typer()
    register(app)
    return app


def test_cli_ingest_events_and_export(tmp_path, db, cli, fakes):
    folder = corpus(tmp_path / "corpus", 3)
    (folder / "bad.txt").write_bytes(b"")
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 1
    assert "documents: 3 new, 0 skipped, 0 versions, 1 failed; events: 3" in result.stdout
    assert "bad.txt: empty file" in result.output

    result = runner.invoke(
        cli, ["events", "--db", str(db), "--dyad", "USA-RUS", "--format", "jsonl"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["move"] for r in rows] == ["expel_personnel"] * 3

    result = runner.invoke(
        cli, ["events", "--db", str(db), "--since", "2017-08-02", "--format", "csv"]
    )
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 3  # header + 2

    result = runner.invoke(cli, ["events", "--db", str(db)])
    assert result.exit_code == 0 and "3 events" in result.stdout

    out = tmp_path / "exports"
    result = runner.invoke(cli, ["export", str(out), "--format", "parquet", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        f"{t}.parquet" for t in sorted(["documents", "reports", "events", "links", "ledger"])
    ]

    result = runner.invoke(
        cli,
        [
            "export",
            str(tmp_path / "docs.csv"),
            "--format",
            "csv",
            "--table",
            "documents",
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 0 and (tmp_path / "docs.csv").exists()


def test_cli_ingest_columns(tmp_path, db, cli, fakes):
    feed = tmp_path / "feed.csv"
    feed.write_text(
        "id,body,pubdate\n1,The US expelled 35 diplomats.,2016-12-29\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        cli,
        [
            "ingest",
            str(feed),
            "--id-col",
            "id",
            "--text-col",
            "body",
            "--date-col",
            "pubdate",
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 0, result.output
    with Store.open(db, read_only=True) as store:
        (stored,) = store.documents()
    assert (stored.doc_id, stored.published, stored.published_source) == (
        "1",
        "2016-12-29",
        "given",
    )


def test_cli_errors_are_one_line(tmp_path, db, cli):
    runner = CliRunner()
    result = runner.invoke(cli, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "no such store" in result.output
    Store.open(db).close()
    result = runner.invoke(cli, ["events", "--db", str(db), "--dyad", "USA"])
    assert result.exit_code == 1 and "not a dyad" in result.output
    result = runner.invoke(
        cli, ["ingest", "x.txt", "--published", "soon", "--no-extract", "--db", str(db)]
    )
    assert result.exit_code == 1 and "unreadable published date" in result.output


def test_cli_import_gdelt(tmp_path, db, cli, monkeypatch):
    import parity.fuse

    monkeypatch.setattr(parity.fuse, "fuse", fake_fuse)
    path = gdelt_file(tmp_path / "events.CSV", 58)
    result = CliRunner().invoke(cli, ["import-gdelt", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert (
        "gdelt rows: 9 read, 6 kept as reports (6 new, 0 already stored); 0 failed" in result.stdout
    )


def test_cli_commands_have_examples(cli):
    from parity.cli import store as commands

    for name in ("ingest", "events", "export", "import_gdelt"):
        assert "Example: parity " in getattr(commands, name).__doc__


def test_cli_locked_store(tmp_path, locked_store, cli, fakes):
    folder = corpus(tmp_path / "corpus", 1)
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(locked_store)])
    assert result.exit_code == 1
    assert "store is locked by another process" in result.output


def test_gdelt_pseudo_documents_reach_fusion(tmp_path, db, monkeypatch):
    seen = {}

    def spy(reports, documents, settings):
        seen.update(documents)
        return fake_fuse(reports, documents, settings)

    import parity.fuse

    monkeypatch.setattr(parity.fuse, "fuse", spy)
    ingest_run.import_gdelt([gdelt_file(tmp_path / "e.CSV", 58)], db)
    assert seen["gdelt:1001"].published == "2017-08-31"
    assert seen["gdelt:1001"].url == "https://news.example/consulate"


def test_store_timing_smoke(db):
    """A small bulk write is fast (the 1M-row benchmark is benchmarks/store_speed.py)."""
    events = tuple(
        StoryEvent(f"S{i}", "USA", "RUS", "accuse", "occurred", date="2017-08-31")
        for i in range(20_000)
    )
    with Store.open(db) as store:
        start = time.perf_counter()
        store.replace_story(Story(events=events))
        assert time.perf_counter() - start < 10
        assert len(store.events(dyad="USA-RUS")) == 20_000
