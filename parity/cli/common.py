"""Helpers every command shares: error reporting, the console, common options."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

import typer
from rich.console import Console

from parity.errors import ParityError

console = Console()
err_console = Console(stderr=True)

DB_OPTION = typer.Option(Path("parity.duckdb"), "--db", help="DuckDB store file.")
SET_OPTION = typer.Option(
    None, "--set", help="Override a setting, e.g. --set fusion_window_days=30."
)


def fail(message: str, code: int = 1) -> None:
    """Print one line to stderr and exit with `code`."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def warn(message: str) -> None:
    """Print one warning line to stderr, e.g. for a file skipped in a batch."""
    err_console.print(f"[yellow]warning:[/] {message}", highlight=False, soft_wrap=True)


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn library errors into one clear line and exit status 1."""
    try:
        yield
    except ParityError as exc:
        fail(str(exc))
    except BrokenPipeError:  # e.g. `parity extract ... | head`
        sys.stderr.close()
        raise typer.Exit(0) from None
