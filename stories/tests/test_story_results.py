"""Stories say who wrote them and when they were published and updated, and may follow
results over time (indicators with a baseline, a target and dated values with sources),
drawn as an SVG chart with a table alternative."""

import datetime
import json
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from wagtail.blocks import StreamValue

from core.cache import bump_content_version
from seo.metadata import author_node
from stories.blocks import IndicatorBlock
from stories.indicators import indicator_chart
from stories.models import Author, AuthorKind, Organisation, StoryAuthor, StoryPage
from tests.admin_forms import edit_form_data
from tests.page_test_case import I18nPageTestCase

pytestmark = pytest.mark.django_db

BLOCK = IndicatorBlock()
DATE_ORDER = "Each value comes after the one before it: put them in date order."


LEGACY_SLUGS = {
    "it": "che-cosa-resta-di-welfare-in-azione",
    "en": "what-welfare-in-azione-left-behind",
}


def legacy_story(language):
    """The demo story that carries indicators."""
    return StoryPage.objects.get(locale__language_code=language, slug=LEGACY_SLUGS[language])


def indicator(**changes):
    value = {
        "name": "Famiglie con un patto",
        "unit": "none",
        "baseline_value": "10",
        "baseline_date": "2015-01-31",
        "target_value": "100",
        "target_date": "2019-12-31",
        "values": [
            {"date": "2016-06-30", "value": "25", "source_name": "Rapporto 2016", "source_url": ""},
            {"date": "2017-06-30", "value": "60", "source_name": "Rapporto 2017", "source_url": ""},
        ],
    }
    value.update(changes)
    return BLOCK.to_python(value)


def errors_of(value):
    with pytest.raises(ValidationError) as caught:
        BLOCK.clean(value)
    return caught.value.as_json_data()


def main_html(response):
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


# --- Validation ---------------------------------------------------------------------------


def test_a_complete_indicator_is_valid():
    cleaned = BLOCK.clean(indicator())
    assert cleaned["target_value"] == Decimal("100")
    assert [item["value"] for item in cleaned["values"]] == [Decimal("25"), Decimal("60")]


def test_values_must_be_in_date_order():
    value = indicator()
    value["values"][1]["date"] = datetime.date(2016, 6, 30)  # same date as the first
    errors = errors_of(value)
    assert gettext(DATE_ORDER) in json.dumps(errors["blockErrors"]["values"], ensure_ascii=False)


def test_baseline_and_target_need_value_and_date_together():
    errors = errors_of(indicator(baseline_date=None, target_value=None))
    assert set(errors["blockErrors"]) == {"baseline_date", "target_value"}


def test_baseline_comes_first_and_target_after_it():
    errors = errors_of(indicator(baseline_date="2017-01-01", target_date="2014-01-01"))
    assert set(errors["blockErrors"]) == {"baseline_date", "target_date"}


@pytest.mark.parametrize("number", ["1e13", "-1000000000000", "0.001"])
def test_numbers_are_bounded(number):
    value = indicator()
    value["values"][0]["value"] = Decimal(number)
    with pytest.raises(ValidationError):
        BLOCK.clean(value)


def test_texts_refuse_nul_characters():
    with pytest.raises(ValidationError):
        BLOCK.clean(indicator(name="Famiglie\x00"))
    value = indicator()
    value["values"][0]["source_name"] = "Rapporto\x00"
    with pytest.raises(ValidationError):
        BLOCK.clean(value)


def test_an_indicator_needs_a_measured_value():
    with pytest.raises(ValidationError):
        BLOCK.clean(indicator(values=[]))


