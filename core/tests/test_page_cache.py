"""Whole public pages from the shared cache (core/page_cache.py): what is kept, for whom, and
what a hit costs. The test settings turn the page cache off; these tests turn it on."""

import os
import socket
import uuid

import pytest
import redis
from django.apps import apps
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models.signals import post_migrate
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from core import page_cache
from core.cache_backends import reset_breakers
from home.models import HomePage
from proposals.models import ProposalPage
from site_cms.settings.caches import (
    DATABASE_CACHE_TABLES,
    REDIS_BACKEND,
    caches_from_env,
    page_cache_entries_from_env,
    page_cache_seconds_from_env,
)
from stories.models import StoryIndexPage, StoryPage

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    page_cache.reset()
    yield
    page_cache.reset()


def story():
    return StoryPage.objects.live().filter(locale__language_code="it").first()


def kept(client, url, **headers):
    """Asks for ``url`` until a copy is kept (twice for an address with a query string)."""
    client.get(url, **headers)
    return client.get(url, **headers)


def assert_is_a_copy(hit, original):
    assert hit.status_code == 200
    assert hit.content == original.content
    assert dict(hit.items()) == dict(original.items())
    assert "Set-Cookie" not in hit and not hit.cookies


@pytest.mark.parametrize(
    "url",
    [
        lambda: HomePage.objects.get(locale__language_code="it").url,
        lambda: story().url,
        lambda: StoryIndexPage.objects.filter(locale__language_code="en").first().url + "?page=1",
    ],
    ids=["home", "story", "explorer-with-query"],
)
def test_a_hit_is_the_same_page_and_headers_without_a_query(client, django_assert_num_queries, url):
    address = url()
    original = kept(client, address)
    assert "public" in original["Cache-Control"] and original.has_header("ETag")
    with django_assert_num_queries(0):  # the memory cache of the tests: no version query
        hit = client.get(address)
    assert_is_a_copy(hit, original)
    for header in ("Content-Security-Policy", "Permissions-Policy", "Vary", "Content-Language"):
        assert hit[header] == original[header]


def test_head_and_a_conditional_get_are_answered_from_the_copy(client, django_assert_num_queries):
    address = story().url
    original = kept(client, address)
    with django_assert_num_queries(0):
        head = client.head(address)
        not_modified = client.get(address, headers={"if-none-match": original["ETag"]})
    assert head.status_code == 200 and head["ETag"] == original["ETag"]
    assert not_modified.status_code == 304 and not_modified.content == b""


def test_a_publish_is_seen_at_once(client):
    page = story()
    kept(client, page.url)
    page.title = "Un titolo appena pubblicato"
    page.save_revision().publish()
    assert "Un titolo appena pubblicato" in client.get(page.url).content.decode()


def test_an_address_without_a_language_is_kept_per_negotiated_language(client):
    english = kept(client, "/robots.txt", headers={"accept-language": "en"})
    assert english["Content-Language"] == "en" and "public" in english["Cache-Control"]
    italian = client.get("/robots.txt", headers={"accept-language": "it"})
    assert italian["Content-Language"] == "it"
    assert_is_a_copy(client.get("/robots.txt", headers={"accept-language": "en"}), english)


def test_an_editor_neither_gets_nor_fills_the_cache(client, admin_user):
    page = story()
    client.force_login(admin_user)
    # A draft preview, the admin and a public page, signed in: nothing kept.
    assert client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk])).status_code == 200
    assert client.get("/admin/").status_code == 200
    editors_copy = client.get(page.url)
    assert "private" in editors_copy["Cache-Control"]
    assert page_cache._memory.size_in_bytes == 0
    # Readers fill it; the editor still gets a page of their own.
    client.logout()
    readers_copy = kept(client, page.url)
    client.force_login(admin_user)
    assert client.get(page.url)["Cache-Control"] == editors_copy["Cache-Control"]
    assert "public" in readers_copy["Cache-Control"]


def test_forms_search_with_a_query_and_errors_are_never_kept(client):
    proposal = ProposalPage.objects.live().get(locale__language_code="it").url
    with translation.override("it"):
        search = reverse("search") + "?q=welfare"
    for address in (proposal, search, "/it/no-such-page/", "/"):
        kept(client, address)
    assert page_cache._memory.size_in_bytes == 0
    second = client.get(proposal)
    assert second.cookies  # rendered again, with its CSRF cookie


def test_random_query_strings_neither_fill_memory_nor_the_shared_cache(client):
    home = HomePage.objects.get(locale__language_code="it").url
    for number in range(12):
        assert client.get(f"{home}?utm={uuid.uuid4().hex}{number}").status_code == 200
    assert page_cache._memory.size_in_bytes == 0
    assert not caches["pages"]._cache


def test_memory_is_bounded_in_bytes():
    layer = page_cache.MemoryLayer()
    body = b"x" * 10_000
    for number in range(100):
        entry = (float("inf"), (("Content-Type", "text/html"),), body)
        layer.set("v1", f"key{number}", entry, max_bytes=50_000)
        assert layer.size_in_bytes <= 50_000
    assert layer.get("v1", "key99") is not None and layer.get("v1", "key0") is None
    # Another content version: what the old one kept goes.
    layer.set("v2", "other", (float("inf"), (), b"y"), max_bytes=50_000)
    assert layer.get("v1", "key99") is None and layer.size_in_bytes < 1_000


