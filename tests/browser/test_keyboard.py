"""Keyboard-only use: only Tab, Enter and Space are pressed. Every element that takes the
focus must show it (an outline or a box shadow)."""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips (or fails under CI) with the reason
    expect = None

MAX_TABS = 80
FILTER_NAMES = ("hashtag", "territory", "programme")
FILTER_CHECKBOX = ", ".join(
    f"form.explorer-filters input[type=checkbox][name={name}]" for name in FILTER_NAMES
)

DESCRIBE_FOCUS = """(selector) => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== "none";
    const text = (element.innerText || element.value || element.name || "").trim();
    return {
        description: `<${element.tagName.toLowerCase()}${element.id ? " id=" + element.id : ""}`
            + `${element.name ? " name=" + element.name : ""}> ${text.slice(0, 40)}`,
        href: element.getAttribute("href"),
        inMenu: Boolean(element.closest(".site-nav")),
        inLanguageSwitcher: Boolean(element.closest(".language-switcher")),
        inMain: Boolean(element.closest("main")) && element.id !== "main",
        hasFocusIndicator: outline || shadow,
        matches: selector ? element.matches(selector) : false,
    };
}"""


def focused(page, selector=None):
    return page.evaluate(DESCRIBE_FOCUS, selector)


def tab_until(page, stop, max_tabs=MAX_TABS):
    """Press Tab until ``stop(focus)`` is true; return every focus reached on the way."""
    steps = []
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        focus = focused(page)
        if focus is None:
            continue
        steps.append(focus)
        if stop(focus):
            return steps
    raise AssertionError(
        f"{max_tabs} Tabs did not get there; focus went through:\n"
        + "\n".join(step["description"] for step in steps)
    )


def tab_to(page, selector):
    steps = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focus = focused(page, selector)
        if focus is not None:
            steps.append(focus)
            if focus["matches"]:
                return steps
    raise AssertionError(f"Tab never reached {selector}")


def without_focus_indicator(steps):
    return [step["description"] for step in steps if not step["hasFocusIndicator"]]


@pytest.mark.parametrize("width", [375, 1280])
def test_tab_goes_through_skip_link_language_switcher_and_menu(demo_site, open_page, width):
    page, problems = open_page(width)
    page.goto(demo_site.url(demo_site.pages["home"]["it"]))
    menu_links = page.eval_on_selector_all(
        ".site-nav a[href]", "links => links.map(link => link.getAttribute('href'))"
    )
    assert menu_links, "the page has no main menu"

    page.keyboard.press("Tab")
    skip_link = page.locator(".skip-link")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    steps = [focused(page)]

    steps += tab_until(page, lambda focus: focus["inMain"])
    reached_menu_links = [step["href"] for step in steps if step["inMenu"]]
    assert reached_menu_links == menu_links, "Tab order through the main menu"
    assert any(step["inLanguageSwitcher"] for step in steps), "the language switcher"
    assert not without_focus_indicator(steps), "focused without a visible indicator"
    assert not problems.messages


def test_skip_link_moves_focus_to_the_content(demo_site, open_page):
    page, _problems = open_page()
    page.goto(demo_site.url(demo_site.pages["story"]["it"]))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert focused(page)["inMain"], "the next Tab stays in the content"


@pytest.mark.parametrize(("source", "target"), [("it", "en"), ("en", "it")])
def test_language_switcher_leads_to_the_translation(demo_site, open_page, source, target):
    page, problems = open_page()
    page.goto(demo_site.url(demo_site.pages["story"][source]))
    tab_until(page, lambda focus: focus["inLanguageSwitcher"])
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == demo_site.pages["story"][target]
    assert page.get_attribute("html", "lang") == target
    assert not problems.messages


def test_explorer_filters_work_from_the_keyboard(demo_site, open_page):
    page, problems = open_page()
    page.goto(demo_site.url(demo_site.pages["story_index"]["it"]))
    if page.locator(FILTER_CHECKBOX).count() == 0:
        pytest.skip("The story explorer has no filter checkboxes yet")

    steps = tab_to(page, FILTER_CHECKBOX)
    checkbox = page.locator(":focus")
    name, value = checkbox.get_attribute("name"), checkbox.get_attribute("value")
    page.keyboard.press("Space")
    expect(checkbox).to_be_checked()

    submit = "form.explorer-filters [type=submit]"
    if urlsplit(page.url).query == "":  # a script may already have submitted the form
        steps += tab_to(page, submit)
        with page.expect_navigation():
            page.keyboard.press("Enter")

    assert (name, value) in parse_qsl(urlsplit(page.url).query)
    expect(
        page.locator(f"form.explorer-filters input[name={name}][value='{value}']")
    ).to_be_checked()
    assert re.match(r"^/it/", urlsplit(page.url).path)
    assert not without_focus_indicator(steps), "focused without a visible indicator"
    assert not problems.messages
