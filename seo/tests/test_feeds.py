"""RSS and Atom feeds of the stories, per language and per hashtag, and their head links."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from seo import feeds
from seo.feeds import FEED_LENGTH
from stories.models import HashtagPage, StoryIndexPage, StoryPage
from tests.helpers import add_stories

pytestmark = pytest.mark.django_db

LANGUAGES = ["it", "en"]
# The feeds' addresses follow each language's words, like its pages' (/it/storie/...).
STORY_FEEDS = {"it": "/it/feed/storie/", "en": "/en/feeds/stories/"}
HASHTAG_FEEDS = {"it": "/it/feed/hashtag/", "en": "/en/feeds/hashtags/"}
ATOM = {"atom": "http://www.w3.org/2005/Atom"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def stories_newest_first(language, hashtag=None):
    stories = StoryPage.objects.live().public().filter(locale__language_code=language)
    if hashtag is not None:
        stories = stories.filter(hashtag_links__hashtag=hashtag)
    return list(stories.order_by("-first_published_at", "-pk")[:FEED_LENGTH])


def absolute(page):
    return f"http://testserver{page.url}"


def rss_items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, channel.findall("item")


def atom_entries(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return feed, feed.findall("atom:entry", ATOM)


@pytest.mark.parametrize("language", LANGUAGES)
def test_rss_feed_lists_the_languages_stories_newest_first(client, language):
    channel, items = rss_items(client.get(f"{STORY_FEEDS[language]}rss/"))
    stories = stories_newest_first(language)
    assert stories
    assert channel.findtext("language") == language
    assert channel.findtext("link") == absolute(
        StoryIndexPage.objects.get(locale__language_code=language)
    )
    assert [item.findtext("link") for item in items] == [absolute(story) for story in stories]
    first, story = items[0], stories[0]
    assert first.findtext("title") == story.title
    assert first.findtext("description") == story.summary
    assert first.findtext("pubDate")
    categories = [category.text for category in first.findall("category")]
    assert categories == [link.hashtag.title for link in story.hashtag_links.all()]


@pytest.mark.parametrize("language", LANGUAGES)
def test_atom_feed_lists_the_same_stories(client, language):
    feed, entries = atom_entries(client.get(f"{STORY_FEEDS[language]}atom/"))
    stories = stories_newest_first(language)
    assert feed.get(XML_LANG) == language
    assert feed.findtext("atom:subtitle", namespaces=ATOM)
    links = [entry.find("atom:link", ATOM).get("href") for entry in entries]
    assert links == [absolute(story) for story in stories]
    entry = entries[0]
    assert entry.findtext("atom:title", namespaces=ATOM) == stories[0].title
    assert entry.findtext("atom:published", namespaces=ATOM)
    assert entry.findtext("atom:updated", namespaces=ATOM)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_hashtag_feed_keeps_only_the_stories_with_that_hashtag(client, language, kind):
    for hashtag in HashtagPage.objects.live().filter(locale__language_code=language):
        response = client.get(f"{HASHTAG_FEEDS[language]}{hashtag.slug}/{kind}/")
        if kind == "rss":
            channel, items = rss_items(response)
            links = [item.findtext("link") for item in items]
            assert hashtag.title in channel.findtext("title")
            assert channel.findtext("link") == absolute(hashtag)
        else:
            _feed, entries = atom_entries(response)
            links = [entry.find("atom:link", ATOM).get("href") for entry in entries]
        assert links == [absolute(story) for story in stories_newest_first(language, hashtag)]


@pytest.mark.parametrize(
    "url",
    [
        "/it/feed/hashtag/non-esiste/rss/",
        "/en/feeds/hashtags/no-such-hashtag/atom/",
        # A hashtag exists only under its own language's slug.
        "/en/feeds/hashtags/comunita/rss/",
        "/it/feed/hashtag/community/atom/",
        # Not a slug at all (a zero-width space).
        "/it/feed/hashtag/%E2%80%8B/rss/",
        "/en/feeds/hashtags/a%20b%22%3C/atom/",
        # Each language's words only.
        "/en/feed/storie/rss/",
        "/it/feed/stories/rss/",
    ],
)
def test_unknown_hashtag_is_a_404(client, url):
    assert client.get(url).status_code == 404


def test_unpublished_hashtag_has_no_feed(client):
    hashtag = HashtagPage.objects.get(locale__language_code="it", code="risorse")
    hashtag.unpublish()
    assert client.get(f"/it/feed/hashtag/{hashtag.slug}/rss/").status_code == 404


def test_unpublished_story_leaves_the_feed(client, english):
    story = stories_newest_first("en")[0]
    story.unpublish()
    _channel, items = rss_items(client.get("/en/feeds/stories/rss/"))
    assert absolute(story) not in [item.findtext("link") for item in items]


def test_summary_is_escaped_as_html_text(client):
    story = stories_newest_first("it")[0]
    story.summary = "Meno <di> 5 & più"
    story.save_revision().publish()
    response = client.get("/it/feed/storie/rss/")
    assert b"Meno &amp;lt;di&amp;gt; 5 &amp;amp; pi" in response.content
    _channel, items = rss_items(response)
    # The reader gets HTML that shows the summary as it was written.
    assert items[0].findtext("description") == "Meno &lt;di&gt; 5 &amp; più"


def test_feed_length_and_query_count_stay_fixed_as_stories_grow(client, italian, monkeypatch):
    # The cost of making a feed, not of its kept copy (seo/tests/test_kept_outputs.py).
    monkeypatch.setattr(feeds, "cached_response", lambda key, render: render())
    urls = [
        "/it/feed/storie/rss/",
        "/it/feed/storie/atom/",
        "/it/feed/hashtag/comunita/rss/",
        "/it/feed/hashtag/comunita/atom/",
    ]

    def counts():
        result = {}
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            result[url] = len(queries)
        return result

    add_stories(5, italian)
    few = counts()
    add_stories(45, italian, first_number=5)
    assert counts() == few
    assert max(few.values()) <= 6
    _channel, items = rss_items(client.get("/it/feed/storie/rss/"))
    assert len(items) == FEED_LENGTH


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_links_the_languages_story_feeds(client, language):
    body = client.get(f"/{language}/").content.decode()
    assert 'type="application/rss+xml" title="' in body
    assert f'href="http://testserver{STORY_FEEDS[language]}rss/"' in body
    assert f'href="http://testserver{STORY_FEEDS[language]}atom/"' in body
    assert HASHTAG_FEEDS[language] not in body
    assert "/feeds/hashtag/" not in body


@pytest.mark.parametrize("language", LANGUAGES)
def test_hashtag_page_links_its_own_feeds(client, language):
    hashtag = HashtagPage.objects.live().filter(locale__language_code=language).first()
    body = client.get(hashtag.url).content.decode()
    for kind in ("rss", "atom"):
        feed_url = f"http://testserver{HASHTAG_FEEDS[language]}{hashtag.slug}/{kind}/"
        assert f'href="{feed_url}"' in body
        assert client.get(feed_url.removeprefix("http://testserver")).status_code == 200
    assert f'href="http://testserver{STORY_FEEDS[language]}rss/"' in body


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/it/feeds/stories/rss/", "/it/feed/storie/rss/"),
        ("/it/feeds/stories/atom/", "/it/feed/storie/atom/"),
        ("/it/feeds/hashtag/comunita/rss/", "/it/feed/hashtag/comunita/rss/"),
        ("/it/feeds/hashtag/comunita/atom/", "/it/feed/hashtag/comunita/atom/"),
        ("/en/feeds/hashtag/community/rss/", "/en/feeds/hashtags/community/rss/"),
        ("/en/feeds/hashtag/community/atom/", "/en/feeds/hashtags/community/atom/"),
    ],
)
def test_old_feed_addresses_redirect_permanently(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert client.get(new).status_code == 200
    # A reader's query string travels along.
    assert client.get(f"{old}?utm_source=x")["Location"] == f"{new}?utm_source=x"


def test_a_feed_address_without_a_language_lands_on_the_translated_one(client):
    response = client.get("/feeds/stories/rss/", follow=True, HTTP_ACCEPT_LANGUAGE="it")
    assert response.status_code == 200
    assert response.redirect_chain[-1] == ("/it/feed/storie/rss/", 301)


@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "POST", "PROPFIND"])
def test_feeds_answer_only_get_and_head(client, method):
    for path in (f"{STORY_FEEDS['en']}rss/", f"{STORY_FEEDS['it']}atom/", "/it/feeds/stories/rss/"):
        assert client.generic(method, path).status_code == 405, path
    assert client.head(f"{STORY_FEEDS['en']}rss/").status_code == 200
