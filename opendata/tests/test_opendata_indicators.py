"""The stories' results over time in the open data: a list of indicators in JSON, the same
list written as JSON in one CSV cell, and the field documented on the Open data page."""

import csv
import io
import json

import pytest

from opendata.export import EXPORT_FIELDS
from stories.models import StoryPage

pytestmark = pytest.mark.django_db

LEGACY_SLUG = "che-cosa-resta-di-welfare-in-azione"


def exported(client):
    data = json.loads(client.get("/data/stories.json").getvalue().decode("utf-8"))
    response = client.get("/data/stories.csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    return data, rows


def test_json_and_csv_carry_the_indicators_with_their_sources(client):
    story = StoryPage.objects.get(locale__language_code="it", slug=LEGACY_SLUG)
    data, rows = exported(client)
    record = next(item for item in data["stories"] if item["Title"] == story.title)
    indicators = record["Indicators"]
    assert [item["name"] for item in indicators] == [
        block.value["name"] for block in story.indicators
    ]
    projects = indicators[0]
    assert projects["unit"] == "projects"
    assert projects["baseline"] == {"value": 0, "date": "2014-12-31"}
    assert projects["target"] is None
    assert [(item["date"], item["value"]) for item in projects["values"]] == [
        ("2016-04-28", 18),
        ("2018-12-31", 37),
    ]
    assert all(item["source_name"] for item in projects["values"])
    assert projects["values"][0]["source_url"].startswith("https://")
    assert indicators[1]["values"][-1]["value"] == 36500000
    row = next(row for row in rows if row["Title"] == story.title)
    assert json.loads(row["Indicators"]) == indicators


def test_stories_without_indicators_export_an_empty_list_and_an_empty_cell(client):
    data, rows = exported(client)
    without = [item for item in data["stories"] if not item["Indicators"]]
    assert without and all(item["Indicators"] == [] for item in without)
    titles = {item["Title"] for item in without}
    assert all(row["Indicators"] == "" for row in rows if row["Title"] in titles)


def test_the_field_is_documented_last_in_both_languages(client):
    field = EXPORT_FIELDS[-1]
    assert field.name == "Indicators" and not field.standard
    description = next(
        item
        for item in json.loads(client.get("/data/stories.json").getvalue())["fields"]
        if item["name"] == "Indicators"
    )["description"]
    assert set(description) == {"it", "en"}
    assert "baseline" in description["en"]
