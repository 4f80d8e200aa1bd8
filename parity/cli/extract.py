"""`parity extract`: articles in, one event per line out."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import typer
from rich.progress import Progress
from rich.table import Table

from parity import api
from parity.cli.common import SET_OPTION, console, user_errors, warn
from parity.errors import InputError
from parity.settings import DEFAULT

CSV_FIELDS = [
    "doc_id",
    "id",
    "source",
    "source_actor",
    "target",
    "move",
    "quantity",
    "unit",
    "status",
    "date",
    "responds_to",
    "evidence",
    "confidence",
]


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)


def extract(
    paths: list[str] = typer.Argument(
        ..., help="Files (.txt .html .jsonl .csv .json), folders (recursive) or - for stdin."
    ),
    published: str = typer.Option(
        None, "--published", help="Publication date (YYYY-MM-DD) for documents that carry none."
    ),
    fmt: str = typer.Option(
        "jsonl", "--format", "-f", help="jsonl (the event contract), csv or table."
    ),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="spaCy processes for parsing."),
    text_col: str = typer.Option("text", "--text-col", help="Text column of .jsonl/.csv corpora."),
    date_col: str = typer.Option(
        "published", "--date-col", help="Publication date column of corpora."
    ),
    id_col: str = typer.Option("doc_id", "--id-col", help="Document id column of corpora."),
    progress: bool = typer.Option(
        None,
        "--progress/--no-progress",
        help="Progress bar on stderr (default: when stderr is a terminal).",
    ),
    settings: list[str] = SET_OPTION,
) -> None:
    """Extract tit-for-tat events from articles, one event per line (DESIGN.md contract).

    Bad inputs (empty, binary, not UTF-8, too large, malformed) are reported as one
    line each on stderr and skipped; the exit status is 1 if any input failed.

    Example: parity extract news/ --published 2017-09-05 --format table
    """
    if fmt not in ("jsonl", "csv", "table"):
        raise typer.BadParameter("choose jsonl, csv or table", param_hint="--format")
    failed = 0
    with user_errors():
        conf = DEFAULT.override(settings)

        def documents():
            nonlocal failed
            for item in api.read(
                paths, published, settings=conf, text_col=text_col, date_col=date_col, id_col=id_col
            ):
                if isinstance(item, InputError):
                    failed += 1
                    warn(str(item))
                else:
                    yield item

        show = sys.stderr.isatty() if progress is None else progress
        rows = []
        writer = csv.DictWriter(sys.stdout, fieldnames=CSV_FIELDS) if fmt == "csv" else None
        if writer:
            writer.writeheader()
        with Progress(
            console=console.__class__(stderr=True), transient=True, disable=not show
        ) as bar:
            task = bar.add_task("extracting", total=None)
            for _doc, events in api.extract(documents(), jobs=jobs, settings=conf):
                bar.advance(task)
                for event in events:
                    if fmt == "jsonl":
                        sys.stdout.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
                    elif writer:
                        row = event.to_dict()
                        row["responds_to"] = " ".join(event.responds_to)
                        row["evidence"] = event.evidence.text if event.evidence else ""
                        writer.writerow({k: row.get(k) for k in CSV_FIELDS})
                    else:
                        rows.append(event)
        if fmt == "table":
            console.print(events_table(rows))
    if failed:
        raise typer.Exit(1)


def events_table(events, title: str | None = None) -> Table:
    """A rich table of per-document events with their evidence."""
    table = Table(title=title, show_lines=False, expand=True)
    widths = {
        "doc": 14,
        "id": 4,
        "who": 16,
        "move": 17,
        "whom": 5,
        "qty": 6,
        "status": 10,
        "date": 10,
        "answers": 7,
    }
    for name in ("doc", "id", "who", "move", "whom", "qty", "status", "date", "answers"):
        table.add_column(name, overflow="fold", max_width=widths[name])
    table.add_column("evidence", overflow="fold", min_width=30, ratio=1)
    for e in events:
        who = e.source + (f" ({e.source_actor})" if e.source_actor else "")
        qty = "" if e.quantity is None else str(e.quantity)
        if e.quantity is None and e.quantity_hint:
            qty = e.quantity_hint
        table.add_row(
            Path(e.doc_id).name[:18],
            e.id,
            who,
            e.move,
            e.target,
            qty,
            e.status,
            e.date or "",
            ",".join(e.responds_to),
            (e.evidence.text if e.evidence else "")[:220],
        )
    return table
