"""The territory maps on a phone (issue 14): tap targets large enough and apart, places
without stories told apart, a locator map on territory pages and stories, and the
explorer's map of the places found, in both languages and in a flat number of queries.
The sizes in a real browser: tests/browser/test_map.py."""

import itertools
import math
import re
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape

from demo.content import TERRITORIES
from stories.factories import StoryPageFactory, TerritoryPageFactory
from stories.maps import (
    LOCATOR_WIDTH,
    TARGET_DIAMETER,
    build_locator_map,
    build_territory_map,
    spread,
)
from stories.models import StoryIndexPage, StoryPage, TerritoryPage
from tests.page_test_case import I18nPageTestCase

from .test_map import SVG, extract_svg

# The map's width in CSS px on a 375 px phone (the page's margins and border taken off).
PHONE_MAP_WIDTH = 341


def place(title, kind, lat, lon, region="lombardia", story_count=1):
    return SimpleNamespace(
        title=title, kind=kind, latitude=lat, longitude=lon, region=region, story_count=story_count
    )


def demo_places(story_count=1):
    return [
        place(item.title.it, item.kind, item.latitude, item.longitude, item.region, story_count)
        for item in TERRITORIES
    ]


def target_boxes(drawn):
    half = TARGET_DIAMETER / 2
    return [(marker, marker.x - half, marker.y - half) for marker in drawn.markers]


# --- Geometry -----------------------------------------------------------------------------


def test_targets_are_at_least_24_css_px_on_a_phone_and_aim_at_44():
    size = TARGET_DIAMETER * PHONE_MAP_WIDTH / 1000
    assert size >= 24
    assert size >= 36  # the WCAG minimum with room to spare, short of 44 so the map stays a map


def test_no_target_covers_the_centre_of_another_on_the_demo_map():
    drawn = build_territory_map(demo_places())
    assert len(drawn.markers) == len(TERRITORIES)
    for (first, left, top), (second, _left, _top) in itertools.permutations(target_boxes(drawn), 2):
        covers = left < second.x < left + TARGET_DIAMETER and top < second.y < top + TARGET_DIAMETER
        assert not covers, (first.page.title, second.page.title)
        # The round targets themselves do not touch either.
        assert math.hypot(first.x - second.x, first.y - second.y) >= TARGET_DIAMETER
    for marker in drawn.markers:
        assert TARGET_DIAMETER / 2 <= marker.x <= drawn.width - TARGET_DIAMETER / 2 + 0.01
        assert TARGET_DIAMETER / 2 <= marker.y <= drawn.height - TARGET_DIAMETER / 2 + 0.01


def test_places_at_the_same_spot_part_and_keep_a_line_to_it():
    """Novara and its province share one point: both can be tapped."""
    drawn = build_territory_map(
        [
            place("Novara", "city", 45.4469, 8.622, "piemonte"),
            place("Provincia di Novara", "province", 45.4469, 8.622, "piemonte"),
        ]
    )
    city, province = sorted(drawn.markers, key=lambda marker: marker.kind)
    assert (city.place_x, city.place_y) == (province.place_x, province.place_y)
    assert math.hypot(city.x - province.x, city.y - province.y) >= TARGET_DIAMETER
    assert city.moved and province.moved
    assert drawn.has_moved_markers


def test_a_place_with_room_around_it_stays_where_it_is():
    drawn = build_territory_map(
        [place("Milano", "city", 45.46, 9.19), place("Ravenna", "city", 44.42, 12.2, "veneto")]
    )
    assert not any(marker.moved for marker in drawn.markers)
    assert not drawn.has_moved_markers
    assert all((marker.x, marker.y) == (marker.place_x, marker.place_y) for marker in drawn.markers)


def test_spread_parts_many_places_at_one_spot_the_same_way_every_time():
    points = [(500, 300)] * 6
    first = spread(points, 100, 1000, 600)
    assert first == spread(points, 100, 1000, 600)
    for a, b in itertools.combinations(first, 2):
        assert math.hypot(a[0] - b[0], a[1] - b[1]) >= 100
    # Moved no further than needed: all stay near the spot.
    assert all(math.hypot(x - 500, y - 300) < 150 for x, y in first)


def test_places_without_stories_are_drawn_hollow():
    drawn = build_territory_map(
        [
            place("Milano", "city", 45.46, 9.19, story_count=2),
            place("Lecco", "province", 45.86, 9.40, story_count=0),
            place("Bergamo", "city", 45.70, 9.68, story_count=None),
        ]
    )
    by_name = {marker.page.title: marker for marker in drawn.markers}
    assert by_name["Milano"].has_stories
    assert not by_name["Lecco"].has_stories
    assert by_name["Bergamo"].has_stories  # a story's places are not counted
    assert drawn.counts_stories


def test_locator_map_of_a_city_shows_its_region_and_a_dot_inside_the_view():
    locator = build_locator_map([place("Milano", "city", 45.46, 9.19)])
    assert locator.width == LOCATOR_WIDTH
    assert [shape.code for shape in locator.land if shape.has_territories] == ["lombardia"]
    assert len(locator.land) > 1  # the neighbouring regions, for context
    (dot,) = locator.points
    assert 0 < float(dot.x) < locator.width and 0 < float(dot.y) < locator.height
    assert locator.names == ("Milano",)


