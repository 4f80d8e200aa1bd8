"""Commands over the DuckDB store: ingest, events, export, import-gdelt."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from parity import api
from parity.cli.common import DB_OPTION, SET_OPTION, console, err_console, user_errors, warn
from parity.settings import DEFAULT


class EventFormat(StrEnum):
    table = "table"
    jsonl = "jsonl"
    csv = "csv"


class ExportFormat(StrEnum):
    parquet = "parquet"
    csv = "csv"
    jsonl = "jsonl"


class ExportTable(StrEnum):
    all = "all"
    documents = "documents"
    reports = "reports"
    events = "events"
    links = "links"
    ledger = "ledger"


def _progress_bar(label: str) -> Progress:
    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )


def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
    published: Annotated[
        str | None, typer.Option("--published", help="Publication date for undated documents.")
    ] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", help="Name of this source or batch, stored with each document."),
    ] = None,
    id_col: Annotated[
        str, typer.Option("--id-col", help="JSONL/CSV field holding the document id.")
    ] = "doc_id",
    text_col: Annotated[
        str, typer.Option("--text-col", help="JSONL/CSV field holding the text.")
    ] = "text",
    html_col: Annotated[
        str, typer.Option("--html-col", help="JSONL/CSV field holding raw HTML.")
    ] = "html",
    date_col: Annotated[
        str, typer.Option("--date-col", help="JSONL/CSV field holding the date.")
    ] = "published",
    url_col: Annotated[
        str, typer.Option("--url-col", help="JSONL/CSV field holding the URL.")
    ] = "url",
    title_col: Annotated[
        str, typer.Option("--title-col", help="JSONL/CSV field holding the title.")
    ] = "title",
    outlet_col: Annotated[
        str, typer.Option("--outlet-col", help="JSONL/CSV field holding the outlet.")
    ] = "outlet",
    no_extract: Annotated[
        bool, typer.Option("--no-extract", help="Store documents only; extract later.")
    ] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Extraction worker processes.")
    ] = 1,
    db: Path = DB_OPTION,
    set_: list[str] = SET_OPTION,
) -> None:
    """Read articles into the store, extract their events and rebuild the fused story.

    Re-ingesting the same content is a no-op and changed content becomes a new
    version; bad files are reported one line each and skipped (exit status 1).
    Ctrl-C keeps every finished batch; run the same command again to continue.

    Example: parity ingest articles/ feed.jsonl --text-col body --date-col pubdate --db news.duckdb
    """
    with user_errors():
        settings = DEFAULT.override(set_)
        columns = api.Columns(
            doc_id=id_col,
            text=text_col,
            html=html_col,
            published=date_col,
            url=url_col,
            title=title_col,
            outlet=outlet_col,
        )
        with _progress_bar("ingest") as bar:
            task = bar.add_task("ingest", total=None)

            def progress(done: int, total: int | None) -> None:
                bar.update(task, completed=done, total=total)

            try:
                summary = api.ingest(
                    paths,
                    db,
                    published=published,
                    columns=columns,
                    source_name=source,
                    extract=not no_extract,
                    settings=settings,
                    progress=progress,
                    jobs=jobs,
                )
            except KeyboardInterrupt:
                err_console.print(
                    "interrupted: finished batches are stored; run the same command again to continue",
                    highlight=False,
                )
                raise typer.Exit(130) from None
        for line in summary.failed:
            warn(line)
        console.print(summary.line(), highlight=False)
        if summary.failed:
            raise typer.Exit(1)


def events(
    dyad: Annotated[
        str | None,
        typer.Option("--dyad", help="A-B: events between A and B (A>B: by A against B)."),
    ] = None,
    move: Annotated[
        str | None, typer.Option("--move", help="Only this move, e.g. expel_personnel.")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only events on or after this date.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Only events on or before this date.")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", help="occurred, announced, threatened, considered or denied."),
    ] = None,
    fmt: Annotated[
        EventFormat, typer.Option("--format", help="Output format.")
    ] = EventFormat.table,
    db: Path = DB_OPTION,
) -> None:
    """List the fused events in the store, in time order.

    Example: parity events --dyad USA-RUS --since 2017-01-01 --move expel_personnel --format jsonl
    """
    with user_errors():
        found = api.query_events(db, dyad=dyad, move=move, since=since, until=until, status=status)
        if fmt is EventFormat.jsonl:
            for event in found:
                sys.stdout.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
            return
        if fmt is EventFormat.csv:
            fields = list(found[0].to_dict()) if found else ["id"]
            writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
            writer.writeheader()
            for event in found:
                row = event.to_dict()
                for key, value in row.items():
                    if isinstance(value, list):
                        row[key] = ";".join(value)
                writer.writerow(row)
            return
        table = Table("date", "source", "move", "target", "qty", "status", "id", "reports")
        for event in found:
            quantity = "" if event.quantity is None else str(event.quantity)
            table.add_row(
                event.date or "?",
                event.source or "?",
                event.move,
                event.target or "?",
                quantity,
                event.status,
                event.id,
                str(len(event.reports)),
            )
        console.print(table)
        console.print(f"{len(found)} events", highlight=False)


def export(
    out: Annotated[Path, typer.Argument(help="Output file (one table) or folder (all tables).")],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="parquet, csv or jsonl.")],
    table: Annotated[
        ExportTable, typer.Option("--table", help="Which table to export.")
    ] = ExportTable.all,
    db: Path = DB_OPTION,
) -> None:
    """Export documents, reports, events, links and the ledger as Parquet, CSV or JSON lines.

    With --table all (the default) OUT is a folder that receives one file per table.

    Example: parity export --format parquet exports/ --db news.duckdb
    """
    with user_errors():
        tables = None if table is ExportTable.all else [table.value]
        written = api.export_store(db, fmt.value, out, tables)
        for path, rows in written.items():
            console.print(f"{path}: {rows} rows", highlight=False)


def import_gdelt(
    files: Annotated[
        list[Path], typer.Argument(help="GDELT 1.0 or 2.0 event export files (.CSV or .zip).")
    ],
    no_fuse: Annotated[
        bool, typer.Option("--no-fuse", help="Do not rebuild the fused story afterwards.")
    ] = False,
    db: Path = DB_OPTION,
    set_: list[str] = SET_OPTION,
) -> None:
    """Import the diplomatic moves of GDELT event exports as reports (origin gdelt).

    Rows whose CAMEO EventCode maps to a parity move between two states are kept,
    with their SOURCEURL and GoldsteinScale; importing a file again changes nothing.

    Example: parity import-gdelt 20170831.export.CSV.zip --db news.duckdb
    """
    with user_errors():
        settings = DEFAULT.override(set_)
        with _progress_bar("gdelt rows") as bar:
            task = bar.add_task("gdelt", total=None)
            summary = api.import_gdelt(
                files,
                db,
                fuse=not no_fuse,
                settings=settings,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        for line in summary.failed:
            warn(line)
        console.print(summary.line(), highlight=False)
        if summary.failed:
            raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the store commands to the `parity` app."""
    app.command("ingest")(ingest)
    app.command("events")(events)
    app.command("export")(export)
    app.command("import-gdelt")(import_gdelt)
