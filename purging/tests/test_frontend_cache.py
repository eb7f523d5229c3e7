"""Purging the caching proxy and the CDN (purging/, site_cms/settings/frontend_cache.py) and
the Cache-Control headers that let them keep pages (core/middleware.py).

Purges go to a real HTTP server started here, which records each PURGE request; Cloudflare
and CloudFront are configured and built from the environment but never called.
"""

import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import translation
from wagtail.actions.delete_page import DeletePageAction
from wagtail.actions.move_page import MovePageAction
from wagtail.contrib.frontend_cache.utils import get_backends
from wagtail.models import PageViewRestriction

from home.models import HomePage
from proposals.models import ProposalPage
from purging import backends as purge_backends
from purging import public_urls
from purging.public_urls import EVERYTHING, public_urls_for
from purging.purge import PendingPurge
from site_cms.settings.frontend_cache import (
    frontend_cache_from_env,
    shared_cache_seconds_from_env,
)
from stories.models import (
    HashtagPage,
    Organisation,
    ProgrammeStoryIndexPage,
    StoryPage,
    StoryTerritory,
    TerritoryPage,
)

pytestmark = pytest.mark.django_db


# --- A proxy that records purges ----------------------------------------------------------


class RecordingProxy:
    """A real HTTP server on a free port that answers PURGE with 200 and records it."""

    def __init__(self, delay=0.0):
        self.requests = []
        self.delay = delay
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):
                if proxy.delay:
                    time.sleep(proxy.delay)
                proxy.requests.append((self.path, self.headers["Host"]))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.server.shutdown()
        self.server.server_close()

    @property
    def paths(self):
        return {path for path, _host in self.requests}


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def proxy(settings):
    with RecordingProxy() as recording:
        settings.WAGTAILFRONTENDCACHE = frontend_cache_from_env(
            {"FRONTEND_CACHE_PURGE_URLS": recording.url}
        )
        settings.WAGTAILADMIN_BASE_URL = "https://storie.example.org"
        yield recording


def live_story(language="it"):
    return StoryPage.objects.live().filter(locale__language_code=language).first()