def test_locator_map_of_a_region_has_no_dot_and_nothing_outside_the_outline():
    region = build_locator_map([place("Veneto", "region", 45.65, 11.85, "veneto")])
    assert region.points == ()
    assert [shape.code for shape in region.land if shape.has_territories] == ["veneto"]
    palermo = place("Palermo", "city", 38.12, 13.36, region="")
    assert build_locator_map([palermo]) is None
    assert build_locator_map([]) is None


def test_locator_map_is_small():
    locator = build_locator_map(demo_places())
    size = sum(len(shape.d) for shape in locator.land) + 60 * len(locator.points)
    assert size < 12_000


# --- Pages --------------------------------------------------------------------------------


def svg_of(html, css_class):
    return ET.fromstring(extract_svg(html, css_class))


class MapPageTests(I18nPageTestCase):
    """The pages with maps render in both languages."""

    def render(self, page):
        with translation.override(page.locale.language_code):
            self.assertPageIsRenderable(page)
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_territory_page_has_a_locator_map_and_no_coordinates_as_text(self):
        for language in ("it", "en"):
            territory = TerritoryPage.objects.get(
                locale__language_code=language, kind="city", istat_code="015146"
            )
            html = self.render(territory)
            locator = svg_of(html, "locator-map__svg")
            self.assertEqual(locator.get("role"), "img")
            self.assertIn(territory.title, locator.get("aria-label"))
            self.assertIn(str(territory.get_region_display()), locator.get("aria-label"))
            self.assertEqual(len(list(locator.iter(f"{SVG}circle"))), 1)
            main = html.split("<main", 1)[1].split("</main>", 1)[0]
            for number in (territory.latitude, territory.longitude):
                for written in (f"{number:.4f}", f"{number:.4f}".replace(".", ",")):
                    self.assertNotIn(written, main)

    def test_story_has_a_locator_map_of_its_territories(self):
        for language in ("it", "en"):
            story = (
                StoryPage.objects.live()
                .filter(locale__language_code=language, territory_links__isnull=False)
                .distinct()
                .first()
            )
            html = self.render(story)
            locator = svg_of(html, "locator-map__svg")
            label = locator.get("aria-label")
            for link in story.territory_links.all():
                self.assertIn(link.territory.title, label)

    def test_story_index_maps_the_places_of_the_stories_found(self):
        for language in ("it", "en"):
            index = StoryIndexPage.objects.get(locale__language_code=language)
            html = self.render(index)
            svg = svg_of(html, "territory-map__svg")
            linked = {link.get("href") for link in svg.iter(f"{SVG}a")}
            places = {
                link.territory.url
                for story in StoryPage.objects.live().filter(locale=index.locale)
                for link in story.territory_links.all()
                if link.territory.live
            }
            self.assertEqual(linked, places)
            with translation.override(language):
                self.assertIn(escape(translation.gettext("Where these stories take place")), html)
            self.assertNotIn(escape(translation.gettext("Hollow: no stories yet")), html)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["it", "en"])
def test_explorer_map_follows_the_filter(client, language):
    index = StoryIndexPage.objects.get(locale__language_code=language)
    story = (
        StoryPage.objects.live()
        .filter(locale=index.locale, hashtag_links__isnull=False, territory_links__isnull=False)
        .first()
    )
    hashtag = story.hashtag_links.first().hashtag
    html = client.get(f"{index.url}?hashtag={hashtag.slug}").content.decode()
    svg = svg_of(html, "territory-map__svg")
    found = StoryPage.objects.live().filter(locale=index.locale, hashtag_links__hashtag=hashtag)
    expected = {}
    for other in found:
        for link in other.territory_links.all():
            expected[link.territory.url] = expected.get(link.territory.url, 0) + 1
    links = {link.get("href"): link.get("aria-label") for link in svg.iter(f"{SVG}a")}
    assert set(links) == set(expected)
    for url, count in expected.items():
        assert re.search(rf"\b{count}\b", links[url])
    # No stories, no map.
    empty = client.get(f"{index.url}?year=1901").content.decode()
    assert "territory-map__svg" not in empty


@pytest.mark.django_db
def test_territory_index_draws_places_without_stories_hollow_and_says_so(client, italian):
    TerritoryPageFactory(title="Luogo senza storie", latitude=46.0, longitude=10.5)
    html = client.get("/it/territori/").content.decode()
    svg = svg_of(html, "territory-map__svg")
    (empty,) = [
        link for link in svg.iter(f"{SVG}a") if link.get("data-name") == "Luogo senza storie"
    ]
    assert "territory-map__marker--empty" in empty.get("class")
    with translation.override("it"):
        assert escape(translation.gettext("Hollow: no stories yet")) in html


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_maps_add_no_queries_per_place_or_story(client, italian):
    index = StoryIndexPage.objects.get(locale=italian)
    territory = TerritoryPage.objects.get(locale=italian, slug="lombardia")
    story = StoryPage.objects.live().filter(locale=italian, territory_links__isnull=False).first()
    urls = [index.url, territory.url, story.url, "/it/territori/"]
    before = [count_queries(client, url) for url in urls]
    places = TerritoryPageFactory.create_batch(6, latitude=45.5, longitude=9.5)
    StoryPageFactory.create_batch(4, territories=places)
    story.territory_links.create(territory=places[0])
    story.save_revision().publish()
    assert [count_queries(client, url) for url in urls] == before
