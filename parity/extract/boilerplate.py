"""Web-page furniture that never yields events ("Your support helps us...", comment prompts).

Works on character ranges of the cleaned text so offsets stay valid: the extractor
simply skips sentences that start inside a boilerplate block.
"""

from __future__ import annotations

import re

from parity.extract.vocab import load_vocab

_BLOCK = re.compile(r"[^\n]+")


def boilerplate_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) character ranges of lines that are page furniture."""
    patterns = load_vocab().boilerplate
    ranges = []
    for match in _BLOCK.finditer(text):
        line = match.group().strip()
        if line and any(p.search(line) for p in patterns):
            ranges.append((match.start(), match.end()))
    return ranges


def in_ranges(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in ranges)
