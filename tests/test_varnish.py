"""Debian's varnishd running deploy/varnish/default.vcl in front of the production-like demo
site (scripts/demo_site.py: its own SQLite database, DEBUG off), purged by the app.

The test writes its own backends.vcl (the demo server's port, no health probe: /healthz/ is
not what this test is about) in a folder put first in vcl_path, as the topology test does.
Without varnishd the test is skipped, saying why; with CI=true it fails instead.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from pathlib import Path

import pytest

from scripts.demo_site import ROOT, DemoSite

VARNISHD = os.environ.get("VARNISHD", "/usr/sbin/varnishd")
VCL_FOLDER = ROOT / "deploy" / "varnish"
NEW_TITLE = "Titolo cambiato dopo la pubblicazione"


def in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def require_program(path, package, name):
    """Skip the test without ``path``, saying why; with CI=true, fail it instead."""
    if not Path(path).exists():
        reason = f"{path} is missing (Debian package {package})"
        if in_ci():
            pytest.fail(f"{reason} — CI=true, so the {name} test must run.", pytrace=False)
        pytest.skip(reason)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def varnishd_command(workdir, port, backends_folder):
    """How to run Varnish with the repository's VCL (the deploy files use the same)."""
    return [
        VARNISHD,
        "-F",  # in the foreground, so the test owns the process
        "-j",
        "none",  # no privilege separation jail: works as root and as any user
        "-n",
        str(workdir),
        "-a",
        f"127.0.0.1:{port}",
        "-f",
        str(VCL_FOLDER / "default.vcl"),
        "-p",
        f"vcl_path={backends_folder}:{VCL_FOLDER}",
        "-s",
        "malloc,64m",
        "-T",
        "none",
    ]


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 (local test)
            return Response(answer.status, answer.headers, answer.read().decode())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers, error.read().decode())


