"""Feeds of one territory's and one programme's stories: the stories their pages list (a
territory's with those of the territories within it), linked from their pages, in both
languages, 404 for an unknown slug, a fixed number of queries."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from seo.feeds import FEED_LENGTH
from stories.models import ProgrammePage, StoryPage, StoryTerritory, TerritoryPage
from stories.territories import within_q
from tests.helpers import add_stories

pytestmark = pytest.mark.django_db

LANGUAGES = ["it", "en"]
ATOM = {"atom": "http://www.w3.org/2005/Atom"}


def feed_url(language, kind, subject, fmt="rss"):
    with translation.override(language):
        return reverse(f"{kind}_feed_{fmt}", kwargs={f"{kind}_slug": subject.slug})


def feed_links(response, fmt):
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    if fmt == "rss":
        return [item.findtext("link") for item in root.find("channel").findall("item")]
    return [entry.find("atom:link", ATOM).get("href") for entry in root.findall("atom:entry", ATOM)]


def absolute(page):
    return f"http://testserver{page.url}"


def newest_first(stories):
    return [
        absolute(story) for story in stories.order_by("-first_published_at", "-pk")[:FEED_LENGTH]
    ]


def live_stories(language):
    return StoryPage.objects.live().public().filter(locale__language_code=language)


def region_with_parts(language):
    """A territory with others within it that have stories of their own."""
    for territory in TerritoryPage.objects.live().filter(locale__language_code=language):
        parts = TerritoryPage.objects.filter(part_of=territory)
        if StoryTerritory.objects.filter(territory__in=parts, page__live=True).exists():
            return territory
    raise AssertionError("the demo has no territory with parts that have stories")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_territory_feed_includes_the_territories_within_it(client, language, fmt):
    territory = region_with_parts(language)
    links = StoryTerritory.objects.filter(within_q("_id", territory.pk))
    expected = live_stories(language).filter(pk__in=links.values("page_id"))
    own = live_stories(language).filter(territory_links__territory=territory)
    assert expected.count() > own.count()
    assert feed_links(client.get(feed_url(language, "territory", territory, fmt)), fmt) == (
        newest_first(expected)
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_programme_feed_lists_the_programmes_stories(client, language, fmt):
    for programme in ProgrammePage.objects.live().filter(locale__language_code=language):
        expected = newest_first(live_stories(language).filter(programme=programme))
        got = feed_links(client.get(feed_url(language, "programme", programme, fmt)), fmt)
        assert got == expected
    assert expected


@pytest.mark.parametrize("language", LANGUAGES)
def test_feed_titles_name_the_page(client, language):
    territory = region_with_parts(language)
    programme = ProgrammePage.objects.live().filter(locale__language_code=language).first()
    for kind, page in (("territory", territory), ("programme", programme)):
        channel = ET.fromstring(client.get(feed_url(language, kind, page)).content).find("channel")
        assert page.title in channel.findtext("title")
        assert channel.findtext("link") == absolute(page)
        assert channel.findtext("language") == language


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["territory", "programme"])
def test_pages_link_their_feeds_in_the_head_and_visibly(client, language, kind):
    model = TerritoryPage if kind == "territory" else ProgrammePage
    page = model.objects.live().filter(locale__language_code=language).first()
    html = client.get(page.url).content.decode()
    head, body = html.split("</head>", 1)
    for fmt, content_type in (("rss", "application/rss+xml"), ("atom", "application/atom+xml")):
        url = f"http://testserver{feed_url(language, kind, page, fmt)}"
        assert f'<link rel="alternate" type="{content_type}"' in head
        assert f'href="{url}"' in head
        assert f'<a href="{url}" type="{content_type}"' in body


@pytest.mark.parametrize("kind", ["territory", "programme"])
@pytest.mark.parametrize("slug", ["no-such-place", "a%20b", "x" * 300])
def test_an_unknown_slug_is_a_404(client, kind, slug):
    url = feed_url("it", kind, type("Page", (), {"slug": "placeholder"}))
    assert client.get(url.replace("placeholder", slug)).status_code == 404


def test_a_slug_of_the_other_language_is_a_404(client):
    english = TerritoryPage.objects.live().filter(locale__language_code="en").first()
    italian = TerritoryPage.objects.live().get(
        translation_key=english.translation_key, locale__language_code="it"
    )
    assert english.slug != italian.slug
    url = feed_url("it", "territory", italian)
    assert client.get(url.replace(italian.slug, english.slug)).status_code == 404


def test_a_nul_in_the_slug_is_refused(client):
    url = feed_url("it", "territory", type("Page", (), {"slug": "placeholder"}))
    assert client.get(url.replace("placeholder", "%00")).status_code in (400, 404)


def test_query_count_stays_fixed_as_stories_grow(client, italian):
    hashtag, territory = add_stories(5, italian)
    programme = ProgrammePage.objects.live().filter(locale=italian).first()
    region = region_with_parts("it")
    urls = [
        feed_url("it", "territory", territory),
        feed_url("it", "territory", region, "atom"),
        feed_url("it", "programme", programme),
        feed_url("it", "programme", programme, "atom"),
    ]

    def counts():
        result = {}
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result[url] = len(queries)
        return result

    few = counts()
    add_stories(45, italian, first_number=5)
    assert counts() == few
    assert max(few.values()) <= 6
    assert len(feed_links(client.get(urls[0]), "rss")) == FEED_LENGTH
