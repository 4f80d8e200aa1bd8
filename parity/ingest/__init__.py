"""Ingest, stage 1 of the data flow: input paths to clean, dated `Document`s.

`read_paths` takes files, folders and "-" (stdin) and yields one `Document` per
article, or an `InputError` value for each bad input so that a batch goes on; the
caller decides whether to print, count or raise it. Formats by extension:

| extension | reader |
|---|---|
| .txt .text .md | plain text (`text.py`) |
| .html .htm | main text and metadata via trafilatura (`html.py`) |
| .jsonl .ndjson .csv .json | corpora following the contract of DESIGN.md (`tabular.py`) |
| .warc .warc.gz | HTML responses of a web archive (`warc.py`) |
| anything else | sniffed: HTML if it starts with `<`, else plain text |

Folders are walked recursively in sorted order; hidden files and folders (".name")
are skipped, and so are files whose extension names no document format (images,
archives, ...). Files named on the command line are always read. A document's date
comes from, in order: its corpus `published` field, the caller's `published=`, the
page metadata (HTML), a dateline near the top of the text (`dateline.py`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from parity.errors import InputError
from parity.ingest.html import looks_like_html, read_html
from parity.ingest.tabular import Columns, read_csv, read_json, read_jsonl
from parity.ingest.text import check_published, decode, make_document, read_bytes
from parity.model import Document
from parity.settings import DEFAULT, Settings

__all__ = ["Columns", "read_paths", "read_text", "FORMATS"]

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
CORPUS_READERS = {".jsonl": read_jsonl, ".ndjson": read_jsonl, ".csv": read_csv, ".json": read_json}
WARC_SUFFIXES = (".warc", ".warc.gz")
FORMATS = TEXT_SUFFIXES | HTML_SUFFIXES | set(CORPUS_READERS) | set(WARC_SUFFIXES)
STDIN = "-"


def _is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def _wanted_in_folder(path: Path) -> bool:
    """Folder walks take known document formats and extension-less files."""
    return path.suffix.lower() in FORMATS or _is_warc(path) or not path.suffix


def _expand(paths: Iterable[str | Path]) -> Iterator[Path | str | InputError]:
    for item in paths:
        if str(item) == STDIN:
            yield STDIN
            continue
        path = Path(item)
        if path.is_dir():
            files = [
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and _wanted_in_folder(p)
            ]
            yield from sorted(files)
        elif path.exists():
            yield path
        else:
            yield InputError(str(path), "no such file or directory")


class _Ids:
    """The doc_ids handed out in one `read_paths` call, to refuse duplicates."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def claim(self, doc_id: str) -> str | None:
        if doc_id in self.seen:
            return f"duplicate doc_id {doc_id!r}"
        self.seen.add(doc_id)
        return None


def read_text(
    raw: str,
    *,
    doc_id: str,
    where: str,
    published: str | None = None,
    html: bool | None = None,
    path: str | None = None,
) -> Document:
    """One document from a decoded string (plain text or, sniffed or told, HTML).

    Raises InputError for an HTML page without article text or an empty text.
    """
    if html is None:
        html = looks_like_html(raw)
    if not html:
        return make_document(doc_id, raw, where=where, published=published, path=path)
    page = read_html(raw)
    if not page.text.strip():
        raise InputError(where, "no article text found")
    return make_document(
        doc_id,
        page.text,
        where=where,
        published=published,
        meta_published=page.published,
        url=page.url,
        title=page.title,
        outlet=page.outlet,
        path=path,
    )


def _read_stdin(settings: Settings) -> bytes:
    data = sys.stdin.buffer.read(settings.max_file_bytes + 1)
    if len(data) > settings.max_file_bytes:
        raise InputError("<stdin>", f"input too large (over {settings.max_file_bytes:,} bytes)")
    return data


def _read_one(
    path: Path | str,
    *,
    published: str | None,
    columns: Columns,
    settings: Settings,
    ids: _Ids,
) -> Iterator[Document | InputError]:
    if path == STDIN:
        where, doc_id, data = "<stdin>", "stdin", _read_stdin(settings)
        suffix = ""
    else:
        assert isinstance(path, Path)
        if _is_warc(path):
            from parity.ingest.warc import read_warc

            yield from read_warc(path, published=published, settings=settings, claim=ids.claim)
            return
        where, doc_id, data = str(path), path.stem, read_bytes(path, settings)
        suffix = path.suffix.lower()
    raw = decode(data, where)
    reader = CORPUS_READERS.get(suffix)
    if reader is not None:
        yield from reader(raw, path=where, columns=columns, published=published, claim=ids.claim)
        return
    html = True if suffix in HTML_SUFFIXES else False if suffix in TEXT_SUFFIXES else None
    problem = ids.claim(doc_id)
    if problem:
        raise InputError(where, problem)
    yield read_text(
        raw,
        doc_id=doc_id,
        where=where,
        published=published,
        html=html,
        path=None if path == STDIN else where,
    )


def read_paths(
    paths: Iterable[str | Path],
    *,
    published: str | None = None,
    columns: Columns = Columns(),  # noqa: B008 - frozen, so a shared default is safe
    settings: Settings = DEFAULT,
) -> Iterator[Document | InputError]:
    """Yield a Document per article under `paths`, or an InputError per bad input.

    `published` dates every document that carries no date of its own in the corpus
    (it wins over page metadata and datelines). Raises InputError at once only if
    `published` itself is not a date.
    """
    given = check_published(published, "--published") if published else None
    ids = _Ids()
    return _generate(paths, given, columns, settings, ids)


def _generate(
    paths: Iterable[str | Path],
    published: str | None,
    columns: Columns,
    settings: Settings,
    ids: _Ids,
) -> Iterator[Document | InputError]:
    for path in _expand(paths):
        if isinstance(path, InputError):
            yield path
            continue
        try:
            yield from _read_one(
                path, published=published, columns=columns, settings=settings, ids=ids
            )
        except InputError as exc:
            yield exc
