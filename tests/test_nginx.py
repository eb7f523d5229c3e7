"""Debian's nginx with deploy/nginx/site.conf in front of gunicorn (deploy/gunicorn.conf.py,
two sync workers) serving the production-like demo (scripts/demo_site.py).

Slow clients: connections that send their headers a line at a time hold a sync worker each
when they reach gunicorn itself, and a normal request then waits; through nginx it is
answered at once. Oversized bodies: nginx refuses them (413) without bothering the app.

The test runs site.conf as it is, with three lines moved to this machine: the port it listens
on and the folders of the static files and media (the demo's). Without nginx the test is
skipped, saying why; with CI=true it fails instead.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack, closing
from pathlib import Path

import pytest

from scripts.demo_site import ROOT, DemoSite
from tests.test_varnish import free_port, require_program, stop, wait_for

NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
SITE_CONF = ROOT / "deploy" / "nginx" / "site.conf"
GUNICORN = Path(sys.executable).parent / "gunicorn"
SLOW_CLIENTS = 6
# What a normal page may take while the slow clients hang on, on a busy CI machine.
QUICK = 5.0


def machine_site_conf(port, site):
    """site.conf with its port and folders moved to this machine's (the demo site's); each
    line must be there exactly once, so a change to the file is noticed here."""
    text = SITE_CONF.read_text()
    for line, replacement in (
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("alias /srv/welfare/staticfiles/;", f"alias {site.static_root}/;"),
        ("root /var/lib/welfare;", f"root {site.workdir};"),
    ):
        assert text.count(line) == 1, line
        text = text.replace(line, replacement)
    return text


def nginx_conf(folder, app_port):
    """The http block around site.conf: what nginx.conf and upstream.conf give it in
    production, with every file in the test's folder."""
    # As root, nginx's workers run as "nobody", who may not read the demo's private folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp_paths = "".join(
        f"{kind}_temp_path {folder}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"{user}daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log warn;\nevents {{ worker_connections 256; }}\n"
        "http {\n"
        "include /etc/nginx/mime.types;\ndefault_type application/octet-stream;\n"
        f"access_log {folder}/access.log;\n{temp_paths}"
        f"upstream welfare_app {{ server 127.0.0.1:{app_port}; keepalive 16; }}\n"
        f"include {folder}/site.conf;\n"
        "}\n"
    )


