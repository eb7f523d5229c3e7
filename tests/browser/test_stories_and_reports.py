"""The stories' and reports' new parts in Chromium, on a phone and a desktop, in both
languages: a story's byline, dates and results over time (chart and table); the reports
listing with its covers and downloads; the search hits inside the reports' PDFs, linking to
the page. One page load per part and width; axe on those parts, no CSP violation, nothing
wider than the screen."""

import re

import pytest

from scripts.demo_site import LANGUAGES

from .test_accessibility import WCAG_TAGS, WIDTHS, describe

NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def check_parts(page, problems, run_axe, url, parts):
    assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{url} scrolls sideways"
    violations = run_axe(page, WCAG_TAGS, parts)
    assert not violations, f"axe found WCAG violations on {url}:\n" + describe(violations)
    assert not problems.messages, f"Problems on {url}:\n" + "\n".join(problems.messages)


def story_with_indicators(demo_site, page, language):
    """The demo story that carries results over time (found by asking the server, without
    rendering every story in the browser)."""
    for entry in demo_site.all_pages:
        if entry["type"] == "story" and entry["language"] == language:
            url = demo_site.url(entry["path"])
            if 'class="indicators"' in page.request.get(url).text():
                return url
    pytest.fail(f"No {language} demo story has indicators")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_story_shows_its_byline_dates_and_results_over_time(
    run_axe, demo_site, open_reader_page, language, width
):
    page, problems = open_reader_page(width)
    url = story_with_indicators(demo_site, page, language)
    assert page.goto(url, wait_until="load").status == 200

    assert page.locator(".byline__authors").is_visible()
    published = page.locator(".byline__dates time").first
    assert published.is_visible()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T.+", published.get_attribute("datetime"))

    charts = page.locator(".indicators .chart--indicator")
    assert charts.count() >= 1
    chart = charts.first
    chart.scroll_into_view_if_needed()
    box = chart.locator("svg").bounding_box()
    assert box["width"] > 200 and box["x"] + box["width"] <= width
    # The table alternative opens and shows the same figures with their sources.
    chart.locator(".chart-data summary").click()
    table = chart.locator(".chart-data table")
    assert table.is_visible()
    assert table.locator("tbody tr").count() >= 2
    check_parts(page, problems, run_axe, url, [".byline", ".indicators"])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_reports_listing_shows_covers_and_direct_downloads(
    run_axe, demo_site, open_reader_page, language, width
):
    url = demo_site.url(demo_site.pages["report_index"][language])
    page, problems = open_reader_page(width)
    assert page.goto(url, wait_until="load").status == 200
    cards = page.locator(".report-card")
    assert cards.count() >= 1
    for index in range(cards.count()):
        card = cards.nth(index)
        card.scroll_into_view_if_needed()
        cover = card.locator("img.report-card__cover")
        cover.wait_for()
        page.wait_for_function(
            "(img) => img.complete && img.naturalWidth > 0", arg=cover.element_handle()
        )
        downloads = card.locator("a.download")
        assert downloads.count() >= 1
        for number in range(downloads.count()):
            link = downloads.nth(number)
            assert link.is_visible()
            assert link.bounding_box()["height"] >= 24
        # Size, language and page count beside each file.
        assert re.search(r"PDF, [\d.,]+\s*[KM]B, \w+, \d+", card.locator(".downloads").inner_text())
    check_parts(page, problems, run_axe, url, [".report-card"])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_search_finds_pages_inside_the_report_pdfs(
    run_axe, demo_site, open_reader_page, language, width
):
    search = demo_site.pages["search"][language]
    url = demo_site.url(search)
    page, problems = open_reader_page(width)
    assert page.goto(url, wait_until="load").status == 200
    hits = page.locator(".search-reports .report-hit")
    assert hits.count() >= 1
    title_link = hits.first.locator(".report-hit__title a")
    title_link.scroll_into_view_if_needed()
    assert title_link.is_visible()
    assert re.search(r"\.pdf#page=\d+$", title_link.get_attribute("href"))
    pdf = page.request.get(demo_site.url(title_link.get_attribute("href").split("#")[0]))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF-")
    check_parts(page, problems, run_axe, url, [".search-reports"])
