"""The web app in real Chromium (Debian's /usr/bin/chromium, driven by Playwright).

A uvicorn server runs in a background thread on 127.0.0.1 over a store built once from the
bundled demo corpus, plus one hostile article whose text carries <script> and <img
onerror> tags. Each test opens a page as a user would, checks what a user sees, that no
JavaScript dialog ever opened, that no page error happened and that nothing was fetched
from another host; a screenshot of each page goes to tests/output/browser/.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from pathlib import Path

import pytest

from parity import api

CHROMIUM = Path(os.environ.get("PARITY_CHROMIUM", "/usr/bin/chromium"))
DEMO = Path(__file__).resolve().parents[1] / "parity" / "demo" / "corpus.jsonl"
FALLBACK = Path(__file__).resolve().parent / "data" / "corpus" / "articles"
SHOTS = Path(__file__).resolve().parent / "output" / "browser"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
HOSTILE = {
    "doc_id": "hostile_markup",
    "text": "LONDON, March 14, 2018 — Britain expelled 23 Russian diplomats "
    "<script>alert(1)</script> over the poisoning of Sergei Skripal in Salisbury. "
    "<img src=x onerror=alert(2)> Russia said it would retaliate.",
    "published": "2018-03-14",
    "title": "Britain expels 23 <script>alert(3)</script>",
    "outlet": "Harbour Post",
}
PASTED = (
    "OTTAWA, September 19, 2023 — Canada expelled a senior Indian diplomat on Monday over "
    "the killing of a Sikh leader in British Columbia. India expelled a senior Canadian "
    "diplomat on Tuesday in response. <script>alert('pasted')</script> "
    "<img src=x onerror=alert('img')>"
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"{CHROMIUM} is missing (install Debian's chromium: bash scripts/ensure-chromium.sh)",
    ),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser_articles")
    (folder / "hostile.jsonl").write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    corpus = DEMO if DEMO.exists() else FALLBACK
    path = tmp_path_factory.mktemp("browser_store") / "demo.duckdb"
    summary = api.ingest([corpus, folder], path)
    assert not summary.failed, summary.failed
    return path


@pytest.fixture(scope="module")
def server(store):
    import uvicorn

    from parity.web import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started:
        assert thread.is_alive() and time.time() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page with everything that must never happen recorded: dialogs, page errors,
    console errors and requests to another host."""

    def __init__(self, page, base: str) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on(
            "console",
            lambda msg: self.errors.append(msg.text) if msg.type == "error" else None,
        )
        page.on(
            "request",
            lambda req: (
                None if req.url.startswith((base, "data:")) else self.foreign.append(req.url)
            ),
        )

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def check(self) -> None:
        assert self.dialogs == [], f"a script ran: {self.dialogs}"
        assert self.errors == [], self.errors
        assert self.foreign == [], f"fetched from elsewhere: {self.foreign}"


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    watched = Watched(tab, server)
    yield watched
    context.close()


def main_dyad(store) -> str:
    dyads = dict(api.list_dyads(store))
    return "RUS-USA" if "RUS-USA" in dyads else max(dyads, key=dyads.get)


def test_overview_plots_every_dated_event(page, server, store):
    dyad = main_dyad(store)
    page.page.goto(f"{server}/")
    page.page.click(f'a[href="/dyad/{dyad}"]')
    page.page.wait_for_selector("#chart-timeline[data-rendered]")
    dated = [e for e in api.query_events(store, dyad=dyad) if e.date]
    points = page.page.locator("#chart-timeline .scatterlayer .trace .points path.point")
    assert points.count() == len(dated) > 0
    plotted = page.page.evaluate(
        """() => document.getElementById('chart-timeline').data
               .filter(t => t.mode === 'markers').reduce((n, t) => n + t.x.length, 0)"""
    )
    assert plotted == len(dated)
    page.page.wait_for_selector("#chart-ledger[data-rendered]")
    assert page.page.locator("#metrics tbody tr").count() >= 4
    page.page.screenshot(path=str(SHOTS / "overview.png"), full_page=True)
    page.check()


