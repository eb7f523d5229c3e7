"""WCAG 2.2 reflow (1.4.10): at 320 CSS px no page scrolls sideways. Every live page of the
demo (so every page type, and each programme's editions table) in both languages, plus the
search results and the not-found page."""

import pytest

from scripts.demo_site import LANGUAGES

WIDTH = 320
NOT_FOUND = {"it": "/it/pagina-che-non-esiste/", "en": "/en/no-such-page/"}

MEASURE = """() => {
    const root = document.documentElement;
    const wide = [];
    if (root.scrollWidth > root.clientWidth) {
        for (const element of document.body.querySelectorAll("*")) {
            const box = element.getBoundingClientRect();
            if (box.right > root.clientWidth + 1 && box.width > 0) {
                const name = element.tagName.toLowerCase()
                    + (element.className && typeof element.className === "string"
                        ? "." + element.className.trim().split(/\\s+/).join(".") : "");
                wide.push(`${name} (right edge ${Math.round(box.right)} px)`);
                if (wide.length >= 5) break;
            }
        }
    }
    return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide};
}"""


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_scrolls_sideways_at_320_px(demo_site, open_reader_page, language):
    paths = [entry["path"] for entry in demo_site.all_pages if entry["language"] == language]
    types = {entry["type"] for entry in demo_site.all_pages if entry["language"] == language}
    assert {"home", "programme", "story", "territory", "report", "proposal"} <= types, types
    paths.append(NOT_FOUND[language])
    page, _problems = open_reader_page(WIDTH)
    failures = []
    for path in paths:
        response = page.goto(demo_site.url(path), wait_until="load")
        assert response.status in (200, 404), (path, response.status)
        size = page.evaluate(MEASURE)
        if size["scrollWidth"] > size["clientWidth"]:
            failures.append(
                f"{path}: {size['scrollWidth']} px wide in a {size['clientWidth']} px window; "
                + ", ".join(size["wide"])
            )
    assert not failures, f"Pages that scroll sideways at {WIDTH} px:\n" + "\n".join(failures)
