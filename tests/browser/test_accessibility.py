"""WCAG 2.2 AA with axe-core on every page type, in both languages, on a desktop and a phone;
and no console errors, uncaught exceptions or Content-Security-Policy violations.

Each page is loaded once, at the desktop width, checked, then narrowed to the phone's width
and checked again, as a reader turning a tablet or narrowing a window would see it: what
scripts open on wide screens (the explorer's filters) stays open when narrowed, a state a
phone reader reaches by opening it, so the phone check covers at least a fresh phone load.
One load and one axe-core injection per page rather than two (CI's time budget)."""

import pytest

from scripts.demo_site import LANGUAGES, page_type_names

# Desktop first (see above), then the phone.
WIDTHS = (1280, 375)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NOT_FOUND = {"it": "/it/pagina-che-non-esiste/", "en": "/en/no-such-page/"}
PAGE_TYPES = [*page_type_names(), "search", "not_found"]


def page_path(demo_site, page_type, language):
    if page_type == "not_found":
        return NOT_FOUND[language]
    if page_type not in demo_site.pages:
        pytest.skip(f"The site has no {page_type} page yet")
    return demo_site.pages[page_type][language]


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(
            f"* {violation['id']} ({violation['impact']}): {violation['help']}"
            f" — {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}: {node['html']}")
            lines.extend(f"       {line}" for line in node["summary"].splitlines())
    return "\n".join(lines)


def check_at_each_width(run_axe, page, url):
    """The page (already loaded at the first width) against WCAG at every width."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        violations = run_axe(page, WCAG_TAGS)
        assert not violations, f"axe found WCAG violations on {url} at {width} px:\n" + describe(
            violations
        )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_page_meets_wcag_22_aa(run_axe, demo_site, open_reader_page, page_type, language):
    url = demo_site.url(page_path(demo_site, page_type, language))
    page, problems = open_reader_page(WIDTHS[0])
    expected_status = 404 if page_type == "not_found" else 200
    if expected_status == 404:
        problems.expected_status_urls.add(url)

    response = page.goto(url, wait_until="load")
    assert response.status == expected_status, demo_site.server_log()
    assert page.get_attribute("html", "lang") == language

    check_at_each_width(run_axe, page, url)
    assert not problems.messages, f"Problems on {url}:\n" + "\n".join(problems.messages)


def test_every_information_page_meets_wcag_22_aa(run_axe, demo_site, open_reader_page):
    """The accessibility statement is the first information page; the others (open data,
    with its field table) are checked here."""
    entries = [entry for entry in demo_site.all_pages if entry["type"] == "information"]
    assert len(entries) >= 4, entries
    for entry in entries:
        url = demo_site.url(entry["path"])
        page, problems = open_reader_page(WIDTHS[0])
        response = page.goto(url, wait_until="load")
        assert response.status == 200, demo_site.server_log()
        assert page.get_attribute("html", "lang") == entry["language"]
        check_at_each_width(run_axe, page, url)
        assert not problems.messages, f"Problems on {url}:\n" + "\n".join(problems.messages)
