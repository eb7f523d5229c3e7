"""The sitemap's index and section pages and the feeds are kept per content version
(core.cache.cached_response): read again without their queries until a publish, which is
seen at once; errors and odd page numbers are never kept."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stories.models import StoryPage
from tests.helpers import add_stories

pytestmark = pytest.mark.django_db

KEPT = [
    "/sitemap.xml",
    "/sitemap-it.xml",
    "/sitemap-en.xml",
    "/it/feed/storie/rss/",
    "/en/feeds/stories/atom/",
]


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize("url", KEPT)
def test_a_kept_copy_is_the_same_answer_in_fewer_queries(client, url):
    first, made = queries_of(client, url)
    again, kept = queries_of(client, url)
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert kept < made and kept <= 3


def test_the_index_counts_a_new_section_page_at_once(client, italian, monkeypatch):
    # A section of one page, full: the next story opens its second page.
    listed = client.get("/sitemap-it.xml").content.count(b"<url>")
    monkeypatch.setattr("seo.sitemaps.SECTION_SIZE", listed)
    assert "/sitemap-it.xml?p=2" not in client.get("/sitemap.xml").content.decode()
    add_stories(1, italian)
    assert "/sitemap-it.xml?p=2" in client.get("/sitemap.xml").content.decode()


@pytest.mark.parametrize("url", ["/sitemap-it.xml", "/it/feed/storie/rss/"])
def test_a_publish_is_seen_at_once(client, italian, url):
    client.get(url)
    add_stories(1, italian)
    story = StoryPage.objects.live().filter(locale=italian).latest("pk")
    assert story.slug in client.get(url).content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap-it.xml?p=01",
        "/sitemap-it.xml?p=1&p=2",
        "/sitemap-it.xml?p=" + "9" * 400,
        "/sitemap-it.xml?p=-1",
        "/it/feed/hashtag/" + "x" * 300 + "/rss/",
        "/it/feed/storie/rss/?%00=%ff",
    ],
)
def test_hostile_addresses_are_answered_and_never_kept_as_another_page(client, url):
    assert client.get(url).status_code in (200, 400, 404)
    plain = client.get("/sitemap-it.xml").content
    assert b"<urlset" in plain
    assert client.get("/sitemap-it.xml?p=01").content == plain
