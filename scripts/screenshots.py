"""Full-page screenshots of the main page types, in Italian and English, on a phone and a
desktop, so anyone can look at the site without running it.

Builds its own production-like demo site on a free port (scripts/demo_site.py: a temporary
SQLite database with the demo content, DEBUG off), so your own database is never touched and
no server needs to be running. Needs Chromium (/usr/bin/chromium, or CHROMIUM_PATH) and
Playwright (installed by `make install`).

    .venv/bin/python scripts/screenshots.py               # writes screenshots/*.png
    .venv/bin/python scripts/screenshots.py --width 375   # phone only
"""

import argparse
import sys
import time
from pathlib import Path

from demo_site import LANGUAGES, ROOT, DemoSite, launch_chromium

# Page type (see demo_site.page_type_name) and the name its screenshot gets.
SHOTS = {
    "home": "home",
    "story": "story",
    "story_index": "explorer",
    "territory_index": "territory-map",
    "territory": "territory",
    "report": "report",
    "report_index": "reports",
    "search": "search",
}
WIDTHS = (375, 1280)


def take_screenshots(site, browser, output, widths):
    written = []
    for width in widths:
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        for language in LANGUAGES:
            for page_type, name in SHOTS.items():
                page.goto(site.url(site.pages[page_type][language]), wait_until="networkidle")
                # Lazy images load only when scrolled to; a full-page shot should show them.
                page.evaluate(
                    "async () => { for (const image of document.images) {"
                    " image.loading = 'eager'; await image.decode().catch(() => {}); } }"
                )
                path = output / f"{name}-{language}-{width}.png"
                page.screenshot(path=path, full_page=True)
                written.append(path)
        context.close()
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--output", type=Path, default=ROOT / "screenshots", help="folder (default: screenshots/)"
    )
    parser.add_argument(
        "--width",
        type=int,
        action="append",
        dest="widths",
        help="viewport width in px, repeatable (default: 375 and 1280)",
    )
    arguments = parser.parse_args()
    arguments.output.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    with DemoSite() as site, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        written = take_screenshots(site, browser, arguments.output, arguments.widths or WIDTHS)
        browser.close()
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    print(f"{len(written)} screenshots in {time.monotonic() - started:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
