"""Publication dates stated in the text: the dateline near the top of an article.

The patterns and month names are data (`parity/lexicon/dates.json`); this module only
compiles them and decides which matches count. A date counts as a dateline when it
stands in one of the first lines (`max_lines`, not counting blank ones) and either
opens its line (possibly after a "Published:" label or a "MOSCOW (Reuters) -" place
name) or fills a short line that is not a sentence ("Thursday 31 August 2017 12:18
EDT", "By Jane Doe | Aug. 31, 2017"). Dates inside ordinary sentences, and anything
deeper in the body, are left to the extractor. Only unambiguous forms are read:
"05/08/2017" is refused, "31/08/2017" after a label is read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from parity.errors import LexiconError
from parity.lexicon import read_json

_LONG_LINE = 200
_NUMERIC = re.compile(r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>\d{4})")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s*$")


@dataclass(frozen=True)
class _Rules:
    patterns: tuple[tuple[str, re.Pattern[str], bool], ...]  # (id, regex, numeric)
    month_numbers: dict[str, int]
    prefixes: tuple[re.Pattern[str], ...]
    time_suffix: re.Pattern[str]
    max_lines: int
    short_line_chars: int
    short_line_max_words: int


def _alternation(names: list[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


@cache
def _rules() -> _Rules:
    """Compile `dates.json` once, validating its shape."""
    data = read_json("dates.json")
    try:
        months = data["months"]
        weekdays = data["weekdays"]
        if len(months) != 12 or len(weekdays) != 7:
            raise LexiconError("parity/lexicon/dates.json: need 12 months and 7 weekdays")
        month_numbers = {name.lower(): i for i, names in enumerate(months, 1) for name in names}
        month_alt = _alternation(list(month_numbers))
        weekday_alt = _alternation([n.lower() for names in weekdays for n in names])
        patterns = []
        for spec in data["patterns"]:
            source = spec["pattern"].replace("{month}", f"(?:{month_alt})")
            source = source.replace("{weekday}", f"(?:{weekday_alt})")
            regex = re.compile(r"(?<!\w)" + source, re.IGNORECASE)
            patterns.append((spec["id"], regex, bool(spec.get("numeric"))))
        return _Rules(
            patterns=tuple(patterns),
            month_numbers=month_numbers,
            prefixes=tuple(re.compile(p) for p in data["line_prefixes"]),
            time_suffix=re.compile(data["time_suffix"]),
            max_lines=int(data["max_lines"]),
            short_line_chars=int(data["short_line_chars"]),
            short_line_max_words=int(data["short_line_max_words"]),
        )
    except (KeyError, TypeError, ValueError, re.error) as exc:
        raise LexiconError(f"parity/lexicon/dates.json: {exc!r}") from exc


def _to_iso(match: re.Match[str], numeric: bool) -> str | None:
    """The ISO date of a pattern match, or None if it is impossible or ambiguous."""
    groups = match.groupdict()
    try:
        year = int(groups["year"])
        if numeric:
            a, b = int(groups["a"]), int(groups["b"])
            if a > 12 >= b:
                day, month = a, b
            elif b > 12 >= a:
                day, month = b, a
            else:
                return None  # 05/08/2017 (or 13/13/2017): cannot tell day from month
        else:
            day = int(groups["day"])
            if groups.get("month_num"):
                month = int(groups["month_num"])
            else:
                month = _rules().month_numbers[groups["month"].lower().rstrip(".")]
        if not 1900 <= year <= 2100:
            return None
        return dt.date(year, month, day).isoformat()
    except (KeyError, ValueError):
        return None


def _matches(line: str):
    """Every valid date in `line` as (start, end, iso), in order of position."""
    found = []
    for _id, regex, numeric in _rules().patterns:
        for match in regex.finditer(line):
            iso = _to_iso(match, numeric)
            if iso:
                found.append((match.start(), match.end(), iso))
    found.sort(key=lambda m: (m[0], -m[1]))
    return found


def parse_date(value: str) -> str | None:
    """Read one whole date value ("2017-08-31", "Aug. 31, 2017", "2017-08") as ISO.

    Accepts `YYYY` and `YYYY-MM` as they are, the unambiguous forms of `dates.json`
    optionally followed by a time and zone, a bare "31/08/2017" when one number is
    above 12, and nothing else (None).
    """
    value = value.strip()
    if re.fullmatch(r"\d{4}", value) and 1900 <= int(value) <= 2100:
        return value
    partial = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if partial and 1900 <= int(partial[1]) <= 2100 and 1 <= int(partial[2]) <= 12:
        return value
    numeric = _NUMERIC.fullmatch(value)
    if numeric:
        return _to_iso(numeric, numeric=True)
    rules = _rules()
    for start, end, iso in _matches(value):
        if start == 0 and rules.time_suffix.fullmatch(value, end):
            return iso
    return None


def _opens_line(prefix: str) -> bool:
    if not prefix.strip():
        return True
    return any(p.fullmatch(prefix) for p in _rules().prefixes)


def _is_short_non_sentence(line: str, start: int, end: int) -> bool:
    rules = _rules()
    if len(line) > rules.short_line_chars:
        return False
    rest = (line[:start] + " " + line[end:]).split()
    if len(rest) > rules.short_line_max_words:
        return False
    return not (_SENTENCE_END.search(line[end:]) and len(rest) >= 3)


def dateline_date(line: str) -> str | None:
    """The date of `line` if the line is a dateline, else None."""
    line = line.strip()
    if len(line) > _LONG_LINE:  # a long line can only have its dateline at the start
        line = line[:_LONG_LINE]
    for start, end, iso in _matches(line):
        if _opens_line(line[:start]) or _is_short_non_sentence(line, start, end):
            return iso
    return None


def find_dateline(text: str) -> str | None:
    """The publication date stated in a dateline near the top of `text`, as ISO, or None.

    A wire dateline without a year ("MADRID, May 19 (Wire) -") takes the latest year the
    story itself names, when it names one; otherwise the text stays undated.
    """
    rules = _rules()
    seen = 0
    yearless = None
    for line in text.split("\n"):
        if not line.strip():
            continue
        seen += 1
        if seen > rules.max_lines:
            break
        iso = dateline_date(line)
        if iso:
            return iso
        yearless = yearless or _yearless(line)
    if yearless:
        years = [int(y) for y in re.findall(r"\b(19\d\d|20\d\d)\b", text)]
        if years:
            month, day = yearless
            try:
                return dt.date(max(years), month, day).isoformat()
            except ValueError:
                return None
    return None


def _yearless(line: str) -> tuple[int, int] | None:
    """(month, day) of a wire dateline that gives no year: 'MOSCOW, March 17 (Wire) -',
    'JERUSALEM/DUBLIN, Dec 15 (Wire) -'."""
    months = {
        name: i + 1 for i, names in enumerate(read_json("dates.json")["months"]) for name in names
    }
    names = "|".join(sorted(months, key=len, reverse=True))
    match = re.match(
        rf"\s*[A-Z][A-Z .'’/-]{{2,}}(?:, [A-Za-z .'’-]+)?,\s+({names})\.?\s+(\d{{1,2}})\b\s*(?:\(|-|—|–)",
        line,
        re.IGNORECASE,
    )
    if not match or not line.strip()[:3].isupper():
        return None
    return months[match.group(1).lower()], int(match.group(2))
