"""Listings render in the same number of queries however many stories there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stories.models import (
    HashtagPage,
    StoryHashtag,
    StoryIndexPage,
    StoryPage,
    StoryTerritory,
)

pytestmark = pytest.mark.django_db


def add_stories(count, italian, first_number=0):
    template = StoryPage.objects.get(locale=italian, slug__startswith="wellfare")
    index = template.get_parent()
    hashtag = HashtagPage.objects.get(locale=italian, code="comunita")
    territory = template.territory_links.first().territory
    for number in range(first_number, first_number + count):
        story = StoryPage(
            title=f"Storia di prova {number}",
            slug=f"storia-di-prova-{number}",
            summary="Sintesi di prova.",
            programme=template.programme,
            hero_image=template.hero_image,
            hero_image_alt="Illustrazione",
            body=[],
        )
        story.hashtag_links = [StoryHashtag(hashtag=hashtag)]
        story.territory_links = [StoryTerritory(territory=territory)]
        index.add_child(instance=story)
        story.save_revision().publish()
    return hashtag, territory


def count_queries(client, url):
    client.get(url)  # warm caches that live for the process (site root paths, content types)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


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
