"""`parity evaluate`: score extraction against gold annotations."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from parity import api
from parity.cli.common import console, user_errors, warn


def register(app: typer.Typer) -> None:
    app.command("evaluate")(evaluate)


def evaluate(
    gold_dir: Path = typer.Argument(
        ..., help="Folder of per-document gold JSON files (story.json is skipped)."
    ),
    predictions: Path = typer.Argument(
        None, help="Predicted events, JSONL as `parity extract` writes it."
    ),
    extract_from: list[str] = typer.Option(
        None, "--extract", help="Run extraction on these texts instead of reading predictions."
    ),
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="List every miss and false alarm with its evidence."
    ),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1),
) -> None:
    """Score events against gold: precision, recall, F1, status/quantity/date accuracy.

    Matching follows seeds/README.md: same (source, target, move), preferring the gold
    event that also agrees on coarse status and quantity; optional gold events are
    neither hits nor misses.

    Example: parity evaluate ../shared/seeds/gold --extract ../shared/seeds
    """
    if predictions is None and not extract_from:
        raise typer.BadParameter("give PRED.jsonl or --extract TEXT_DIR")
    with user_errors():
        result = api.evaluate(
            gold_dir,
            predictions,
            extract_from=extract_from,
            jobs=jobs,
            on_error=lambda e: warn(str(e)),
        )
    summary = result.summary()
    if fmt == "json":
        console.print_json(json.dumps(summary))
        return
    if verbose:
        for o in result.outcomes:
            if o.kind == "hit" and not o.problems:
                continue
            if o.kind == "hit":
                console.print(
                    f"[yellow]partly[/] {o.doc_id}:{o.pred.id} {o.pred.source}→{o.pred.target} {o.pred.move}: {'; '.join(o.problems)}",
                    highlight=False,
                )
            elif o.kind == "miss":
                g = o.gold
                console.print(
                    f"[red]miss[/] {o.doc_id}:{g.get('id')} {g.get('source')}→{g.get('target')} {g.get('move')} {g.get('status')} q={g.get('quantity')}: {g.get('evidence', '')!r}",
                    highlight=False,
                )
            else:
                p = o.pred
                console.print(
                    f"[magenta]false alarm[/] {o.doc_id}:{p.id} {p.source}→{p.target} {p.move} {p.status} q={p.quantity}: {(p.evidence.text if p.evidence else '')[:160]!r}",
                    highlight=False,
                )
    table = Table(title=f"evaluation against {gold_dir}")
    for name in (
        "precision",
        "recall",
        "F1",
        "status acc",
        "quantity acc",
        "date acc",
        "matched",
        "false alarms",
        "misses",
    ):
        table.add_column(name, justify="right")
    table.add_row(
        f"{summary['precision']:.3f}",
        f"{summary['recall']:.3f}",
        f"{summary['f1']:.3f}",
        f"{summary['status_accuracy']:.3f}",
        f"{summary['quantity_accuracy']:.3f}",
        f"{summary['date_accuracy']:.3f}",
        str(summary["matched"]),
        str(summary["false_alarms"]),
        str(summary["misses"]),
    )
    console.print(table)
    console.print(
        f"P={summary['precision']:.3f} R={summary['recall']:.3f} F1={summary['f1']:.3f} "
        f"status={summary['status_accuracy']:.3f} quantity={summary['quantity_accuracy']:.3f} date={summary['date_accuracy']:.3f} "
        f"(anchored dates {summary['anchored_date_accuracy']:.3f} of {summary['anchored_dates_scored']})",
        highlight=False,
    )
