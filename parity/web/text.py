"""Article text cut into plain and highlighted pieces, for templates to escape and `<mark>`.

Nothing here produces HTML: a template writes each `Piece` with autoescaping, wrapping
the marked ones in `<mark>`, so article text is always shown as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from parity.model import Evidence


@dataclass(frozen=True)
class Piece:
    """A run of text; `marks` names the spans covering it (empty: not highlighted),
    `starts` the spans that begin with it and `ends` those that end with it."""

    text: str
    marks: tuple[str, ...] = ()
    starts: tuple[str, ...] = ()
    ends: tuple[str, ...] = ()


def locate(text: str, evidence: Evidence | None) -> tuple[int, int] | None:
    """Where `evidence` sits in `text`: its offsets if they hold, else its first occurrence."""
    if evidence is None or not evidence.text:
        return None
    start, end = evidence.start, evidence.end
    if 0 <= start < end <= len(text) and text[start:end] == evidence.text:
        return start, end
    found = text.find(evidence.text)
    return (found, found + len(evidence.text)) if found >= 0 else None


def pieces(text: str, spans: Iterable[tuple[int, int, str]]) -> list[Piece]:
    """`text` cut at every span boundary; overlapping spans are all named on the overlap."""
    spans = [(s, e, label) for s, e, label in spans if 0 <= s < e <= len(text)]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        marks = tuple(label for s, e, label in spans if s <= lo and hi <= e)
        starts = tuple(label for s, _, label in spans if s == lo)
        ends = tuple(label for _, e, label in spans if e == hi)
        out.append(Piece(text[lo:hi], marks, starts, ends))
    return out or [Piece(text)]


def snippet(text: str, words: Iterable[str], width: int = 240) -> list[Piece]:
    """About `width` characters of `text` around the first of `words`, every word marked."""
    words = [w for w in words if w]
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - width // 3) if first else 0
    end = min(len(text), start + width)
    if start > 0:
        space = text.find(" ", start, start + 30)
        start = space + 1 if space >= 0 else start
    cut = text[start:end].replace("\n", " ")
    spans = [(m.start(), m.end(), "q") for m in pattern.finditer(cut)] if pattern else []
    out = pieces(cut, spans)
    if start > 0:
        out.insert(0, Piece("… "))
    if end < len(text):
        out.append(Piece(" …"))
    return out
