"""`parity story`: the fused story of a set of articles, as JSON, a table or a timeline."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from parity import api
from parity.cli.common import SET_OPTION, console, err_console, user_errors, warn
from parity.model import Story, StoryEvent
from parity.settings import DEFAULT


class StoryFormat(StrEnum):
    json = "json"
    table = "table"
    timeline = "timeline"


STATUS_STYLE = {
    "occurred": "bold",
    "announced": "bold cyan",
    "threatened": "italic yellow",
    "considered": "italic yellow",
    "denied": "dim strike",
}
LANE_STYLES = ("green", "magenta", "blue", "red", "cyan", "yellow")


def story_json(story: Story) -> dict:
    """The `--format json` object: events in the contract plus reports, links, inferred dates."""
    return {
        "events": [ev.to_dict() for ev in story.events],
        "links": [
            {
                "from": k.source_event,
                "to": k.target_event,
                "kind": k.kind,
                "score": k.score,
                "reason": k.reason,
            }
            for k in story.links
        ],
        "inferred_published": dict(story.inferred_published),
        "inferred_evidence": dict(story.inferred_evidence),
    }


def _what(ev: StoryEvent) -> str:
    return ev.move + (f" {ev.quantity}" if ev.quantity is not None else "")


def _answers(ev: StoryEvent, scores: dict[tuple[str, str], float]) -> Text:
    text = Text()
    if ev.responds_to:
        text.append("← " + ", ".join(ev.responds_to))
    for target in ev.inferred_responds_to:
        if text:
            text.append("  ")
        text.append(
            f"⇠ {target} (inferred {scores.get((ev.id, target), 0):.2f})", style="dim italic"
        )
    return text


def story_table(story: Story) -> Table:
    table = Table(title=f"{len(story.events)} story events", box=box.SIMPLE_HEAD, pad_edge=False)
    for name in ("id", "date", "who", "move", "qty", "status", "reports"):
        table.add_column(
            name, no_wrap=True, justify="right" if name in ("qty", "reports") else "left"
        )
    table.add_column("answers", overflow="fold")
    scores = {
        (k.source_event, k.target_event): k.score for k in story.links if k.kind == "inferred"
    }
    for ev in story.events:
        table.add_row(
            ev.id,
            ev.date or "—",
            f"{ev.source or '?'}→{ev.target or '?'}",
            ev.move,
            "" if ev.quantity is None else str(ev.quantity),
            Text(ev.status, style=STATUS_STYLE.get(ev.status, "")),
            str(len(ev.reports)),
            _answers(ev, scores),
        )
    return table


def story_timeline(story: Story) -> Table:
    """A vertical timeline: one line per event, coloured by who moved."""
    lanes: dict[str, str] = {}
    scores = {
        (k.source_event, k.target_event): k.score for k in story.links if k.kind == "inferred"
    }
    table = Table.grid(padding=(0, 1))
    for _ in range(6):
        table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    previous = None
    for ev in story.events:
        who = f"{ev.source or '?'} → {ev.target or '?'}"
        style = lanes.setdefault(who, LANE_STYLES[len(lanes) % len(LANE_STYLES)])
        date = ev.date or "undated"
        marker = (
            "○"
            if ev.status in ("threatened", "considered")
            else "✕"
            if ev.status == "denied"
            else "●"
        )
        n = len(ev.reports)
        table.add_row(
            Text(date if date != previous else "", style="bold"),
            Text(f"│{marker}", style=style),
            Text(ev.id, style="dim"),
            Text(who, style=style),
            Text(_what(ev), style=STATUS_STYLE.get(ev.status, "")),
            Text(f"{ev.status} · {n} report{'s' if n != 1 else ''}"),
            _answers(ev, scores),
        )
        previous = date
    return table


PATHS_ARG = typer.Argument(..., help="Articles: files, folders, JSONL/CSV corpora, or - for stdin.")
FORMAT_OPTION = typer.Option(StoryFormat.timeline, "--format", "-f", help="Output format.")
DYAD_OPTION = typer.Option(None, "--dyad", help="Only events between two states, e.g. USA-RUS.")
PUBLISHED_OPTION = typer.Option(None, "--published", help="Publication date for undated documents.")
PLOT_OPTION = typer.Option(
    None, "--plot", help="Also write a timeline chart: FILE.html or FILE.png."
)
JOBS_OPTION = typer.Option(1, "--jobs", "-j", min=1, help="Extraction worker processes.")
TEXT_COL_OPTION = typer.Option(None, "--text-col", help="JSONL/CSV field holding the text.")
DATE_COL_OPTION = typer.Option(None, "--date-col", help="JSONL/CSV field holding the date.")
ID_COL_OPTION = typer.Option(None, "--id-col", help="JSONL/CSV field holding the document id.")


def story(
    paths: list[str] = PATHS_ARG,
    format: StoryFormat = FORMAT_OPTION,
    dyad: str = DYAD_OPTION,
    published: str = PUBLISHED_OPTION,
    plot: Path = PLOT_OPTION,
    jobs: int = JOBS_OPTION,
    text_col: str = TEXT_COL_OPTION,
    date_col: str = DATE_COL_OPTION,
    id_col: str = ID_COL_OPTION,
    set_: list[str] = SET_OPTION,
) -> None:
    """Fuse the events of many articles into one story: each real-world event once, with its reports.

    Undated articles are placed in time from what the others date; links stated in any
    article are merged, and likely answers are inferred (marked as such).

    Example: parity story news/ --format timeline --dyad USA-RUS --plot story.html
    """
    failed = []
    with user_errors():
        settings = DEFAULT.override(set_)

        def skipped(error) -> None:
            failed.append(error)
            warn(str(error))

        columns = {"text_col": text_col, "date_col": date_col, "id_col": id_col}
        result = api.story_from_paths(
            paths,
            published,
            jobs=jobs,
            settings=settings,
            on_error=skipped,
            **{k: v for k, v in columns.items() if v},
        )
        if dyad:
            result = api.filter_dyad(result, dyad)
        if format is StoryFormat.json:
            typer.echo(json.dumps(story_json(result), ensure_ascii=False, indent=1))
        elif format is StoryFormat.table:
            console.print(story_table(result))
        else:
            console.print(story_timeline(result))
            console.print(
                "[dim]← answers (stated)   ⇠ answers (inferred, with score)[/]", highlight=False
            )
        if format is not StoryFormat.json:
            for doc_id, day in result.inferred_published.items():
                console.print(f"[dim]{doc_id}: publication inferred as {day}[/]", highlight=False)
        if plot is not None:
            written = api.write_story_plot(result, plot)
            err_console.print(f"[dim]timeline written to {written}[/]", highlight=False)
    if failed:
        raise typer.Exit(
            1
        )  # the story of the readable inputs is printed; the status says some failed


def register(app: typer.Typer) -> None:
    app.command("story")(story)
