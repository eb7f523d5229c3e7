"""The territory maps on a phone and a desktop (issue 14): every place a tap target of at
least 24 x 24 CSS px (WCAG 2.2 target size) that no other target covers, names shown
without hover (a tap opens the panel under the map), a locator map on a territory page and
a story, the explorer's map of the places found; axe clean. One page load per page and
width, to keep the test quick."""

from scripts.demo_site import LANGUAGES

from .test_accessibility import WCAG_TAGS, describe
from .test_explorer_phone import first_narrowing_checkbox, heading_count

WIDTHS = (375, 1280)
# What axe checks on each page: the maps (every page as a whole: test_accessibility.py).
MAP_PARTS = {
    "territory_index": ["#territory-map"],
    "story_index": ["#explorer-map"],
    "territory": [".locator-map", "#explorer-map"],
    "story": [".locator-map"],
}
MIN_TARGET = 24  # CSS px, WCAG 2.2 (2.5.8); the map aims at 37 on a 375 px phone
# Each map's markers: their boxes, and whether a tap at the centre reaches the marker.
TARGETS = """(map) => {
    // Instantly: the site scrolls smoothly, and the boxes are read right away.
    map.querySelector("svg").scrollIntoView({block: "center", behavior: "instant"});
    return [...map.querySelectorAll("a.territory-map__marker")].map((link) => {
        const box = link.getBoundingClientRect();
        const x = box.left + box.width / 2, y = box.top + box.height / 2;
        const hit = document.elementFromPoint(x, y);
        return {
            name: link.dataset.name, left: box.left, top: box.top, width: box.width,
            height: box.height, x, y, reached: Boolean(hit && hit.closest("a") === link),
        };
    });
}"""


def covers(box, other):
    return box["left"] < other["x"] < box["left"] + box["width"] and (
        box["top"] < other["y"] < box["top"] + box["height"]
    )


def check_targets(page, selector, where):
    targets = page.locator(selector).evaluate(TARGETS)
    assert targets, f"no markers in {selector} on {where}"
    small = [t["name"] for t in targets if min(t["width"], t["height"]) < MIN_TARGET]
    assert not small, f"targets under {MIN_TARGET} px on {where}: {small}"
    hidden = [t["name"] for t in targets if not t["reached"]]
    assert not hidden, f"targets a tap at their centre does not reach on {where}: {hidden}"
    overlapping = [
        (first["name"], second["name"])
        for first in targets
        for second in targets
        if first is not second and covers(first, second)
    ]
    assert not overlapping, f"targets covering another's centre on {where}: {overlapping}"
    return min(min(t["width"], t["height"]) for t in targets)


def test_maps_work_on_a_phone_and_a_desktop(run_axe, demo_site, open_page):
    languages = iter(LANGUAGES * 2)
    smallest = {}
    for width in WIDTHS:
        # Each width in both languages, one page each: the map pages in one, the others in
        # the other language.
        first, second = next(languages), next(languages)
        paths = {
            "territory_index": demo_site.pages["territory_index"][first],
            "story_index": demo_site.pages["story_index"][second],
            "territory": demo_site.pages["territory"][first],
            "story": demo_site.pages["story"][second],
        }
        page, problems = open_page(width)
        for kind, path in paths.items():
            url = demo_site.url(path)
            response = page.goto(url, wait_until="domcontentloaded")
            assert response.status == 200, demo_site.server_log()
            where = f"{url} at {width} px"
            if kind in ("territory_index", "story_index", "territory"):
                selector = "#territory-map" if kind == "territory_index" else "#explorer-map"
                smallest[(kind, width)] = check_targets(page, selector, where)
            if kind == "territory_index":
                # A tap shows the place's name and link under the map, and stays on the page:
                # the province that shares Novara's spot as well.
                marker = page.locator(f"{selector} a.territory-map__marker").filter(
                    has=page.locator("title", has_text="Novara")
                )
                assert marker.count() == 2
                for index in range(2):
                    marker.nth(index).click()
                    link = page.locator(f"{selector} [data-map-link]")
                    assert link.is_visible()
                    assert link.inner_text() == marker.nth(index).get_attribute("data-name")
                    assert link.get_attribute("href") == marker.nth(index).get_attribute("href")
                    assert page.url == url
            if kind == "story_index" and width == WIDTHS[-1]:
                # A filter applied in place (explorer.js) brings the map of the stories now
                # found, and its markers open the panel again.
                markers = page.locator("#explorer-map a.territory-map__marker")
                before = markers.count()
                checkbox, _value, count = first_narrowing_checkbox(page)
                checkbox.check()
                page.wait_for_function(
                    "(count) => /\\d+/.exec(document.getElementById('results').textContent)[0]"
                    " === String(count)",
                    arg=count,
                )
                assert heading_count(page) == count
                assert 0 < markers.count() <= before
                markers.first.click()
                panel_link = page.locator("#explorer-map [data-map-link]")
                assert panel_link.inner_text() == markers.first.get_attribute("data-name")
                smallest[("story_index filtered", width)] = check_targets(
                    page, "#explorer-map", where
                )
            if kind in ("territory", "story"):
                locator = page.locator(".locator-map svg[role=img]")
                assert locator.count() == 1, where
                assert locator.get_attribute("aria-label"), where
                assert locator.is_visible(), where
            violations = run_axe(page, WCAG_TAGS, include=MAP_PARTS[kind])
            assert not violations, f"axe found WCAG violations on {where}:\n" + describe(violations)
        assert not problems.messages, "\n".join(problems.messages)
    print("smallest targets (CSS px):", smallest)
