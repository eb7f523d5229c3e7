"""Printing a story (or saving it as PDF) gives the article alone: no menus, share links,
forms, embed code or related stories; small type, so that the demo's longest story fits on
two A4 sheets; boxes never cut in two; the sources' addresses, the report permalinks and
the page's own address written out."""

import re

import pytest

from scripts.demo_site import LANGUAGES
from tests.browser.test_accessibility import page_path

MAX_PAGES = 2
BOXES = (".callout", ".figure", ".figures", ".quote", ".facts-panel", ".related-report", "figure")
# Each page of Chromium's PDF is one "/Type /Page" object; the page tree is "/Type /Pages".
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-z])")


def pdf_pages(pdf):
    assert pdf.startswith(b"%PDF")
    return len(PDF_PAGE.findall(pdf))


def test_printed_story_keeps_the_article_only(demo_site, open_page):
    page, problems = open_page(1280)
    page.goto(demo_site.url(page_path(demo_site, "story", "it")))
    page.emulate_media(media="print")
    for hidden in (
        ".site-header",
        ".site-footer",
        ".share",
        ".related",
        ".toc",
        ".breadcrumbs",
        ".embed-code",
        "form",
        "button",
    ):
        if page.locator(hidden).count():
            assert not page.locator(hidden).first.is_visible(), f"{hidden} is printed"
    for shown in ("h1", ".facts-panel", "#story-body", ".story__hero img", ".print-footer"):
        assert page.locator(shown).first.is_visible(), f"{shown} is not printed"
    # The page's own address at the end, and the report permalinks beside their links.
    canonical = page.get_attribute("link[rel=canonical]", "href")
    assert canonical in page.locator(".print-footer").inner_text()
    permalinks = page.locator("a[data-print-url]")
    assert permalinks.count(), "no report permalink on the demo's first story"
    after = permalinks.first.evaluate("link => getComputedStyle(link, '::after').content")
    assert re.search(r"/r/[0-9A-Z]{6}/", after), after
    for box in BOXES:
        for element in page.locator(box).all():
            assert element.evaluate("box => getComputedStyle(box).breakInside") == "avoid", box
    assert not problems.messages, problems.messages


@pytest.mark.parametrize("language", LANGUAGES)
def test_longest_story_prints_on_two_a4_pages(demo_site, open_page, language):
    page, problems = open_page(1280)
    lengths = {}
    for entry in demo_site.all_pages:
        if entry["type"] == "story" and entry["language"] == language:
            page.goto(demo_site.url(entry["path"]))
            lengths[entry["path"]] = len(page.locator("article").first.inner_text())
    longest = max(lengths, key=lengths.get)
    page.goto(demo_site.url(longest))
    page.emulate_media(media="print")
    pages = pdf_pages(page.pdf(format="A4"))
    assert 1 <= pages <= MAX_PAGES, f"{longest} prints on {pages} A4 pages"
    assert not problems.messages, problems.messages
