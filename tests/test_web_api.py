"""The web app through FastAPI's TestClient: every page and /api route, bad input, escaping.

The store is built once for the module from a few small articles written here (two text
files and a JSONL corpus, one of whose articles carries <script> and <img onerror> tags).
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import textwrap
import time
import warnings

import pytest

with warnings.catch_warnings():  # starlette's notice that it prefers httpx2
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

from parity import api
from parity.web import create_app
from parity.web.charts import STATUS_COLOURS
from parity.web.config import MAX_RUNS, MAX_TEXT_BYTES

ARTICLES = {
    "usa_russia_2016.txt": (
        "WASHINGTON, December 29, 2016 — The United States expelled 35 Russian diplomats on "
        "Thursday and closed two Russian compounds in Maryland and New York in response to "
        "Russian interference in the election.\n"
    ),
    "russia_usa_2017.txt": (
        "MOSCOW, January 20, 2017 — Russia expelled 35 American diplomats on Friday, three "
        "weeks after Washington ordered 35 Russians to leave.\n"
    ),
}
CORPUS = [
    {
        "doc_id": "cap_455",
        "text": "MOSCOW, July 30, 2017 — Russia ordered the United States to cut its diplomatic "
        "staff in Russia to 455 by September 1, in response to new American sanctions.",
        "published": "2017-07-30",
        "title": "Russia caps US staff at 455",
        "outlet": "Northline Wire",
        "url": "https://example.org/cap",
    },
    {
        "doc_id": "hostile",
        "text": "LONDON, March 14, 2018 — Britain expelled 23 Russian diplomats "
        "<script>alert(1)</script> over the poisoning of Sergei Skripal in Salisbury. "
        "<img src=x onerror=alert(2)> Russia said it would retaliate.",
        "published": "2018-03-14",
        "title": "<b>Britain</b> expels 23 <script>alert(3)</script>",
        "outlet": "Harbour Post",
        "url": "javascript:alert(4)",
    },
]
PASTED = (
    "MOSCOW, July 30, 2017 — Russia ordered the United States to cut its diplomatic staff "
    "in Russia to 455 by September 1, in response to new American sanctions. "
    "<script>alert('pasted')</script> <img src=x onerror=alert(5)>"
)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web_articles")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "corpus.jsonl").write_text(
        "\n".join(json.dumps(d, ensure_ascii=False) for d in CORPUS) + "\n", encoding="utf-8"
    )
    path = tmp_path_factory.mktemp("web_store") / "web.duckdb"
    summary = api.ingest([folder], path)
    assert summary.new == 4 and not summary.failed
    return path


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db))


def event_where(db, **fields):
    """The first stored story event whose fields have the given values."""
    for event in api.query_events(db):
        if all(getattr(event, k) == v for k, v in fields.items()):
            return event
    raise AssertionError(f"no event with {fields}")


def figure(html: str, name: str) -> dict:
    match = re.search(
        rf'<script type="application/json" id="fig-{name}">(.*?)</script>', html, re.S
    )
    assert match, f"no figure {name}"
    return json.loads(match.group(1))


# --------------------------------------------------------------------------- app-wide


def test_openapi_schema_lists_every_api_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    for route in (
        "/api/documents",
        "/api/events",
        "/api/story",
        "/api/ledger",
        "/api/metrics",
        "/api/extract",
        "/api/simulate",
    ):
        assert route in paths
    assert "post" in paths["/api/extract"] and "post" in paths["/api/simulate"]


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_cdn_backed_doc_pages_are_off(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/", "/dyad/USA-RUS", "/documents", "/read", "/simulate?dyad=USA-RUS&a=tft&b=tft&runs=50"],
)
def test_pages_load_scripts_and_styles_only_from_this_server(client, path):
    page = client.get(path)
    assert page.status_code == 200
    for url in re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page.text):
        assert url.startswith("/static/"), url


def test_plotly_is_served_from_the_package(client):
    response = client.get("/static/plotly.min.js")
    assert response.status_code == 200
    assert "javascript" in response.headers["content-type"]
    assert b"plotly" in response.content[:2000].lower()


def test_responses_carry_security_headers(client):
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_store_is_never_written(db, client):
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    files = set(db.parent.iterdir())
    client.post("/api/extract", json={"text": PASTED})
    client.post("/read", data={"text": PASTED})
    client.post("/api/simulate", json={"dyad": "USA-RUS", "runs": 10})
    client.get("/dyad/USA-RUS")
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert set(db.parent.iterdir()) == files


def test_a_store_locked_by_a_writer_is_a_503(db, client):
    script = textwrap.dedent(
        f"""
        import sys, time
        from parity.store import Store
        with Store.open({str(db)!r}):
            print("open", flush=True)
            sys.stdin.readline()
        """
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout.readline().strip() == "open"
        response = client.get("/api/events")
        assert response.status_code == 503
        assert "locked" in response.json()["detail"]
    finally:
        writer.communicate("\n", timeout=30)
    deadline = time.time() + 10
    while client.get("/api/dyads").status_code != 200 and time.time() < deadline:
        time.sleep(0.1)


# --------------------------------------------------------------------------- pages


def test_index_lists_dyads_with_event_counts(db, client):
    page = client.get("/").text
    counts = dict(api.list_dyads(db))
    assert counts["RUS-USA"] == len(api.query_events(db, dyad="USA-RUS")) > 0
    assert '<a href="/dyad/RUS-USA">RUS-USA</a>' in page
    assert '<a href="/dyad/GBR-RUS">GBR-RUS</a>' in page


def test_dyad_page_plots_every_dated_event(db, client):
    page = client.get("/dyad/USA-RUS")
    assert page.status_code == 200
    fig = figure(page.text, "timeline")
    points = sum(len(t["x"]) for t in fig["data"] if t.get("mode") == "markers")
    dated = [e for e in api.query_events(db, dyad="USA-RUS") if e.date]
    assert points == len(dated) > 0


def test_dyad_timeline_colours_by_status_and_sizes_by_quantity(client):
    fig = figure(client.get("/dyad/USA-RUS").text, "timeline")
    markers = {t["name"]: t for t in fig["data"] if t.get("mode") == "markers"}
    assert "occurred" in markers and set(markers) <= set(STATUS_COLOURS)
    for status, trace in markers.items():
        assert trace["marker"]["color"] == STATUS_COLOURS[status]
    sizes = markers["occurred"]["marker"]["size"]
    assert max(sizes) > min(sizes)
    hover = json.dumps(markers["occurred"]["customdata"])
    assert "expel_personnel" in hover and "expelled 35 Russian diplomats" in hover


def test_dyad_page_has_ledger_chart_and_tables(client):
    page = client.get("/dyad/USA-RUS").text
    ledger = figure(page, "ledger")
    assert {t["name"] for t in ledger["data"]} >= {"RUS in USA personnel (net change)"}
    for table in ('id="events"', 'id="ledger"', 'id="metrics"'):
        assert table in page
    assert "answers the other&#39;s hostile moves" in page


def test_dyad_page_accepts_a_counting_rule(client):
    assert client.get("/dyad/USA-RUS?rule=exclude-io").status_code == 200
    bad = client.get("/dyad/USA-RUS?rule=nonsense")
    assert bad.status_code == 400 and "unknown counting rule" in bad.text


def test_dyad_page_redirects_to_the_canonical_name(client):
    response = client.get("/dyad/usa-rus", follow_redirects=False)
    assert response.status_code in (302, 307)
    assert response.headers["location"] == "/dyad/USA-RUS"


@pytest.mark.parametrize(("dyad", "status"), [("USA", 400), ("USA-USA", 400), ("FRA-DEU", 404)])
def test_dyad_page_refuses_bad_or_empty_dyads(client, dyad, status):
    response = client.get(f"/dyad/{dyad}")
    assert response.status_code == status
    assert "<h1>" in response.text


def test_event_page_highlights_the_evidence(db, client):
    event = event_where(db, source="USA", move="expel_personnel")
    page = client.get(f"/event/{event.id}").text
    assert "<mark" in page
    marked = re.findall(r"<mark[^>]*>(.*?)</mark>", page, re.S)
    assert any("expelled 35 Russian diplomats" in m for m in marked)


def test_event_page_shows_stated_and_inferred_links_differently(db, client):
    event = event_where(db, source="USA", move="expel_personnel")
    page = client.get(f"/event/{event.id}").text
    assert 'class="badge badge-stated"' in page  # it answers the interference (stated)
    assert re.search(
        r'class="badge badge-inferred"[^>]*>inferred 0\.\d\d<', page
    )  # Russia's answer


def test_unknown_event_is_a_404(client):
    assert client.get("/event/S999").status_code == 404


@pytest.mark.parametrize(
    ("query", "found", "missing"),
    [
        ("q=compounds", "usa_russia_2016", "cap_455"),
        ("outlet=Northline+Wire", "cap_455", "usa_russia_2016"),
        ("since=2018", "hostile", "cap_455"),
        ("until=2016-12", "usa_russia_2016", "russia_usa_2017"),
    ],
)
def test_documents_page_filters_server_side(client, query, found, missing):
    page = client.get(f"/documents?{query}").text
    assert f'href="/document/{found}"' in page
    assert f'href="/document/{missing}"' not in page


def test_documents_page_explains_a_bad_date(client):
    page = client.get("/documents?since=last+week")
    assert page.status_code == 400
    assert "since:" in page.text and "last week" in page.text


def test_document_page_marks_every_report(db, client):
    page = client.get("/document/usa_russia_2016").text
    reports = api.get_document(db, "usa_russia_2016").reports
    assert page.count('<sup class="tag">') == len(reports) > 0
    assert "<mark" in page


def test_read_form_works_without_javascript(client):
    page = client.get("/read").text
    assert 'method="post"' in page and 'enctype="multipart/form-data"' in page


def test_read_shows_the_events_of_a_pasted_text(client):
    page = client.post("/read", data={"text": PASTED, "published": ""})
    assert page.status_code == 200
    assert "cap_personnel" in page.text and "<mark" in page.text
    assert "&lt;script&gt;alert(&#39;pasted&#39;)&lt;/script&gt;" in page.text
    assert "<script>alert" not in page.text and "<img src=x" not in page.text


def test_read_takes_an_uploaded_html_page(client):
    markup = (
        "<html><head><title>Cap</title></head><body><article><p>"
        + PASTED.replace("<", "&lt;")
        + "</p></article></body></html>"
    )
    page = client.post("/read", files={"file": ("page.html", markup.encode(), "text/html")})
    assert page.status_code == 200
    assert "cap_personnel" in page.text


def test_read_takes_an_uploaded_corpus(client):
    lines = "\n".join(json.dumps({"doc_id": d["doc_id"], "text": d["text"]}) for d in CORPUS)
    page = client.post("/read", files={"file": ("feed.jsonl", lines.encode(), "application/json")})
    assert page.status_code == 200
    assert page.text.count('<section class="result">') == 2


@pytest.mark.parametrize(
    ("files", "data", "status", "message"),
    [
        ({"file": ("a.exe", b"MZ", "application/octet-stream")}, {}, 400, "not a text"),
        ({"file": ("a.txt", b"\xff\xfe\x00bad", "text/plain")}, {}, 400, "UTF"),
        (None, {"text": "   "}, 400, "Paste an article"),
        (None, {"text": PASTED, "published": "someday"}, 400, "unreadable published date"),
        ({"file": ("big.txt", b"a" * (MAX_TEXT_BYTES + 1), "text/plain")}, {}, 413, "too large"),
        (None, {"text": "a" * (MAX_TEXT_BYTES + 10)}, 413, "too large"),
    ],
)
def test_read_refuses_bad_uploads(client, files, data, status, message):
    page = client.post("/read", files=files, data=data)
    assert page.status_code == status
    assert message in page.text


def test_simulate_form_lists_the_strategies(client):
    page = client.get("/simulate?dyad=USA-RUS").text
    for name in api.strategy_names():
        assert f'<option value="{name}"' in page


def test_simulate_page_shows_the_outcome(client):
    page = client.get("/simulate?dyad=USA-RUS&a=tft&b=grim&steps=8&runs=300&seed=1")
    assert page.status_code == 200
    fig = figure(page.text, "simulation")
    assert sum(fig["data"][0]["y"]) == 300  # runs per highest level
    assert 'id="levels"' in page.text and 'id="left"' in page.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("a=nice&b=tft", "unknown strategy"),
        ("a=tft&b=tft&runs=0", "runs"),
        (f"a=tft&b=tft&runs={MAX_RUNS + 1}", "runs"),
        ("a=tft&b=tft&steps=many", "steps"),
    ],
)
def test_simulate_page_explains_bad_input(client, query, message):
    page = client.get(f"/simulate?dyad=USA-RUS&{query}")
    assert page.status_code == 422
    assert message in page.text


# --------------------------------------------------------------------------- escaping


@pytest.mark.parametrize("path", ["/document/hostile", "/documents?q=Skripal", "/read"])
def test_article_markup_is_shown_as_text(client, path):
    if path == "/read":
        page = client.post("/read", data={"text": CORPUS[1]["text"]}).text
    else:
        page = client.get(path).text
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page or "&lt;script&gt;" in page


def test_event_page_escapes_article_title_and_text(db, client):
    event = event_where(db, source="GBR", move="expel_personnel")
    page = client.get(f"/event/{event.id}").text
    assert "&lt;b&gt;Britain&lt;/b&gt; expels 23 &lt;script&gt;alert(3)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>Britain" not in page


def test_a_javascript_url_is_never_a_link(client):
    page = client.get("/document/hostile").text
    assert 'href="javascript:' not in page
    assert "javascript:alert(4)" in page


def test_chart_json_cannot_close_its_script_element(client):
    page = client.get("/dyad/GBR-RUS").text
    embedded = re.search(
        r'<script type="application/json" id="fig-timeline">(.*?)</script>', page, re.S
    )
    assert "<" not in embedded.group(1)
    assert "alert(1)" in json.dumps(json.loads(embedded.group(1)))  # kept, as escaped text


def test_api_returns_article_text_as_json_data(client):
    response = client.get("/api/documents/hostile")
    assert response.headers["content-type"].startswith("application/json")
    assert "<script>alert(1)</script>" in response.json()["text"]


# --------------------------------------------------------------------------- /api


def test_api_dyads(db, client):
    expected = len(api.query_events(db, dyad="USA-RUS"))
    assert {"dyad": "RUS-USA", "events": expected} in client.get("/api/dyads").json()


@pytest.mark.parametrize(
    "filters",
    [
        {"dyad": "USA-RUS"},
        {"dyad": "USA>RUS"},
        {"move": "expel_personnel"},
        {"status": "announced"},
        {"since": "2017", "until": "2017-06"},
        {"dyad": "GBR-RUS", "status": "threatened"},
    ],
)
def test_api_events_filters_like_parity_events(db, client, filters):
    response = client.get("/api/events", params=filters)
    assert response.status_code == 200
    expected = [e.id for e in api.query_events(db, **filters)]
    assert [e["id"] for e in response.json()] == expected
    assert 0 < len(expected) < len(api.query_events(db))


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("status=maybe", 422, "occurred"),
        ("dyad=USARUS", 400, "not a dyad"),
        ("since=yesterday", 400, "not a date"),
        ("move=invade", 400, "unknown move"),
    ],
)
def test_api_events_refuses_bad_filters(client, query, status, message):
    response = client.get(f"/api/events?{query}")
    assert response.status_code == status
    assert message in json.dumps(response.json())


def test_api_event_by_id(db, client):
    event = event_where(db, source="USA", move="expel_personnel")
    body = client.get(f"/api/events/{event.id}").json()
    assert body["event"]["quantity"] == 35
    evidence = [r["evidence"]["text"] for r in body["reports"]]
    assert any("expelled 35 Russian diplomats" in text for text in evidence)
    assert len(body["reports"]) == 2  # Moscow's article retells Washington's order: one event
    assert {k["kind"] for k in body["links"]} == {"stated", "inferred"}
    assert client.get("/api/events/nope").status_code == 404


def test_api_story_has_events_and_links(db, client):
    body = client.get("/api/story?dyad=USA-RUS").json()
    events, links = api.load_story(db_path=db, dyad="USA-RUS")
    assert [e["id"] for e in body["events"]] == [e.id for e in events]
    assert len(body["links"]) == len(links) > 0
    assert {"from", "to", "kind", "score", "reason"} <= set(body["links"][0])
    assert len(client.get("/api/story").json()["events"]) == len(api.query_events(db))


def test_api_ledger(db, client):
    body = client.get("/api/ledger?dyad=USA-RUS").json()
    assert body["dyad"] == ["USA", "RUS"] and body["rule"] == "all"
    assert body["RUS_in_USA"]["personnel"]["change"] < 0  # the 35 expelled in 2016
    events, _ = api.load_story(db_path=db, dyad="USA-RUS")
    ledger = api.dyad_ledger(events, "USA-RUS", rule="exclude-io", at="2017-01-01")
    early = client.get("/api/ledger?dyad=USA-RUS&at=2017-01-01&rule=exclude-io").json()
    assert early == json.loads(json.dumps(api.ledger_to_json(ledger)))


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("", 422, "dyad"),
        ("dyad=USA", 400, "two different ISO3 codes"),
        ("dyad=USA-RUS&rule=generous", 400, "unknown counting rule"),
        ("dyad=USA-RUS&at=soon", 400, "not an ISO date"),
    ],
)
def test_api_ledger_refuses_bad_input(client, query, status, message):
    response = client.get(f"/api/ledger?{query}")
    assert response.status_code == status
    assert message in json.dumps(response.json())


def test_api_metrics(db, client):
    one = client.get("/api/metrics?dyad=USA-RUS").json()
    expected = len(api.query_events(db, dyad="USA-RUS"))
    assert len(one) == 1 and one[0]["dyad"] == ["USA", "RUS"] and one[0]["events"] == expected
    every = client.get("/api/metrics").json()
    assert {tuple(m["dyad"]) for m in every} >= {("GBR", "RUS")}
    assert client.get("/api/metrics?dyad=U-R").status_code == 400


def test_api_documents_search_and_paging(client):
    body = client.get("/api/documents?limit=2").json()
    assert body["total"] == 4 and len(body["documents"]) == 2
    assert body["documents"][0]["published"] == "2018-03-14"  # newest first
    second = client.get("/api/documents?limit=2&offset=2").json()["documents"]
    assert {d["doc_id"] for d in second} == {"russia_usa_2017", "usa_russia_2016"}
    found = client.get("/api/documents?q=Skripal+Salisbury&outlet=harbour+post").json()
    assert [d["doc_id"] for d in found["documents"]] == ["hostile"]


@pytest.mark.parametrize(
    ("query", "status"), [("limit=0", 422), ("offset=-1", 422), ("since=May", 400)]
)
def test_api_documents_refuses_bad_input(client, query, status):
    assert client.get(f"/api/documents?{query}").status_code == status


def test_api_document_by_id(client):
    body = client.get("/api/documents/cap_455").json()
    assert body["outlet"] == "Northline Wire" and body["reports"]
    assert set(body["story_ids"]) == {r["doc_id"] + ":" + r["id"] for r in body["reports"]}
    assert client.get("/api/documents/nope").status_code == 404


def test_api_extract_returns_events_with_offsets_into_the_text(client):
    response = client.post("/api/extract", json={"text": PASTED, "published": "2017-07-30"})
    assert response.status_code == 200
    body = response.json()
    assert body["document"]["published"] == "2017-07-30"
    cap = next(e for e in body["events"] if e["move"] == "cap_personnel")
    assert cap["quantity"] == 455
    evidence = cap["evidence"]
    assert body["text"][evidence["start"] : evidence["end"]] == evidence["text"]


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [
        ('{"text": "unfinished', 422, "JSON"),
        ("[1, 2]", 422, "object"),
        ('{"published": "2017-07-30"}', 422, "text"),
        ('{"text": 42}', 422, "string"),
        ('{"text": "x", "colour": "red"}', 422, "colour"),
        ('{"text": "   "}', 400, "empty"),
        ('{"text": "Russia expelled 35 diplomats.", "published": "someday"}', 400, "published"),
        ('{"text": "x", "doc_id": "../etc/passwd"}', 422, "doc_id"),
    ],
)
def test_api_extract_refuses_bad_input(client, payload, status, message):
    response = client.post(
        "/api/extract", content=payload, headers={"content-type": "application/json"}
    )
    assert response.status_code == status
    assert message in json.dumps(response.json())


def test_api_extract_refuses_a_text_over_one_megabyte(client):
    response = client.post("/api/extract", json={"text": "é" * (MAX_TEXT_BYTES // 2 + 1)})
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


def test_api_refuses_an_oversized_body_before_reading_it(client):
    response = client.post(
        "/api/simulate",
        content=b"{" + b" " * 100_000 + b"}",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert "limit" in response.json()["detail"]


def test_api_simulate(client):
    response = client.post(
        "/api/simulate",
        json={"dyad": "USA-RUS", "a": "tft", "b": "grim", "steps": 10, "runs": 400, "seed": 3},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["summary"]["runs"] == 400 and body["summary"]["dyad"] == ["USA", "RUS"]
    assert sum(body["histograms"]["max_level"]["runs"]) == 400
    for side in ("USA", "RUS"):
        hist = body["histograms"]["personnel"][side]
        assert sum(hist["runs"]) == 400 and len(hist["edges"]) == len(hist["runs"]) + 1
    again = client.post(
        "/api/simulate",
        json={"dyad": "USA-RUS", "a": "tft", "b": "grim", "steps": 10, "runs": 400, "seed": 3},
    ).json()
    assert again == body  # seeded: reproducible


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [
        ({"dyad": "USA-RUS", "a": "nice"}, 422, "unknown strategy 'nice'"),
        ({"dyad": "USA-RUS", "b": "tft", "a": "grim", "runs": MAX_RUNS + 1}, 422, "runs"),
        ({"dyad": "USA-RUS", "steps": 0}, 422, "steps"),
        ({"dyad": "USA-RUS", "runs": "100"}, 422, "integer"),
        ({"dyad": "USA-RUS", "noise": 2}, 422, "noise"),
        ({"dyad": "United States"}, 422, "ISO3"),
        ({"a": "tft"}, 422, "dyad"),
        ({"dyad": "USA-RUS", "a": "fitted"}, 400, ""),
    ],
)
def test_api_simulate_refuses_bad_input(client, payload, status, message):
    if payload.get("a") == "fitted":
        payload = {**payload, "dyad": "FRA-DEU"}  # nothing to fit on
    response = client.post("/api/simulate", json=payload)
    assert response.status_code == status, response.text
    assert message in json.dumps(response.json())


def test_api_simulate_refuses_malformed_json(client):
    response = client.post(
        "/api/simulate", content=b"{dyad: USA-RUS}", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422


# --------------------------------------------------------------------------- parity serve


def test_serve_command_is_documented():
    from typer.testing import CliRunner

    from parity.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "Example: parity serve" in result.output
    assert "127.0.0.1" in result.output


def test_serve_refuses_a_missing_store(tmp_path):
    from typer.testing import CliRunner

    from parity.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "no such store" in result.output
