"""Language prefixes, the / redirect, <html lang>, hreflang alternates and the switcher."""

import pytest
from django.utils import translation
from wagtail.models import Page

from home.models import HomePage
from stories.models import HashtagPage, StoryIndexPage, StoryPage
from tests.helpers import parse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("en-GB,en;q=0.9", "/en/"),
        ("en", "/en/"),
        ("it-IT,it;q=0.9,en;q=0.8", "/it/"),
        ("fr-FR,fr;q=0.9", "/it/"),
        ("de, en;q=0.5", "/en/"),
        ("", "/it/"),
    ],
)
def test_root_redirects_by_accept_language(client, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == expected
    assert "Accept-Language" in response["Vary"]


def test_every_page_is_served_under_its_own_language_prefix(client):
    for page in Page.objects.live().filter(depth__gt=1).specific():
        language = page.locale.language_code
        assert page.url.startswith(f"/{language}/"), page.url
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert parse(response).html_lang == language


def test_slugs_are_translated(english):
    index = StoryIndexPage.objects.get(locale=english)
    assert index.url == "/en/stories/"
    assert StoryIndexPage.objects.get(locale__language_code="it").url == "/it/storie/"


def test_hreflang_lists_each_live_translation_and_x_default(client, english):
    story = StoryPage.objects.get(locale__language_code="it", slug__startswith="wellfare")
    english_story = story.get_translation(english)
    response = client.get(story.url)
    alternates = parse(response).alternates
    assert alternates["it"].endswith(story.url)
    assert alternates["en"].endswith(english_story.url)
    assert alternates["x-default"] == alternates["it"]
    assert alternates["it"].startswith("http")


def test_switcher_leads_to_the_translation_of_the_page_in_view(client, english):
    story = StoryPage.objects.get(locale__language_code="it", slug__startswith="wellfare")
    english_story = story.get_translation(english)
    switcher = dict(parse(client.get(story.url)).switcher)
    assert switcher["en"].endswith(english_story.url)
    switcher = dict(parse(client.get(english_story.url)).switcher)
    assert switcher["it"].endswith(story.url)


def test_switcher_falls_back_to_the_other_home_without_a_translation(client, english):
    story = StoryPage.objects.get(locale__language_code="it", slug__startswith="wellfare")
    story.get_translation(english).unpublish()
    parsed = parse(client.get(story.url))
    assert dict(parsed.switcher)["en"].endswith("/en/")
    assert "en" not in parsed.alternates


def test_italian_page_is_never_shown_under_the_english_prefix(client, english):
    """With no English home, Wagtail would fall back to the Italian one under /en/."""
    HomePage.objects.filter(locale=english).update(live=False)
    response = client.get("/en/")
    assert response.status_code == 302
    assert response["Location"] == "/it/"


def test_alias_with_italian_text_in_the_english_tree_redirects_to_the_original(client, english):
    hashtag = HashtagPage.objects.get(locale__language_code="it", code="risorse")
    english_version = hashtag.get_translation(english)
    english_version.delete()
    alias = hashtag.copy_for_translation(english, alias=True)
    assert alias.live
    with translation.override("en"):
        url = alias.url
    assert url.startswith("/en/")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == hashtag.url


def test_translated_relations_point_to_the_translated_pages(italian, english):
    for story in StoryPage.objects.filter(locale=english):
        assert story.programme.locale_id == english.pk
        for link in story.hashtag_links.all():
            assert link.hashtag.locale_id == english.pk
            assert link.locale_id == english.pk
        for link in story.territory_links.all():
            assert link.territory.locale_id == english.pk
        source = story.get_translation(italian)
        assert story.hashtag_links.count() == source.hashtag_links.count()
        assert story.territory_links.count() == source.territory_links.count()
        assert story.partner_links.count() == source.partner_links.count()
    for page in HashtagPage.objects.filter(locale=english):
        response_stories = StoryPage.objects.live().filter(hashtag_links__hashtag=page)
        assert all(story.locale_id == english.pk for story in response_stories)
