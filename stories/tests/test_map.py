"""The territory map: a self-hosted SVG outline, every territory linked once, in both
languages, with its text alternative next to it."""

import json
import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from stories.factories import TerritoryPageFactory
from stories.maps import (
    MARKER_RADIUS,
    OUTLINE_PATH,
    Bounds,
    Projection,
    build_territory_map,
    load_outline,
)
from stories.models import TerritoryIndexPage, TerritoryPage

SVG = "{http://www.w3.org/2000/svg}"


def extract_svg(html, css_class):
    """The outer <svg> element with ``css_class``, nested <svg> elements included."""
    start = html.index(f'class="{css_class}"')
    start = html.rindex("<svg", 0, start)
    depth, position = 0, start
    while True:
        opening = html.find("<svg", position)
        closing = html.find("</svg>", position)
        if opening != -1 and opening < closing:
            depth, position = depth + 1, opening + 4
        else:
            depth, position = depth - 1, closing + 6
            if depth == 0:
                return html[start:position]


def territory_map(client, language):
    index = TerritoryIndexPage.objects.get(locale__language_code=language)
    response = client.get(index.url)
    assert response.status_code == 200
    html = response.content.decode()
    return html, ET.fromstring(extract_svg(html, "territory-map__svg"))


# --- The outline data -------------------------------------------------------------------


def test_outline_file_is_small_derived_and_credited():
    assert OUTLINE_PATH.stat().st_size < 10_000
    data = json.loads(OUTLINE_PATH.read_text())
    assert data["credit"]["licence"] == "CC BY 4.0"
    assert "Natural Earth" in data["credit"]["georeferenced_with"]
    outline = load_outline()
    assert {"lombardia", "piemonte", "emilia_romagna", "veneto"} <= set(outline.regions)


def test_outline_is_georeferenced():
    """Known places fall inside their region's outline box, and Milan lies in Lombardy."""
    outline = load_outline()
    milan, bologna, turin, venice = (9.19, 45.46), (11.34, 44.49), (7.69, 45.07), (12.33, 45.44)
    assert outline.region_bounds["lombardia"].contains(*milan)
    assert outline.region_bounds["emilia_romagna"].contains(*bologna)
    assert outline.region_bounds["piemonte"].contains(*turin)
    assert outline.region_bounds["veneto"].contains(*venice)
    assert not outline.region_bounds["veneto"].contains(*turin)


def test_projection_maps_the_bounds_onto_the_view_box():
    projection = Projection(Bounds(7, 44, 13, 47), 1000)
    assert projection(7, 47) == pytest.approx((0, 0))
    assert projection(13, 44) == pytest.approx((1000, projection.height))
    # Mercator: a degree of latitude is longer than a degree of longitude up north.
    assert projection.height > 1000 * 3 / 6


# --- Building the map -------------------------------------------------------------------


def place(title, kind, lat, lon, region="lombardia", story_count=1):
    return SimpleNamespace(
        title=title, kind=kind, latitude=lat, longitude=lon, region=region, story_count=story_count
    )


def test_marker_size_follows_the_kind_and_large_markers_are_painted_first():
    places = [
        place("Milano", "city", 45.46, 9.19),
        place("Lombardia", "region", 45.62, 9.85),
        place("Cremona", "province", 45.13, 10.02),
        place("Rhodense", "district", 45.53, 9.04),
    ]
    drawn = build_territory_map(places)
    assert [marker.kind for marker in drawn.markers] == ["region", "province", "district", "city"]
    assert [marker.radius for marker in drawn.markers] == [
        MARKER_RADIUS[kind] for kind in ("region", "province", "district", "city")
    ]
    assert [marker.named for marker in drawn.markers] == [True, False, False, False]
    assert all(marker.has_stories for marker in drawn.markers)


