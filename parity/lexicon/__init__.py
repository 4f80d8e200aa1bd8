"""Loaders for the data files in this folder, validated once and cached.

Rules are data (STYLE.md §4): the move vocabulary, country aliases, institutions,
trigger patterns and the GDELT mapping live in JSON/TSV files here; the code that
uses them is generic. A malformed file raises `LexiconError` naming the file.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from parity.errors import LexiconError

MOVE_FIELDS = {"hostile", "cameo", "plover", "goldstein", "level", "unit", "label"}


def path(name: str):
    """The packaged data file `name` (a Traversable)."""
    return resources.files("parity.lexicon").joinpath(name)


def read_json(name: str) -> Any:
    """Parse a packaged JSON file, naming it in the error if it is malformed."""
    try:
        return json.loads(path(name).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise LexiconError(f"parity/lexicon/{name}: {exc}") from exc


def read_jsonl(name: str) -> list[dict[str, Any]]:
    """Parse a packaged JSON-lines file (blank lines and // comments skipped)."""
    rows = []
    for number, line in enumerate(path(name).read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise LexiconError(f"parity/lexicon/{name}:{number}: {exc}") from exc
    return rows


def read_tsv(name: str) -> list[list[str]]:
    """Rows of a packaged tab-separated file, without comments (#) and blank lines."""
    rows = []
    for line in path(name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@cache
def load_moves() -> dict[str, dict[str, Any]]:
    """The move vocabulary of DESIGN.md: name -> {hostile, cameo, plover, goldstein, level, unit, label}."""
    data = read_json("moves.json")
    moves = data.get("moves")
    if not isinstance(moves, dict) or not moves:
        raise LexiconError("parity/lexicon/moves.json: no 'moves' table")
    for name, spec in moves.items():
        missing = MOVE_FIELDS - set(spec)
        if missing:
            raise LexiconError(f"parity/lexicon/moves.json: move {name!r} lacks {sorted(missing)}")
    return moves


@cache
def kindred_moves() -> frozenset[frozenset[str]]:
    """Pairs of moves that may describe the same act ("seized" vs "closed" a compound)."""
    pairs = read_json("moves.json").get("kindred", [])
    return frozenset(frozenset(p) for p in pairs)


def is_hostile(move: str) -> bool:
    """True for moves that count as provocations in reciprocity metrics."""
    spec = load_moves().get(move)
    return bool(spec and spec["hostile"])


def goldstein(move: str) -> float:
    """Goldstein weight of a move (CAMEO codebook scale, see moves.json `_source`)."""
    return float(load_moves()[move]["goldstein"])


@cache
def word_list(name: str) -> frozenset[str]:
    """One of the purpose-named word lists of wordlists.json (speaker_verbs, alleging, ...)."""
    data = read_json("wordlists.json")
    entry = data.get(name)
    if not isinstance(entry, dict) or not isinstance(entry.get("words"), list):
        raise LexiconError(f"parity/lexicon/wordlists.json: no list {name!r}")
    return frozenset(entry["words"])