@pytest.fixture(scope="module")
def nginx_in_front(tmp_path_factory, demo_seed):
    require_program(NGINX, "nginx", "nginx")
    folder = tmp_path_factory.mktemp("nginx")
    with pytest.MonkeyPatch.context() as monkeypatch, ExitStack() as cleanup:
        # The app reads the reader's address behind one proxy: nginx.
        monkeypatch.setenv("TRUSTED_PROXY_COUNT", "1")
        site = cleanup.enter_context(DemoSite(port=0, seed=demo_seed))
        app_port, nginx_port = free_port(), free_port()
        app_log = open(folder / "gunicorn.log", "w")  # noqa: SIM115 (closed by cleanup)
        cleanup.callback(app_log.close)
        gunicorn = subprocess.Popen(
            [str(GUNICORN), "--config", "deploy/gunicorn.conf.py"],
            cwd=ROOT,
            env={**site._environment(), "BIND": f"127.0.0.1:{app_port}", "WEB_CONCURRENCY": "2"},
            stdout=app_log,
            stderr=subprocess.STDOUT,
        )
        cleanup.callback(stop, gunicorn)
        (folder / "site.conf").write_text(machine_site_conf(nginx_port, site))
        (folder / "nginx.conf").write_text(nginx_conf(folder, app_port))
        nginx = subprocess.Popen(
            [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        cleanup.callback(stop, nginx)
        wait_for(app_port, gunicorn)
        wait_for(nginx_port, nginx)
        home = site.pages["home"]["it"]
        # The first request of each worker loads the app: not what is measured.
        try:
            for _ in range(2):
                get(f"http://127.0.0.1:{app_port}{home}", timeout=60)
        except OSError as error:
            log = (folder / "gunicorn.log").read_text()[-3000:]
            raise AssertionError(f"gunicorn does not answer ({error}):\n{log}") from error
        yield {
            "site": site,
            "app": app_port,
            "nginx": nginx_port,
            "app_log": folder / "gunicorn.log",
        }


def get(url, timeout=30):
    with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310 (local test)
        answer.read()
        return answer.status


def slow_clients(port, count):
    """Connections that have sent only the start of their headers, as a slow client does."""
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        sockets.append(sock)
    return sockets


def timed_get(url, timeout):
    started = time.monotonic()
    try:
        status = get(url, timeout=timeout)
    except TimeoutError:
        status = None
    return status, time.monotonic() - started


def test_slow_clients_stall_gunicorn_alone_but_not_behind_nginx(nginx_in_front):
    home = nginx_in_front["site"].pages["home"]["it"]

    # Straight to gunicorn: two slow clients hold both workers, the page waits.
    stalled = slow_clients(nginx_in_front["app"], 4)
    try:
        time.sleep(0.5)  # both workers have taken a connection
        status, _ = timed_get(f"http://127.0.0.1:{nginx_in_front['app']}{home}", timeout=3)
        assert status is None, "gunicorn answered while slow clients held its workers"
    finally:
        for sock in stalled:
            sock.close()

    # Through nginx: it holds the slow clients itself, gunicorn never sees them.
    waiting = slow_clients(nginx_in_front["nginx"], SLOW_CLIENTS)
    try:
        time.sleep(0.5)
        status, seconds = timed_get(f"http://127.0.0.1:{nginx_in_front['nginx']}{home}", QUICK)
        assert status == 200
        assert seconds < QUICK
        # The slow clients are still connected and still sending: nothing timed them out.
        for sock in waiting:
            sock.sendall(b"x")
    finally:
        for sock in waiting:
            sock.close()


def test_nginx_refuses_a_13_mb_body_before_the_app_sees_it(nginx_in_front):
    proposal = nginx_in_front["site"].pages["proposal"]["it"]
    size = 13 * 1024 * 1024
    with closing(
        socket.create_connection(("127.0.0.1", nginx_in_front["nginx"]), timeout=10)
    ) as sock:
        sock.sendall(
            f"POST {proposal} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: application/octet-stream\r\nContent-Length: {size}\r\n\r\n".encode()
            + b"x" * 65536
        )
        answer = sock.recv(4096).decode(errors="replace")
    status_line, _, rest = answer.partition("\r\n")
    assert status_line.split()[1] == "413", answer
    assert "Server: nginx" in rest
    assert f"POST {proposal}" not in nginx_in_front["app_log"].read_text()


def test_nginx_serves_the_static_files_itself(nginx_in_front):
    site = nginx_in_front["site"]
    css = next((site.static_root / "css").glob("*.css"))
    path = f"/static/css/{css.name}"
    request = urllib.request.Request(
        f"http://127.0.0.1:{nginx_in_front['nginx']}{path}", headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:  # noqa: S310 (local test)
        assert answer.status == 200
        assert answer.headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
        assert answer.headers["Content-Encoding"] == "gzip"  # WhiteNoise's copy, as it is
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert path not in nginx_in_front["app_log"].read_text()


@pytest.mark.parametrize("method", ["PURGE", "BAN"])
def test_nginx_refuses_to_pass_on_a_purge(nginx_in_front, method):
    """Purging is for the app servers, straight to Varnish; behind nginx, Varnish would see
    nginx's address, which it lets purge."""
    request = urllib.request.Request(f"http://127.0.0.1:{nginx_in_front['nginx']}/*", method=method)
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310 (local test)
    assert refused.value.code == 405
    assert f"{method} /*" not in nginx_in_front["app_log"].read_text()
