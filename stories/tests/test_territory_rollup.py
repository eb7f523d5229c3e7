"""Places roll up: a region counts and lists the stories of its provinces, districts and
cities, a province those of its districts and cities, on the territory pages, the map and
the explorer's territory filter, in both languages.

Expected numbers are worked out here by walking ``part_of`` from each story's territories;
a few anchors pin what the demo content is known to hold (before territories lay within
one another, Emilia-Romagna showed 0 stories and Lombardy 2).
"""

import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import ngettext

from stories.factories import TerritoryPageFactory
from stories.models import StoryPage, TerritoryIndexPage, TerritoryPage
from stories.territories import TerritoryTree
from stories.tests.test_map import SVG, extract_svg
from tests.admin_forms import territory_form
from tests.helpers import publish_story_like

pytestmark = pytest.mark.django_db

INDEX_URLS = {"it": "/it/storie/", "en": "/en/stories/"}
# Region slugs in each language, and how many demo stories each region holds.
REGIONS = {
    "it": {"lombardia": 5, "emilia-romagna": 1, "piemonte": 2, "veneto": 2},
    "en": {"lombardy": 5, "emilia-romagna": 1, "piedmont": 2, "veneto": 2},
}
NOVARA_PROVINCE = {"it": "provincia-di-novara", "en": "province-of-novara"}


def enclosing(territory):
    """The territory and the territories it lies within, innermost first."""
    chain = []
    while territory is not None:
        chain.append(territory)
        territory = territory.part_of
    return chain


def expected_story_slugs(language):
    """{territory slug: slugs of the live stories linked to it or to a territory within it}."""
    found = {}
    stories = StoryPage.objects.live().filter(locale__language_code=language)
    for story in stories.prefetch_related("territory_links__territory"):
        for link in story.territory_links.all():
            for territory in enclosing(link.territory):
                found.setdefault(territory.slug, set()).add(story.slug)
    return found


def territory(language, slug):
    return TerritoryPage.objects.get(locale__language_code=language, slug=slug)


def result_slugs(response):
    return {story.slug for story in response.context["explorer"].stories_page}


# --- The demo's territories --------------------------------------------------------------


@pytest.mark.parametrize("language", ["it", "en"])
def test_demo_territories_lie_within_their_province_or_region(language):
    places = TerritoryPage.objects.filter(locale__language_code=language)
    assert places.count() > 20
    for place in places:
        chain = enclosing(place)
        top = chain[-1]
        assert top.kind == "region", place.title
        assert (place.kind == "region") == (place.part_of is None), place.title
        # Every territory lies within its own region, in its own language.
        assert top.region == place.region, place.title
        assert {page.locale_id for page in chain} == {place.locale_id}
    cremasco = places.get(slug={"it": "cremasco", "en": "crema-area"}[language])
    assert (
        cremasco.part_of.slug
        == {"it": "provincia-di-cremona", "en": "province-of-cremona"}[language]
    )
    novara = places.get(slug="novara")
    assert novara.part_of.slug == NOVARA_PROVINCE[language]


@pytest.mark.parametrize("language", ["it", "en"])
def test_regions_hold_the_stories_of_their_provinces_and_cities(language):
    expected = expected_story_slugs(language)
    for slug, count in REGIONS[language].items():
        assert len(expected[slug]) == count, slug
    assert len(expected[NOVARA_PROVINCE[language]]) == 2


# --- The territory index and its map ------------------------------------------------------


@pytest.mark.parametrize("language", ["it", "en"])
def test_index_and_map_count_the_stories_within_each_territory(client, language):
    expected = expected_story_slugs(language)
    index = TerritoryIndexPage.objects.get(locale__language_code=language)
    response = client.get(index.url)
    assert response.status_code == 200
    listed = {page.slug: page.story_count for page in response.context["territories"]}
    assert listed == {slug: len(expected.get(slug, ())) for slug in listed}
    for slug, count in REGIONS[language].items():
        assert listed[slug] == count

    html = response.content.decode()
    labels = {
        link.get("href"): link.get("aria-label")
        for link in ET.fromstring(extract_svg(html, "territory-map__svg")).iter(f"{SVG}a")
    }
    with translation.override(language):
        for slug in [*REGIONS[language], NOVARA_PROVINCE[language]]:
            page = territory(language, slug)
            count = len(expected[slug])
            stories = ngettext("%(counter)s story", "%(counter)s stories", count) % {
                "counter": count
            }
            kind = page.get_kind_display()
            # In the list beside the map, and on the map's marker.
            assert f"{escape(kind)} · {escape(stories)}</span>" in html, slug
            assert labels[page.url] == f"{page.title}, {kind}: {stories}", slug