def wait_for(port, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"varnishd ended: {process.stdout.read()}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError("varnishd does not listen")


@pytest.fixture(scope="module")
def varnish_in_front(tmp_path_factory, demo_seed):
    """One demo site and one Varnish for the tests of this file (building the demo is slow)."""
    require_program(VARNISHD, "varnish", "Varnish")
    varnish_port = free_port()
    tmp_path = tmp_path_factory.mktemp("varnish")
    # Kept while the tests run: the demo server and the publishing process read it.
    with pytest.MonkeyPatch.context() as monkeypatch, ExitStack() as cleanup:
        # The app purges this Varnish and reads the reader's address behind one proxy.
        monkeypatch.setenv("FRONTEND_CACHE_PURGE_URLS", f"http://127.0.0.1:{varnish_port}")
        monkeypatch.setenv("TRUSTED_PROXY_COUNT", "1")
        site = cleanup.enter_context(DemoSite(port=0, seed=demo_seed))
        app_port = int(site.base_url.rsplit(":", 1)[1])
        backends = tmp_path / "backends"
        backends.mkdir()
        (backends / "backends.vcl").write_text(
            "import directors;\n"
            f'backend only {{ .host = "127.0.0.1"; .port = "{app_port}"; }}\n'
            "sub vcl_init { new app = directors.round_robin(); app.add_backend(only); }\n"
        )
        process = subprocess.Popen(
            varnishd_command(tmp_path / "varnish", varnish_port, backends),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        cleanup.callback(stop, process)
        wait_for(varnish_port, process)
        yield site, f"http://127.0.0.1:{varnish_port}"


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def story_code(path):
    return (
        "from stories.models import StoryPage\n"
        f"story = next(s for s in StoryPage.objects.live() if s.url == {path!r})\n"
        "links = list(story.territory_links.select_related('territory'))\n"
        # A territory with none of the story's other territories within it: after the
        # publish nothing the story names leads to its page any more.
        "leaf = next(link for link in links if not any("
        "other.territory.part_of_id == link.territory_id for other in links))\n"
    )


def publish_new_title(site, path):
    """Publish through the app, in a process of its own, as an editor's request would: a
    new title, and without one of its territories (whose page must be purged too, though the
    story no longer names it)."""
    code = story_code(path) + (
        f"story.title = {NEW_TITLE!r}\n"
        "story.territory_links = [link for link in links if link is not leaf]\n"
        "story.save_revision().publish()\n"
    )
    run_in_app(site, code)


def last_territory_url(site, path):
    output = run_in_app(site, story_code(path) + "print(leaf.territory.url)\n")
    return output.strip().splitlines()[-1]


def run_in_app(site, code):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity", "0", "-c", code],
        cwd=ROOT,
        env=site._environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_varnish_keeps_public_pages_until_the_app_purges_them(varnish_in_front):
    site, varnish = varnish_in_front
    story = site.pages["story"]["it"]
    story_index = site.pages["story_index"]["it"]
    listing_page = f"{story_index}?order=newest"
    territory = last_territory_url(site, story)

    for path in (story, story_index, listing_page, territory):
        first = get(varnish + path)
        assert first.status == 200, path
        assert "s-maxage=86400" in first.headers["Cache-Control"], path
        # A reader's CSRF or language cookie does not split or bypass the cache.
        again = get(varnish + path, {"Cookie": "csrftoken=abc; django_language=en"})
        assert again.headers["X-Cache"] == "HIT", path
        assert NEW_TITLE not in again.body

    publish_new_title(site, story)

    for path in (story, story_index, listing_page):
        fresh = get(varnish + path)
        assert fresh.headers["X-Cache"] == "MISS", path
        assert NEW_TITLE in fresh.body, path
    # The territory the story left: purged as well (its state before the publish).
    assert get(varnish + territory).headers["X-Cache"] == "MISS"


def test_varnish_never_keeps_the_admin_forms_or_editors_pages(varnish_in_front):
    site, varnish = varnish_in_front
    proposal = site.pages["proposal"]["it"]
    for path in ("/admin/login/", proposal):
        get(varnish + path)
        second = get(varnish + path)
        assert second.status == 200, path
        assert second.headers["X-Cache"] == "MISS", path
        assert "private" in second.headers["Cache-Control"], path
        assert "csrftoken=" in second.headers["Set-Cookie"], path
    story = site.pages["story"]["it"]
    get(varnish + story)
    editor = get(varnish + story, {"Cookie": "sessionid=anything"})
    assert editor.headers["X-Cache"] == "MISS"
    assert "private" in editor.headers["Cache-Control"]


def purge(varnish, path, headers=None):
    request = urllib.request.Request(varnish + path, method="PURGE", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 (local test)
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_purge_bans_the_path_with_any_query_and_star_bans_everything(varnish_in_front):
    site, varnish = varnish_in_front
    index = site.pages["story_index"]["en"]
    report = site.pages["report"]["en"]
    for path in (index, f"{index}?order=title", report):
        get(varnish + path)
        assert get(varnish + path).headers["X-Cache"] == "HIT", path

    assert purge(varnish, index) == 200
    assert get(varnish + index).headers["X-Cache"] == "MISS"
    assert get(varnish + f"{index}?order=title").headers["X-Cache"] == "MISS"
    assert get(varnish + report).headers["X-Cache"] == "HIT"

    assert purge(varnish, "/*") == 200
    assert get(varnish + report).headers["X-Cache"] == "MISS"


def test_a_purge_that_came_through_a_proxy_is_refused(varnish_in_front):
    """nginx (or a load balancer) in front reaches Varnish from an address the ACL lets
    purge; what it passes on carries the reader's address in X-Forwarded-For."""
    site, varnish = varnish_in_front
    report = site.pages["report"]["it"]
    get(varnish + report)
    assert get(varnish + report).headers["X-Cache"] == "HIT"

    for path in (report, "/*"):
        assert purge(varnish, path, {"X-Forwarded-For": "203.0.113.9"}) == 405

    assert get(varnish + report).headers["X-Cache"] == "HIT"
