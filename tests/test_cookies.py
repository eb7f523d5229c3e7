"""An anonymous reader gets no cookie from any public URL, and what they get may be cached;
editors' responses are never marked as shareable."""

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from core.middleware import PublicCacheControlMiddleware
from proposals.models import ProposalPage
from stories.models import (
    HashtagPage,
    StoryIndexPage,
    StoryPage,
)
from tests.helpers import PAGE_MODELS

pytestmark = pytest.mark.django_db

LANGUAGES = ["it", "en"]


def page_url(model, language):
    return model.objects.live().filter(locale__language_code=language).first().url


def hashtag_slug(language):
    return HashtagPage.objects.live().filter(locale__language_code=language).first().slug


def public_urls(language):
    """(url, expected status) for every kind of public response in one language."""
    # The proposal form carries a CSRF cookie and is never cached
    # (proposals/tests/test_proposals.py).
    pages = [(page_url(model, language), 200) for model in PAGE_MODELS if model is not ProposalPage]
    slug = hashtag_slug(language)
    with translation.override(language):
        feeds = [
            (reverse("story_feed_rss"), 200),
            (reverse("story_feed_atom"), 200),
            (reverse("hashtag_feed_rss", kwargs={"hashtag_slug": slug}), 200),
            (reverse("hashtag_feed_atom", kwargs={"hashtag_slug": slug}), 200),
        ]
    listing_pages = [(f"{page_url(StoryIndexPage, language)}?page=2", 200)]
    try:
        with translation.override(language):
            search = [(f"{reverse('search')}?q=welfare", 200)]
    except NoReverseMatch:  # the search view is not wired in yet
        search = []
    return pages + feeds + listing_pages + search + [(f"/{language}/no-such-page/", 404)]


def assert_sets_no_cookie(response):
    assert not response.cookies, response.cookies
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_set_no_cookie_for_an_anonymous_reader(client, language):
    for url, status in public_urls(language):
        response = client.get(url)
        assert response.status_code == status, url
        assert_sets_no_cookie(response)
    assert not client.cookies


@pytest.mark.parametrize("url", ["/sitemap.xml", "/robots.txt", "/"])
def test_site_wide_files_set_no_cookie(client, url):
    assert_sets_no_cookie(client.get(url))


@pytest.mark.parametrize("language", LANGUAGES)
def test_anonymous_pages_and_feeds_are_publicly_cacheable(client, language):
    for url, status in public_urls(language):
        if status != 200:
            continue
        response = client.get(url)
        cache_control = response["Cache-Control"]
        if "?q=" in url:
            # Search results are for one reader: a shared cache never keeps them.
            assert "private" in cache_control and "public" not in cache_control, url
            continue
        # Browsers revalidate (max-age=0); s-maxage says how long a shared cache keeps it.
        assert "public" in cache_control and "max-age=0" in cache_control, url
        assert "s-maxage=" in cache_control, url
        assert "Cookie" in response["Vary"], url


def test_errors_and_redirects_are_not_marked_cacheable(client):
    assert "Cache-Control" not in client.get("/it/no-such-page/")
    assert "Cache-Control" not in client.get("/")


def test_editors_never_get_a_shareable_copy(client, admin_user):
    client.force_login(admin_user)
    for url in [page_url(StoryPage, "it"), "/it/feed/storie/rss/", "/sitemap.xml"]:
        response = client.get(url)
        assert response.status_code == 200
        assert "public" not in response.get("Cache-Control", ""), url


def test_admin_is_never_marked_cacheable(client, admin_user):
    response = client.get("/admin/login/")
    assert "public" not in response.get("Cache-Control", "")
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "public" not in response.get("Cache-Control", "")


def test_a_response_that_sets_a_cookie_is_not_shared(client):
    """The admin login form sets the CSRF cookie; were it ever outside /admin/, the
    middleware would still refuse to mark it public."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    def view(request):
        response = HttpResponse("form")
        response.set_cookie("csrftoken", "x")
        return response

    response = PublicCacheControlMiddleware(view)(RequestFactory().get("/it/modulo/"))
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert "public" not in cache_control


def test_a_reader_with_a_session_gets_a_private_copy(client, settings):
    """A session may hold a page password or a login: its pages are not for sharing."""
    client.cookies[settings.SESSION_COOKIE_NAME] = "any-session"
    response = client.get(page_url(StoryPage, "en"))
    assert response.status_code == 200
    assert "public" not in response.get("Cache-Control", "")
