"""The story explorer on a phone (375 px) and a desktop (1280 px), with and without JavaScript:
the filters folded into a closed disclosure on the phone and shown on the desktop; a change
applied by the script without a reload, the focus kept and the count announced; the form's
button and the removal links leading to the results heading; axe clean."""

import re
from urllib.parse import parse_qsl, urlsplit

from tests.browser.test_accessibility import WCAG_TAGS, describe

try:
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips (or fails under CI) with the reason
    expect = None

PHONE, DESKTOP = 375, 1280
CHECKBOX = "form.explorer-filters input[type=checkbox][name=hashtag]"


def heading_count(page):
    return int(re.search(r"\d+", page.locator("#results").inner_text()).group())


NARROWING = """(checkboxes) => {
    const total = parseInt(document.getElementById("results").textContent.match(/\\d+/)[0]);
    for (const checkbox of checkboxes) {
        const label = document.querySelector(`label[for="${checkbox.id}"]`).textContent;
        const count = parseInt(label.match(/\\((\\d+)\\)/)[1]);
        if (count > 0 && count < total) return [checkbox.value, count];
    }
    return null;
}"""


def first_narrowing_checkbox(page):
    """A hashtag whose count is below the total: ticking it changes the list."""
    found = page.locator(CHECKBOX).evaluate_all(NARROWING)
    assert found, "no hashtag narrows the demo's list"
    value, count = found
    return page.locator(f"{CHECKBOX}[value='{value}']"), value, count


def assert_axe_clean(run_axe, page, width):
    """axe on the explorer, in each of its states (test_accessibility.py checks whole pages)."""
    violations = run_axe(page, WCAG_TAGS, [".explorer"])
    assert not violations, f"axe at {width} px:\n" + describe(violations)


def test_explorer_on_a_phone_and_a_desktop(chromium, demo_site, open_page, run_axe):
    url = demo_site.url(demo_site.pages["story_index"]["it"])

    # Phone, with the script: the filters start folded.
    page, problems = open_page(PHONE)
    page.goto(url)
    disclosure = page.locator("details.explorer-disclosure")
    expect(disclosure).not_to_have_attribute("open", "")
    expect(page.locator(CHECKBOX).first).to_be_hidden()
    assert_axe_clean(run_axe, page, PHONE)

    # A ticked filter applies by itself: same page, focus kept, count announced.
    page.locator("summary.explorer-disclosure__summary").click()
    checkbox, value, count = first_narrowing_checkbox(page)
    checkbox.check()
    status = page.locator("[data-explorer-status]")
    expect(status).to_have_text(re.compile(rf"^{count}\b"))
    assert ("hashtag", value) in parse_qsl(urlsplit(page.url).query)
    assert heading_count(page) == count
    expect(checkbox).to_be_focused()
    expect(disclosure).to_have_attribute("open", "")

    # The button opens the page at the results, the filters folded again.
    with page.expect_navigation():
        page.locator("form.explorer-filters [type=submit]").click()
    assert urlsplit(page.url).fragment == "results"
    expect(page.locator("#results")).to_be_in_viewport(ratio=1)
    expect(disclosure).not_to_have_attribute("open", "")

    # A chip removes its filter in place and moves to the results.
    total_before = heading_count(page)
    page.locator("a.explorer-active__remove").first.click()
    expect(page.locator("a.explorer-active__remove")).to_have_count(0)
    assert heading_count(page) > total_before
    assert "hashtag" not in urlsplit(page.url).query
    expect(page.locator("#results")).to_be_focused()
    expect(page.locator("#results")).to_be_in_viewport(ratio=1)
    assert not problems.messages, problems.messages

    # Desktop, with the script: the filters are shown, no disclosure to open.
    page.set_viewport_size({"width": DESKTOP, "height": 800})
    expect(page.locator(CHECKBOX).first).to_be_visible()
    expect(page.locator("summary.explorer-disclosure__summary")).to_be_hidden()
    assert_axe_clean(run_axe, page, DESKTOP)
    assert not problems.messages, problems.messages

    # Without JavaScript the form still works, and the desktop still shows the filters.
    context = chromium.new_context(
        viewport={"width": PHONE, "height": 800}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(url)
        page.locator("summary.explorer-disclosure__summary").click()
        checkbox, value, count = first_narrowing_checkbox(page)
        checkbox.check()
        with page.expect_navigation():
            page.locator("form.explorer-filters [type=submit]").click()
        address = urlsplit(page.url)
        assert ("hashtag", value) in parse_qsl(address.query)
        assert address.fragment == "results"
        assert heading_count(page) == count
        expect(page.locator("#results")).to_be_in_viewport(ratio=1)
        page.set_viewport_size({"width": DESKTOP, "height": 800})
        expect(page.locator(CHECKBOX).first).to_be_visible()
    finally:
        context.close()
