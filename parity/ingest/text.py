"""Bytes to clean text, and clean text to a `Document`.

Every reader ends here, so all documents are cleaned the same way and their evidence
offsets point into the same text. Cleaning is deliberately small: newlines are
normalised, zero-width characters and trailing spaces removed, runs of three or more
blank lines collapsed to one; nothing else in the text changes.

Encoding: input must be UTF-8 (a byte-order mark is accepted and dropped). Legacy
encodings such as cp1252 are refused rather than guessed, because a wrong guess
silently corrupts quotes and names; re-encode such files first
(`iconv -f cp1252 -t utf-8`).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from parity.errors import InputError
from parity.ingest.dateline import find_dateline, parse_date
from parity.model import Document
from parity.settings import DEFAULT, Settings

_NEWLINES = re.compile(r"\r\n|\r|\u2028|\u2029|\x85")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0\u3000\f\v]+$", re.MULTILINE)
_MANY_BLANK_LINES = re.compile(r"\n{4,}")  # three or more blank lines

UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def clean_text(text: str) -> str:
    """Normalise newlines, drop zero-width characters and trailing spaces, collapse blank runs."""
    text = _NEWLINES.sub("\n", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _TRAILING_SPACE.sub("", text)
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip("\n")


def content_hash(cleaned: str) -> str:
    """sha256 hex digest of the cleaned text: the document's identity in the store."""
    return hashlib.sha256(cleaned.encode("utf-8")).hexdigest()


def decode(data: bytes, where: str) -> str:
    """Strict UTF-8 decoding with one-line errors for empty, binary and mis-encoded input."""
    if not data.strip():
        raise InputError(where, "empty file")
    if data.startswith(_UTF16_BOMS):
        raise InputError(where, "not UTF-8 text (UTF-16 byte-order mark); re-encode it as UTF-8")
    if b"\x00" in data:
        raise InputError(where, "binary file (NUL bytes)")
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            where, f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


def read_bytes(path: Path, settings: Settings = DEFAULT) -> bytes:
    """A file's bytes, refusing missing, unreadable and oversized files before reading."""
    where = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(where, "no such file or directory") from None
    except OSError as exc:
        raise InputError(where, exc.strerror or str(exc)) from None
    if size > settings.max_file_bytes:
        raise InputError(
            where, f"file too large ({size:,} bytes; the limit is {settings.max_file_bytes:,})"
        )
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(where, exc.strerror or str(exc)) from None


def check_published(value: object, where: str) -> str | None:
    """A given publication date as ISO (None stays None); InputError if unreadable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    iso = parse_date(str(value))
    if iso is None:
        raise InputError(where, f"unreadable published date {str(value)!r} (use YYYY-MM-DD)")
    return iso


def make_document(
    doc_id: str,
    raw_text: str,
    *,
    where: str,
    published: str | None = None,
    meta_published: str | None = None,
    url: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    path: str | None = None,
) -> Document:
    """Clean `raw_text` and date it: given `published`, else page metadata, else a dateline.

    `published` must already be ISO (see `check_published`); `where` names the input
    in errors ("a.jsonl: line 3").
    """
    text = clean_text(raw_text)
    if not text.strip():
        raise InputError(where, "empty file" if path and where == path else "empty text")
    if published:
        source = "given"
    elif meta_published:
        published, source = meta_published, "meta"
    else:
        published = find_dateline(text)
        source = "dateline" if published else None
    return Document(
        doc_id=doc_id,
        text=text,
        published=published,
        published_source=source,
        url=url or None,
        title=title or None,
        outlet=outlet or None,
        path=path,
        content_hash=content_hash(text),
    )
