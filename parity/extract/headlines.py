"""Headlines in Title Case, put into sentence case before parsing.

Many outlets capitalise every word of a headline ("Russia Expels 23 British Diplomats
in Retaliation"). The small English model then reads every word as a proper noun and
finds no verb, so the headline's move is lost. This pass lower-cases the ordinary words
of such lines and keeps names (every word of a gazetteer alias), acronyms, months and
weekdays as written. Only letter case changes, so every character offset, and with it
every evidence span, stays valid against the original text.
"""

from __future__ import annotations

import re
from functools import cache

from parity.extract.actors import alias_table

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")
_CALENDAR = frozenset(
    "January February March April May June July August September October November "
    "December Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)


@cache
def _name_words() -> frozenset[str]:
    """Every capitalised word that is part of a country, institution or person alias."""
    words = set(_CALENDAR)
    for alias in alias_table():
        for word in _WORD.findall(alias):
            if word[:1].isupper():
                words.add(word)
    return frozenset(words)


def is_title_case(line: str) -> bool:
    """A short line with no closing full stop whose words are nearly all capitalised."""
    stripped = line.strip()
    if not stripped or len(stripped) > 200 or stripped.endswith((".", "?", "!", ":", ";")):
        return False
    words = [w for w in _WORD.findall(stripped) if len(w) > 3]
    if len(words) < 3:
        return False
    capitalised = sum(1 for w in words if w[0].isupper())
    return capitalised >= 0.8 * len(words) and not all(w.isupper() for w in words)


def sentence_case(text: str) -> str:
    """`text` with its Title Case lines in sentence case; same length, same offsets."""
    if not text:
        return text
    out = []
    for line in text.splitlines(keepends=True):
        out.append(_lower_line(line) if is_title_case(line) else line)
    return "".join(out)


def _lower_line(line: str) -> str:
    names = _name_words()
    first = True

    def lower(match: re.Match[str]) -> str:
        nonlocal first
        word = match.group(0)
        base = re.split(r"['’]", word)[0]
        keep = first or word in names or base in names or word.isupper()
        first = False
        return word if keep else word.lower()

    return _WORD.sub(lower, line)
