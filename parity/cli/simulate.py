"""`parity simulate` and `parity forecast`: strategies, Monte Carlo runs and next-move forecasts."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from parity.cli.common import DB_OPTION, console, user_errors, warn
from parity.errors import SimulationError
from parity.model import StoryEvent
from parity.settings import DEFAULT
from parity.simulate import (
    Backtest,
    Forecast,
    Summary,
    backtest,
    forecast,
    parse_dyad,
    simulate,
)
from parity.simulate.history import DEFAULT_FACILITIES, DEFAULT_PERSONNEL, read_story_events

EVENTS_OPTION = typer.Option(
    None, "--events", help="Story events as JSON or JSON lines (instead of the store)."
)
FORMAT_OPTION = typer.Option("table", "--format", help="table or json.")


def _history(dyad: str, db: Path, events: Path | None, *, needed: bool) -> list[StoryEvent] | None:
    """The dyad's real history from --events or the store; None (with a notice) if neither is there.

    `needed`: a missing source is an error instead of a notice.
    """
    if events is not None:
        return read_story_events(events)
    if not db.exists():
        if needed:
            raise SimulationError(f"{db}: no store there; pass --db PATH or --events FILE")
        warn(f"no store at {db}; starting from the given levels")
        return None
    try:
        from parity.api import dyad_history
    except ImportError:
        if needed:
            raise SimulationError("reading a dyad from the store is not available yet") from None
        warn("reading a dyad from the store is not available yet; starting from the given levels")
        return None
    return list(dyad_history(db, dyad))


def _check_format(fmt: str) -> None:
    if fmt not in ("table", "json"):
        raise SimulationError(f"--format must be table or json, not {fmt!r}")


def _num(x: float | None, digits: int = 1) -> str:
    return "–" if x is None else f"{x:,.{digits}f}"


def _print_summary(summary: Summary, title: str) -> None:
    overview = Table(title=title, show_header=False)
    overview.add_column("", style="bold")
    overview.add_column("")
    overview.add_row("runs × rounds", f"{summary.runs:,} × {summary.steps}")
    overview.add_row("settled (two cooperative rounds)", f"{summary.share_settled:.1%}")
    settle = summary.rounds_to_settle
    if settle is not None:
        overview.add_row(
            "round settled (median; 95% by)", f"{_num(settle.p50, 0)}; {_num(settle.p95, 0)}"
        )
    overview.add_row("highest level (mean)", _num(summary.max_level.mean, 2))
    console.print(overview)

    levels = Table(title="Highest escalation level reached")
    for name in ("level", "move", "runs", "share"):
        levels.add_column(name, justify="right" if name != "move" else "left")
    for level, count in enumerate(summary.max_level_hist):
        share = count / summary.runs
        levels.add_row(str(level), summary.level_moves[level], f"{count:,}", f"{share:.1%}")
    console.print(levels)

    ledger = Table(title="Left at the end (start → mean, 5%–95%)")
    for name in ("side", "personnel", "facilities"):
        ledger.add_column(name)
    for side in summary.dyad:
        cells = []
        for start, dist in (
            (summary.start_personnel[side], summary.personnel[side]),
            (summary.start_facilities[side], summary.facilities[side]),
        ):
            cells.append(f"{start:,} → {_num(dist.mean)}  ({_num(dist.p5, 0)}–{_num(dist.p95, 0)})")
        ledger.add_row(side, *cells)
    console.print(ledger)


def _print_forecast(result: Forecast, top: int) -> None:
    console.print(
        f"{'-'.join(result.dyad)}: {result.n_events} events; "
        f"expected to answer next: [bold]{result.next_mover}[/]",
        highlight=False,
    )
    for side in result.sides:
        after = side.opponent_last or "no move yet"
        table = Table(title=f"{side.side}'s next move (after {after})")
        for name in ("move", "level", "P(move)", "P(level)", "typical quantity"):
            table.add_column(name, justify="left" if name == "move" else "right")
        for move in side.top(top):
            quantity = "–" if move.quantity is None else f"{move.quantity:,} {move.unit}"
            table.add_row(
                move.move,
                str(move.level),
                f"{move.probability:.1%}",
                f"{side.levels[move.level]:.1%}",
                quantity,
            )
        console.print(table)
    if result.outlook is not None:
        _print_summary(
            result.outlook, f"Outlook: fitted vs fitted, next {result.outlook.steps} rounds"
        )


def _print_backtest(result: Backtest) -> None:
    table = Table(title=f"Backtest on the last {result.holdout} events ({result.n_train} fitted)")
    for name in ("", "fitted", "base rate"):
        table.add_column(name, justify="right" if name else "left")
    table.add_row(
        "log-loss (lower is better)", f"{result.log_loss:.3f}", f"{result.base_log_loss:.3f}"
    )
    table.add_row("top-1 accuracy", f"{result.accuracy:.1%}", f"{result.base_accuracy:.1%}")
    console.print(table)
    verdict = "beats" if result.beats_base else "does not beat"
    console.print(f"The fitted forecast {verdict} the base rate.", highlight=False)


def register(app: typer.Typer) -> None:
    """Add `simulate` and `forecast` to the parity command line."""

    @app.command("simulate")
    def simulate_command(
        dyad: str = typer.Option(None, "--dyad", help="Sides as ISO3 codes, e.g. USA-RUS."),
        a: str = typer.Option("tft", "--a", help="Strategy of the dyad's first side."),
        b: str = typer.Option("tft", "--b", help="Strategy of the dyad's second side."),
        steps: int = typer.Option(12, "--steps", help="Rounds per run."),
        runs: int = typer.Option(10_000, "--runs", help="Monte Carlo runs."),
        seed: int = typer.Option(DEFAULT.seed, "--seed", help="RNG seed."),
        noise: float = typer.Option(
            DEFAULT.noise, "--noise", help="Chance a move is misperceived."
        ),
        start_personnel: int = typer.Option(
            DEFAULT_PERSONNEL, "--start-personnel", help="Staff per side without a history."
        ),
        start_facilities: int = typer.Option(
            DEFAULT_FACILITIES, "--start-facilities", help="Facilities per side without a history."
        ),
        db: Path = DB_OPTION,
        events: Path = EVENTS_OPTION,
        fmt: str = FORMAT_OPTION,
    ) -> None:
        """Play two strategies against each other many times and show the outcome distribution.

        Strategies: tft, gtft, grim, parity-seeking, proportional, escalate, deescalate, random, fitted; a parameter follows a colon (escalate:2, gtft:0.2).

        With a dyad whose events are in the store (or --events), runs start from its real ledger.

        Example: parity simulate --dyad USA-RUS --a parity-seeking --b tft --steps 12 --runs 10000
        """
        with user_errors():
            _check_format(fmt)
            history: list[StoryEvent] = []
            pair = None
            if dyad is not None:
                pair = parse_dyad(dyad)
                stored = _history("-".join(pair), db, events, needed=False)
                if stored is not None:
                    history = [e for e in stored if {e.source, e.target} == set(pair)]
                    if not history:
                        warn(f"no events for {'-'.join(pair)}; starting from the given levels")
            result = simulate(
                a,
                b,
                steps=steps,
                runs=runs,
                seed=seed,
                noise=noise,
                history=history or None,
                dyad=pair,
                start_personnel=start_personnel,
                start_facilities=start_facilities,
            )
            summary = result.summary()
            if fmt == "json":
                typer.echo(json.dumps(summary.to_dict(), indent=2))
                return
            sides = summary.dyad
            origin = f"from {result.start.n_events} events" if history else "from the given levels"
            _print_summary(
                summary,
                f"{sides[0]} plays {summary.a}, {sides[1]} plays {summary.b} "
                f"(noise {noise:g}, seed {seed}, {origin})",
            )

    @app.command("forecast")
    def forecast_command(
        dyad: str = typer.Option(..., "--dyad", help="Sides as ISO3 codes, e.g. USA-RUS."),
        db: Path = DB_OPTION,
        events: Path = EVENTS_OPTION,
        backtest_k: int = typer.Option(
            None,
            "--backtest",
            help="Also score forecasts of the last K events, fitted without them.",
        ),
        seed: int = typer.Option(DEFAULT.seed, "--seed", help="RNG seed for the outlook."),
        steps: int = typer.Option(
            6, "--steps", help="Rounds of fitted-vs-fitted outlook (0: none)."
        ),
        runs: int = typer.Option(2_000, "--runs", help="Monte Carlo runs of the outlook."),
        top: int = typer.Option(5, "--top", help="Moves shown per side."),
        fmt: str = FORMAT_OPTION,
    ) -> None:
        """Forecast each side's next move from the dyad's history, with probabilities.

        Each side is fitted on how it answered the other side's moves (level given the other's last level, Laplace-smoothed); --backtest K scores that on the last K events.

        Example: parity forecast --dyad USA-RUS --db parity.duckdb --backtest 3
        """
        with user_errors():
            _check_format(fmt)
            dyad = "-".join(parse_dyad(dyad))
            history = _history(dyad, db, events, needed=True) or []
            result = forecast(history, dyad, seed, steps=steps, runs=runs, noise=DEFAULT.noise)
            scored = backtest(history, dyad, holdout=backtest_k) if backtest_k else None
            if fmt == "json":
                out = {"forecast": result.to_dict()}
                if scored is not None:
                    out["backtest"] = scored.to_dict()
                typer.echo(json.dumps(out, indent=2))
                return
            _print_forecast(result, top)
            if scored is not None:
                _print_backtest(scored)
