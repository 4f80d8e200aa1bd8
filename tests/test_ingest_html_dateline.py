"""A visible dateline paragraph that the main-text extractor leaves out still dates the page."""

from parity.ingest.html import read_html

PAGE = """<html><head><title>Jordan recalls envoy</title></head><body>
<div class="gdpr"><p>We use cookies.</p></div>
<main><article>
<h1>Jordan recalls its ambassador from Israel</h1>
<div class="meta"><p class="dateline">AMMAN &mdash; Wednesday, 1 November 2023</p>
<p class="author">By A. Writer</p></div>
<p>Jordan recalled its ambassador to Israel with immediate effect on Wednesday, the foreign
minister said, and told Israel that its own ambassador should not come back.</p>
<p>The kingdom stopped short of cutting diplomatic ties with Israel, with which it signed a
peace treaty in 1994, and said the decision expressed its rejection of the war.</p>
</article></main></body></html>"""


def test_a_dateline_paragraph_outside_the_main_text_dates_the_page():
    page = read_html(PAGE)
    assert page.published == "2023-11-01"
    assert "recalled its ambassador" in page.text


def test_a_page_without_any_date_stays_undated():
    assert read_html(PAGE.replace("Wednesday, 1 November 2023", "Staff report")).published is None
