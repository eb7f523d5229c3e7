"""The shared caches, with real servers.

- Redis: the real one on 127.0.0.1:6379 (``TEST_REDIS_URL`` to change it), database 1, keys
  under a prefix of this run only, deleted afterwards. Values, the content version and the
  proposal rate limit are shared by separate clients (each thread has its own).
- Redis down (a closed port) or hanging (a server that accepts and never answers): pages
  still answer, with one warning logged (what it costs in time:
  scripts/benchmark_redis_outage.py).
- Without Redis: the database cache, whose tables ``migrate`` creates; two gunicorn
  processes with production settings see a publish at once.
"""

import importlib
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import psycopg
import pytest
import redis
from django.conf import settings
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection, connections
from django.test import override_settings
from wagtail.models import Page

from core import cache as content_cache
from core import cache_backends, page_cache
from core.cache import bump_content_version, cached, content_version
from core.cache_backends import ResilientRedisCache, reset_breakers
from proposals import ratelimit
from proposals.models import ProposalPage
from scripts.failing_redis import HangingServer, closed_port
from site_cms.settings.caches import (
    DATABASE_BACKEND,
    DATABASE_CACHE_TABLES,
    REDIS_BACKEND,
    caches_from_env,
)
from stories.models import ReportPage, StoryPage
from tests.helpers import postgres_url, valid_data

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


# --- Settings ---------------------------------------------------------------------------


def test_without_redis_the_caches_are_the_database_tables_that_migrate_creates():
    configured = caches_from_env({"PAGE_CACHE_ENTRIES": "300"})
    assert set(configured) == {"default", "renditions", "pages"}
    assert {alias: entry["BACKEND"] for alias, entry in configured.items()} == {
        "default": DATABASE_BACKEND,
        "renditions": DATABASE_BACKEND,
        "pages": DATABASE_BACKEND,
    }
    tables = {entry["LOCATION"] for entry in configured.values()}
    # New databases create them in the squashed migration; older ones ran 0009, which uses it.
    # The pages' table is made at the end of every migrate (core.page_cache.create_table).
    migration = importlib.import_module("stories.migrations.0001_squashed_0009_cache_tables")
    assert tables == set(DATABASE_CACHE_TABLES.values())
    assert tables == {*migration.TABLES, page_cache.TABLE}
    # Each with its own bound: pages never cull fragments, nor fragments pages.
    assert configured["default"]["OPTIONS"]["MAX_ENTRIES"] == 20_000
    assert configured["pages"]["OPTIONS"]["MAX_ENTRIES"] == 300


@pytest.mark.django_db
def test_migrate_creates_the_cache_tables():
    assert set(DATABASE_CACHE_TABLES.values()) <= set(connection.introspection.table_names())


def test_with_redis_url_both_caches_use_redis_with_short_timeouts():
    configured = caches_from_env(
        {"REDIS_URL": "redis://cache.internal:6379/0", "REDIS_TIMEOUT": "0.1"}
    )
    assert set(configured) == {"default", "renditions", "pages"}
    for alias, entry in configured.items():
        assert entry["BACKEND"] == REDIS_BACKEND
        assert entry["LOCATION"] == "redis://cache.internal:6379/0"
        # Pages apart from fragments; bounded by core/page_cache.py's slots, as Redis has
        # no MAX_ENTRIES (and redis-py refuses options it does not know).
        assert entry["KEY_PREFIX"] == alias
        assert entry["OPTIONS"] == {
            "socket_connect_timeout": 0.1,
            "socket_timeout": 0.1,
            "RETRY_SECONDS": 5,
        }


def test_development_shares_the_cache_and_tests_keep_theirs_in_memory():
    dev = importlib.import_module("site_cms.settings.dev")
    test = importlib.import_module("site_cms.settings.test")
    assert caches_from_env(os.environ) == dev.CACHES
    assert {entry["BACKEND"] for entry in test.CACHES.values()} == {
        "django.core.cache.backends.locmem.LocMemCache"
    }


# --- The real Redis ---------------------------------------------------------------------


def redis_caches(location, prefix, **options):
    return {
        alias: {
            "BACKEND": REDIS_BACKEND,
            "LOCATION": location,
            "KEY_PREFIX": f"{prefix}:{alias}",
            "OPTIONS": options,
        }
        for alias in ("default", "renditions", "pages")
    }