# --- The chart ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "date", "value"), [("it", "30 giugno 2016", "25"), ("en", "June 30, 2016", "25")]
)
def test_chart_draws_points_in_time_order_and_says_them_in_words(language, date, value):
    with translation.override(language):
        chart = indicator_chart(BLOCK.clean(indicator()), "indicator-test")
        xs = [float(point.x) for point in chart.points]
        assert xs == sorted(xs) and xs[0] < xs[-1]
        assert [point.kind for point in chart.points] == [
            "baseline",
            "measured",
            "measured",
            "target",
        ]
        # The highest value is drawn highest (SVG's y grows downwards).
        target = chart.target
        assert float(target.y) == min(float(point.y) for point in chart.points)
        assert chart.target_line.endswith(f"{target.x},{target.y}")
        # Words and dates in the language active when the chart is drawn.
        assert date_format(datetime.date(2016, 6, 30), "DATE_FORMAT") in chart.summary
        assert date in chart.summary
        assert value in chart.summary
    assert all(point.labelled for point in chart.points)


def test_chart_without_baseline_and_target_draws_the_values_alone():
    chart = indicator_chart(
        BLOCK.clean(
            indicator(baseline_value=None, baseline_date=None, target_value=None, target_date=None)
        ),
        "indicator-test",
    )
    assert chart.baseline is None and chart.target is None
    assert chart.target_line == ""
    assert [item.kind for item in chart.legend] == ["measured"]


# --- The story page -----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["it", "en"])
def test_story_shows_byline_dates_and_indicators(client, language):
    page = legacy_story(language)
    html = main_html(client.get(page.url))
    byline = html.split('class="byline"', 1)[1].split("</div>", 1)[0]
    names = [link.author.name for link in page.author_links.select_related("author")]
    assert names and all(name in byline for name in names)
    assert {link.author.locale.language_code for link in page.author_links.all()} == {language}
    with translation.override(language):
        published = date_format(timezone.localtime(page.first_published_at), "DATE_FORMAT")
    assert f'<time datetime="{timezone.localtime(page.first_published_at).isoformat()}"' in byline
    assert published in byline
    section = html.split('id="results"', 1)[1].split("</section>", 1)[0]
    assert section.count('<svg xmlns="http://www.w3.org/2000/svg"') == len(page.indicators) == 2
    assert section.count("<table>") == 2
    assert 'role="img"' in section and "<desc id=" in section
    assert "style=" not in section
    for block in page.indicators:
        assert unescape(block.value["name"]) in unescape(section)
        for item in block.value["values"]:
            assert unescape(item["source_name"]) in unescape(section)
    # Each chart has ids of its own.
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_english_story_names_the_english_authors(client):
    italian, english = legacy_story("it"), legacy_story("en")
    italian_names = [link.author.name for link in italian.author_links.all()]
    english_names = [link.author.name for link in english.author_links.all()]
    assert "Gruppo di ricerca" in italian_names
    assert "Research team" in english_names
    assert "Gruppo di ricerca" not in main_html(client.get(english.url))


def test_update_date_shows_only_when_it_differs(client):
    page = legacy_story("it")
    html = main_html(client.get(page.url))
    dates = html.split('class="byline__dates"', 1)[1].split("</p>", 1)[0]
    assert dates.count("<time") == 1  # published and updated on the same day
    StoryPage.objects.filter(pk=page.pk).update(
        first_published_at=page.first_published_at - datetime.timedelta(days=40)
    )
    page.refresh_from_db()
    page.save_revision().publish()
    html = main_html(client.get(page.url))
    dates = html.split('class="byline__dates"', 1)[1].split("</p>", 1)[0]
    assert dates.count("<time") == 2


def test_json_ld_names_the_authors(client):
    page = legacy_story("en")
    response = client.get(page.url)
    data = json.loads(
        response.content.decode().split('<script type="application/ld+json">', 1)[1].split("<")[0]
    )
    authors = data["author"]
    team = next(author for author in authors if author["name"] == "Research team")
    assert team["@type"] == "Organization"
    assert team["parentOrganization"]["name"] == "Lombardia Sociale"
    assert data["datePublished"] and data["dateModified"]


def test_json_ld_says_a_person_is_a_person():
    organisation = Organisation.objects.get(name="Lombardia Sociale")
    person = Author(
        name="Anna Esempio", kind=AuthorKind.PERSON, role="Ricercatrice", organisation=organisation
    )
    assert author_node(person) == {
        "@type": "Person",
        "name": "Anna Esempio",
        "jobTitle": "Ricercatrice",
        "affiliation": {
            "@type": "Organization",
            "name": "Lombardia Sociale",
            "url": organisation.website,
        },
    }