# --- Territory pages ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["it", "en"])
def test_territory_pages_list_the_stories_within(client, language):
    expected = expected_story_slugs(language)
    for slug in [*REGIONS[language], NOVARA_PROVINCE[language]]:
        page = territory(language, slug)
        response = client.get(page.url)
        assert response.status_code == 200
        assert result_slugs(response) == expected[slug], slug
        assert response.context["explorer"].total == len(expected[slug])
        # Filters still narrow the region's stories.
        filtered = client.get(f"{page.url}?programme=will")
        will = {s.slug for s in StoryPage.objects.filter(programme__slug="will")}
        assert result_slugs(filtered) == expected[slug] & will
    with translation.override(language):
        heading = ngettext("%(counter)s story", "%(counter)s stories", 1) % {"counter": 1}
    html = client.get(territory(language, "emilia-romagna").url).content.decode()
    assert f'class="explorer-results__title">{heading}</h2>' in html


def test_a_city_page_shows_its_own_stories_only(client, italian):
    parma = territory("it", "parma")
    assert result_slugs(client.get(parma.url)) == {"will-laboratorio-welfare-locale"}


# --- The explorer's territory filter ------------------------------------------------------


@pytest.mark.parametrize("language", ["it", "en"])
def test_explorer_filter_and_counts_roll_up(client, language):
    expected = expected_story_slugs(language)
    for slug, count in REGIONS[language].items():
        response = client.get(f"{INDEX_URLS[language]}?territory={slug}")
        assert response.status_code == 200
        assert result_slugs(response) == expected[slug]
        assert response.context["explorer"].total == count
    # Each territory's count in the filter says what ticking it would show.
    response = client.get(INDEX_URLS[language])
    facet = next(f for f in response.context["explorer"].facets if f.name == "territory")
    for option in facet.options:
        assert option.count == option.available == len(expected.get(option.value, ())), option.value
    # Two regions: either will do, each story once.
    first, second = list(REGIONS[language])[1:3]
    response = client.get(f"{INDEX_URLS[language]}?territory={first}&territory={second}")
    assert result_slugs(response) == expected[first] | expected[second]


def test_filter_counts_follow_the_other_filters(client, english):
    response = client.get("/en/stories/?programme=welfare-in-azione")
    facet = next(f for f in response.context["explorer"].facets if f.name == "territory")
    counts = {option.value: (option.count, option.available) for option in facet.options}
    # Lombardy's three Welfare in Azione stories of its five; none in Emilia-Romagna.
    assert counts["lombardy"] == (3, 5)
    assert counts["emilia-romagna"] == (0, 1)


# --- Queries ------------------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)  # warm the caches that live for the process
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_province_with_stories(italian, number, stories):
    """A province of Emilia-Romagna with a city in it, and ``stories`` stories of the city."""
    region = territory("it", "emilia-romagna")
    index = region.get_parent()
    province = TerritoryPage(
        title=f"Provincia di prova {number}",
        slug=f"provincia-di-prova-{number}",
        kind="province",
        region="emilia_romagna",
        latitude=Decimal("44.5"),
        longitude=Decimal("11.0"),
        part_of=region,
    )
    index.add_child(instance=province)
    province.save_revision().publish()
    city = TerritoryPage(
        title=f"Città di prova {number}",
        slug=f"citta-di-prova-{number}",
        kind="city",
        region="emilia_romagna",
        latitude=Decimal("44.6"),
        longitude=Decimal("11.1"),
        part_of=province,
    )
    index.add_child(instance=city)
    city.save_revision().publish()
    template = StoryPage.objects.get(locale=italian, slug__startswith="will-laboratorio")
    hashtag = template.hashtag_links.first().hashtag
    for story in range(stories):
        publish_story_like(template, f"{number}-{story}", [hashtag], [city])


def rollup_urls():
    region = territory("it", "emilia-romagna")
    return [
        region.url,
        f"{region.url}?programme=will&year=2020",
        "/it/territori/",
        "/it/storie/?territory=emilia-romagna",
        "/it/storie/?territory=emilia-romagna&territory=veneto&hashtag=comunita",
    ]


def test_rolled_up_pages_run_as_many_queries_however_many_places_and_stories(client, italian):
    add_province_with_stories(italian, 0, 2)
    few = {url: count_queries(client, url) for url in rollup_urls()}
    for number in range(1, 4):
        add_province_with_stories(italian, number, 4)
    many = {url: count_queries(client, url) for url in rollup_urls()}
    assert many == few
    # And the new places' stories are counted in their region.
    response = client.get("/it/storie/?territory=emilia-romagna")
    assert response.context["explorer"].total == 1 + 2 + 3 * 4


