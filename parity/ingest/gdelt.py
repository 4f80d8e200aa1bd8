"""GDELT event exports as parity reports.

Reads GDELT 1.0 (57 columns in the 1979-2013 backfiles, 58 with SOURCEURL in the daily
files since April 2013) and GDELT 2.0 (61 columns: an ADM2 code added to each of the
three geographies) event exports: tab-separated, no header, `.CSV` or zipped. A row is
kept when its EventCode maps to a parity move (`parity/lexicon/gdelt_cameo.json`, with
the codebook cited there) and both actors resolve to two different states or IGOs;
domestic rows and rows with a region as an actor are dropped. Each kept row becomes one
report: doc_id `gdelt:<GLOBALEVENTID>`, event id `e1`, date from SQLDATE, url from
SOURCEURL and the row's GoldsteinScale. Files are streamed line by line, so the
article size limit does not apply; bytes that are not UTF-8 (rare in GDELT's names
and URLs) are replaced rather than refused.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from parity.errors import InputError, LexiconError
from parity.lexicon import load_moves, read_json
from parity.model import Event
from parity.store import Report

# Positions of the columns parity reads, by number of columns in the row.
_COMMON = {
    "GLOBALEVENTID": 0,
    "SQLDATE": 1,
    "Actor1Code": 5,
    "Actor1Name": 6,
    "Actor1CountryCode": 7,
    "Actor1KnownGroupCode": 8,
    "Actor2Code": 15,
    "Actor2Name": 16,
    "Actor2CountryCode": 17,
    "Actor2KnownGroupCode": 18,
    "IsRootEvent": 25,
    "EventCode": 26,
    "EventBaseCode": 27,
    "EventRootCode": 28,
    "QuadClass": 29,
    "GoldsteinScale": 30,
    "NumMentions": 31,
}
LAYOUTS: dict[int, dict[str, int]] = {
    57: {**_COMMON, "DATEADDED": 56},  # GDELT 1.0 backfile (no SOURCEURL)
    58: {**_COMMON, "DATEADDED": 56, "SOURCEURL": 57},  # GDELT 1.0 daily
    61: {**_COMMON, "DATEADDED": 59, "SOURCEURL": 60},  # GDELT 2.0
}
_ISO3 = re.compile(r"[A-Z]{3}")
_SQLDATE = re.compile(r"(\d{4})(\d{2})(\d{2})")


@dataclass(frozen=True)
class CameoMap:
    """The lexicon's CAMEO tables, validated."""

    events: dict[str, dict[str, Any]]
    countries: dict[str, str | None]
    groups: dict[str, str]


@cache
def cameo_map() -> CameoMap:
    """Load and check `gdelt_cameo.json`: every mapped move must exist in moves.json."""
    data = read_json("gdelt_cameo.json")
    moves = load_moves()
    events = data.get("events")
    if not isinstance(events, dict) or not events:
        raise LexiconError("parity/lexicon/gdelt_cameo.json: no 'events' table")
    for code, spec in events.items():
        if not re.fullmatch(r"\d{2,4}", code):
            raise LexiconError(f"parity/lexicon/gdelt_cameo.json: bad CAMEO code {code!r}")
        if spec.get("move") not in moves:
            raise LexiconError(
                f"parity/lexicon/gdelt_cameo.json: code {code} maps to unknown move {spec.get('move')!r}"
            )
        if spec.get("status") not in ("occurred", "announced", "threatened", "considered"):
            raise LexiconError(f"parity/lexicon/gdelt_cameo.json: code {code} has a bad status")
    countries = {k: v for k, v in data.get("countries", {}).items() if not k.startswith("_")}
    groups = {k: v for k, v in data.get("groups", {}).items() if not k.startswith("_")}
    return CameoMap(events=events, countries=countries, groups=groups)


def actor_state(country_code: str, group_code: str) -> str | None:
    """ISO3 (or IGO code) of a GDELT actor, or None for regions and unknown actors."""
    cameo = cameo_map()
    country_code = country_code.strip().upper()
    if country_code:
        if country_code in cameo.countries:
            return cameo.countries[country_code]
        return country_code if _ISO3.fullmatch(country_code) else None
    return cameo.groups.get(group_code.strip().upper())


