"""`parity ledger` and `parity metrics`: the parity balance and reciprocity of a dyad."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from parity import api
from parity.cli.common import DB_OPTION, SET_OPTION, console, user_errors, warn
from parity.errors import ParityError
from parity.settings import DEFAULT

STORY_OPTION = typer.Option(
    None,
    "--story",
    "--events",
    help='A story JSON file ({"events": [...]}, as `parity story --format json` prints) '
    "instead of the store.",
)
FORMAT_OPTION = typer.Option("table", "--format", help="table or json.")
BASELINE_OPTION = typer.Option(
    None, "--baseline", help="JSON file of starting levels per side, with sources."
)


def _check_format(fmt: str) -> None:
    if fmt not in ("table", "json"):
        raise ParityError(f"--format must be table or json, not {fmt!r}")


def _cell(value: int | float | None, signed: bool = False) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        text = f"{value:+.2f}" if signed else f"{value:.2f}"
        return text.rstrip("0").rstrip(".")
    return f"{value:+d}" if signed else str(value)


def _print_ledger(ledger: api.Ledger, series: bool) -> None:
    at = f" at {ledger.at}" if ledger.at else ""
    table = Table(title=f"Parity ledger {'-'.join(ledger.dyad)}{at} (rule: {ledger.rule})")
    for name in ("side", "measure", "value", "change", "as of"):
        table.add_column(
            name, justify="right" if name in ("value", "change") else "left", no_wrap=True
        )
    table.add_column("sources", overflow="fold")
    table.add_column("note")
    for side in ledger.sides:
        for measure in ("personnel", "facilities", "ceiling", "parity"):
            entry = ledger.entry(side, measure)
            change = ledger.changes[side].get(measure)
            if measure == "parity":
                change = ledger.gap(side)
            table.add_row(
                side,
                "parity (gap)" if measure == "parity" else measure,
                _cell(entry.value),
                "" if measure == "ceiling" or change == 0 else _cell(change, signed=True),
                entry.date or "",
                ", ".join(entry.sources),
                entry.note,
            )
    console.print(table)
    if ledger.pending:
        pending = Table(title="Pending (not applied)")
        for name in ("event", "move", "status", "side", "measure", "qty", "would be", "sources"):
            pending.add_column(name)
        for p in ledger.pending:
            pending.add_row(
                p.event,
                p.move,
                p.status,
                p.side,
                p.measure,
                _cell(p.quantity),
                _cell(p.would_be),
                ", ".join(p.sources),
            )
        console.print(pending)
    if series:
        steps = Table(title="Series")
        for name in ("date", "side", "measure", "value", "step", "sources"):
            steps.add_column(name)
        for e in ledger.series:
            steps.add_row(
                e.date or "", e.side, e.measure, _cell(e.value), e.note, ", ".join(e.sources)
            )
        console.print(steps)
    for note in ledger.notes:
        warn(note)


def _share(answered: tuple[int, int]) -> str:
    hit, total = answered
    return "–" if not total else f"{hit}/{total} ({hit / total:.0%})"


def _moves(counts: dict[str, int]) -> str:
    return ", ".join(f"{move} {n}" for move, n in counts.items()) or "–"


def _print_metrics(m: api.DyadMetrics) -> None:
    a, b = m.dyad
    table = Table(title=f"{a}-{b}: {m.events} events ({m.real_events} real)")
    for name in ("", a, b):
        table.add_column(name)
    table.add_row(
        f"answers the other's hostile moves (≤{m.lag_window_days} d)",
        _share(m.answered[a]),
        _share(m.answered[b]),
    )
    table.add_row(
        "median lag of answers (days)",
        _cell(m.median_lag_by_side[a]),
        _cell(m.median_lag_by_side[b]),
    )
    table.add_row(
        "proportionality (median answer ÷ provocation)",
        _cell(m.proportionality_by_side[a]),
        _cell(m.proportionality_by_side[b]),
    )
    table.add_row(
        "escalation (−Σ Goldstein)",
        _cell(m.escalation_by_side[a]),
        _cell(m.escalation_by_side[b]),
    )
    table.add_row("moves carried out", _moves(m.counts[a]), _moves(m.counts[b]))
    table.add_row(
        "threatened / considered",
        _moves(m.hypothetical_counts[a]),
        _moves(m.hypothetical_counts[b]),
    )
    console.print(table)
    last = m.last_move
    mover = (
        "–"
        if last is None
        else f"{last['side']} ({last['event']} {last['move']}, {last['date'] or 'undated'})"
    )
    slope = "" if m.trend_slope is None else f", slope {m.trend_slope:+.2f}/event"
    console.print(
        f"escalation index {m.escalation_index:.1f}; trend [bold]{m.trend}[/]{slope}; "
        f"median lag {_cell(m.median_lag_days)} d over {m.lag_pairs} dated answers; "
        f"proportionality {_cell(m.proportionality)} over {len(m.proportionality_pairs)} pairs; "
        f"last hostile move: {mover}",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add `ledger` and `metrics` to the parity command line."""

    @app.command("ledger")
    def ledger_command(
        dyad: str = typer.Option(..., "--dyad", help="Two ISO3 codes, e.g. USA-RUS."),
        rule: str = typer.Option(
            "all", "--rule", help="Counting rule: all, exclude-io, diplomats-only."
        ),
        at: str = typer.Option(None, "--at", help="Ledger as of this date (YYYY[-MM[-DD]])."),
        baseline: Path = BASELINE_OPTION,
        series: bool = typer.Option(False, "--series", help="Also show every step (table)."),
        fmt: str = FORMAT_OPTION,
        db: Path = DB_OPTION,
        story: Path = STORY_OPTION,
    ) -> None:
        """Show the parity ledger of a dyad: personnel, facilities and ceilings per side, each with the events and reports behind it.

        Only occurred and announced moves change the ledger; threatened, considered and denied ones are listed as pending. Starting levels come from --baseline; --rule picks how staff are counted.

        Example: parity ledger --dyad USA-RUS --rule exclude-io --baseline baseline.json --at 2017-09-05
        """
        with user_errors():
            _check_format(fmt)
            events, _ = api.load_story(db_path=db, story_path=story, dyad=dyad)
            ledger = api.dyad_ledger(events, dyad, baseline=baseline, rule=rule, at=at)
            if fmt == "json":
                typer.echo(json.dumps(api.ledger_to_json(ledger), indent=2, ensure_ascii=False))
                return
            if not events:
                warn(f"no events for {'-'.join(ledger.dyad)}")
            _print_ledger(ledger, series)

    @app.command("metrics")
    def metrics_command(
        dyad: str = typer.Option(
            None, "--dyad", help="Two ISO3 codes, e.g. USA-RUS (default: every dyad)."
        ),
        fmt: str = FORMAT_OPTION,
        db: Path = DB_OPTION,
        story: Path = STORY_OPTION,
        settings: list[str] = SET_OPTION,
    ) -> None:
        """Show reciprocity metrics per dyad: response rate, lag, proportionality, escalation, trend, who moved last.

        Example: parity metrics --dyad USA-RUS --set lag_window_days=60 --format json
        """
        with user_errors():
            _check_format(fmt)
            options = DEFAULT.override(settings)
            events, links = api.load_story(db_path=db, story_path=story, dyad=dyad)
            results = api.reciprocity(events, links, dyad, options)
            if fmt == "json":
                typer.echo(json.dumps([m.to_dict() for m in results], indent=2, ensure_ascii=False))
                return
            if not events:
                warn("no events" + (f" for {dyad}" if dyad else ""))
            for m in results:
                _print_metrics(m)
