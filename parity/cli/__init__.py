"""The `parity` command line: a thin shell over `parity.api`.

Each command lives in a small module beside this one and is added by its
`register(app)`; a command parses its options, calls one library function, prints
the result, and turns `ParityError` into one clear line and exit status 1.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="parity",
    help="Read news about diplomatic tit-for-tat into a sourced record of who did what to whom; "
    "fuse reports, keep the parity ledger, measure reciprocity and simulate what comes next.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Command modules, in the order of the data flow. A module that is not there yet is skipped,
# so the CLI keeps working while parts of the project are still being built.
_COMMAND_MODULES = (
    "extract",
    "evaluate",
    "store",
    "story",
    "analyze",
    "simulate",
    "serve",
    "demo",
)

for _name in _COMMAND_MODULES:
    try:
        _module = importlib.import_module(f"parity.cli.{_name}")
    except ModuleNotFoundError as exc:  # pragma: no cover - only while a module is absent
        if exc.name != f"parity.cli.{_name}":
            raise
        continue
    _module.register(app)


def main() -> None:  # pragma: no cover
    app()