def _iso_date(sqldate: str) -> str | None:
    match = _SQLDATE.fullmatch(sqldate.strip())
    if not match:
        return None
    return f"{match[1]}-{match[2]}-{match[3]}"


def _float(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def row_report(cells: list[str]) -> Report | None:
    """The report of one GDELT row, or None when the row is not a parity move between states.

    Raises ValueError for a row that is not in a GDELT layout.
    """
    layout = LAYOUTS.get(len(cells))
    if layout is None:
        raise ValueError(f"{len(cells)} columns; a GDELT event export has 57, 58 or 61")
    spec = cameo_map().events.get(cells[layout["EventCode"]].strip())
    if spec is None:
        return None
    source = actor_state(cells[layout["Actor1CountryCode"]], cells[layout["Actor1KnownGroupCode"]])
    target = actor_state(cells[layout["Actor2CountryCode"]], cells[layout["Actor2KnownGroupCode"]])
    if not source or not target or source == target:
        return None
    event_id = cells[layout["GLOBALEVENTID"]].strip()
    if not event_id.isdigit():
        raise ValueError(f"GLOBALEVENTID {event_id[:20]!r} is not a number")
    url = cells[layout["SOURCEURL"]].strip() if "SOURCEURL" in layout else ""
    event = Event(
        doc_id=f"gdelt:{event_id}",
        id="e1",
        source=source,
        target=target,
        move=spec["move"],
        status=spec["status"],
        date=_iso_date(cells[layout["SQLDATE"]]),
        confidence=float(spec.get("confidence", 0.5)),
    )
    return Report(
        event=event,
        version=1,
        origin="gdelt",
        url=url or None,
        goldstein=_float(cells[layout["GoldsteinScale"]]),
    )


@dataclass
class GdeltCounts:
    """Running totals of one import: rows read, rows kept as reports, files and lines refused."""

    rows: int = 0
    kept: int = 0
    errors: list[InputError] = field(default_factory=list)


def _streams(path: Path) -> Iterator[tuple[str, TextIO]]:
    """(name for messages, text stream) of each export in a .CSV or .zip file."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            if not members:
                raise InputError(str(path), "empty zip archive")
            for member in members:
                with archive.open(member) as raw:
                    yield (
                        f"{path}:{member.filename}",
                        io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline=""),
                    )
    else:
        with open(path, encoding="utf-8", errors="replace", newline="") as handle:
            yield str(path), handle


def _read_stream(name: str, stream: TextIO, counts: GdeltCounts) -> Iterator[Report]:
    first = True
    for number, line in enumerate(stream, 1):
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        if first and "\x00" in line:
            raise InputError(name, "binary file (NUL bytes)")
        cells = line.split("\t")
        try:
            report = row_report(cells)
        except ValueError as exc:
            if first:
                raise InputError(name, f"not a GDELT event export (line {number}: {exc})") from None
            counts.errors.append(InputError(name, f"line {number}: {exc}"))
            continue
        finally:
            first = False
        counts.rows += 1
        if report is not None:
            counts.kept += 1
            yield report
    if first:
        raise InputError(name, "empty file")


def read_gdelt(paths: Iterable[str | Path], counts: GdeltCounts) -> Iterator[Report]:
    """Reports of the parity moves in GDELT export files; problems go to `counts.errors`.

    A GLOBALEVENTID seen twice (the same file imported twice in one call) is kept once.
    """
    seen: set[str] = set()
    for item in paths:
        path = Path(item)
        if not path.is_file():
            problem = "is a directory" if path.is_dir() else "no such file or directory"
            counts.errors.append(InputError(str(path), problem))
            continue
        try:
            for name, stream in _streams(path):
                for report in _read_stream(name, stream, counts):
                    if report.event.doc_id in seen:
                        continue
                    seen.add(report.event.doc_id)
                    yield report
        except InputError as exc:
            counts.errors.append(exc)
        except (OSError, zipfile.BadZipFile, EOFError) as exc:
            counts.errors.append(InputError(str(path), f"cannot read: {exc}"))