def localized(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


# --- Settings from the environment --------------------------------------------------------


def test_no_variable_means_no_purging():
    assert frontend_cache_from_env({}) == {}
    assert shared_cache_seconds_from_env({}, purged=False) == 0


def test_every_purge_address_is_an_http_backend_with_a_short_timeout():
    config = frontend_cache_from_env(
        {
            "FRONTEND_CACHE_PURGE_URLS": "http://127.0.0.1:6081, http://10.0.0.5:6081/",
            "FRONTEND_CACHE_PURGE_TIMEOUT": "1.5",
        }
    )
    assert [entry["LOCATION"] for entry in config.values()] == [
        "http://127.0.0.1:6081",
        "http://10.0.0.5:6081",
    ]
    built = get_backends(config)
    assert all(isinstance(backend, purge_backends.HTTPBackend) for backend in built.values())
    assert {backend.timeout for backend in built.values()} == {1.5}


def test_cloudflare_and_cloudfront_are_configured_from_the_environment():
    config = frontend_cache_from_env(
        {
            "CLOUDFLARE_API_TOKEN": "token-value",
            "CLOUDFLARE_ZONE_ID": "zone-id",
            "CLOUDFRONT_DISTRIBUTION_ID": "E123EXAMPLE",
        }
    )
    built = get_backends(config)
    cloudflare, cloudfront = built["cloudflare"], built["cloudfront"]
    assert isinstance(cloudflare, purge_backends.CloudflareBackend)
    assert cloudflare.cloudflare_token == "token-value"
    assert cloudflare.cloudflare_purge_endpoint_url.endswith("/zones/zone-id/purge_cache")
    assert cloudflare.timeout == 3.0
    assert isinstance(cloudfront, purge_backends.CloudfrontBackend)
    assert cloudfront.cloudfront_distribution_id == "E123EXAMPLE"
    assert cloudfront.client.meta.config.read_timeout == 3.0
    assert cloudfront.client.meta.config.connect_timeout == 3.0


@pytest.mark.parametrize(
    "environ",
    [
        {"FRONTEND_CACHE_PURGE_URLS": "varnish:6081"},
        {"CLOUDFLARE_API_TOKEN": "token-without-zone"},
        {"CLOUDFLARE_ZONE_ID": "zone-without-token"},
        {"FRONTEND_CACHE_PURGE_TIMEOUT": "forever"},
    ],
)
def test_a_half_configuration_is_refused(environ):
    with pytest.raises(ImproperlyConfigured):
        frontend_cache_from_env(environ)


def test_shared_caches_keep_pages_a_day_only_when_purged():
    assert shared_cache_seconds_from_env({}, purged=True) == 86400
    assert shared_cache_seconds_from_env({"FRONTEND_CACHE_SECONDS": "3600"}, purged=True) == 3600
    assert shared_cache_seconds_from_env({"FRONTEND_CACHE_SECONDS": "3600"}, purged=False) == 0


# --- What is purged -----------------------------------------------------------------------


def test_a_story_purges_every_address_that_shows_it_in_both_languages(english):
    story = live_story("it")
    paths = public_urls_for(story)
    for version in (story, story.get_translation(english)):
        language = version.locale.language_code
        expected = {
            version.url,
            f"/{language}/",
            version.get_parent().url,  # the programme's stories
            version.get_parent().get_parent().url,  # the story index
            version.programme.url,
            localized(language, "story_feed_rss"),
            localized(language, "story_feed_atom"),
            localized(language, "embed_story", page_id=version.pk),
            localized(language, "oembed"),
            f"/api/v2/pages/{version.pk}/",
        }
        for link in version.hashtag_links.select_related("hashtag"):
            expected |= {
                link.hashtag.url,
                link.hashtag.get_parent().url,
                localized(language, "hashtag_feed_rss", hashtag_slug=link.hashtag.slug),
                localized(language, "hashtag_feed_atom", hashtag_slug=link.hashtag.slug),
            }
        for link in version.territory_links.select_related("territory__part_of"):
            expected |= {link.territory.url, link.territory.get_parent().url}
            if link.territory.part_of:
                expected.add(link.territory.part_of.url)
        for report in version.report_links.select_related("page"):
            expected.add(report.page.url)
        for related in version.related_stories():
            expected.add(related.url)
        assert expected <= paths, expected - paths
    assert {"/sitemap.xml", "/data/stories.csv", "/data/stories.json", "/api/v2/pages/"} <= paths
    assert EVERYTHING not in paths


def test_a_story_purges_the_stories_that_list_it_as_related(italian):
    story = live_story("it")
    template_territory = story.territory_links.first().territory
    neighbour = StoryPage.objects.live().filter(locale=italian).exclude(pk=story.pk).first()
    StoryTerritory.objects.get_or_create(page=neighbour, territory=template_territory)
    assert story.pk in {related.pk for related in neighbour.related_stories()}
    assert neighbour.url in public_urls_for(story)


def test_a_hashtag_purges_its_feeds_and_the_stories_that_carry_it():
    for language in ("it", "en"):
        hashtag = HashtagPage.objects.live().filter(locale__language_code=language).first()
        paths = public_urls_for(hashtag)
        for version in hashtag.get_translations(inclusive=True):
            code = version.locale.language_code
            assert {
                version.url,
                version.get_parent().url,
                f"/{code}/",
                localized(code, "hashtag_feed_rss", hashtag_slug=version.slug),
                localized(code, "hashtag_feed_atom", hashtag_slug=version.slug),
            } <= paths
            stories = StoryPage.objects.live().filter(hashtag_links__hashtag=version)
            assert stories.exists()
            for story in stories:
                assert {story.url, localized(code, "embed_story", page_id=story.pk)} <= paths


def test_a_territory_purges_the_territories_around_it_and_its_stories():
    territory = (
        TerritoryPage.objects.live()
        .filter(locale__language_code="it", part_of__isnull=False, story_links__isnull=False)
        .first()
    )
    paths = public_urls_for(territory)
    for version in territory.get_translations(inclusive=True).specific():
        assert {version.url, version.get_parent().url, version.part_of.url} <= paths
        for link in StoryTerritory.objects.filter(territory=version).select_related("page"):
            assert link.page.url in paths


def test_the_homes_and_the_pages_in_the_menus_purge_the_whole_site(monkeypatch):
    assert public_urls_for(HomePage.objects.get(locale__language_code="en")) == {EVERYTHING}
    story = live_story()
    assert public_urls_for(story.get_parent().get_parent()) == {EVERYTHING}
    assert public_urls_for(ProposalPage.objects.first()) == {EVERYTHING}
    # So does a change that would name more pages than MAX_PAGES (a story at scale).
    pages = len([path for path in public_urls_for(story) if path.count("/") > 3])
    monkeypatch.setattr(public_urls, "MAX_PAGES", pages // 2)
    assert public_urls_for(story) == {EVERYTHING}


# --- Purging after the commit, through Wagtail's actions ---------------------------------


def test_publishing_purges_after_the_commit(proxy, django_capture_on_commit_callbacks):
    story = live_story("it")
    story.title = "Un titolo nuovo"
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
        assert proxy.requests == []  # not before the commit
    assert public_urls_for(story) <= proxy.paths
    # Each address once, with the site's public host.
    assert len(proxy.requests) == len(proxy.paths)
    assert {host for _path, host in proxy.requests} == {"storie.example.org"}


def test_purges_go_straight_to_varnish_whatever_http_proxy_says(
    proxy, monkeypatch, django_capture_on_commit_callbacks
):
    """Varnish refuses a PURGE that came through another proxy: urllib's would be one."""
    dead_proxy = f"http://127.0.0.1:{closed_port()}"
    for name in ("HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, dead_proxy)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    story = live_story("en")
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    assert public_urls_for(story) <= proxy.paths


def test_unpublishing_purges_the_page_and_its_listings(proxy, django_capture_on_commit_callbacks):
    story = live_story("en")
    expected = public_urls_for(story)
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()
    assert {story.url, "/en/", "/en/feeds/stories/rss/"} <= proxy.paths
    assert expected <= proxy.paths


def test_moving_purges_the_old_and_the_new_address(
    proxy, django_capture_on_commit_callbacks, italian, admin_user
):
    story = live_story("it")
    old_url = story.url
    other_section = (
        ProgrammeStoryIndexPage.objects.filter(locale=italian)
        .exclude(pk=story.get_parent().pk)
        .first()
    )
    with django_capture_on_commit_callbacks(execute=True):
        MovePageAction(story, other_section, pos="last-child", user=admin_user).execute()
    story.refresh_from_db()
    assert story.url != old_url
    assert {old_url, story.url, other_section.url} <= proxy.paths


def test_deleting_purges_what_showed_the_page(
    proxy, django_capture_on_commit_callbacks, admin_user
):
    story = live_story("it")
    url, territory_urls = story.url, [link.territory.url for link in story.territory_links.all()]
    with django_capture_on_commit_callbacks(execute=True):
        DeletePageAction(story, user=admin_user).execute()
    assert not StoryPage.objects.filter(url_path=story.url_path).exists()
    assert {url, "/it/", *territory_urls} <= proxy.paths


def test_a_view_restriction_purges_everything(proxy, django_capture_on_commit_callbacks):
    """The page, and the files it uses wherever they are cached (/documents/, /r/, the API)."""
    story = live_story("it")
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=story, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    assert proxy.paths == {EVERYTHING}


def test_an_organisation_edit_purges_everything(proxy, django_capture_on_commit_callbacks):
    organisation = Organisation.objects.first()
    organisation.name += " (nuovo nome)"
    with django_capture_on_commit_callbacks(execute=True):
        organisation.save()
    assert proxy.paths == {EVERYTHING}


def test_wagtails_bookkeeping_on_an_image_purges_nothing(proxy, django_capture_on_commit_callbacks):
    from wagtail.images import get_image_model

    image = get_image_model().objects.first()
    with django_capture_on_commit_callbacks(execute=True):
        image.save(update_fields=["file_size"])  # as Wagtail does when it learns the size
    assert proxy.paths == set()
    with django_capture_on_commit_callbacks(execute=True):
        image.save()  # an edit
    assert proxy.paths == {EVERYTHING}


def test_nothing_is_sent_without_a_configured_proxy(settings, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {}
    with django_capture_on_commit_callbacks(execute=True) as done:
        live_story().save_revision().publish()
    assert not [callback for callback in done if isinstance(callback, PendingPurge)]


# --- A proxy that is down or slow ---------------------------------------------------------


def test_a_proxy_that_is_down_does_not_stop_a_publish(
    settings, caplog, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = frontend_cache_from_env(
        {"FRONTEND_CACHE_PURGE_URLS": f"http://127.0.0.1:{closed_port()}"}
    )
    story = live_story()
    story.title = "Pubblicata anche senza proxy"
    started = time.monotonic()
    with (
        caplog.at_level(logging.WARNING, logger="purging"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        story.save_revision().publish()
    assert time.monotonic() - started < 10
    story.refresh_from_db()
    assert story.live and story.title == "Pubblicata anche senza proxy"
    warnings = [record for record in caplog.records if record.name == "purging"]
    assert any("does not answer" in record.getMessage() for record in warnings)
    # Asked once, not once per address.
    assert sum("does not answer" in record.getMessage() for record in warnings) == 1


def test_a_proxy_that_never_answers_costs_one_timeout(
    settings, caplog, django_capture_on_commit_callbacks
):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(100)  # accepts connections, never answers
    try:
        settings.WAGTAILFRONTENDCACHE = frontend_cache_from_env(
            {
                "FRONTEND_CACHE_PURGE_URLS": f"http://127.0.0.1:{listener.getsockname()[1]}",
                "FRONTEND_CACHE_PURGE_TIMEOUT": "0.5",
            }
        )
        story = live_story()
        started = time.monotonic()
        with (
            caplog.at_level(logging.WARNING, logger="purging"),
            django_capture_on_commit_callbacks(execute=True),
        ):
            story.save_revision().publish()
        assert time.monotonic() - started < 5
    finally:
        listener.close()
    assert any("does not answer" in record.getMessage() for record in caplog.records)


def test_a_failing_cdn_is_logged_not_raised(caplog):
    """Cloudflare's address is unreachable here: the backend gives up within its timeout."""
    backend = purge_backends.CloudflareBackend(
        {"BEARER_TOKEN": "token", "ZONEID": "zone", "TIMEOUT": 0.5}
    )
    backend.cloudflare_purge_endpoint_url = f"http://127.0.0.1:{closed_port()}/purge_cache"
    with caplog.at_level(logging.WARNING, logger="purging"):
        backend.purge_batch(["https://storie.example.org/it/"])
    assert any("Cloudflare" in record.getMessage() for record in caplog.records)


# --- Headers ------------------------------------------------------------------------------


def test_public_pages_are_revalidated_by_browsers_and_kept_by_a_purged_proxy(client, settings):
    url = live_story("en").url
    response = client.get(url)
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "max-age=0" in cache_control
    assert "s-maxage=0" in cache_control  # nothing purges a proxy in the tests' settings
    assert "Cookie" in response["Vary"]
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304

    settings.FRONTEND_CACHE_SECONDS = 86400
    assert "s-maxage=86400" in client.get(url)["Cache-Control"]


def test_forms_search_results_admin_and_previews_are_not_kept(client, admin_user):
    proposal = ProposalPage.objects.live().first()
    assert_not_shared(client.get(proposal.url), no_store=True)

    search = localized("it", "search")
    assert "public" in client.get(search)["Cache-Control"]
    assert_not_shared(client.get(search, {"q": "welfare"}), no_store=False)

    assert_not_shared(client.get("/admin/login/"), no_store=True)
    client.force_login(admin_user)
    story = live_story()
    assert_not_shared(client.get("/admin/"), no_store=True)
    assert_not_shared(client.get(story.url), no_store=True)
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[story.pk]))
    assert preview.status_code == 200
    assert_not_shared(preview, no_store=True)


def test_a_password_protected_page_is_not_kept(client):
    story = live_story()
    PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert_not_shared(client.get(story.url), no_store=True)


def assert_not_shared(response, no_store):
    cache_control = response["Cache-Control"]
    assert "public" not in cache_control and "private" in cache_control, cache_control
    assert ("no-store" in cache_control) == no_store, cache_control
