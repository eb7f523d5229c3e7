"""The embeddable cards in a real Chromium: WCAG 2.2 AA with axe, framed by another site
(while a story page refuses to be), and WordPress's sandboxed frame with its embed messages."""

import json
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

import pytest

from scripts.demo_site import LANGUAGES
from tests.browser.test_accessibility import WCAG_TAGS, WIDTHS, check_at_each_width, describe

KINDS = ("story", "report")


def card_url(demo_site, kind, language):
    """The card's address, as the oEmbed endpoint hands it out for the demo's first page."""
    page_url = demo_site.url(demo_site.pages[kind][language])
    query = urlencode({"url": page_url, "format": "json"})
    with urllib.request.urlopen(demo_site.url(f"/{language}/oembed/?{query}")) as response:
        data = json.load(response)
    return data["html"].split('src="', 1)[1].split('"', 1)[0]


@pytest.fixture
def partner_site():
    """A partner's site: another origin than the demo's (another port), serving the HTML
    it is given at its root. Local, as the demo: Chromium keeps public pages from framing
    local addresses, and a routed page counts as public."""
    pages = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            body = f"<!DOCTYPE html><title>Partner</title>{pages['/']}".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def serve(body):
        pages["/"] = body
        return f"http://127.0.0.1:{server.server_port}/"

    yield serve
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_card_meets_wcag_22_aa(run_axe, demo_site, open_reader_page, kind, language):
    """At each width of the accessibility tests, one load (see test_accessibility.py)."""
    url = card_url(demo_site, kind, language)
    page, problems = open_reader_page(WIDTHS[0])
    response = page.goto(url, wait_until="load")
    assert response.status == 200, demo_site.server_log()
    assert page.get_attribute("html", "lang") == language
    check_at_each_width(run_axe, page, url)
    assert not problems.messages, f"Problems on {url}:\n" + "\n".join(problems.messages)


def test_another_site_shows_the_card_but_not_the_story_page(demo_site, open_page, partner_site):
    card = card_url(demo_site, "story", "en")
    story = demo_site.url(demo_site.pages["story"]["en"])
    page, _problems = open_page()
    partner = partner_site(
        f'<iframe name="card" src="{card}" title="card"></iframe>'
        f'<iframe name="story" src="{story}" title="story"></iframe>',
    )
    page.goto(partner, wait_until="load")
    card_frame = page.frame(name="card")
    assert card_frame.url == card
    assert card_frame.locator(".embed-card__title").inner_text()
    # Chromium replaces a refused frame with its own error page.
    story_frame = page.frame(name="story")
    assert story_frame.url.startswith("chrome-error://")
    assert story_frame.locator(".story").count() == 0


def test_wordpress_sandbox_gets_the_height_and_the_link(demo_site, open_page, partner_site):
    """WordPress frames the card with sandbox="allow-scripts" and a secret in the hash, and
    listens for {message, value, secret}: the card must ask for its height and hand over
    the link it cannot open itself."""
    card = card_url(demo_site, "story", "it")
    page, _problems = open_page()
    partner = partner_site(
        f'<iframe name="card" sandbox="allow-scripts" src="{card}#?secret=abc123XYZ0"'
        ' title="card" width="480" height="300"></iframe>'
        "<script>window.messages = [];"
        " addEventListener('message', (event) => window.messages.push(event.data));</script>",
    )
    page.goto(partner, wait_until="load")
    # The card reports its height as it is laid out: never 0, and at last all of it.
    page.wait_for_function("window.messages.some((m) => m.message === 'height' && m.value > 300)")
    heights = page.evaluate("window.messages.filter((m) => m.message === 'height')")
    assert all(height["secret"] == "abc123XYZ0" for height in heights)
    assert all(height["value"] > 0 for height in heights)

    page.frame(name="card").locator("a").click()
    page.wait_for_function("window.messages.some((m) => m.message === 'link')")
    link = page.evaluate("window.messages.find((m) => m.message === 'link')")
    assert link["value"] == demo_site.url(demo_site.pages["story"]["it"])


# Without the Clipboard API (a page served over plain HTTP), the copy button falls back on
# selecting the code and document.execCommand("copy").
NO_CLIPBOARD_API = (
    "Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});"
)


def test_embed_code_copy_button(run_axe, demo_site, open_page):
    """On a phone in Italian without the Clipboard API, on a desktop in English with it:
    the button copies the card's code and the live region says so; axe finds nothing."""
    for width, language, kind, clipboard_api in (
        (375, "it", "story", False),
        (1280, "en", "report", True),
    ):
        page, problems = open_page(width)
        url = demo_site.url(demo_site.pages[kind][language])
        if clipboard_api:
            page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
        else:
            page.add_init_script(NO_CLIPBOARD_API)
        page.goto(url, wait_until="load")
        field = page.locator("#embed-code-field")
        code = field.input_value()
        assert code.startswith("<iframe src=") and f"/{language}/embed/{kind}/" in code
        button = page.locator("[data-copy-from=embed-code-field]")
        button.click()
        status = page.locator(".embed-code [data-copy-status]")
        copied = status.get_attribute("data-copied-text")
        page.wait_for_function(
            "copied => document.querySelector('.embed-code [data-copy-status]').textContent"
            " === copied",
            arg=copied,
        )
        if clipboard_api:
            assert page.evaluate("navigator.clipboard.readText()") == code
        else:
            selected = field.evaluate("field => [field.selectionStart, field.selectionEnd]")
            assert selected == [0, len(code)]
        # The section under test (test_accessibility.py checks the whole pages).
        violations = run_axe(page, WCAG_TAGS, [".embed-code"])
        assert not violations, f"axe on {url} at {width} px:\n" + describe(violations)
        assert not problems.messages, problems.messages
