"""A story's years fall back to its edition's year, and the explorer's year filter and year
counts agree (issue 10: ``?year=2014`` found no Welfare in Azione story although the Cremona
story belongs to the 2014 edition)."""

import pytest
from django.test import RequestFactory
from django.utils.html import escape

from stories.explorer import StoryExplorer
from stories.factories import (
    ProgrammeEditionFactory,
    ProgrammeStoryIndexPageFactory,
    StoryPageFactory,
)
from stories.models import StoryIndexPage, StoryPage
from stories.years import with_years

pytestmark = pytest.mark.django_db

INDEX_URLS = {"it": "/it/storie/", "en": "/en/stories/"}
# An edition's year that no demo story has.
EDITION_YEAR = 1999


def explore(client, language, params=None):
    response = client.get(INDEX_URLS[language], params or {})
    assert response.status_code == 200
    return response.context["explorer"]


def story_of_an_edition(language="it"):
    """A story with no project years, of its programme's first edition (EDITION_YEAR)."""
    edition = ProgrammeEditionFactory(page__language=language, number=1, year=EDITION_YEAR)
    section = ProgrammeStoryIndexPageFactory(language=language, programme=edition.page)
    return StoryPageFactory(parent=section, edition=1)


@pytest.mark.parametrize("language", ["it", "en"])
def test_year_of_the_edition_finds_a_story_without_project_years(client, language):
    story = story_of_an_edition(language)
    assert story.start_year is None
    assert story.programme_edition.year == EDITION_YEAR
    explorer = explore(client, language, {"year": str(EDITION_YEAR)})
    found = [story.slug for story in explorer.stories_page]
    assert found == [story.slug]
    assert explorer.total == 1
    (option,) = [option for option in explorer.year_options if option.value == str(EDITION_YEAR)]
    assert option.selected and option.count == option.available == 1
    html = client.get(INDEX_URLS[language], {"year": str(EDITION_YEAR)}).content.decode()
    assert escape(story.title) in html


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


def test_project_years_win_over_the_edition_year(client):
    story = story_of_an_edition()
    StoryPage.objects.filter(pk=story.pk).update(start_year=2016, end_year=2017)
    edition_year = [s.slug for s in explore(client, "it", {"year": str(EDITION_YEAR)}).stories_page]
    slugs_2016 = [s.slug for s in explore(client, "it", {"year": "2016"}).stories_page]
    assert story.slug not in edition_year
    assert story.slug in slugs_2016


def test_a_story_without_years_or_edition_is_under_no_year(client):
    story = story_of_an_edition()
    StoryPage.objects.filter(pk=story.pk).update(edition=None)
    assert str(EDITION_YEAR) not in [option.value for option in explore(client, "it").year_options]
    assert explore(client, "it", {"year": str(EDITION_YEAR)}).total == 0


def test_the_year_filter_costs_no_query_of_its_own(italian, django_assert_num_queries):
    index = StoryIndexPage.objects.get(locale=italian)
    stories = StoryPage.objects.descendant_of(index).live()

    def explorer(params):
        request = RequestFactory().get("/it/storie/", params)
        return StoryExplorer(request, stories, locale_id=italian.pk)

    explorer({})  # warm the process caches (content types, private sections), build the index
    # Facets, years and the total come from the listing's index: with and without a year.
    for params in ({}, {"year": "2014"}, {"year": "2016"}):
        with django_assert_num_queries(0):
            found = explorer(params)
        with django_assert_num_queries(4):
            assert len(list(found.stories_page)) == found.total
