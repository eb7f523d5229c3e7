"""Exports of the story explorer's current result: the same filters as the explorer, CSV
(comma and Italian spreadsheet) and JSON, streamed, 400 for unusable filters, in both
languages, with a flat number of queries."""

import csv
import io
import json
from decimal import Decimal
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from opendata import explorer_export
from opendata.export import EXPORT_FIELDS
from stories.explorer import StoryExplorer
from stories.models import HashtagPage, StoryIndexPage, StoryPage, TerritoryPage
from tests.helpers import add_stories

pytestmark = pytest.mark.django_db

FORMATS = ["csv", "it_csv", "json"]


def export_url(language, name, params=None):
    with translation.override(language):
        url = reverse(f"explorer_export_{name}")
    return f"{url}?{urlencode(params or {}, doseq=True)}"


def body_of(response):
    return b"".join(response.streaming_content).decode("utf-8")


def rows_of(response, name):
    text = body_of(response)
    if name == "json":
        return [
            story["URL (Italian)"] or story["URL (English)"]
            for story in json.loads(text)["stories"]
        ]
    assert text.startswith("\ufeff")
    delimiter = ";" if name == "it_csv" else ","
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))
    assert rows[0] == [field.name for field in EXPORT_FIELDS]
    column = rows[0].index("URL (Italian)")
    english = rows[0].index("URL (English)")
    return [row[column] or row[english] for row in rows[1:]]


def expected_stories(language, params):
    """The stories the explorer's own listing shows for ``params``, as sets of group keys."""
    index = StoryIndexPage.objects.get(locale__language_code=language)
    request = RequestFactory().get(index.url, params)
    stories = index.listed_stories(StoryPage.objects.live())
    explorer = StoryExplorer(request, stories, locale_id=index.locale_id)
    return list(explorer.results().values_list("translation_key", flat=True))


def group_urls(keys):
    """The URL a record names for each translation group: its Italian story's, else the
    English one's."""
    urls = []
    stories = StoryPage.objects.live().public().filter(translation_key__in=keys)
    by_key = {}
    for story in stories.select_related("locale"):
        by_key.setdefault(story.translation_key, {})[story.locale.language_code] = story
    for key in keys:
        group = by_key[key]
        story = group.get("it") or group["en"]
        urls.append(f"http://testserver{story.url}")
    return urls


def filter_cases(language):
    hashtag = HashtagPage.objects.live().filter(locale__language_code=language).order_by("path")[0]
    territory = (
        TerritoryPage.objects.live()
        .filter(locale__language_code=language, part_of__isnull=True)
        .order_by("path")[0]
    )
    return [
        {},
        {"hashtag": hashtag.slug},
        {"territory": territory.slug, "sort": "title"},
        {"year": "2020", "sort": "oldest"},
    ]


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize("name", FORMATS)
def test_the_export_holds_the_explorers_result_in_its_order(client, language, name):
    for params in filter_cases(language):
        response = client.get(export_url(language, name, params))
        assert response.status_code == 200, params
        assert response.streaming
        assert response["Access-Control-Allow-Origin"] == "*"
        expected = group_urls(expected_stories(language, params))
        assert rows_of(response, name) == expected, params


def test_a_filtered_export_is_smaller_than_the_whole(client):
    hashtag = HashtagPage.objects.live().get(locale__language_code="it", code="comunita")
    everything = rows_of(client.get(export_url("it", "csv")), "csv")
    some = rows_of(client.get(export_url("it", "csv", {"hashtag": hashtag.slug})), "csv")
    assert 0 < len(some) < len(everything)
    assert set(some) <= set(everything)


def test_the_italian_spreadsheet_file_uses_semicolons_and_decimal_commas(client, italian):
    story = StoryPage.objects.live().filter(locale=italian).order_by("path")[0]
    StoryPage.objects.filter(translation_key=story.translation_key).update(
        funding_eur=Decimal("1234.50")
    )
    it_rows = list(
        csv.DictReader(
            io.StringIO(body_of(client.get(export_url("it", "it_csv")))[1:]), delimiter=";"
        )
    )
    plain_rows = list(csv.DictReader(io.StringIO(body_of(client.get(export_url("it", "csv")))[1:])))
    amounts = {row["Identifier"]: row["Amount Awarded"] for row in it_rows}
    plain = {row["Identifier"]: row["Amount Awarded"] for row in plain_rows}
    key = f"story-{story.translation_key}"
    assert amounts[key] == "1234,50"
    assert plain[key] == "1234.50"