# --- Editing ------------------------------------------------------------------------------


def refused(page):
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    return error.value.message_dict.get("part_of")


def nested_places(language="it"):
    """A region, a province within it and a district within the province."""
    region = TerritoryPageFactory(language=language, kind="region")
    province = TerritoryPageFactory(language=language, kind="province", part_of=region)
    district = TerritoryPageFactory(language=language, kind="district", part_of=province)
    return region, province, district


def test_a_territory_cannot_lie_within_itself_or_its_parts():
    region, province, district = nested_places()
    region.part_of = district
    assert refused(region)
    province.part_of = province
    assert refused(province)


def test_a_territory_lies_within_a_larger_one():
    _region, province, district = nested_places()
    other_province = TerritoryPageFactory(kind="province")
    province.part_of = other_province  # a province within a province
    message = refused(province)
    assert message and other_province.title in message[0]
    city = TerritoryPageFactory(kind="city")
    city.part_of = district  # a city within a district: fine
    city.full_clean()


def test_a_territory_lies_within_one_of_its_own_language():
    city = TerritoryPageFactory(kind="city")
    city.part_of = TerritoryPageFactory(language="en", kind="region")
    assert refused(city)


def test_territories_nest_at_most_four_levels():
    """Territories without a kind yet (made by the import) are held to the depth too."""
    _region, _province, district = nested_places()
    index = district.get_parent()
    town = TerritoryPage(title="Paese", slug="paese", part_of=district)
    index.add_child(instance=town)
    hamlet = TerritoryPage(title="Frazione", slug="frazione", part_of=town)
    assert refused(hamlet)


def test_admin_edit_form_offers_the_enclosing_territory(admin_client):
    _region, province, _district = nested_places()
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(province.pk,)))
    assert response.status_code == 200
    assert 'name="part_of"' in response.content.decode()


def test_admin_places_a_new_territory_within_a_larger_one(admin_client, italian):
    index = TerritoryIndexPage.objects.get(locale=italian)
    url = reverse("wagtailadmin_pages:add", args=("stories", "territorypage", index.pk))
    _region, _province, district = nested_places()
    crema = {"title": "Crema", "slug": "crema", "region": "lombardia", "part_of": district.pk}
    response = admin_client.post(url, territory_form(**crema, kind="province"))
    assert response.status_code == 200
    assert district.title in response.context["form"].errors["part_of"][0]
    response = admin_client.post(url, territory_form(**crema, kind="city"))
    assert response.status_code == 302
    assert TerritoryPage.objects.get(locale=italian, slug="crema").part_of == district


# --- The tree ------------------------------------------------------------------------------


def test_tree_walks_down_and_up_and_survives_a_loop():
    tree = TerritoryTree([(1, None), (2, 1), (3, 2), (4, 2), (5, 6), (6, 5)])
    assert tree.within(1) == {1, 2, 3, 4}
    assert tree.within(3) == {3}
    assert tree.enclosing(4) == [4, 2, 1]
    assert tree.levels_below(1) == 2
    assert tree.within(5) == {5, 6}
    assert tree.enclosing(5) == [5, 6]


# --- The demo on an older database ------------------------------------------------------------


def test_load_demo_completes_territories_of_an_older_database(italian, english):
    TerritoryPage.objects.update(part_of=None, alternative_names="")
    call_command("load_demo", verbosity=0, stdout=StringIO())
    for language in ("it", "en"):
        assert len(expected_story_slugs(language)["emilia-romagna"]) == 1
        novara = territory(language, "novara")
        assert novara.part_of.slug == NOVARA_PROVINCE[language]
        assert novara.part_of.locale_id == novara.locale_id
        # The published revision carries it too, so the next edit keeps it.
        assert novara.live_revision.as_object().part_of_id == novara.part_of_id
        rho = territory(language, {"it": "rhodense", "en": "rho-area"}[language])
        assert rho.alternative_name_list == ["Rho"]
        assert rho.live_revision.as_object().alternative_names == "Rho"


def test_the_italian_list_reads_the_rolled_up_count(client):
    """The Italian list reads "Regione · 5 storie" for Lombardy."""
    html = client.get("/it/territori/").content.decode()
    assert re.search(r">Lombardia</a> <span class=\"meta\">Regione · 5 storie</span>", html)