def test_map_shows_whole_regions_that_hold_territories():
    drawn = build_territory_map([place("Milano", "city", 45.46, 9.19)])
    highlighted = [shape.code for shape in drawn.land if shape.has_territories]
    assert highlighted == ["lombardia"]
    # Only Lombardy and its surroundings: much narrower than the whole north.
    full = build_territory_map(
        [place("Milano", "city", 45.46, 9.19), place("Ravenna", "city", 44.42, 12.2, "veneto")]
    )
    assert drawn.height / drawn.width > full.height / full.width
    assert all(0 <= marker.x <= drawn.width for marker in drawn.markers)


def test_territories_outside_the_outline_are_listed_but_not_drawn():
    palermo = place("Palermo", "city", 38.12, 13.36)
    drawn = build_territory_map([place("Milano", "city", 45.46, 9.19), palermo])
    assert [marker.page.title for marker in drawn.markers] == ["Milano"]
    assert drawn.unplaced == [palermo]
    assert build_territory_map([palermo]) is None
    assert build_territory_map([]) is None


# --- The page ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["it", "en"])
def test_every_territory_is_linked_exactly_once_in_its_language(client, language):
    html, svg = territory_map(client, language)
    links = [link.get("href") for link in svg.iter(f"{SVG}a")]
    territories = TerritoryPage.objects.live().filter(locale__language_code=language)
    assert territories.count() > 20
    assert sorted(links) == sorted(territory.url for territory in territories)
    assert all(link.startswith(f"/{language}/") for link in links)
    # The text alternative lists the same territories next to the map.
    for territory in territories:
        assert html.count(f'href="{territory.url}"') == 2


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["it", "en"])
def test_map_markers_have_names_with_story_counts(client, language):
    _html, svg = territory_map(client, language)
    index = TerritoryIndexPage.objects.get(locale__language_code=language)
    with translation.override(language):
        context = index.get_context(None)
        territories = {territory.url: territory for territory in context["territories"]}
        assert any(territory.story_count != 1 for territory in territories.values())
        for link in svg.iter(f"{SVG}a"):
            label = link.get("aria-label")
            territory = territories[link.get("href")]
            assert label.startswith(f"{territory.title}, {territory.get_kind_display()}")
            assert re.search(rf"\b{territory.story_count}\b", label)
            assert link.find(f"{SVG}title").text == label
        assert link.find(f"{SVG}circle") is not None or link.find(f"{SVG}path") is not None


@pytest.mark.django_db
def test_map_is_a_labelled_group_with_a_credited_outline(client):
    html, svg = territory_map(client, "en")
    assert svg.get("role") == "group"
    assert svg.get("viewBox").startswith("0 0 1000 ")
    assert f'id="{svg.get("aria-labelledby")}"' in html
    assert f'id="{svg.get("aria-describedby")}"' in html
    assert 'href="#territory-list"' in html and 'id="territory-list"' in html
    assert "MapSVG" in html and "CC BY 4.0" in html and "Natural Earth" in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in html
    # Self-hosted: nothing is loaded from elsewhere, no inline style or script.
    assert "<script" not in extract_svg(html, "territory-map__svg")
    assert not re.search(r"\sstyle=", extract_svg(html, "territory-map__svg"))


@pytest.mark.django_db
def test_territory_names_are_escaped_in_the_svg(client, italian):
    territory = TerritoryPage.objects.get(locale=italian, slug="provincia-di-cremona")
    territory.title = 'Cremona & "<Casalasco>"'
    territory.save_revision().publish()
    html, svg = territory_map(client, "it")
    names = [link.get("data-name") for link in svg.iter(f"{SVG}a")]
    assert 'Cremona & "<Casalasco>"' in names
    assert "<Casalasco>" not in html


@pytest.mark.django_db
def test_territory_index_query_count_is_small_and_flat(client, italian):
    index = TerritoryIndexPage.objects.get(locale=italian)

    def count():
        client.get(index.url)  # warm per-process caches
        with CaptureQueriesContext(connection) as queries:
            assert client.get(index.url).status_code == 200
        return len(queries)

    before = count()
    assert before <= 15
    TerritoryPageFactory.create_batch(10, kind="city", region="lombardia", description="Prova.")
    assert count() == before
