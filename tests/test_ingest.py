"""Document readers: formats, cleaning, dates, and one-line errors for bad inputs."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parity.errors import InputError
from parity.ingest import Columns, read_paths
from parity.ingest.dateline import dateline_date, find_dateline, parse_date
from parity.ingest.text import clean_text, content_hash
from parity.model import Document
from parity.settings import Settings

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
if not SEEDS.exists():
    SEEDS = Path("/work/shared/seeds")

ARTICLE = (
    "The US has ordered Russia to close diplomatic offices in New York, Washington and "
    "San Francisco, the latest in a series of retaliations between the two countries."
)
PAGE = f"""<html><head><title>US orders closures</title>
<meta property="article:published_time" content="2017-08-31T12:18:00-04:00">
<meta property="og:site_name" content="The Paper"></head>
<body><nav>Home | World | Politics</nav><article><h1>US orders Russia to close offices</h1>
<p>{ARTICLE}</p><p>Russia had cut the number of US staff to 455 in July, a response to sanctions.</p>
</article><div id="comments"><p>first! great comment here</p></div></body></html>"""


def read(*paths, **kwargs) -> list[Document | InputError]:
    return list(read_paths([str(p) for p in paths], **kwargs))


def docs(items) -> list[Document]:
    return [d for d in items if isinstance(d, Document)]


def errors(items) -> list[str]:
    return [str(e) for e in items if isinstance(e, InputError)]


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- plain text --------------------------------------------------------------------


def test_text_file_becomes_one_document_named_by_its_stem(tmp_path):
    (doc,) = read(write(tmp_path / "putin-155.txt", ARTICLE))
    assert doc.doc_id == "putin-155"
    assert doc.text == ARTICLE
    assert doc.path == str(tmp_path / "putin-155.txt")
    assert doc.content_hash == content_hash(ARTICLE)


def test_cleaning_normalises_newlines_spaces_and_blank_runs():
    raw = "\ufeffTitle  \r\nline\u200b two\t\r\r\r\r\r\rend  \n\n"
    assert clean_text(raw) == "Title\nline two\n\nend"


def test_cleaning_keeps_two_blank_lines_and_inner_spacing():
    assert clean_text("a  b\n\n\nc") == "a  b\n\n\nc"


def test_content_hash_is_sha256_of_cleaned_text(tmp_path):
    a = read(write(tmp_path / "a.txt", "Same text.\r\n"))[0]
    b = read(write(tmp_path / "b.md", "Same text.   \n\n"))[0]
    assert a.content_hash == b.content_hash
    assert len(a.content_hash) == 64


def test_utf8_bom_is_accepted_and_dropped(tmp_path):
    (doc,) = read(write(tmp_path / "bom.txt", b"\xef\xbb\xbfHello world."))
    assert doc.text == "Hello world."


def test_folder_is_read_recursively_sorted_skipping_hidden(tmp_path):
    write(tmp_path / "b.txt", "Bee.")
    write(tmp_path / "sub" / "a.txt", "Ay.")
    write(tmp_path / ".hidden.txt", "Hidden.")
    write(tmp_path / ".git" / "c.txt", "Hidden too.")
    write(tmp_path / "picture.png", b"\x89PNG\x00\x00")
    assert [d.doc_id for d in read(tmp_path)] == ["b", "a"]


def test_stdin_is_read_as_document_named_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode())))
    (doc,) = read("-")
    assert doc.doc_id == "stdin"
    assert doc.text == ARTICLE


def test_unknown_extension_is_sniffed(tmp_path):
    (page,) = read(write(tmp_path / "page.dump", PAGE))
    (text,) = read(write(tmp_path / "note.article", ARTICLE))
    assert ARTICLE in page.text and "<p>" not in page.text
    assert text.text == ARTICLE


# --- HTML --------------------------------------------------------------------------


def test_html_main_text_without_navigation_or_comments(tmp_path):
    (doc,) = read(write(tmp_path / "page.html", PAGE))
    assert ARTICLE in doc.text
    assert "Home | World" not in doc.text
    assert "great comment" not in doc.text
    assert "\n" in doc.text  # paragraph breaks kept


def test_html_date_title_and_outlet_from_page_metadata(tmp_path):
    (doc,) = read(write(tmp_path / "page.html", PAGE))
    assert (doc.published, doc.published_source) == ("2017-08-31", "meta")
    assert doc.title == "US orders Russia to close offices"
    assert doc.outlet == "The Paper"


def test_html_time_tag_dates_a_page_without_meta(tmp_path):
    page = f'<html><body><article><time datetime="2020-07-22">July 22</time><p>{ARTICLE}</p></article></body></html>'
    (doc,) = read(write(tmp_path / "t.htm", page))
    assert doc.published == "2020-07-22"
    assert doc.published_source == "meta"


def test_html_falls_back_to_tag_stripping(tmp_path):
    (doc,) = read(
        write(tmp_path / "tiny.html", "<html><body><p>Short.</p><p>Two.</p></body></html>")
    )
    assert doc.text == "Short.\nTwo."


def test_html_without_text_is_an_error(tmp_path):
    path = write(
        tmp_path / "blank.html", "<html><head><script>x()</script></head><body> </body></html>"
    )
    assert errors(read(path)) == [f"{path}: no article text found"]


# --- publication dates -------------------------------------------------------------


def test_dateline_dates_a_text_file(tmp_path):
    text = (
        "US orders Russia to close offices\n\nJeremy B. White\nSan Francisco\nThursday 31 August 2017 12:18 EDT\n\n"
        + ARTICLE
    )
    (doc,) = read(write(tmp_path / "a.txt", text))
    assert (doc.published, doc.published_source) == ("2017-08-31", "dateline")


def test_given_published_wins_over_dateline(tmp_path):
    (doc,) = read(write(tmp_path / "a.txt", "Aug. 30, 2017\n" + ARTICLE), published="2017-09-01")
    assert (doc.published, doc.published_source) == ("2017-09-01", "given")


def test_given_published_wins_over_html_meta(tmp_path):
    (doc,) = read(write(tmp_path / "a.html", PAGE), published="2017-09-01")
    assert (doc.published, doc.published_source) == ("2017-09-01", "given")


def test_bad_published_argument_is_refused_at_once():
    with pytest.raises(InputError, match="unreadable published date"):
        read_paths(["x.txt"], published="last tuesday")


def test_seed_articles_dates():
    if not SEEDS.exists():
        pytest.skip("seeds not available")
    by_id = {d.doc_id: d for d in docs(read(*sorted(SEEDS.glob("*.txt"))))}
    assert by_id["002_1de54866a10ad373"].published == "2017-08-31"
    assert by_id["000_01b6ecf0aec4f96f"].published is None  # undated: fusion must anchor it


@pytest.mark.parametrize(
    "line, iso",
    [
        ("Thursday 31 August 2017 12:18 EDT", "2017-08-31"),
        ("31 August 2017", "2017-08-31"),
        ("August 31, 2017", "2017-08-31"),
        ("Aug. 31, 2017", "2017-08-31"),
        ("Sept. 5, 2017", "2017-09-05"),
        ("2017-08-31", "2017-08-31"),
        ("Updated 2017-08-31T12:00:00Z", "2017-08-31"),
        ("Published: 31/08/2017", "2017-08-31"),
        ("By Jane Doe | Aug. 31, 2017", "2017-08-31"),
        (
            "MOSCOW, Aug. 31, 2017 (Reuters) - Russia said on Thursday it would answer in kind.",
            "2017-08-31",
        ),
    ],
)
def test_dateline_forms(line, iso):
    assert dateline_date(line) == iso


@pytest.mark.parametrize(
    "line",
    [
        "Published: 05/08/2017",  # day and month cannot be told apart
        "Sept 31, 2017",  # no such day
        "He said the mission would close on August 31, 2017, after talks broke down.",
        "The sanctions were signed on Aug. 2, 2017.",
        "Tuesday",
    ],
)
def test_not_datelines(line):
    assert dateline_date(line) is None


def test_dates_deep_in_the_body_are_not_datelines():
    body = "\n".join(f"Paragraph {i} about the dispute." for i in range(30))
    assert find_dateline(body + "\n31 August 2017\n") is None


@pytest.mark.parametrize(
    "value, iso",
    [
        ("2017", "2017"),
        ("2017-08", "2017-08"),
        ("2017-08-31T12:18:00Z", "2017-08-31"),
        ("Thu, 31 Aug 2017 12:18:00 GMT", "2017-08-31"),
        ("31/08/2017", "2017-08-31"),
        ("08/31/2017", "2017-08-31"),
        ("05/08/2017", None),
        ("yesterday", None),
        ("2017-13-01", None),
    ],
)
def test_parse_date(value, iso):
    assert parse_date(value) == iso


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_dateline_parser_never_raises_and_returns_valid_iso(text):
    for iso in (find_dateline(text), parse_date(text)):
        if iso is not None:
            assert len(iso) in (4, 7, 10)
            if len(iso) == 10:
                dt.date.fromisoformat(iso)


@settings(max_examples=200)
@given(
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.sampled_from(
        [
            "{d} {B} {Y}",
            "{B} {d}, {Y}",
            "{b}. {d}, {Y}",
            "{A} {d} {B} {Y} 10:00 GMT",
            "{Y}-{m}-{dd}",
        ]
    ),
)
def test_dateline_parser_reads_generated_datelines(date, form):
    line = form.format(
        d=date.day,
        dd=f"{date.day:02d}",
        m=f"{date.month:02d}",
        Y=date.year,
        B=date.strftime("%B"),
        b=date.strftime("%b"),
        A=date.strftime("%A"),
    )
    assert find_dateline("Headline\n" + line + "\nBody text follows.") == date.isoformat()


# --- corpora: JSONL, CSV, JSON -------------------------------------------------------


def jsonl(*records) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n"


def test_jsonl_corpus_with_metadata(tmp_path):
    path = write(
        tmp_path / "feed.jsonl",
        jsonl(
            {
                "doc_id": "a",
                "text": ARTICLE,
                "published": "2017-08-31",
                "url": "https://x/a",
                "title": "T",
                "outlet": "AP",
            },
            {"doc_id": "b", "html": PAGE},
        ),
    )
    a, b = read(path)
    assert (a.doc_id, a.published, a.published_source, a.url, a.title, a.outlet) == (
        "a",
        "2017-08-31",
        "given",
        "https://x/a",
        "T",
        "AP",
    )
    assert a.path == str(path)
    assert ARTICLE in b.text and b.published_source == "meta"


def test_corpus_date_wins_over_caller_date(tmp_path):
    path = write(
        tmp_path / "feed.jsonl",
        jsonl(
            {"doc_id": "a", "text": ARTICLE, "published": "2017-08-31"},
            {"doc_id": "b", "text": ARTICLE},
        ),
    )
    a, b = read(path, published="2020-01-01")
    assert a.published == "2017-08-31"
    assert b.published == "2020-01-01"


def test_jsonl_bad_line_is_reported_and_others_still_read(tmp_path):
    lines = [{"doc_id": str(i), "text": f"Text {i}."} for i in range(1, 10)]
    lines[6] = '{"doc_id": "7", "text": oops}'
    path = write(tmp_path / "feed.jsonl", jsonl(*lines))
    items = read(path)
    assert len(docs(items)) == 8
    (message,) = errors(items)
    assert message.startswith(f"{path}: line 7: invalid JSON: ")


def test_jsonl_duplicate_doc_id(tmp_path):
    lines = [{"doc_id": f"d{i}", "text": "t"} for i in range(8)] + [{"doc_id": "d3", "text": "u"}]
    path = write(tmp_path / "feed.ndjson", jsonl(*lines))
    assert errors(read(path)) == [f"{path}: line 9: duplicate doc_id 'd3'"]


@pytest.mark.parametrize(
    "record, problem",
    [
        ({"text": "x"}, "line 1: no 'doc_id'"),
        ({"doc_id": "a"}, "line 1: no 'text' or 'html'"),
        ({"doc_id": "a", "text": "   "}, "line 1: empty text"),
        ({"doc_id": "a", "text": 5}, "line 1: 'text' is not a string"),
        (
            {"doc_id": "a", "text": "x", "published": "soon"},
            "line 1: unreadable published date 'soon' (use YYYY-MM-DD)",
        ),
        ([1, 2], "line 1: not a JSON object"),
    ],
)
def test_jsonl_contract_violations(tmp_path, record, problem):
    path = write(tmp_path / "feed.jsonl", jsonl(record))
    assert errors(read(path)) == [f"{path}: {problem}"]


def test_csv_corpus_with_mapped_columns(tmp_path):
    path = write(
        tmp_path / "feed.csv",
        'id,body,pubdate,link\n1,"First, with comma.",2017-08-31,https://x/1\n2,"Line one\nline two",,\n',
    )
    one, two = read(
        path, columns=Columns(doc_id="id", text="body", published="pubdate", url="link")
    )
    assert (one.doc_id, one.text, one.published, one.url) == (
        "1",
        "First, with comma.",
        "2017-08-31",
        "https://x/1",
    )
    assert (two.text, two.published, two.url) == ("Line one\nline two", None, None)


def test_csv_without_text_column(tmp_path):
    path = write(tmp_path / "feed.csv", "a,b,c\n1,2,3\n")
    assert errors(read(path)) == [f"{path}: no 'text' column; columns are: a, b, c"]


def test_csv_duplicate_doc_id_names_its_line(tmp_path):
    path = write(tmp_path / "feed.csv", "doc_id,text\nx,one\ny,two\nx,three\n")
    items = read(path)
    assert [d.doc_id for d in docs(items)] == ["x", "y"]
    assert errors(items) == [f"{path}: line 4: duplicate doc_id 'x'"]


def test_csv_long_fields_are_read(tmp_path):
    long = "word " * 60_000
    path = write(tmp_path / "feed.csv", f"doc_id,text\nbig,{long}\n")
    (doc,) = read(path)
    assert len(doc.text) > 200_000


def test_json_list_and_single_object(tmp_path):
    many = write(
        tmp_path / "many.json",
        json.dumps([{"doc_id": "a", "text": "A."}, {"doc_id": "b", "text": "B."}]),
    )
    one = write(tmp_path / "one.json", json.dumps({"doc_id": "c", "text": "C."}))
    assert [d.doc_id for d in read(many, one)] == ["a", "b", "c"]


def test_duplicate_ids_across_files(tmp_path):
    write(tmp_path / "x" / "same.txt", "One.")
    write(tmp_path / "y" / "same.txt", "Two.")
    items = read(tmp_path)
    assert len(docs(items)) == 1
    assert errors(items) == [f"{tmp_path / 'y' / 'same.txt'}: duplicate doc_id 'same'"]


# --- bad inputs --------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("nul.txt", b"abc\x00def", "binary file (NUL bytes)"),
        ("latin.txt", b"caf\xe9 au lait", "not UTF-8 text (byte 0xe9 at offset 3)"),
        ("cp1252.txt", b"\x93quoted\x94", "not UTF-8 text (byte 0x93 at offset 0)"),
        (
            "utf16.txt",
            "hello".encode("utf-16"),
            "not UTF-8 text (UTF-16 byte-order mark); re-encode it as UTF-8",
        ),
    ],
)
def test_bad_files_are_one_line_errors(tmp_path, name, content, problem):
    path = write(tmp_path / name, content)
    assert errors(read(path)) == [f"{path}: {problem}"]


def test_missing_path(tmp_path):
    path = tmp_path / "nope.txt"
    assert errors(read(path)) == [f"{path}: no such file or directory"]


def test_too_large_file_is_refused_without_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:  # a sparse 100 MB file: costs nothing on disk
        f.truncate(100_000_000)

    def no_read(self):
        raise AssertionError("the file was read")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    (message,) = errors(read(path, settings=Settings(max_file_bytes=1_000_000)))
    assert message.startswith(f"{path}: file too large (100,000,000 bytes")


def test_a_bad_file_does_not_stop_the_batch(tmp_path):
    write(tmp_path / "a.txt", "Good one.")
    write(tmp_path / "b.txt", b"\x00\x01")
    write(tmp_path / "c.txt", "Good two.")
    items = read(tmp_path)
    assert [d.doc_id for d in docs(items)] == ["a", "c"]
    assert len(errors(items)) == 1


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.one_of(st.binary(max_size=80), st.text(max_size=80).map(str.encode)), max_size=6)
)
def test_jsonl_reader_never_raises(tmp_path, lines):
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(b"\n".join(lines))
    for item in read_paths([path]):
        assert isinstance(item, Document | InputError)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(["doc_id", "text", "html", "published", "url", "title", "outlet"]),
            st.one_of(
                st.none(), st.integers(), st.text(max_size=30), st.lists(st.integers(), max_size=2)
            ),
        ),
        max_size=5,
    )
)
def test_jsonl_records_never_raise(tmp_path, records):
    path = tmp_path / "fuzz.jsonl"
    path.write_text(jsonl(*records) if records else "", encoding="utf-8")
    for item in read_paths([path]):
        assert isinstance(item, Document | InputError)


# --- WARC ----------------------------------------------------------------------------


def warc_record(kind: str, uri: str, block: bytes) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def test_warc_html_responses_become_documents(tmp_path):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + PAGE.encode()
    data = (
        warc_record("request", "https://news.example/a", b"GET /a HTTP/1.1\r\n\r\n")
        + warc_record("response", "https://news.example/a", http)
        + warc_record(
            "response",
            "https://news.example/logo.png",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        )
    )
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(data))
    (doc,) = read(tmp_path)
    assert doc.doc_id == "crawl-1"
    assert ARTICLE in doc.text
    assert doc.published == "2017-08-31"  # from the page, not the crawl date


def test_yearless_wire_dateline_takes_the_year_the_story_names():
    from parity.ingest.dateline import find_dateline

    text = "Spain summons envoy\n\nMADRID, May 19 (Wire) - Spain summoned the ambassador after the 2021 crossings."
    assert find_dateline(text) == "2021-05-19"
    assert find_dateline("MOSCOW, March 17 (Wire) - No year is named anywhere.") is None
    two_cities = "JERUSALEM/DUBLIN, Dec 15 (Wire) - Israel will close its embassy, a 2024 decision."
    assert find_dateline(two_cities) == "2024-12-15"
