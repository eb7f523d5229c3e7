"""The "Home and data" parts in Chromium, on a phone and a desktop, in both languages: the
home's headline counters with their sources and dates, the explorer's download links (which
fetch the current result), a territory's and a programme's feed links; axe clean, no CSP
violation."""

import pytest

from scripts.demo_site import LANGUAGES

from .test_accessibility import WCAG_TAGS, WIDTHS, describe

COUNTERS = ".figures--headline .figure"


def check(page, problems, run_axe, url, parts):
    """axe on the parts under test: the whole pages are checked by test_accessibility.py."""
    violations = run_axe(page, WCAG_TAGS, parts)
    assert not violations, f"axe found WCAG violations on {url}:\n" + describe(violations)
    assert not problems.messages, f"Problems on {url}:\n" + "\n".join(problems.messages)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_home_counters_show_value_source_and_date(
    run_axe, demo_site, open_reader_page, language, width
):
    url = demo_site.url(demo_site.pages["home"][language])
    page, problems = open_reader_page(width)
    assert page.goto(url, wait_until="load").status == 200
    counters = page.locator(COUNTERS)
    assert counters.count() == 5
    for index in range(5):
        counter = counters.nth(index)
        assert counter.is_visible()
        assert counter.locator(".figure__value").inner_text().strip()
        assert counter.locator(".figure__source a").is_visible()
    check(page, problems, run_axe, url, [".figures--headline"])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_explorer_download_links_fetch_the_current_result(
    run_axe, demo_site, open_reader_page, language, width
):
    url = demo_site.url(demo_site.pages["story_index"][language])
    page, problems = open_reader_page(width)
    assert page.goto(url, wait_until="load").status == 200
    links = page.locator(".explorer-export a.download")
    assert links.count() == 3
    for index in range(3):
        link = links.nth(index)
        link.scroll_into_view_if_needed()
        assert link.is_visible()
        box = link.bounding_box()
        assert box["height"] >= 24 or box["width"] >= 24
        response = page.request.get(demo_site.url(link.get_attribute("href")))
        assert response.status == 200
    check(page, problems, run_axe, url, [".explorer-export"])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", ["territory", "programme"])
def test_territory_and_programme_pages_link_their_feeds(
    run_axe, demo_site, open_reader_page, language, width, page_type
):
    url = demo_site.url(demo_site.pages[page_type][language])
    page, problems = open_reader_page(width)
    assert page.goto(url, wait_until="load").status == 200
    links = page.locator(".page-feeds a")
    assert links.count() == 2
    for index in range(2):
        link = links.nth(index)
        link.scroll_into_view_if_needed()
        assert link.is_visible()
        response = page.request.get(link.get_attribute("href"))
        assert response.status == 200
        assert "xml" in response.headers["content-type"]
    check(page, problems, run_axe, url, [".page-feeds"])
