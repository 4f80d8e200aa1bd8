"""Web archives: the HTML pages of a WARC file (`.warc` or `.warc.gz`).

A crawl or a "save page" dump kept as WARC is read offline (parity never fetches
URLs). Each `response` record with an HTML body becomes one document: doc_id is
`<file stem>-<n>` (n counts the HTML responses in the file, from 1), url is the
record's WARC-Target-URI, and the date comes from the page (metadata, dateline); the
WARC-Date is the crawl date, not the publication date, so it is not used. Other
records (requests, metadata, images) are skipped. Bodies must be UTF-8, as everywhere
in parity; a `charset=` other than UTF-8 is refused for that record.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from parity.errors import InputError
from parity.ingest.text import decode
from parity.model import Document
from parity.settings import DEFAULT, Settings

_CHARSET = re.compile(rb"charset=[\"']?([\w-]+)", re.IGNORECASE)


def _headers(stream: BinaryIO) -> tuple[str, dict[str, str]] | None:
    """The version line and headers of the next WARC record, or None at the end."""
    line = stream.readline()
    while line and not line.strip():
        line = stream.readline()
    if not line:
        return None
    version = line.decode("latin-1").strip()
    if not version.startswith("WARC/"):
        raise ValueError(f"expected a WARC record, found {version[:40]!r}")
    headers = {}
    for line in iter(stream.readline, b""):
        if not line.strip():
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return version, headers


def _http_body(block: bytes) -> tuple[bytes, bytes]:
    """(HTTP header block, body) of a WARC response block."""
    head, sep, body = block.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = block.partition(b"\n\n")
    return head, body


def _records(stream: BinaryIO, settings: Settings) -> Iterator[tuple[dict[str, str], bytes]]:
    while True:
        found = _headers(stream)
        if found is None:
            return
        _, headers = found
        length = int(headers.get("content-length", "0"))
        if length > settings.max_file_bytes:
            stream.seek(length, 1) if stream.seekable() else stream.read(length)
            continue
        yield headers, stream.read(length)


def read_warc(
    path: Path,
    *,
    published: str | None,
    settings: Settings = DEFAULT,
    claim: Callable[[str], str | None],
) -> Iterator[Document | InputError]:
    """One Document per HTML response in the WARC file at `path`."""
    from parity.ingest import read_text

    where = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield InputError(where, exc.strerror or str(exc))
        return
    if size > settings.max_file_bytes:
        yield InputError(
            where, f"file too large ({size:,} bytes; the limit is {settings.max_file_bytes:,})"
        )
        return
    if size == 0:
        yield InputError(where, "empty file")
        return
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    stem = path.name.split(".")[0]
    count = 0
    try:
        with opener(path, "rb") as stream:
            for headers, block in _records(stream, settings):
                if headers.get("warc-type") != "response":
                    continue
                head, body = _http_body(block)
                if b"html" not in head.lower():
                    continue
                count += 1
                label = f"{where}: record {count}"
                charset = _CHARSET.search(head)
                if charset and charset.group(1).lower().replace(b"_", b"-") not in (
                    b"utf-8",
                    b"utf8",
                    b"us-ascii",
                ):
                    yield InputError(label, f"not UTF-8 text (charset {charset.group(1).decode()})")
                    continue
                doc_id = f"{stem}-{count}"
                try:
                    problem = claim(doc_id)
                    if problem:
                        raise InputError(label, problem)
                    doc = read_text(
                        decode(body, label),
                        doc_id=doc_id,
                        where=label,
                        published=published,
                        html=True,
                        path=where,
                    )
                except InputError as exc:
                    yield exc
                    continue
                target = headers.get("warc-target-uri")
                yield doc if doc.url or not target else _with_url(doc, target)
    except (OSError, EOFError, ValueError, zlib.error) as exc:
        yield InputError(where, f"malformed WARC: {exc}")


def _with_url(doc: Document, url: str) -> Document:
    from dataclasses import replace

    return replace(doc, url=url)
