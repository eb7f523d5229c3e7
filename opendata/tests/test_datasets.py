"""Open data beyond the stories: territories (ISTAT codes, coordinates), key figures and
reports, as CSV and JSON files documented on the "Open data" page, in a flat number of
queries."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.utils import translation
from wagtail.models import Locale, PageViewRestriction

from home.models import InformationPage
from opendata.datasets import DATASETS, MORE_DATASETS
from opendata.tests.test_opendata import export_queries
from stories.factories import ReportPageFactory, TerritoryPageFactory
from stories.models import ProgrammePage, ReportPage, StoryPage, StoryTerritory, TerritoryPage
from stories.territories import within_q
from stories.tests.test_key_figures_once import story_figures
from tests.helpers import add_stories

pytestmark = pytest.mark.django_db

NAMES = [dataset.name for dataset in MORE_DATASETS]


def csv_rows(client, name):
    response = client.get(f"/data/{name}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.getvalue()  # streamed: read once
    assert body.startswith(b"\xef\xbb\xbf")
    reader = csv.DictReader(io.StringIO(body.decode("utf-8-sig")))
    rows = list(reader)
    assert reader.fieldnames == [field.name for field in DATASETS[name].fields]
    return rows


def json_items(client, name):
    response = client.get(f"/data/{name}.json")
    assert response.status_code == 200
    document = json.loads(response.getvalue())
    assert document["licence"] == "CC BY 4.0"
    assert [field["name"] for field in document["fields"]] == [
        field.name for field in DATASETS[name].fields
    ]
    assert set(document["fields"][0]["description"]) == {"it", "en"}
    return document[DATASETS[name].json_key]


@pytest.mark.parametrize("name", NAMES)
def test_csv_and_json_hold_the_same_rows(client, name):
    rows = csv_rows(client, name)
    items = json_items(client, name)
    assert len(rows) == len(items) > 0
    first_field = DATASETS[name].fields[0].name
    assert [row[first_field] for row in rows] == [item[first_field] for item in items]


def test_territories_carry_istat_codes_coordinates_and_their_stories(client):
    items = {item["Identifier"]: item for item in json_items(client, "territories")}
    territories = TerritoryPage.objects.live().public().filter(locale__language_code="it")
    assert len(items) == territories.count()
    for territory in territories.select_related("part_of"):
        item = items[f"territory-{territory.translation_key}"]
        assert item["Name"] == territory.title
        assert item["Geographic Code"] == territory.istat_code
        if territory.latitude is not None:
            assert Decimal(str(item["Latitude"])) == territory.latitude
            assert Decimal(str(item["Longitude"])) == territory.longitude
        if territory.part_of_id:
            assert item["Part Of"] == f"territory-{territory.part_of.translation_key}"
        links = StoryTerritory.objects.filter(within_q("_id", territory.pk))
        stories = StoryPage.objects.live().public().filter(pk__in=links.values("page_id"))
        assert item["Stories"] == stories.count()
        english = territory.get_translation_or_none(Locale.objects.get(language_code="en"))
        if english is not None and english.live:
            assert item["URL (English)"] == f"http://testserver{english.url}"
    assert any(item["Geographic Code Type"] == "ISTAT:municipality" for item in items.values())


@pytest.mark.parametrize("language", ["it", "en"])
def test_key_figures_are_those_the_pages_show_with_source_and_date(client, language):
    items = [item for item in json_items(client, "key-figures") if item["Language"] == language]
    expected = []
    for model in (ProgrammePage, StoryPage):
        pages = model.objects.live().public().filter(locale__language_code=language)
        for page in pages.order_by("path"):
            if model is StoryPage:
                figures = story_figures(page)
            else:
                figures = [block.value for block in page.key_figures]
            expected += [(page.url, figure) for figure in figures]
    assert len(items) == len(expected) > 0
    for item, (url, figure) in zip(items, expected, strict=True):
        assert item["Page URL"] == f"http://testserver{url}"
        assert item["Label"] == figure["label"]
        assert Decimal(str(item["Value"])) == figure["value"]
        assert item["Reference Date"] == figure["reference_date"].isoformat()
        assert item["Source:Name"] == figure["source_name"]
        report = figure["source_page"]
        if report is not None:
            assert item["Source:Report URL"].startswith(f"http://testserver/{language}/")
    assert any(item["Source:Report URL"] for item in items)


def test_reports_carry_publishers_and_permalinks(client):
    items = {item["Identifier"]: item for item in json_items(client, "reports")}
    reports = ReportPage.objects.live().public().filter(locale__language_code="it")
    assert len(items) == reports.count() > 0
    for report in reports:
        item = items[f"report-{report.translation_key}"]
        assert item["Title"] == report.title
        assert item["Publishers"] == [
            link.organisation.name for link in report.publishers.order_by("sort_order")
        ]
        assert item["Permalink"] == f"http://testserver/r/{report.permanent_code}/"
        if report.full_report_id:
            assert item["Full Report Permalink"].endswith(f"/r/{report.permanent_code}/report/")
            assert client.get(item["Full Report Permalink"]).status_code in (200, 302)


def test_private_and_draft_pages_stay_out(client):
    territory = TerritoryPage.objects.live().filter(locale__language_code="it").first()
    report = ReportPage.objects.live().filter(locale__language_code="it").first()
    # In both languages: a group with one live public page is exported from that page.
    for page in TerritoryPage.objects.filter(translation_key=territory.translation_key):
        page.unpublish()
    for page in ReportPage.objects.filter(translation_key=report.translation_key):
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    caches["default"].clear()
    territories = {item["Identifier"] for item in json_items(client, "territories")}
    reports = {item["Identifier"] for item in json_items(client, "reports")}
    assert f"territory-{territory.translation_key}" not in territories
    assert f"report-{report.translation_key}" not in reports


@pytest.mark.parametrize("name", NAMES)
def test_only_safe_methods(client, name):
    assert client.post(f"/data/{name}.csv").status_code == 405
    assert client.head(f"/data/{name}.json").status_code == 200


# The pages a file lists besides the stories: they grow with the stories, so that a query
# per territory or per report shows.
GROWING_PAGES = {"territories": TerritoryPageFactory, "reports": ReportPageFactory}


@pytest.mark.parametrize("name", NAMES)
def test_query_count_is_flat_as_content_grows(client, italian, name):
    urls = [f"/data/{name}.csv", f"/data/{name}.json"]
    pages = GROWING_PAGES.get(name)
    add_stories(5, italian)
    if pages:
        pages.create_batch(1)
    few = [export_queries(client, url) for url in urls]
    add_stories(45, italian, first_number=5)
    if pages:
        pages.create_batch(5)
    assert [export_queries(client, url) for url in urls] == few
    assert max(few) <= 10


# --- The "Open data" page ---------------------------------------------------------------


def open_data_page(language):
    pages = InformationPage.objects.live().filter(locale__language_code=language)
    return next(
        page
        for page in pages
        if any(block.block_type == "open_data_reference" for block in page.body)
    )


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_open_data_page_documents_every_file_and_field(client, language):
    html = client.get(open_data_page(language).url).content.decode()
    for dataset in MORE_DATASETS:
        assert f'href="/data/{dataset.name}.csv"' in html
        assert f'href="/data/{dataset.name}.json"' in html
        assert f'id="open-data-{dataset.name}"' in html
        with translation.override(language):
            assert str(dataset.title) in html
            for field in dataset.fields:
                assert f"<code>{field.name}</code>" in html
                assert str(field.description).replace("'", "&#x27;") in html
    assert "type=stories.TerritoryPage" in html
    # How to fetch the explorer's current result.
    assert 'id="open-data-explorer"' in html
    assert "/stories.csv?hashtag=" in html