@pytest.fixture
def real_redis():
    """CACHES on the real Redis, under a prefix of this test only; its keys are deleted
    afterwards (nothing else in the database is touched)."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except redis.exceptions.RedisError as error:
        message = f"No Redis at {REDIS_URL} ({error}): start redis-server."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    prefix = f"test-cache-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    reset_breakers()
    with override_settings(CACHES=redis_caches(REDIS_URL, prefix)):
        yield prefix
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()
    reset_breakers()


def in_thread(function, *args):
    """``function(*args)`` in another thread, which has its own cache client and pool."""
    result = {}

    def run():
        try:
            result["value"] = function(*args)
        finally:
            caches.close_all()
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    return result.get("value")


def test_values_are_shared_by_two_clients_of_the_real_redis(real_redis):
    assert isinstance(caches["default"], ResilientRedisCache)
    cache.set("greeting", {"it": "ciao"}, 60)
    assert in_thread(cache.get, "greeting") == {"it": "ciao"}
    in_thread(cache.set, "counter", 41, 60)
    assert cache.incr("counter") == 42
    assert in_thread(cache.incr, "counter") == 43
    assert cache.get("counter") == 43
    client = redis.Redis.from_url(REDIS_URL)
    assert client.get(f"{real_redis}:default:1:counter") == b"43"
    client.close()


@pytest.mark.django_db
def test_the_content_version_is_shared_by_two_clients_of_the_real_redis(real_redis):
    version = content_version()
    assert isinstance(version, int)
    assert in_thread(content_version) == version
    # A publish in one process (signal receiver) ...
    in_thread(bump_content_version)
    # ... is seen by the other at once: nothing cached under the old version is read.
    assert content_version() > version
    assert cached("fragment", lambda: "new") == "new"
    assert in_thread(cached, "fragment", lambda: "not computed again") == "new"


def test_the_proposal_rate_limit_counts_across_two_clients_of_the_real_redis(real_redis, rf):
    request = rf.post("/", REMOTE_ADDR="192.0.2.77")
    for _ in range(ratelimit.PROPOSALS_PER_WINDOW - 1):
        in_thread(ratelimit.count_proposal, request)
    assert not ratelimit.limit_reached(request)
    ratelimit.count_proposal(request)
    assert ratelimit.limit_reached(request)
    assert in_thread(ratelimit.limit_reached, request)
    assert not ratelimit.limit_reached(rf.post("/", REMOTE_ADDR="192.0.2.78"))


# --- Redis down or hanging ----------------------------------------------------------------


@pytest.fixture(params=["closed port", "hanging server"])
def broken_redis(request):
    """(name, URL) of a Redis that fails, and CACHES pointing at it."""
    if request.param == "closed port":
        server = None
        url = f"redis://127.0.0.1:{closed_port()}/1"
    else:
        server = HangingServer()
        url = f"redis://127.0.0.1:{server.port}/1"
    reset_breakers()
    try:
        yield request.param, url
    finally:
        if server:
            server.close()
        reset_breakers()


def story():
    return StoryPage.objects.live().filter(locale__language_code="it").first()


def pages_to_try():
    """(name, method, path, data, expected status) of what readers, partners and editors use."""
    report = ReportPage.objects.live().first()
    proposal = ProposalPage.objects.live().get(locale__language_code="it")
    return [
        ("home", "get", "/it/", None, 200),
        ("story", "get", story().url, None, 200),
        ("admin dashboard", "get", "/admin/", None, 200),
        ("page editor", "get", f"/admin/pages/{story().pk}/edit/", None, 200),
        ("proposal form", "get", proposal.url, None, 200),
        ("proposal sent", "post", proposal.url, valid_data(), 302),
        ("API", "get", "/api/v2/pages/?locale=it&type=stories.StoryPage", None, 200),
        ("data file", "get", "/data/stories.json", None, 200),
        ("permalink", "get", f"/r/{report.permanent_code}/", None, 302),
    ]


@pytest.mark.django_db
def test_a_redis_down_or_hanging_still_answers_every_page_and_logs_one_warning(
    broken_redis, admin_client, caplog
):
    """What a failing Redis costs in time is measured by scripts/benchmark_redis_outage.py;
    here, that every page a reader, partner or editor uses still answers, with one warning."""
    name, url = broken_redis
    for page, method, path, data, status in pages_to_try():
        with override_settings(CACHES=redis_caches(url, "unreachable")):
            # A closed circuit, so that the request meets the failure itself.
            reset_breakers()
            caplog.clear()
            response = getattr(admin_client, method)(path, data, REMOTE_ADDR="192.0.2.99")
        assert response.status_code == status, (name, page)
        warnings = [r for r in caplog.records if r.name == cache_backends.__name__]
        assert len(warnings) == 1, (name, page, [r.getMessage() for r in warnings])
        assert "does not answer" in warnings[0].getMessage()


@pytest.mark.django_db
def test_while_redis_hangs_later_requests_skip_it_and_the_warning_is_not_repeated(client, caplog):
    server = HangingServer()
    reset_breakers()
    path = story().url
    try:
        # A pause longer than the test, however slow the machine.
        with override_settings(CACHES=redis_caches(server.url, "hanging", RETRY_SECONDS=60)):
            responses = [client.get(path) for _ in range(6)]
        attempts = len(server.held)
    finally:
        server.close()
        reset_breakers()
    assert {response.status_code for response in responses} == {200}
    # The first request found out; the next ones, within the pause, do not try again.
    assert attempts == 1
    warnings = [r for r in caplog.records if r.name == cache_backends.__name__]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]


def test_after_the_pause_one_caller_tries_redis_again():
    server = HangingServer()
    reset_breakers()
    try:
        with override_settings(CACHES=redis_caches(server.url, "hanging", RETRY_SECONDS=0.5)):
            assert cache.get("key", "default") == "default"
            assert cache.get("key", "default") == "default"
            assert len(server.held) == 1
            time.sleep(0.6)
            assert cache.get("key", "default") == "default"
            assert cache.get("key", "default") == "default"
            assert len(server.held) == 2
    finally:
        server.close()
        reset_breakers()


@pytest.mark.django_db
def test_with_redis_down_the_proposal_rate_limit_lets_proposals_through(broken_redis, client):
    """Failing open: a reader is never refused because Redis is down (the warning says
    that caching, and so the count, stopped)."""
    _, url = broken_redis
    proposal = ProposalPage.objects.live().get(locale__language_code="it")
    with override_settings(CACHES=redis_caches(url, "unreachable")):
        for _ in range(ratelimit.PROPOSALS_PER_WINDOW + 1):
            response = client.post(proposal.url, valid_data(), REMOTE_ADDR="192.0.2.50")
            assert response.status_code == 302


@pytest.mark.django_db
def test_while_redis_fails_the_content_version_is_never_stored_nor_reused(broken_redis):
    _, url = broken_redis
    with override_settings(CACHES=redis_caches(url, "unreachable")):
        first, second = content_version(), content_version()
        calls = []
        assert cached("piece", lambda: calls.append(1) or len(calls)) == 1
        assert cached("piece", lambda: calls.append(1) or len(calls)) == 2
        bump_content_version()
    assert first != second
    assert not content_cache.cache_answers(first)


def test_when_redis_answers_again_the_content_version_is_bumped(real_redis):
    """A publish made while Redis did not answer could not bump the version: the first
    process that reaches Redis again bumps it."""
    version = content_version()
    breaker = caches["default"].breaker
    breaker.retry_seconds = 0
    breaker.failure(redis.exceptions.ConnectionError("simulated outage"))
    assert breaker.failing
    assert content_version() > version
    assert not breaker.failing


@pytest.mark.django_db
def test_renditions_tolerate_a_redis_that_fails(broken_redis):
    _, url = broken_redis
    image = story().hero_image
    with override_settings(CACHES=redis_caches(url, "unreachable")):
        rendition = image.get_rendition("fill-200x100")
        renditions = image.get_renditions("width-300", "width-400")
    assert rendition.width == 200
    assert set(renditions) == {"width-300", "width-400"}


# --- Two server processes on the database cache ---------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clone_test_database(directory):
    """A copy of the test database (the demo), for other processes: its environment."""
    if connection.vendor == "sqlite":
        path = directory / "site.sqlite3"
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(path)])
        return {"SQLITE_PATH": str(path)}, None
    source = connection.settings_dict["NAME"]
    clone = f"{source}_processes"
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{clone}"')
        cursor.execute(f'CREATE DATABASE "{clone}" TEMPLATE "{source}"')
    return {"DATABASE_URL": postgres_url(connection.settings_dict, clone)}, clone


def drop_clone(clone):
    if clone:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{clone}"')


# Production settings, except that static files come from the source folders: this test
# runs no collectstatic.
SETTINGS_MODULE = """from site_cms.settings.production import *  # noqa: F403

STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
"""


def production_env(directory, database_env):
    (directory / "processes_settings.py").write_text(SETTINGS_MODULE)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DATABASE_URL", "SQLITE_PATH", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        database_env,
        DJANGO_SETTINGS_MODULE="processes_settings",
        PYTHONPATH=f"{directory}{os.pathsep}{ROOT}",
        SECRET_KEY="two-processes-test-key",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_BASE_URL="http://127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        DEBUG="0",
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        WEB_CONCURRENCY="1",
    )
    return env


def fetch(port, path):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, response.read().decode()


def wait_until_serving(process, port, log):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn on {port} stopped:\n{log.read_text()}")
        try:
            return fetch(port, "/it/")
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    pytest.fail(f"gunicorn on {port} did not answer:\n{log.read_text()}")


def story_title(html):
    return re.search(r'<h1 id="story-title"[^>]*>(.*?)</h1>', html, re.S).group(1).strip()


def change_title_behind_wagtails_back(database_env, pk, title):
    """An UPDATE straight into the servers' database: no publish, no signal, no bump."""
    statement = "UPDATE wagtailcore_page SET title = {0} WHERE id = {0}"
    if "SQLITE_PATH" in database_env:
        with sqlite3.connect(database_env["SQLITE_PATH"]) as database:
            database.execute(statement.format("?"), (title, pk))
    else:
        with psycopg.connect(database_env["DATABASE_URL"]) as database:
            database.execute(statement.format("%s"), (title, pk))