def test_a_changed_author_shows_at_once_despite_the_cache(client):
    page = legacy_story("it")
    client.get(page.url)
    author = page.author_links.first().author
    author.role = "Ruolo cambiato"
    author.save()
    assert "Ruolo cambiato" in main_html(client.get(page.url))


def test_story_query_count_is_flat_with_more_authors_and_indicators(client):
    page = legacy_story("it")

    def count():
        client.get(page.url)
        # The article is cached per content version: compare renders of the whole page.
        bump_content_version()
        with CaptureQueriesContext(connection) as context:
            response = client.get(page.url)
        assert response.status_code == 200
        return len(context.captured_queries)

    few = count()
    organisation = Organisation.objects.get(name="Lombardia Sociale")
    for number in range(4):
        author = Author.objects.create(
            name=f"Squadra {number}",
            kind=AuthorKind.TEAM,
            organisation=organisation,
            locale=page.locale,
        )
        page.author_links.add(StoryAuthor(author=author, locale=page.locale))
    page.indicators = StreamValue(
        page.indicators.stream_block,
        [("indicator", block.value) for block in page.indicators] * 3,
    )
    page.save_revision().publish()
    page.refresh_from_db()
    assert len(page.indicators) == 6 and page.author_links.count() == 6
    assert count() == few


class StoryResultsPageTests(I18nPageTestCase):
    def setUp(self):
        self.user = self.login()

    def test_renderable_in_both_languages(self):
        for language in ("it", "en"):
            page = legacy_story(language)
            with self.subTest(language=language), translation.override(language):
                self.assertPageIsRenderable(page)

    def test_draft_preview_shows_a_new_value_and_a_changed_byline(self):
        page = legacy_story("it")
        other = Author.objects.get(
            locale=page.locale,
            name="Gruppo di ricerca",
            organisation__name="Percorsi di secondo welfare",
        )
        changes = {
            "indicators-0-value-values-1-value-value": "41",
            "author_links-0-author": str(other.pk),
        }
        data = edit_form_data(self.client, page, **changes)
        self.assertPageIsPreviewable(page, post_data=data)
        self.client.force_login(self.user)  # the assertion above signs out
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
        response = self.client.post(url, data)
        self.assertEqual(response.json(), {"is_valid": True, "is_available": True})
        html = self.client.get(url).content.decode()
        self.assertIn("41 progetti", html)
        self.assertIn("Percorsi di secondo welfare", html.split('class="byline"', 1)[1])
        # The published page is untouched.
        self.assertNotIn("41 progetti", self.client.get(page.url).content.decode())

    def test_an_invalid_indicator_is_refused_by_the_editor(self):
        page = legacy_story("it")
        data = edit_form_data(
            self.client, page, **{"indicators-0-value-values-1-value-date": "2015-01-01"}
        )
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
        self.assertEqual(response.status_code, 200)  # the form again, with the error
        with translation.override("it"):  # the admin's language of a user without a profile
            self.assertContains(response, gettext(DATE_ORDER))

    def test_translation_editor_offers_the_indicators_and_authors(self):
        page = legacy_story("en")
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertEqual(response.status_code, 200)
        props = unescape(response.content.decode())
        for text in (
            "Progetti sostenuti dal programma",
            "Projects supported by the programme",
            "Lombardia Sociale, ricerca sull'eredità dei progetti Welfare in Azione",
        ):
            self.assertIn(json.dumps(text)[1:-1], props)
        # The byline's author is a related object, translated on its own.
        self.assertIn("Research team", props)

    def test_author_snippet_translation_editor(self):
        author = Author.objects.get(
            locale__language_code="en", name="Research team", organisation__name="Lombardia Sociale"
        )
        url = reverse("wagtailsnippets_stories_author:edit", args=[author.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Gruppo di ricerca", unescape(response.content.decode()))
