"""What every route shares: the limits, the app's configuration, the templates.

Limits protect a server that anyone on the machine (or, with --host, the network) can
reach: a text to read is at most `MAX_TEXT_BYTES`, a request body at most the limit of its
route, a simulation at most `MAX_RUNS` runs of `MAX_STEPS` rounds.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.templating import Jinja2Templates

MAX_TEXT_BYTES = 1_000_000  # an article to read (pasted, uploaded or POSTed): 1 MB of UTF-8
READ_BODY_BYTES = 1024 * 1024  # /read form posts: below Starlette's in-memory spool (1 MiB)
EXTRACT_BODY_BYTES = 8 * 1024 * 1024  # /api/extract JSON: escaping may swell a 1 MB text
OTHER_BODY_BYTES = 64 * 1024  # every other request body (e.g. /api/simulate)
MAX_RUNS = 100_000  # Monte Carlo runs per simulation
MAX_STEPS = 200  # rounds per simulation run
MAX_READ_DOCUMENTS = 50  # documents of an uploaded corpus that are read and shown
PAGE_SIZE = 50  # documents per page on /documents

UPLOAD_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".jsonl", ".ndjson", ".csv", ".json")

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

# spaCy pipelines are not documented as thread-safe: one extraction at a time
EXTRACT_LOCK = threading.Lock()
# a large simulation takes seconds of CPU: at most two at once, the rest wait their turn
SIMULATION_SLOTS = threading.BoundedSemaphore(2)


@dataclass(frozen=True)
class WebConfig:
    """The store the app shows and the optional baseline of starting ledger levels."""

    db_path: Path
    baseline: Path | None = None


def config(request: Request) -> WebConfig:
    """The app's configuration, for a route."""
    return request.app.state.parity


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,  # every {{ value }} is HTML-escaped, article text included
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["num"] = number
    env.filters["signed"] = lambda v: number(v, signed=True)
    env.filters["pct"] = lambda v: "–" if v is None else f"{v:.0%}"
    env.filters["is_web_url"] = is_web_url
    return env


def is_web_url(value: Any) -> bool:
    """True for an http(s) URL: only those become links ("javascript:" never does)."""
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def number(value: Any, signed: bool = False) -> str:
    """A count or ratio as a table shows it ("–" for unknown)."""
    if value is None:
        return "–"
    if isinstance(value, float):
        text = f"{value:+,.2f}" if signed else f"{value:,.2f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return f"{value:+,d}" if signed else f"{value:,d}"


def script_json(data: Any) -> str:
    """JSON to embed in `<script type="application/json">`: `<`, `>` and `&` escaped, so no
    text inside (an article's "</script>") can end the element."""
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


templates = Jinja2Templates(env=_environment())
