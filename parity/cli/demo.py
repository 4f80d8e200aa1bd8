"""`parity demo`: the whole pipeline on the bundled demo corpus, in one command."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import typer
from rich.rule import Rule

from parity import api
from parity.cli.common import console, user_errors, warn
from parity.cli.extract import events_table
from parity.cli.story import story_timeline

DEMO_DB = Path("parity.duckdb")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


def demo_corpus() -> Path:
    """The packaged demo corpus (JSONL, one dated article per line)."""
    return Path(str(resources.files("parity.demo").joinpath("corpus.jsonl")))


def demo(
    db: Path = typer.Option(DEMO_DB, "--db", help="DuckDB store to fill with the demo corpus."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="spaCy processes for parsing."),
    show_events: bool = typer.Option(
        True, "--events/--no-events", help="Print the per-article events."
    ),
) -> None:
    """Run parity on its bundled demo corpus: extract, store, fuse, and show the story.

    Reads the developer-written articles bundled with parity (real disputes: USA-RUS
    2016-17, UK-RUS 2018, USA-CHN 2020, CAN-IND 2023), stores them in the embedded
    DuckDB store, prints the events each article states with its evidence, then the
    fused story per dispute and how to open the web app on it. Running it again
    skips documents already stored.

    Example: parity demo --db demo.duckdb
    """
    corpus = demo_corpus()
    with user_errors():
        console.print(Rule(f"parity demo: {corpus.name} → {db}"))
        summary = api.ingest([corpus], db, jobs=jobs)
        for failure in summary.failed:
            warn(failure)
        console.print(summary.line(), highlight=False)
        if show_events:
            docs = [d for d in api.read([corpus]) if not isinstance(d, Exception)]
            events = [e for _doc, found in api.extract(docs, jobs=jobs) for e in found]
            console.print(events_table(events, title=f"events stated in {len(docs)} articles"))
        story = api.stored_story(db)
        for pair in _pairs(story):
            console.print(story_timeline(api.filter_dyad(story, pair)))
        console.print(
            f"\nOpen the web app on this store:  [bold]parity serve --db {db}[/]  "
            "then browse http://127.0.0.1:8000/",
            highlight=False,
        )


def _pairs(story) -> list[str]:
    """Dyads of the story with at least two events, most active first."""
    counts: dict[str, int] = {}
    for e in story.events:
        if e.source and e.target:
            key = "-".join(sorted((e.source, e.target)))
            counts[key] = counts.get(key, 0) + 1
    return [k for k, n in sorted(counts.items(), key=lambda kv: -kv[1]) if n >= 2]
