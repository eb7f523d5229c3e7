"""A story's years fall back to its edition's year, and the explorer's year filter and year
counts agree (issue 10: ``?year=2014`` found no Welfare in Azione story although the Cremona
story belongs to the 2014 edition)."""

import pytest
from django.test import RequestFactory
from django.utils.html import escape

from stories.explorer import StoryExplorer
from stories.models import StoryIndexPage, StoryPage
from stories.years import with_years

pytestmark = pytest.mark.django_db

INDEX_URLS = {"it": "/it/storie/", "en": "/en/stories/"}


def explore(client, language, params=None):
    response = client.get(INDEX_URLS[language], params or {})
    assert response.status_code == 200
    return response.context["explorer"]


@pytest.mark.parametrize("language", ["it", "en"])
def test_year_of_the_edition_finds_the_cremona_story(client, language):
    cremona = StoryPage.objects.live().get(
        locale__language_code=language, slug__startswith="wellfare-legami"
    )
    # The demo story has no project years: it belongs to its edition, the 2014 call.
    assert cremona.start_year is None
    assert cremona.programme_edition.year == 2014
    explorer = explore(client, language, {"year": "2014"})
    found = [story.slug for story in explorer.stories_page]
    assert found == [cremona.slug]
    assert explorer.total == 1
    (option,) = [option for option in explorer.year_options if option.value == "2014"]
    assert option.selected and option.count == option.available == 1
    html = client.get(INDEX_URLS[language], {"year": "2014"}).content.decode()
    assert escape(cremona.title) in html


@pytest.mark.parametrize("language", ["it", "en"])
def test_year_counts_and_year_filter_agree(client, language):
    offered = explore(client, language).year_options
    assert offered
    for option in offered:
        explorer = explore(client, language, {"year": option.value})
        assert explorer.total == option.count == len(explorer.stories_page), option.value
        assert explorer.total > 0


@pytest.mark.parametrize("language", ["it", "en"])
def test_every_demo_story_carries_its_years(language):
    stories = with_years(StoryPage.objects.live().filter(locale__language_code=language))
    assert stories.count() == 5
    assert not [story.slug for story in stories if story.first_year is None]


def test_project_years_win_over_the_edition_year(client, italian):
    story = StoryPage.objects.get(locale=italian, slug__startswith="wellfare-legami")
    StoryPage.objects.filter(pk=story.pk).update(start_year=2016, end_year=2017)
    slugs_2014 = [s.slug for s in explore(client, "it", {"year": "2014"}).stories_page]
    slugs_2016 = [s.slug for s in explore(client, "it", {"year": "2016"}).stories_page]
    assert story.slug not in slugs_2014
    assert story.slug in slugs_2016


def test_a_story_without_years_or_edition_is_under_no_year(client, italian):
    story = StoryPage.objects.get(locale=italian, slug__startswith="wellfare-legami")
    StoryPage.objects.filter(pk=story.pk).update(edition=None)
    assert "2014" not in [option.value for option in explore(client, "it").year_options]
    assert explore(client, "it", {"year": "2014"}).total == 0


def test_the_year_filter_costs_no_query_of_its_own(italian, django_assert_num_queries):
    index = StoryIndexPage.objects.get(locale=italian)
    stories = StoryPage.objects.descendant_of(index).live()

    def explorer(params):
        request = RequestFactory().get("/it/storie/", params)
        return StoryExplorer(request, stories, locale_id=italian.pk)

    explorer({})  # warm the process caches (content types, private sections)
    # Facets with their counts, then years with the total: with and without a year.
    for params in ({}, {"year": "2014"}, {"year": "2016"}):
        with django_assert_num_queries(2):
            found = explorer(params)
        with django_assert_num_queries(4):
            assert len(found.stories_page) == found.total