def test_index_lists_the_dyads(page, server, store):
    page.page.goto(f"{server}/")
    for dyad, _ in api.list_dyads(store):
        assert page.page.locator(f'a[href="/dyad/{dyad}"]').count() == 1
    page.page.screenshot(path=str(SHOTS / "index.png"), full_page=True)
    page.check()


def test_event_page_highlights_the_evidence(page, server, store):
    dyad = main_dyad(store)
    event = next(
        e
        for e in api.query_events(store, dyad=dyad, move="expel_personnel")
        if e.status == "occurred"
    )
    detail = api.get_event(store, event.id)
    evidence = next(r.evidence.text for r, _ in detail.reports if r.evidence)
    page.page.goto(f"{server}/dyad/{dyad}")
    page.page.click(f'#events a[href="/event/{event.id}"]')
    mark = page.page.locator("details[open] .article mark").first
    mark.wait_for(state="visible")
    assert " ".join(mark.inner_text().split()) == " ".join(evidence.split())
    page.page.screenshot(path=str(SHOTS / "event.png"), full_page=True)
    page.check()


def test_event_page_shows_hostile_markup_as_text(page, server, store):
    event = next(e for e in api.query_events(store) if "hostile_markup:" in " ".join(e.reports))
    page.page.goto(f"{server}/event/{event.id}")
    report = page.page.locator('article.report:has(a[href^="/document/hostile_markup"])')
    if report.locator("details[open]").count() == 0:
        report.locator("summary").click()  # another report of the same event comes first
    article = report.locator(".article")
    article.wait_for(state="visible")
    text = article.inner_text()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(2)>" in text
    assert "<script>alert(3)</script>" in report.locator("h3").inner_text()
    assert page.page.locator("main script, main img").count() == 0
    page.page.screenshot(path=str(SHOTS / "event_hostile.png"), full_page=True)
    page.check()


def test_read_shows_the_events_of_a_pasted_article(page, server):
    page.page.goto(f"{server}/read")
    page.page.fill("textarea[name=text]", PASTED)
    page.page.click("form.read button[type=submit]")
    rows = page.page.locator("section.result table.events tbody tr")
    rows.first.wait_for(state="visible")
    assert rows.count() >= 2
    table = page.page.locator("section.result table.events").inner_text()
    assert "expel_personnel" in table and "CAN → IND" in table
    assert page.page.locator("section.result .article mark").count() >= 1
    article = page.page.locator("section.result .article").inner_text()
    assert "<script>alert('pasted')</script>" in article
    assert "<img src=x onerror=alert('img')>" in article
    page.page.screenshot(path=str(SHOTS / "read.png"), full_page=True)
    page.check()


def test_simulation_plots_the_outcome(page, server, store):
    dyad = main_dyad(store)
    page.page.goto(f"{server}/simulate?dyad={dyad}")
    page.page.select_option("select[name=a]", "tft")
    page.page.select_option("select[name=b]", "random")
    page.page.fill("input[name=runs]", "2000")
    page.page.click("form.sim button[type=submit]")
    page.page.wait_for_selector("#chart-simulation[data-rendered]")
    bars = page.page.locator("#chart-simulation .barlayer .point")
    assert bars.count() > 0
    runs = page.page.evaluate(
        "() => document.getElementById('chart-simulation').data[0].y.reduce((a, b) => a + b, 0)"
    )
    assert runs == 2000
    assert page.page.locator("#levels tbody tr").count() >= 2
    page.page.screenshot(path=str(SHOTS / "simulate.png"), full_page=True)
    page.check()


def test_documents_search_works_without_javascript(browser, server):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    try:
        tab = context.new_page()
        tab.goto(f"{server}/documents")
        tab.fill("input[name=q]", "Skripal")
        tab.click("form.search button[type=submit]")
        tab.wait_for_url("**/documents?q=Skripal*")
        links = tab.locator("#documents tbody tr a")
        assert links.count() >= 1
        assert "<script>alert(3)</script>" in tab.locator("#documents").inner_text()
        tab.screenshot(path=str(SHOTS / "documents.png"), full_page=True)
    finally:
        context.close()
