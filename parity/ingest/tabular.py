"""Corpora of many documents: JSON lines, CSV, and JSON (a list or one object).

Each record follows the document corpus contract of DESIGN.md: `doc_id` (required,
unique), `text` or `html`, and optional `published`, `url`, `title`, `outlet`; other
column names are mapped with `Columns`. A bad record becomes one `InputError` naming
its line ("line 7: invalid JSON: ...") and the other records still yield documents.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from parity.errors import InputError
from parity.ingest.html import read_html
from parity.ingest.text import check_published, make_document
from parity.model import Document

# A callable that records a doc_id as taken and returns the problem if it already was.
Claim = Callable[[str], "str | None"]


@dataclass(frozen=True)
class Columns:
    """Names of the corpus fields in the input (CLI: `--text-col body --date-col pubdate`)."""

    doc_id: str = "doc_id"
    text: str = "text"
    html: str = "html"
    published: str = "published"
    url: str = "url"
    title: str = "title"
    outlet: str = "outlet"


def _optional(value: Any) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def record_document(
    record: dict[str, Any],
    *,
    path: str,
    label: str,
    columns: Columns,
    published: str | None,
    claim: Claim,
) -> Document:
    """One corpus record as a Document; `label` ("line 3") prefixes every problem."""

    def error(problem: str) -> InputError:
        return InputError(path, f"{label}: {problem}" if label else problem)

    doc_id = _optional(record.get(columns.doc_id))
    if doc_id is None:
        raise error(f"no {columns.doc_id!r}")
    text = record.get(columns.text)
    markup = record.get(columns.html)
    if text is not None and not isinstance(text, str):
        raise error(f"{columns.text!r} is not a string")
    if markup is not None and not isinstance(markup, str):
        raise error(f"{columns.html!r} is not a string")
    try:
        given = check_published(record.get(columns.published), path) or published
    except InputError as exc:
        raise error(exc.problem) from None
    url, title, outlet = (
        _optional(record.get(columns.url)),
        _optional(record.get(columns.title)),
        _optional(record.get(columns.outlet)),
    )
    meta = None
    if text and text.strip():
        raw = text
    elif markup and markup.strip():
        page = read_html(markup)
        if not page.text.strip():
            raise error("no article text found")
        raw, meta = page.text, page.published
        title, outlet, url = title or page.title, outlet or page.outlet, url or page.url
    elif text is None and markup is None:
        raise error(f"no {columns.text!r} or {columns.html!r}")
    else:
        raise error("empty text")
    problem = claim(doc_id)
    if problem:
        raise error(problem)
    return make_document(
        doc_id,
        raw,
        where=f"{path}: {label}",
        published=given,
        meta_published=meta,
        url=url,
        title=title,
        outlet=outlet,
        path=path,
    )


def _records(
    items: Iterator[tuple[str, Any]],
    *,
    path: str,
    columns: Columns,
    published: str | None,
    claim: Claim,
) -> Iterator[Document | InputError]:
    for label, record in items:
        if isinstance(record, InputError):
            yield record
            continue
        if not isinstance(record, dict):
            yield InputError(path, f"{label}: not a JSON object" if label else "not a JSON object")
            continue
        try:
            yield record_document(
                record, path=path, label=label, columns=columns, published=published, claim=claim
            )
        except InputError as exc:
            yield exc


def _jsonl_items(text: str, path: str) -> Iterator[tuple[str, Any]]:
    # Split on "\n" only: U+2028 and friends are legal inside JSON strings.
    for number, line in enumerate(text.split("\n"), 1):
        line = line.strip()
        if not line:
            continue
        try:
            yield f"line {number}", json.loads(line)
        except json.JSONDecodeError as exc:
            yield (
                "",
                InputError(path, f"line {number}: invalid JSON: {exc.msg} at column {exc.colno}"),
            )
        except RecursionError:
            yield "", InputError(path, f"line {number}: invalid JSON: nested too deeply")


def read_jsonl(
    text: str, *, path: str, columns: Columns, published: str | None, claim: Claim
) -> Iterator[Document | InputError]:
    """Documents of a JSON-lines corpus, one per non-blank line."""
    yield from _records(
        _jsonl_items(text, path), path=path, columns=columns, published=published, claim=claim
    )


def read_json(
    text: str, *, path: str, columns: Columns, published: str | None, claim: Claim
) -> Iterator[Document | InputError]:
    """Documents of a JSON file holding a list of records or one record."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(path, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
        return
    except RecursionError:
        yield InputError(path, "invalid JSON: nested too deeply")
        return
    if isinstance(data, list):
        items = ((f"item {i}", record) for i, record in enumerate(data, 1))
    elif isinstance(data, dict):
        items = iter([("", data)])
    else:
        yield InputError(path, "JSON is neither a list of documents nor one document")
        return
    yield from _records(items, path=path, columns=columns, published=published, claim=claim)


def _raise_csv_field_limit() -> None:
    # Articles are longer than csv's default 128 KiB field limit; the file size is already capped.
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:
            limit //= 10


def read_csv(
    text: str, *, path: str, columns: Columns, published: str | None, claim: Claim
) -> Iterator[Document | InputError]:
    """Documents of a CSV corpus with a header row."""
    _raise_csv_field_limit()
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        yield InputError(path, f"line 1: malformed CSV: {exc}")
        return
    names = ", ".join(header)
    if columns.text not in header and columns.html not in header:
        yield InputError(path, f"no {columns.text!r} column; columns are: {names}")
        return
    if columns.doc_id not in header:
        yield InputError(path, f"no {columns.doc_id!r} column; columns are: {names}")
        return

    def items() -> Iterator[tuple[str, Any]]:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield "", InputError(path, f"line {reader.line_num}: malformed CSV: {exc}")
                return
            record = {
                k: (v if v != "" or k in (columns.text, columns.html) else None)
                for k, v in row.items()
                if k is not None
            }
            if not any(v for v in record.values()):
                continue
            yield f"line {reader.line_num}", record

    yield from _records(items(), path=path, columns=columns, published=published, claim=claim)
