"""The language switcher keeps what the reader chose on a listing: the explorer's filters,
mapped to the other language's hashtag, territory and programme pages, and the page number;
on the story index, the hashtag pages and the territory pages, from either language."""

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from wagtail.models import Locale, Page

from stories.models import (
    HashtagPage,
    ProgrammePage,
    StoryIndexPage,
    StoryPage,
    TerritoryPage,
)
from tests.helpers import add_stories, parse

pytestmark = pytest.mark.django_db

OTHER = {"it": "en", "en": "it"}


def get(client, url, params=None):
    if params:
        url = f"{url}?{urlencode(params, doseq=True)}"
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def query_of(link):
    """The link's query as {name: sorted values}: the order of values does not matter."""
    return {name: sorted(values) for name, values in parse_qs(link.query).items()}


def switcher_link(response, language):
    links = dict(parse(response).switcher)
    return urlsplit(links[language])


def translated_slug(slug, model, source, target):
    page = model.objects.get(locale__language_code=source, slug=slug)
    return Page.objects.get(translation_key=page.translation_key, locale__language_code=target).slug


def a_story_with_every_filter(language):
    """A story of ``language`` with hashtags, territories, a programme and years, so the
    filters built from it find something."""
    stories = (
        StoryPage.objects.live()
        .filter(locale__language_code=language, programme__isnull=False, start_year__isnull=False)
        .order_by("path")
    )
    for story in stories:
        hashtags = [link.hashtag for link in story.hashtag_links.all() if link.hashtag.live]
        places = [link.territory for link in story.territory_links.all() if link.territory.live]
        if hashtags and places:
            return story, hashtags, places
    raise AssertionError(f"the demo has no fully described story in {language}")


@pytest.mark.parametrize("language", ["it", "en"])
def test_story_index_keeps_every_filter_in_the_other_language(client, language):
    other = OTHER[language]
    story, hashtags, places = a_story_with_every_filter(language)
    index = StoryIndexPage.objects.get(locale__language_code=language)
    params = {
        "hashtag": [hashtag.slug for hashtag in hashtags[:2]],
        "territory": [places[0].slug],
        "programme": [story.programme.slug],
        "year": str(story.start_year),
        "sort": "title",
    }
    response = get(client, index.url, params)
    assert response.context["explorer"].total >= 1
    link = switcher_link(response, other)
    assert link.path == StoryIndexPage.objects.get(locale__language_code=other).url
    assert query_of(link) == {
        "hashtag": sorted(
            translated_slug(slug, HashtagPage, language, other) for slug in params["hashtag"]
        ),
        "territory": [translated_slug(places[0].slug, TerritoryPage, language, other)],
        "programme": [translated_slug(story.programme.slug, ProgrammePage, language, other)],
        "year": [params["year"]],
        "sort": ["title"],
    }
    # The other language's listing takes every value: nothing is dropped on arrival, and it
    # shows the same story's translation.
    arrived = get(client, f"{link.path}?{link.query}")
    explorer = arrived.context["explorer"]
    assert not explorer.ignored
    translation = story.get_translation(Locale.objects.get(language_code=other))
    assert translation.pk in {card.pk for card in explorer.stories_page}
    assert sorted(len(values) for values in explorer.selected.values()) == sorted(
        len(params[name]) for name in ("hashtag", "territory", "programme")
    )


def translate_new_stories(italian):
    """Publish an English translation of every test story, so both listings have pages."""
    english = Locale.objects.get(language_code="en")
    for story in StoryPage.objects.filter(locale=italian, slug__startswith="storia-di-prova-"):
        copy = story.copy_for_translation(english)
        copy.save_revision().publish()


@pytest.mark.parametrize("language", ["it", "en"])
def test_story_index_keeps_the_page_number(client, italian, language):
    add_stories(15, italian)
    translate_new_stories(italian)
    other = OTHER[language]
    index = StoryIndexPage.objects.get(locale__language_code=language)
    response = get(client, index.url, {"page": "2", "sort": "oldest"})
    assert response.context["explorer"].stories_page.number == 2
    link = switcher_link(response, other)
    assert query_of(link) == {"sort": ["oldest"], "page": ["2"]}
    arrived = get(client, f"{link.path}?{link.query}")
    assert arrived.context["explorer"].stories_page.number == 2
    assert not arrived.context["explorer"].ignored
    # Page 1 carries no page number.
    first = get(client, index.url)
    assert switcher_link(first, other).query == ""


@pytest.mark.parametrize("language", ["it", "en"])
def test_hashtag_page_keeps_its_filters_in_the_other_language(client, language):
    other = OTHER[language]
    story, hashtags, places = a_story_with_every_filter(language)
    hashtag = hashtags[0]
    params = {
        "territory": [places[0].slug],
        "programme": [story.programme.slug],
        "year": str(story.start_year),
    }
    response = get(client, hashtag.url, params)
    link = switcher_link(response, other)
    target = Page.objects.get(translation_key=hashtag.translation_key, locale__language_code=other)
    assert link.path == target.url
    assert query_of(link) == {
        "territory": [translated_slug(places[0].slug, TerritoryPage, language, other)],
        "programme": [translated_slug(story.programme.slug, ProgrammePage, language, other)],
        "year": [params["year"]],
    }
    arrived = get(client, f"{link.path}?{link.query}")
    assert not arrived.context["explorer"].ignored
    assert arrived.context["explorer"].total >= 1


@pytest.mark.parametrize("language", ["it", "en"])
def test_territory_page_keeps_its_filters_in_the_other_language(client, language):
    other = OTHER[language]
    story, hashtags, places = a_story_with_every_filter(language)
    territory = places[0]
    params = {"hashtag": [hashtags[0].slug], "sort": "title"}
    response = get(client, territory.url, params)
    link = switcher_link(response, other)
    target = Page.objects.get(
        translation_key=territory.translation_key, locale__language_code=other
    )
    assert link.path == target.url
    assert query_of(link) == {
        "hashtag": [translated_slug(hashtags[0].slug, HashtagPage, language, other)],
        "sort": ["title"],
    }
    arrived = get(client, f"{link.path}?{link.query}")
    assert not arrived.context["explorer"].ignored
    assert arrived.context["explorer"].total >= 1


@pytest.mark.parametrize("language", ["it", "en"])
def test_unusable_values_are_dropped_from_the_switcher(client, language):
    other = OTHER[language]
    _story, hashtags, places = a_story_with_every_filter(language)
    # A territory whose translation is no longer live cannot be named in the other language.
    untranslated = places[0]
    Page.objects.get(
        translation_key=untranslated.translation_key, locale__language_code=other
    ).specific.unpublish()
    index = StoryIndexPage.objects.get(locale__language_code=language)
    params = {
        "hashtag": [hashtags[0].slug, "no-such-hashtag", "<script>", "\u200b"],
        "territory": [untranslated.slug],
        "programme": ["no-such-programme"],
        "year": "abc",
        "sort": "bogus",
        "page": "xyz",
        "utm_source": "newsletter",
    }
    response = get(client, index.url, params)
    link = switcher_link(response, other)
    assert query_of(link) == {
        "hashtag": [translated_slug(hashtags[0].slug, HashtagPage, language, other)],
    }
    assert get(client, f"{link.path}?{link.query}").context["explorer"].ignored == []