def run_in_site(env, code):
    """Python ``code`` in another process with the servers' settings (database and cache)."""
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_publish_is_seen_at_once_by_two_server_processes(django_db_blocker, tmp_path):
    with django_db_blocker.unblock():
        page = story()
        path, pk, old_title = page.url, page.pk, page.title
        database_env, clone = clone_test_database(tmp_path)
    env = production_env(tmp_path, database_env)
    ports = [free_port(), free_port()]
    servers = []
    try:
        for port in ports:
            log = tmp_path / f"gunicorn-{port}.log"
            command = [
                sys.executable,
                "-m",
                "gunicorn",
                "site_cms.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "1",
            ]
            with log.open("w") as output:
                servers.append(
                    (
                        subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output),
                        port,
                        log,
                    )
                )
        for process, port, log in servers:
            assert wait_until_serving(process, port, log)[0] == 200
            for _ in range(2):
                status, html = fetch(port, path)
                assert status == 200
                assert story_title(html) == old_title

        # Both serve the story's article from the shared cache: a change made behind
        # Wagtail's back (no publish, no signal) does not show ...
        change_title_behind_wagtails_back(database_env, pk, "Changed without publishing")
        for _, port, _ in servers:
            assert story_title(fetch(port, path)[1]) == old_title

        # ... a publish (a new revision, through Wagtail's API, from a third process)
        # shows on both at once.
        new_title = "Portinerie di quartiere: pubblicato di nuovo"
        run_in_site(
            env,
            "from stories.models import StoryPage\n"
            f"page = StoryPage.objects.get(pk={pk})\n"
            f"page.title = {new_title!r}\n"
            "page.save_revision().publish()\n",
        )
        for _, port, _ in servers:
            status, html = fetch(port, path)
            assert status == 200
            assert story_title(html) == new_title
    finally:
        for process, _, _ in servers:
            process.terminate()
        for process, _, _ in servers:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        with django_db_blocker.unblock():
            drop_clone(clone)


@pytest.mark.django_db
def test_load_demo_runs_with_redis_down(broken_redis):
    _, url = broken_redis
    with override_settings(CACHES=redis_caches(url, "unreachable")):
        call_command("load_demo", verbosity=0)
    assert Page.objects.live().exists()


def test_ping_says_whether_redis_answers(real_redis):
    assert caches["default"].ping()
    with override_settings(
        CACHES=redis_caches(f"redis://127.0.0.1:{closed_port()}/1", "unreachable")
    ):
        assert not caches["default"].ping()
