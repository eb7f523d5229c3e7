"""Listings render, with their caches warm and right after a publish, and a story publishes,
in the same number of queries however many stories there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.cache import bump_content_version, forget_variants
from stories.models import StoryIndexPage, StoryPage
from tests.admin_forms import edit_form_data
from tests.helpers import add_stories

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    """Queries of a view with its caches warm, and of its first view after a publish."""
    # Each time from a process that has not seen the address: a filtered explorer view is
    # kept on its second request (core.cache.cached_variant).
    forget_variants()
    client.get(url)  # warm caches that live for the process (site root paths, content types)
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    bump_content_version()
    with CaptureQueriesContext(connection) as after_publish:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), len(after_publish.captured_queries)


def listing_urls(italian, hashtag, territory):
    return [
        "/it/",
        StoryIndexPage.objects.get(locale=italian).url,
        hashtag.url,
        territory.url,
        "/it/hashtag/",
        "/it/territori/",
        "/it/pubblicazioni/",
        "/it/programmi/",
        # A story: its related stories are ranked among every story of the language.
        StoryPage.objects.get(locale=italian, slug__startswith="wellfare").url,
    ]


def test_listings_query_count_is_flat_from_5_to_50_stories(client, italian):
    hashtag, territory = add_stories(5, italian)
    few = {url: count_queries(client, url) for url in listing_urls(italian, hashtag, territory)}
    add_stories(45, italian, first_number=5)
    many = {url: count_queries(client, url) for url in listing_urls(italian, hashtag, territory)}
    assert many == few


def filtered_listing_urls(hashtag, territory):
    """Explorer views with filters, a sort order and a page number applied."""
    return [
        f"/it/storie/?hashtag={hashtag.slug}&territory={territory.slug}&sort=title",
        f"/it/storie/?hashtag={hashtag.slug}&hashtag=risorse&programme=welfare-in-azione&page=2",
        "/it/storie/?year=2020&sort=oldest",
        f"{hashtag.url}?programme=welfare-in-azione&sort=title&page=2",
        f"{territory.url}?hashtag={hashtag.slug}&year=2020",
    ]


def test_filtered_listings_query_count_is_flat_from_5_to_50_stories(client, italian):
    hashtag, territory = add_stories(5, italian)
    urls = filtered_listing_urls(hashtag, territory)
    few = {url: count_queries(client, url) for url in urls}
    add_stories(45, italian, first_number=5)
    many = {url: count_queries(client, url) for url in urls}
    assert many == few


def publish_queries(client, story, number):
    """Queries of a publish through ``revision.publish()`` and through the admin's editor."""
    story = StoryPage.objects.get(pk=story.pk)
    story.title = f"{story.title} ({number})"
    revision = story.save_revision()
    with CaptureQueriesContext(connection) as through_revision:
        revision.publish()
    data = edit_form_data(client, story, title=f"{story.title} (admin {number})")
    data["action-publish"] = "action-publish"
    with CaptureQueriesContext(connection) as through_admin:
        response = client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), data)
    assert response.status_code == 302
    return len(through_revision), len(through_admin)


def test_a_publish_query_count_is_flat_from_3_to_12_stories(client, admin_user, italian, settings):
    # With a proxy to purge: working out what to purge reads the stories that list it.
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {"BACKEND": "purging.backends.HTTPBackend", "LOCATION": "http://127.0.0.1:9"}
    }
    client.force_login(admin_user)
    hashtag, territory = add_stories(3, italian)
    story = StoryPage.objects.live().filter(locale=italian, hashtag_links__hashtag=hashtag)[0]
    publish_queries(client, story, 0)  # warm caches that live for the process
    few = publish_queries(client, story, 1)
    add_stories(9, italian, first_number=3)
    many = publish_queries(client, story, 2)
    assert many == few
