"""Every CLI command explains itself: a docstring with an `Example:` line, and README mentions it."""

from pathlib import Path

import pytest

from parity.cli import app

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = {c.name or c.callback.__name__: c for c in app.registered_commands}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_has_example(name):
    doc = COMMANDS[name].callback.__doc__ or ""
    assert "Example:" in doc, f"`parity {name}` has no Example: in its docstring"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_is_in_readme(name):
    assert f"parity {name}" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_core_commands_present():
    assert {
        "extract",
        "evaluate",
        "demo",
        "ingest",
        "story",
        "ledger",
        "metrics",
        "simulate",
        "forecast",
    } <= set(COMMANDS)
