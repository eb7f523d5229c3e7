"""Page-weight budget of the story pages, a territory page and the explorer on a phone.

Budgets: a page weighs at most 272 KB in total, images included, once read to the end
(lazy images loaded); its CSS and JS together at most 30 KB compressed.

Builds its own production-like demo site (scripts/demo_site.py: DEBUG off, WhiteNoise's
pre-compressed static files, gzip-compressed HTML as a front web server would send), opens
every story, the first territory page and the explorer in both languages in Chromium at
375 px, scrolls to the end and adds up the bytes that came over the network (compressed
bodies plus response headers). Prints each page's resources and exits with status 1 when a
budget is exceeded.

    .venv/bin/python scripts/benchmark_page_weight.py
    .venv/bin/python scripts/benchmark_page_weight.py --quiet   # totals only
"""

import argparse
import sys

from demo_site import DemoSite, launch_chromium

KB = 1024
TOTAL_BUDGET_KB = 272
CSS_JS_BUDGET_KB = 30
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg")

SCROLL_TO_THE_END = """async () => {
    for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
        window.scrollTo(0, y);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}"""


def measure(browser, url, dpr):
    """Every response of the page as (resource type, transferred bytes, url, problem)."""
    context = browser.new_context(
        viewport={"width": 375, "height": 812},
        device_scale_factor=dpr,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="networkidle")
    page.evaluate(SCROLL_TO_THE_END)
    # Lazy images start loading as they come into view; the load state was reached long
    # before, so wait for the images themselves (card images of related stories included).
    page.wait_for_function("() => [...document.images].every((image) => image.complete)")
    page.wait_for_timeout(300)

    resources = []
    for request in finished:
        sizes = request.sizes()
        response = request.response()
        headers = response.all_headers() if response else {}
        problem = ""
        content_type = headers.get("content-type", "")
        if content_type.startswith(TEXT_TYPES) and not headers.get("content-encoding"):
            problem = "not compressed"
        if response and response.status >= 400:
            problem = f"HTTP {response.status}"
        transferred = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        resources.append((request.resource_type, transferred, request.url, problem))
    context.close()
    return resources


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quiet", action="store_true", help="print the totals only")
    parser.add_argument(
        "--dpr", type=float, default=2, help="device pixel ratio of the phone (default 2)"
    )
    arguments = parser.parse_args()

    from playwright.sync_api import sync_playwright

    failures = []
    with DemoSite() as site, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        # Every story; the first territory page and the explorer (the story index) of each
        # language, which carry the maps and the filters.
        measured = [entry for entry in site.all_pages if entry["type"] == "story"]
        for page_type in ("territory", "story_index"):
            measured += [
                {"path": path} for _language, path in sorted(site.pages[page_type].items())
            ]
        print(f"{'total KB':>9} {'CSS+JS KB':>10}  page (375 px, DPR {arguments.dpr:g})")
        for entry in measured:
            url = site.url(entry["path"])
            resources = measure(browser, url, arguments.dpr)
            total = sum(size for _type, size, _url, _problem in resources) / KB
            css_js = (
                sum(
                    size
                    for kind, size, _url, _problem in resources
                    if kind in {"stylesheet", "script"}
                )
                / KB
            )
            over = total > TOTAL_BUDGET_KB or css_js > CSS_JS_BUDGET_KB
            problems = [f"{problem}: {url}" for _kind, _size, url, problem in resources if problem]
            if over or problems:
                failures.append(entry["path"])
            print(f"{total:9.1f} {css_js:10.1f}  {entry['path']}{'  OVER BUDGET' if over else ''}")
            if not arguments.quiet or over:
                for kind, size, resource_url, problem in sorted(resources, key=lambda r: -r[1]):
                    path = resource_url.removeprefix(site.base_url)
                    note = f"  ({problem})" if problem else ""
                    print(f"{size / KB:19.1f}  {kind:10} {path}{note}")
            for problem in problems:
                print(f"{'':21}PROBLEM {problem}")
        browser.close()

    print(f"\nBudgets: total ≤ {TOTAL_BUDGET_KB} KB, CSS + JS ≤ {CSS_JS_BUDGET_KB} KB compressed.")
    if failures:
        print(f"FAILED on {len(failures)} page(s): " + ", ".join(failures))
        sys.exit(1)
    print(f"All {len(measured)} pages are within budget.")


if __name__ == "__main__":
    main()
