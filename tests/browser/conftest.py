"""Fixtures for the tests that drive a real Chromium.

The pages are served by scripts/demo_site.py: a production-like server in a child process
with its own SQLite copy of the demo, made once for this folder's tests. On SQLite that copy
is taken from the session's test database right after load_demo built it (no second build);
on PostgreSQL the server builds its own. Either way the server has a file of its own, so
these tests work the same whatever the database, and they cannot disturb the demo the other
tests share.

Where Chromium, Playwright or axe-core is missing the tests are skipped, loudly; with
CI=true they fail instead.
"""

import importlib.util
import os
from pathlib import Path

import pytest

from scripts.demo_site import AXE_PATH, DemoSite, chromium_path, launch_chromium

BROWSER_TESTS_DIR = Path(__file__).resolve().parent

_skip_reasons = set()

RUN_AXE = """async ([tags, include]) => {
    const results = await axe.run(include ? {include} : document, {
        runOnly: {type: "tag", values: tags},
        resultTypes: ["violations"],
    });
    return results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        helpUrl: violation.helpUrl,
        nodes: violation.nodes.map((node) => ({
            target: node.target.join(" "),
            html: node.html.slice(0, 200),
            summary: node.failureSummary,
        })),
    }));
}"""


def running_in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def skip_or_fail(reason):
    if running_in_ci():
        pytest.fail(f"{reason} — CI=true, so the browser tests must run.", pytrace=False)
    _skip_reasons.add(reason)
    pytest.skip(f"BROWSER TESTS SKIPPED: {reason}")


def missing_browser():
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed (make install)"
    if not os.access(chromium_path(), os.X_OK):
        return f"no Chromium at {chromium_path()} (apt-get install chromium, or set CHROMIUM_PATH)"
    return None


def pytest_collection_modifyitems(session, config, items):
    """Run the browser tests last: they are the slowest, and the quick tests report first."""
    browser_items = [item for item in items if BROWSER_TESTS_DIR in Path(item.path).parents]
    if browser_items:
        others = [item for item in items if item not in set(browser_items)]
        items[:] = others + browser_items


def pytest_terminal_summary(terminalreporter):
    for reason in sorted(_skip_reasons):
        terminalreporter.write_sep("!", f"BROWSER TESTS SKIPPED: {reason}", red=True, bold=True)


@pytest.fixture(scope="package")
def chromium():
    """A headless Chromium for the whole folder (package scope: Playwright's event loop
    must be gone before any other test touches the database)."""
    reason = missing_browser()
    if reason:
        skip_or_fail(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="package")
def demo_site(chromium, demo_seed):
    with DemoSite(port=0, seed=demo_seed) as site:
        yield site


@pytest.fixture(scope="package")
def run_axe():
    """Runs axe-core in a page (or the parts of it given) and returns the violations of the
    given rule tags."""
    if not AXE_PATH.exists():
        skip_or_fail(f"axe-core is not installed at {AXE_PATH} (npm ci, run by make test)")
    axe_source = AXE_PATH.read_text()

    def run_axe(page, tags, include=None):
        """``include``: CSS selectors of the parts to check, for a test about those parts
        only (the whole page by default)."""
        # Evaluated through the DevTools protocol: a <script> tag would be refused by the CSP.
        # Once per document: a second run in the same page (another width) reuses it.
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        return page.evaluate(RUN_AXE, [tags, include])

    return run_axe


class PageProblems:
    """Console errors, uncaught exceptions and Content-Security-Policy violations of a page."""

    def __init__(self, page):
        self.page = page
        self.messages = []
        self.expected_status_urls = set()
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)

    def stop(self):
        """Stop listening (the page goes on to another test)."""
        self.page.remove_listener("console", self._on_console)
        self.page.remove_listener("pageerror", self._on_page_error)

    def _on_page_error(self, error):
        self.messages.append(f"uncaught exception: {error}")

    def _on_console(self, message):
        if message.type not in {"error", "warning"}:
            return
        text = message.text
        is_csp = "Content Security Policy" in text
        if message.type == "error" or is_csp:
            location = message.location.get("url", "")
            # A deliberate 404 page reports its own status as a failed resource.
            if location in self.expected_status_urls and "status of 404" in text:
                return
            self.messages.append(f"console {message.type}: {text} ({location})")


@pytest.fixture
def open_page(chromium):
    """Opens a fresh page (own context: no cache, no cookies) at a given width; returns the
    page and the PageProblems that collects what goes wrong in it."""
    contexts = []

    def open_page(width=1280):
        context = chromium.new_context(viewport={"width": width, "height": 800})
        contexts.append(context)
        page = context.new_page()
        return page, PageProblems(page)

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def reader_tab(chromium):
    """One tab, in a context of its own, for a module's checks of public pages as an
    anonymous reader who sends no form: each test loads its page in it afresh. Loading 30
    pages with axe-core, a new context per page took 33 s and 16.6 s of Chromium's CPU,
    this tab 13.6 s and 5.3 s: no new renderer to start, axe-core compiled once (CI's
    time budget)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    yield context.new_page()
    context.close()


@pytest.fixture
def open_reader_page(reader_tab):
    """Like ``open_page``, on the module's reader tab: set to the given width, without
    cookies (the HTTP cache stays, as a reader's would), with a PageProblems of its own
    (the previous one stops listening)."""
    watching = []

    def open_reader_page(width=1280):
        if watching:
            watching.pop().stop()
        reader_tab.context.clear_cookies()
        reader_tab.set_viewport_size({"width": width, "height": 800})
        watching.append(PageProblems(reader_tab))
        return reader_tab, watching[-1]

    yield open_reader_page
    if watching:
        watching.pop().stop()