def test_the_json_export_names_its_filters_and_licence(client):
    hashtag = HashtagPage.objects.live().get(locale__language_code="en", code="comunita")
    response = client.get(export_url("en", "json", {"hashtag": hashtag.slug, "sort": "title"}))
    document = json.loads(body_of(response))
    assert document["language"] == "en"
    assert document["filters"] == {"hashtag": [hashtag.slug], "sort": ["title"]}
    assert document["licence"] == "CC BY 4.0"
    assert document["count"] == len(document["stories"]) > 0
    assert document["truncated"] is False
    assert [field["name"] for field in document["fields"]] == [f.name for f in EXPORT_FIELDS]


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize(
    "params",
    [
        {"hashtag": "no-such-hashtag"},
        {"year": "abc"},
        {"year": "٢٠٢٠"},
        {"sort": "random"},
        {"page": "0"},
        {"territory": "x" * 5000},
        {"programme": "a b"},
    ],
)
def test_unusable_filters_are_refused_with_a_readable_400(client, language, params):
    response = client.get(export_url(language, "csv", params))
    assert response.status_code == 400
    assert not response.streaming
    html = response.content.decode()
    # The refused value is named (shortened), never the whole of it.
    value = next(iter(params.values()))
    assert value[:20] in html
    assert "x" * 41 not in html
    assert f'lang="{language}"' in html


@pytest.mark.parametrize("params", [{"hashtag": "\x00"}, {"year": "20\x0020"}])
def test_a_nul_is_refused_before_any_query(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(export_url("it", "json", params))
    assert response.status_code == 400
    assert not queries.captured_queries


def test_only_safe_methods(client):
    assert client.post(export_url("it", "csv")).status_code == 405


def test_an_unknown_language_is_not_found(client):
    assert client.get("/de/export/stories.csv").status_code == 404


def export_queries(client, url, name):
    body_of(client.get(url))  # caches that live for the process or the content version
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        rows = rows_of(response, name)
    return len(context.captured_queries), len(rows)


@pytest.mark.parametrize("name", FORMATS)
def test_query_count_is_flat_as_stories_grow(client, italian, name):
    hashtag, territory = add_stories(5, italian)
    params = {"hashtag": hashtag.slug, "territory": territory.slug, "sort": "title"}
    urls = [export_url("it", name), export_url("it", name, params)]
    few = [export_queries(client, url, name) for url in urls]
    add_stories(45, italian, first_number=5)
    many = [export_queries(client, url, name) for url in urls]
    assert [queries for queries, _rows in many] == [queries for queries, _rows in few]
    assert [rows for _queries, rows in many] == [rows + 45 for _queries, rows in few]


def test_the_explorer_links_to_the_exports_of_its_current_result(client):
    hashtag = HashtagPage.objects.live().get(locale__language_code="it", code="comunita")
    index = StoryIndexPage.objects.get(locale__language_code="it")
    response = client.get(f"{index.url}?hashtag={hashtag.slug}&year=abc")
    html = response.content.decode()
    for name in FORMATS:
        url = export_url("it", name, {"hashtag": hashtag.slug})
        assert f'href="{url.replace("&", "&amp;")}"' in html
    # A page that sets its own filter carries it into the exports.
    response = client.get(hashtag.url)
    assert (
        f'href="{export_url("it", "json", {"hashtag": hashtag.slug})}"' in response.content.decode()
    )
    response = client.get(export_url("it", "json", {"hashtag": hashtag.slug}))
    assert response.status_code == 200


def test_the_exports_are_bounded(client, monkeypatch):
    monkeypatch.setattr(explorer_export, "MAX_ROWS", 2)
    document = json.loads(body_of(client.get(export_url("it", "json"))))
    assert len(document["stories"]) == 2
    assert document["truncated"] is True
    path = urlsplit(export_url("it", "csv")).path
    assert len(rows_of(client.get(path), "csv")) == 2
