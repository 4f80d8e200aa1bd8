"""HTML pages to article text and page metadata.

The main text comes from trafilatura (comments left out, one paragraph per line); when
trafilatura finds nothing, a simple tag-stripper keeps the visible text of the body.
The publication date comes from the page itself, in this order: an explicit
`<meta property="article:published_time">` (or its common siblings), the date
trafilatura's metadata reader finds (without its guessing from body text), then the
first `<time datetime>`, then a visible dateline near the top of the page that the main
text left out. All of these count as `published_source = "meta"`.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from parity.ingest.dateline import find_dateline, parse_date

_META_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dc.date",
    "date",
)
_META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))""")
_TIME_TAG = re.compile(r"<time\b[^>]*\bdatetime\s*=\s*[\"']?([^\"'>\s]+)", re.IGNORECASE)
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "head", "nav", "footer", "form"}
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "article",
    "section",
    "blockquote",
    "pre",
    "header",
    "main",
    "table",
    "ul",
    "ol",
    "dd",
    "dt",
}


@dataclass(frozen=True)
class Page:
    """What parity keeps of an HTML page."""

    text: str
    published: str | None = None
    title: str | None = None
    outlet: str | None = None
    url: str | None = None


def _attrs(tag: str) -> dict[str, str]:
    out = {}
    for name, _, dq, sq, bare in _ATTR.findall(tag):
        out[name.lower()] = html_lib.unescape(dq or sq or bare)
    return out


def meta_date(markup: str) -> str | None:
    """The publication date named by the page's `<meta>` tags, as ISO, or None."""
    found: dict[str, str] = {}
    for tag in _META_TAG.findall(markup):
        attrs = _attrs(tag)
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key in _META_DATE_KEYS and "content" in attrs:
            found.setdefault(key, attrs["content"])
    for key in _META_DATE_KEYS:
        if key in found:
            iso = parse_date(found[key])
            if iso:
                return iso
    return None


def time_tag_date(markup: str) -> str | None:
    """The first `<time datetime="...">` that reads as a date, as ISO, or None."""
    for value in _TIME_TAG.findall(markup):
        iso = parse_date(value)
        if iso:
            return iso
    return None


class _Stripper(HTMLParser):
    """Visible text of a page, one block element per line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def strip_tags(markup: str) -> str:
    """Fallback extractor: the visible text, whitespace tidied, one block per line."""
    parser = _Stripper()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # html.parser is lenient; never let a page crash a batch
        pass
    lines = (
        re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parser.parts).split("\n")
    )
    return "\n".join(line for line in lines if line)


def _trafilatura(markup: str):
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    logging.getLogger("htmldate").setLevel(logging.ERROR)
    try:
        return trafilatura.bare_extraction(
            markup,
            include_comments=False,
            with_metadata=True,
            output_format="python",
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception:  # a page trafilatura cannot parse falls back to stripping
        return None


def read_html(markup: str) -> Page:
    """Main text and metadata of an HTML page (text may be empty: "no article text found")."""
    result = _trafilatura(markup)
    text = (getattr(result, "text", None) or "").strip() if result is not None else ""
    if not text:
        text = strip_tags(markup)
    published = meta_date(markup)
    if published is None and result is not None and getattr(result, "date", None):
        published = parse_date(str(result.date))
    if published is None:
        published = time_tag_date(markup)
    if published is None:
        # a visible dateline that the main-text extractor took for page furniture
        # ('<p class="dateline">AMMAN — Wednesday, 1 November 2023</p>')
        published = find_dateline(strip_tags(markup))
    return Page(
        text=text,
        published=published,
        title=getattr(result, "title", None) or None,
        outlet=getattr(result, "sitename", None) or None,
        url=getattr(result, "url", None) or None,
    )


def looks_like_html(text: str) -> bool:
    """Sniff: markup if the first non-blank character is `<`."""
    return text.lstrip().startswith("<")
