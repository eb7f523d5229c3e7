"""core.site_lookup gives each request the site Wagtail's ``Site.find_for_request`` would
find, looked up once per sites version and host (docs/upstream.md). If an upgrade changes
how Wagtail finds or keeps a request's site, the fingerprints fail; the other tests check
that the answers are Wagtail's, that a change to a site is seen at once, and that no request
shares an object with another."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from core.cache import content_version, sites_version
from core.site_lookup import site_for_request
from stories.models import StoryPage
from tests.upstream import assert_unchanged

pytestmark = pytest.mark.django_db


def test_wagtails_site_lookup_is_unchanged():
    assert_unchanged(
        Site.find_for_request,
        "c74f9f021ee40da13bfbc88f97e55eb2e4eff0a6bc5c48f1a2086c586939c1ed",
        "core.site_lookup.SiteLookupMiddleware",
    )
    assert_unchanged(
        Site._find_for_request,
        "819498f9e76ca719f24c55924cd32d18d00d22d405c72913ea6ba1027332b18d",
        "core.site_lookup.site_for_request",
    )


def request_for(host):
    return RequestFactory().get("/", HTTP_HOST=host)


def wagtails_answer(host):
    return Site.find_for_request(request_for(host))


@pytest.fixture
def second_site():
    """A second site on its own host, beside the demo's default one."""
    root = Page.objects.get(depth=2, locale__language_code="it")
    return Site.objects.create(hostname="partner.example", port=80, root_page=root)


def test_answers_are_wagtails_for_every_kind_of_host(second_site):
    for host in ("localhost", "partner.example", "partner.example:8080", "elsewhere.example"):
        ours = site_for_request(request_for(host))
        assert ours is not None
        assert ours.pk == wagtails_answer(host).pk, host


def test_no_site_when_none_matches():
    Site.objects.all().delete()
    assert site_for_request(request_for("localhost")) is None
    assert wagtails_answer("localhost") is None


def test_the_second_request_for_a_host_makes_no_query():
    site_for_request(request_for("localhost"))
    with CaptureQueriesContext(connection) as queries:
        site = site_for_request(request_for("localhost"))
        assert site.root_page.title
    assert [q["sql"] for q in queries if "wagtailcore_site" in q["sql"]] == []
    assert not [q for q in queries if "wagtailcore_page" in q["sql"]]


def test_a_changed_site_is_seen_at_once(second_site):
    assert site_for_request(request_for("partner.example")).pk == second_site.pk
    second_site.hostname = "renamed.example"
    second_site.save()
    default = Site.objects.get(is_default_site=True)
    assert site_for_request(request_for("partner.example")).pk == default.pk
    assert site_for_request(request_for("renamed.example")).pk == second_site.pk


def test_each_request_gets_its_own_site_and_root_page():
    first = site_for_request(request_for("localhost"))
    second = site_for_request(request_for("localhost"))
    assert first is not second
    assert first.root_page is not second.root_page
    first.root_page.title = "Changed by one request"
    assert second.root_page.title != "Changed by one request"
    assert site_for_request(request_for("localhost")).root_page.title != "Changed by one request"


def test_pages_are_served_with_the_site_of_the_middleware(client):
    with CaptureQueriesContext(connection) as first:
        assert client.get("/it/").status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get("/it/").status_code == 200
    site_queries = [q for q in second if 'FROM "wagtailcore_site"' in q["sql"]]
    assert site_queries == []
    assert len(second) < len(first)


def test_a_publish_keeps_the_site_found(client):
    """A publish bumps the content version, not the sites version: the first view after it
    finds the site without a query."""
    story = StoryPage.objects.live().filter(locale__language_code="it").first()
    assert client.get("/it/").status_code == 200
    versions = (content_version(), sites_version())
    story.save_revision().publish()
    assert content_version() != versions[0]
    assert sites_version() == versions[1]
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/it/").status_code == 200
    assert [q["sql"] for q in queries if 'FROM "wagtailcore_site"' in q["sql"]] == []


def test_what_finds_a_site_bumps_the_sites_version():
    home = Page.objects.get(depth=2, locale__language_code="it").specific
    before = sites_version()
    home.save_revision().publish()
    after_publish = sites_version()
    assert after_publish != before
    site = Site.objects.get(is_default_site=True)
    site.save()
    assert sites_version() != after_publish
