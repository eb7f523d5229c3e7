"""Each page of a paginated listing is its own canonical: ``?page=N`` in the canonical link,
og:url and the hreflang alternates; page 1 has no parameter. A filtered or sorted view
(noindex) names the listing itself."""

from urllib.parse import urlencode

import pytest
from django.core.paginator import Paginator
from wagtail.models import Page

from navigation.alternates import canonical_suffix
from seo.tests.test_seo import head
from stories.models import HashtagPage, StoryIndexPage, StoryPage
from tests.helpers import parse, publish_story_like

pytestmark = pytest.mark.django_db

OTHER = {"it": "en", "en": "it"}


def absolute(url):
    return f"http://testserver{url}"


def add_stories_in(language, count):
    """``count`` more live stories in ``language``, all with the same hashtag."""
    template = (
        StoryPage.objects.live()
        .filter(locale__language_code=language, hashtag_links__isnull=False)
        .order_by("path")
        .first()
    )
    hashtag = template.hashtag_links.first().hashtag
    territory = template.territory_links.first().territory
    for number in range(count):
        publish_story_like(template, 100 + number, [hashtag], [territory])
    return hashtag


def translation_url(page, language):
    return Page.objects.get(
        translation_key=page.translation_key, locale__language_code=language
    ).url


def canonical_of(response):
    parsed = head(response)
    [canonical] = [link["href"] for link in parsed.link(rel="canonical")]
    assert parsed.first("og:url") == canonical
    return canonical


@pytest.mark.parametrize("language", ["it", "en"])
def test_each_page_of_the_story_index_is_its_own_canonical(client, language):
    add_stories_in(language, 15)
    add_stories_in(OTHER[language], 15)
    index = StoryIndexPage.objects.get(locale__language_code=language)
    other_url = translation_url(index, OTHER[language])

    second = client.get(index.url, {"page": "2"})
    assert second.context["explorer"].stories_page.number == 2
    assert canonical_of(second) == absolute(f"{index.url}?page=2")
    alternates = parse(second).alternates
    assert alternates[language] == absolute(f"{index.url}?page=2")
    assert alternates[OTHER[language]] == absolute(f"{other_url}?page=2")
    assert alternates["x-default"] == alternates["it"]

    # Page 1 has no page parameter, however it is asked for.
    for params in ({}, {"page": "1"}, {"page": "abc"}):
        first = client.get(index.url, params)
        assert canonical_of(first) == absolute(index.url)
        alternates = parse(first).alternates
        assert alternates[OTHER[language]] == absolute(other_url)
        assert "?" not in alternates[language]

    # A page past the end shows the last page, which is what the canonical names.
    last = client.get(index.url, {"page": "99"})
    number = last.context["explorer"].stories_page.number
    assert number >= 2
    assert canonical_of(last) == absolute(f"{index.url}?page={number}")


@pytest.mark.parametrize("language", ["it", "en"])
def test_each_page_of_a_hashtag_page_is_its_own_canonical(client, language):
    hashtag = add_stories_in(language, 15)
    assert isinstance(hashtag, HashtagPage)
    second = client.get(hashtag.url, {"page": "2"})
    assert second.context["explorer"].stories_page.number == 2
    assert canonical_of(second) == absolute(f"{hashtag.url}?page=2")
    alternates = parse(second).alternates
    assert alternates[OTHER[language]] == absolute(
        f"{translation_url(hashtag, OTHER[language])}?page=2"
    )
    assert canonical_of(client.get(hashtag.url)) == absolute(hashtag.url)


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_filtered_page_names_the_listing_as_canonical(client, language):
    hashtag = add_stories_in(language, 15)
    index = StoryIndexPage.objects.get(locale__language_code=language)
    url = f"{index.url}?{urlencode({'hashtag': hashtag.slug, 'page': '2'})}"
    response = client.get(url)
    assert response.context["explorer"].stories_page.number == 2
    assert response.context["explorer"].noindex
    assert canonical_of(response) == absolute(index.url)
    assert "?" not in parse(response).alternates[language]


def test_a_paginated_report_listing_names_its_page():
    reports = Paginator(list(range(30)), 12)
    assert canonical_suffix({"reports": reports.page(2)}) == "?page=2"
    assert canonical_suffix({"reports": reports.page(1)}) == ""
    # A page type whose "reports" is not a paginated listing (a programme) has none.
    assert canonical_suffix({"reports": ["a report"]}) == ""