def test_a_hit_with_the_database_cache_costs_the_version_query(client, django_assert_num_queries):
    with override_settings(CACHES=caches_from_env({})):
        address = story().url
        original = kept(client, address)
        with django_assert_num_queries(1):
            assert_is_a_copy(client.get(address), original)
        # Another process (its memory empty) reads the page from the table: one more query.
        page_cache.reset()
        with django_assert_num_queries(2):
            assert_is_a_copy(client.get(address), original)
        # In a table of their own: pages never make the fragments' table cull.
        tables = {alias: table_keys(table) for alias, table in DATABASE_CACHE_TABLES.items()}
    assert tables["pages"] and all(key.startswith(":1:page:") for key in tables["pages"])
    assert not [key for key in tables["default"] if ":page:" in key]


def table_keys(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {connection.ops.quote_name(table)}")
        return [row[0] for row in cursor.fetchall()]


def test_the_page_cache_holds_at_most_its_number_of_entries(client, settings):
    """One slot per entry: more addresses than slots replace each other, and a slot never
    answers for an address or a version other than its own."""
    settings.PAGE_CACHE_ENTRIES = 2
    stories = StoryPage.objects.live().filter(locale__language_code="it").order_by("path")[:5]
    addresses = [page.url for page in stories]
    originals = {address: client.get(address) for address in addresses}
    assert len(caches["pages"]._cache) <= 2
    page_cache.reset()  # another process: only the shared cache
    for address in addresses:
        assert_is_a_copy(client.get(address), originals[address])
    assert len(caches["pages"]._cache) <= 2
    # One slot for all: each address replaces the last, the last one stays.
    settings.PAGE_CACHE_ENTRIES = 1
    caches["pages"].clear()
    page_cache.reset()
    for address in addresses:
        client.get(address)
    assert len(caches["pages"]._cache) == 1
    version, key, *_entry = caches["pages"].get("page:0")
    assert key == page_cache.page_key(client.get(addresses[-1]).wsgi_request)[1]


def test_migrate_creates_the_page_cache_table_whatever_the_settings(db):
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {quote(page_cache.TABLE)}")
    assert page_cache.TABLE not in connection.introspection.table_names()
    # What migrate sends at its end (stories/apps.py), with the tests' memory caches.
    post_migrate.send(
        sender=apps.get_app_config("stories"),
        app_config=apps.get_app_config("stories"),
        verbosity=0,
        interactive=False,
        using="default",
        apps=apps,
        plan=[],
    )
    assert page_cache.TABLE in connection.introspection.table_names()
    assert DATABASE_CACHE_TABLES["pages"] == page_cache.TABLE


def redis_caches(location, prefix):
    return {
        alias: {"BACKEND": REDIS_BACKEND, "LOCATION": location, "KEY_PREFIX": f"{prefix}:{alias}"}
        for alias in ("default", "renditions", "pages")
    }


def test_with_redis_pages_are_shared_and_with_redis_down_they_render_uncached(client):
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        connection.ping()
    except redis.exceptions.RedisError as error:
        if os.environ.get("CI"):
            pytest.fail(f"No Redis at {REDIS_URL}: {error}")
        pytest.skip(f"No Redis at {REDIS_URL}: {error}")
    prefix = f"test-page-cache-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    address = story().url
    reset_breakers()
    try:
        with override_settings(CACHES=redis_caches(REDIS_URL, prefix)):
            original = kept(client, address)
            page_cache.reset()  # another process: the copy comes from Redis
            assert_is_a_copy(client.get(address), original)
            assert list(connection.scan_iter(match=f"{prefix}:pages:*page:*"))
            assert not list(connection.scan_iter(match=f"{prefix}:default:*page:*"))
            # Bounded in Redis too, which has no MAX_ENTRIES: one slot, one page.
            for key in connection.scan_iter(match=f"{prefix}:pages:*"):
                connection.delete(key)
            with override_settings(PAGE_CACHE_ENTRIES=1):
                for other in StoryPage.objects.live().order_by("path")[:3]:
                    client.get(other.url)
            assert len(list(connection.scan_iter(match=f"{prefix}:pages:*"))) == 1
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            closed = probe.getsockname()[1]
        page_cache.reset()
        with override_settings(CACHES=redis_caches(f"redis://127.0.0.1:{closed}/1", "down")):
            for _ in range(2):
                response = client.get(address)
                assert response.status_code == 200 and response.content == original.content
            assert page_cache._memory.size_in_bytes == 0
    finally:
        for key in connection.scan_iter(match=f"{prefix}:*"):
            connection.delete(key)
        connection.close()
        reset_breakers()


def test_page_cache_setting_from_the_environment():
    assert page_cache_seconds_from_env({}) == 600
    assert page_cache_seconds_from_env({"PAGE_CACHE": "off"}) == 0
    assert page_cache_seconds_from_env({"PAGE_CACHE": "120"}) == 120
    assert page_cache_seconds_from_env({}, default="off") == 0
    for wrong in ("-1", "ten", "999999"):
        with pytest.raises(ImproperlyConfigured):
            page_cache_seconds_from_env({"PAGE_CACHE": wrong})
    assert page_cache_entries_from_env({}) == 2_000
    assert page_cache_entries_from_env({"PAGE_CACHE_ENTRIES": "500"}) == 500
    for wrong in ("0", "-1", "many", "99999999"):
        with pytest.raises(ImproperlyConfigured):
            page_cache_entries_from_env({"PAGE_CACHE_ENTRIES": wrong})
