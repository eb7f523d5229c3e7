"""/healthz/ and the page readers get when the database cannot be reached."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.core.cache.backends.base import BaseCache
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


class BrokenCache(BaseCache):
    """A cache whose server is gone: every call raises."""

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("the cache server is gone")

    add = get = set = delete = touch = incr = has_key = clear = get_many = set_many = _fail


def test_healthz_answers_ok_without_cookie_redirect_or_caching(client):
    response = client.get("/healthz/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert "Vary" not in response


def test_healthz_head_has_no_body(client):
    response = client.head("/healthz/")
    assert response.status_code == 200
    assert response.content == b""


def test_healthz_refuses_other_methods(client):
    response = client.post("/healthz/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_healthz_with_a_cache_that_raises_is_503_naming_the_cache(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "core.tests.test_health.BrokenCache"},
    }
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "unavailable"}
    assert response["Cache-Control"] == "no-store"


def test_serving_check_ignores_the_cache(client, settings):
    """What Varnish's probe asks: a Redis outage slows pages but must not take the server
    out of the proxy's pool."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "core.tests.test_health.BrokenCache"},
    }
    response = client.get("/healthz/serving/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies


def test_healthz_with_redis_on_a_closed_port_is_503_naming_the_cache(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/2",
        },
    }
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"


# --- The database cannot be reached: a real server with a wrong database address -----------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def closed_port():
    """A port nothing listens on (bound and released at once)."""
    return free_port()


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def server_without_database(tmp_path):
    """gunicorn with deploy/gunicorn.conf.py and the production settings, pointed at a
    database of this run's kind that cannot be reached: PostgreSQL on a closed port, or an
    SQLite file in a folder that does not exist."""
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SQLITE_PATH", "DJANGO_SETTINGS_MODULE"}
    }
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{closed_port()}/welfare"
    else:
        env["SQLITE_PATH"] = str(tmp_path / "missing-folder" / "db.sqlite3")
    env.update(
        DJANGO_SETTINGS_MODULE="site_cms.settings.production",
        SECRET_KEY="test-only-secret-key-for-the-health-check",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_BASE_URL=f"http://127.0.0.1:{port}",
        SECURE_SSL_REDIRECT="false",
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="1",
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(tmp_path / "static"),
        LOG_LEVEL="WARNING",
    )
    log = open(tmp_path / "server.log", "w+")  # noqa: SIM115 (lives with the server)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                get(f"{base_url}/healthz/")
                break
            except (urllib.error.URLError, ConnectionError):
                assert process.poll() is None, (tmp_path / "server.log").read_text()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        yield base_url, tmp_path / "server.log"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_without_its_database_the_site_answers_503_pages_not_500(server_without_database):
    base_url, log_file = server_without_database

    status, headers, body = get(f"{base_url}/healthz/")
    assert status == 503
    # Without REDIS_URL the cache lives in the database too: both are named.
    assert json.loads(body) == {"database": "unavailable", "cache": "unavailable"}
    assert headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in headers
    # The proxy's probe takes this server out of the pool.
    status, headers, body = get(f"{base_url}/healthz/serving/")
    assert (status, json.loads(body)) == (503, {"database": "unavailable"})

    # An editor's session is read from the database: the admin answers 503 too.
    for path, language, title, cookie in (
        ("/it/", "it", "Storie di welfare", ""),
        ("/en/", "en", "Welfare stories", ""),
        ("/admin/", "it", "Storie di welfare", "sessionid=an-editors-session"),
    ):
        headers = {"Accept-Language": language, "Cookie": cookie}
        status, headers, body = get(base_url + path, **headers)
        assert status == 503, (path, body[:500])
        assert headers["Retry-After"] == "30"
        assert "no-store" in headers["Cache-Control"]
        assert f'<html lang="{language}">' in body
        assert title in body  # translated: the page speaks the reader's language
        assert "Server error" not in body  # not the generic 500 page
    status, headers, body = get(f"{base_url}/en/", **{"Accept-Language": "en"})
    assert "cannot reach its database" in body
    # Each failure is logged, with the database error.
    log = log_file.read_text()
    assert "Service Unavailable" in log and "OperationalError" in log
