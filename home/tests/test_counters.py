"""The home page's headline counters: counted from the published content, each with its
source and date, in both languages and their number formats, a fixed number of queries."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Q, Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format

from core.cache import bump_content_version
from core.formatting import format_figure
from home.counters import count_content, headline_counters
from stories.models import Organisation, ProgrammePage, StoryPage, StoryPartner, TerritoryPage
from tests.helpers import add_stories

pytestmark = pytest.mark.django_db


def counters_html(client, language):
    html = client.get(f"/{language}/").content.decode()
    match = re.search(r'<section class="figures figures--headline".*?</section>', html, re.S)
    assert match, "no counters on the home page"
    return match.group(0)


def expected_totals(language):
    stories = StoryPage.objects.live().public().filter(locale__language_code=language)
    partners = Organisation.objects.filter(live=True).filter(
        Q(pk__in=stories.values("lead_partner"))
        | Q(pk__in=StoryPartner.objects.filter(page__in=stories).values("organisation"))
    )
    return {
        "stories": stories.count(),
        "programmes": ProgrammePage.objects.live()
        .public()
        .filter(locale__language_code=language)
        .count(),
        "territories": TerritoryPage.objects.live()
        .public()
        .filter(locale__language_code=language)
        .count(),
        "partners": partners.count(),
        "funding": stories.aggregate(total=Sum("funding_eur"))["total"],
        "funded": stories.filter(funding_eur__isnull=False).count(),
    }


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_counters_are_counted_from_the_content(language, italian, english):
    locale = italian if language == "it" else english
    totals = count_content(locale.pk)
    expected = expected_totals(language)
    for name, value in expected.items():
        assert totals[name] == value, name
    assert totals["stories"] > 3
    assert totals["programmes"] >= 1
    assert totals["funding"] > 0
    with translation.override(language):
        counters = headline_counters(locale.pk)
    assert [counter.name for counter in counters] == [
        "stories",
        "programmes",
        "territories",
        "partners",
        "funding",
    ]
    for counter in counters:
        assert counter.source_name and counter.reference_date
        assert counter.source_url.startswith(f"/{language}/")


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_home_page_shows_each_counter_with_source_and_date(client, language):
    html = counters_html(client, language)
    expected = expected_totals(language)
    latest = (
        StoryPage.objects.live()
        .filter(locale__language_code=language)
        .order_by("-last_published_at")[0]
        .last_published_at
    )
    with translation.override(language):
        assert format_figure(expected["funding"], "eur") in html
        assert format_figure(expected["stories"], "") in html
        assert date_format(timezone.localdate(latest), "DATE_FORMAT") in html
        assert html.count(translation.gettext("Source:")) == 5
    # Every counter is a key figure, and names its date.
    assert html.count('class="figure"') == 5


@pytest.mark.parametrize("language", ["it", "en"])
def test_large_numbers_follow_the_language(language, italian, english):
    locale = italian if language == "it" else english
    StoryPage.objects.filter(locale=locale).update(funding_eur=Decimal("1234567"))
    # A plain update sends no publish signal: the counters' cached count would stay.
    bump_content_version()
    with translation.override(language):
        counters = {counter.name: counter for counter in headline_counters(locale.pk)}
        shown = format_figure(counters["funding"].value, "eur")
    count = StoryPage.objects.live().public().filter(locale=locale).count()
    millions = Decimal(1234567 * count) / 1_000_000
    assert shown.startswith(
        f"{millions:.1f}".rstrip("0").rstrip(".").replace(".", "," if language == "it" else ".")
    )


def test_counters_are_counted_once_per_content_version(italian):
    headline_counters(italian.pk)
    with CaptureQueriesContext(connection) as queries:
        headline_counters(italian.pk)
    assert not queries.captured_queries
    bump_content_version()
    with CaptureQueriesContext(connection) as queries:
        headline_counters(italian.pk)
    assert 0 < len(queries.captured_queries) <= 5


def test_counters_cost_the_same_queries_as_stories_grow(italian):
    def queries():
        bump_content_version()
        with CaptureQueriesContext(connection) as context:
            totals = count_content(italian.pk)
        return len(context.captured_queries), totals["stories"]

    queries()  # content types, cached for the process
    few, stories = queries()
    add_stories(20, italian)
    many, more_stories = queries()
    assert many == few
    assert more_stories == stories + 20


def test_a_new_story_is_counted_after_publishing(client, italian):
    before = counters_html(client, "it")
    add_stories(1, italian)
    bump_content_version()
    after = counters_html(client, "it")
    assert before != after
