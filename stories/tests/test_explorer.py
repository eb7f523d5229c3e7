"""The story explorer: filters, counts, sorting, pagination and bad input, on the story index
and on the hashtag and territory pages, in both languages.

Expected results are worked out here from the models, story by story, so the tests follow the
demo content; a few anchors pin what the demo content is known to hold.
"""

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from core.cache import bump_content_version
from stories.explorer import MAX_VALUES_PER_FILTER, StoryExplorer
from stories.factories import StoryPageFactory, TerritoryPageFactory
from stories.models import HashtagPage, StoryIndexPage, StoryPage, TerritoryPage
from stories.queries import STORIES_PER_PAGE
from stories.tasks import warm_listings
from tests.helpers import add_stories

pytestmark = pytest.mark.django_db

INDEX_URLS = {"it": "/it/storie/", "en": "/en/stories/"}


# --- Helpers ----------------------------------------------------------------------------


def demo_stories(language):
    """Every live story of a language with what the filters look at, newest first."""
    stories = (
        StoryPage.objects.live()
        .filter(locale__language_code=language)
        .select_related("programme")
        .prefetch_related("hashtag_links__hashtag", "territory_links__territory")
        .order_by("-first_published_at", "title", "pk")
    )
    this_year = timezone.localdate().year
    described = []
    for story in stories:
        years = set()
        first, last = story.start_year, story.end_year
        edition = story.programme_edition
        if first is None and edition is not None:
            # Without project years a story belongs to its edition's year.
            first = edition.year
            last = last if last is not None else edition.year
        if first:
            end = last or max(first, this_year)
            years = set(range(first, end + 1))
        described.append(
            {
                "slug": story.slug,
                "title": story.title,
                "hashtag": {link.hashtag.slug for link in story.hashtag_links.all()},
                "territory": {
                    slug
                    for link in story.territory_links.all()
                    for slug in enclosing_slugs(link.territory)
                },
                "programme": {story.programme.slug} if story.programme else set(),
                "year": years,
            }
        )
    return described


def enclosing_slugs(territory):
    """A territory's slug and those of the territories it lies within: a story of a city
    is a story of its province and its region too."""
    slugs = []
    while territory is not None:
        slugs.append(territory.slug)
        territory = territory.part_of
    return slugs


def matches(story, filters):
    for name, values in filters.items():
        if name == "year":
            if int(values) not in story["year"]:
                return False
        elif not story[name] & set(values):
            return False
    return True


def expected_slugs(language, filters):
    return [story["slug"] for story in demo_stories(language) if matches(story, filters)]


def get(client, path, params=None):
    url = f"{path}?{urlencode(params, doseq=True)}" if params else path
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def explorer_of(response):
    return response.context["explorer"]


def result_slugs(response):
    return [story.slug for story in explorer_of(response).stories_page]


def facet(response, name):
    return next(f for f in explorer_of(response).facets if f.name == name)


class FormControls(HTMLParser):
    """Form controls of the explorer form and the labels pointing at them."""

    def __init__(self):
        super().__init__()
        self.in_form = False
        self.controls = []
        self.labels = set()
        self.meta_robots = None
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name") == "robots":
            self.meta_robots = attrs.get("content")
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "form" and "explorer-filters" in (attrs.get("class") or ""):
            self.in_form = True
        if not self.in_form:
            return
        if tag in ("input", "select") and attrs.get("type") != "hidden":
            self.controls.append(attrs)
        if tag == "label":
            self.labels.add(attrs.get("for"))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False


def parse_page(response):
    parser = FormControls()
    parser.feed(response.content.decode())
    return parser


# --- Listing and filtering --------------------------------------------------------------


@pytest.mark.parametrize("language", ["it", "en"])
def test_unfiltered_index_lists_every_story_newest_first(client, language):
    response = get(client, INDEX_URLS[language])
    stories = demo_stories(language)
    assert result_slugs(response) == [story["slug"] for story in stories]
    assert explorer_of(response).total == len(stories) == 5
    assert parse_page(response).meta_robots is None


def test_result_count_is_announced_in_a_heading(client):
    response = get(client, INDEX_URLS["en"], {"programme": "will"})
    html = response.content.decode()
    # The heading the form and the removal links lead to (#results), focusable by script.
    assert '<h2 id="results" tabindex="-1" class="explorer-results__title">2 stories</h2>' in html
    assert '<section class="explorer-results" aria-labelledby="results">' in html


@pytest.mark.parametrize(
    ("language", "filters"),
    [
        ("it", {"hashtag": ["risorse"]}),
        ("it", {"territory": ["piemonte"]}),
        ("it", {"programme": ["will"]}),
        ("it", {"year": "2020"}),
        ("en", {"hashtag": ["resources"]}),
        ("en", {"territory": ["veneto"]}),
        ("en", {"programme": ["welfare-in-azione"]}),
        ("en", {"year": "2024"}),
    ],
)
def test_each_filter_alone(client, language, filters):
    response = get(client, INDEX_URLS[language], filters)
    expected = expected_slugs(language, filters)
    assert 0 < len(expected) < len(demo_stories(language)), "the filter should narrow the list"
    assert result_slugs(response) == expected
    assert explorer_of(response).total == len(expected)


@pytest.mark.parametrize(
    ("language", "filters"),
    [
        # Two values of one filter: either will do.
        ("it", {"hashtag": ["risorse", "partnership"]}),
        ("en", {"territory": ["como", "lombardy"]}),
        # Different filters: all must hold.
        ("it", {"hashtag": ["comunita"], "territory": ["lombardia"]}),
        ("it", {"hashtag": ["comunita"], "programme": ["will"], "year": "2021"}),
        ("en", {"hashtag": ["innovation", "resources"], "programme": ["welfare-in-azione"]}),
        ("en", {"territory": ["como"], "year": "2019", "hashtag": ["partnership"]}),
    ],
)
def test_filters_combine(client, language, filters):
    response = get(client, INDEX_URLS[language], filters)
    expected = expected_slugs(language, filters)
    assert expected
    assert result_slugs(response) == expected


def test_combined_filters_match_the_demo_content(client):
    # A region holds the stories of its provinces, districts and cities.
    response = get(client, "/it/storie/", {"hashtag": "comunita", "territory": "lombardia"})
    assert sorted(result_slugs(response)) == [
        "fundraising-di-comunita",
        "wellfare-legami-provincia-di-cremona",
        "will-casi-studio-monza-como-rovigo",
        "will-laboratorio-welfare-locale",
    ]
    response = get(client, "/it/storie/", {"hashtag": "comunita", "territory": "piemonte"})
    assert result_slugs(response) == ["will-laboratorio-welfare-locale"]
    response = get(client, "/en/stories/", {"hashtag": ["resources", "partnership"]})
    assert len(result_slugs(response)) == 4
    response = get(client, "/en/stories/", {"programme": "will", "year": "2020"})
    assert sorted(result_slugs(response)) == [
        "will-case-studies-monza-como-rovigo",
        "will-local-welfare-lab",
    ]


@pytest.mark.parametrize(
    ("language", "filters"),
    [
        ("it", {}),
        ("it", {"territory": ["como"]}),
        ("it", {"hashtag": ["comunita"], "year": "2020"}),
        ("en", {"programme": ["welfare-in-azione"], "hashtag": ["community", "resources"]}),
    ],
)
def test_counts_say_what_each_value_would_show(client, language, filters):
    """A value's count is taken over the stories the other filters let through."""
    response = get(client, INDEX_URLS[language], filters)
    stories = demo_stories(language)
    explorer = explorer_of(response)
    for shown in explorer.facets:
        others = {name: values for name, values in filters.items() if name != shown.name}
        for option in shown.options:
            expected = sum(
                1
                for story in stories
                if matches(story, others) and option.value in story[shown.name]
            )
            assert option.count == expected, (shown.name, option.value)
            assert option.available == sum(1 for s in stories if option.value in s[shown.name])
            assert option.selected == (option.value in filters.get(shown.name, []))
    others = {name: values for name, values in filters.items() if name != "year"}
    for option in explorer.year_options:
        year = int(option.value)
        assert option.count == sum(1 for s in stories if matches(s, others) and year in s["year"])


def test_years_offered_are_the_years_stories_run(client, italian):
    response = get(client, "/it/storie/")
    offered = [option.value for option in explorer_of(response).year_options]
    # From the 2014 edition of the Cremona story to the end of WILL.
    assert offered == [str(year) for year in range(2014, 2025)]
    assert '<option value="2019">2019 (2)</option>' in response.content.decode()


def test_a_story_without_end_year_runs_up_to_this_year(client):
    this_year = timezone.localdate().year
    story = StoryPageFactory(start_year=2020, end_year=None)
    response = get(client, "/it/storie/", {"year": this_year})
    assert result_slugs(response) == [story.slug]
    offered = [option.value for option in explorer_of(response).year_options]
    assert offered[-1] == str(this_year)
    response = get(client, "/it/storie/", {"year": this_year + 1})
    assert result_slugs(response) == []


@pytest.mark.parametrize("language", ["it", "en"])
def test_sort_orders(client, language):
    stories = demo_stories(language)
    newest = [story["slug"] for story in stories]
    by_title = [story["slug"] for story in sorted(stories, key=lambda s: (s["title"], s["slug"]))]
    assert result_slugs(get(client, INDEX_URLS[language], {"sort": "newest"})) == newest
    assert result_slugs(get(client, INDEX_URLS[language], {"sort": "title"})) == by_title
    oldest = result_slugs(get(client, INDEX_URLS[language], {"sort": "oldest"}))
    assert oldest == newest[::-1]


def test_form_shows_the_chosen_values(client):
    response = get(
        client, "/en/stories/", {"hashtag": "community", "year": "2020", "sort": "title"}
    )
    html = response.content.decode()
    assert 'name="hashtag" value="community" id="filter-hashtag-1" checked>' in html
    assert 'name="hashtag" value="innovation" id="filter-hashtag-2">' in html
    assert '<option value="2020" selected>' in html
    assert '<option value="title" selected>' in html


def test_active_filters_can_be_removed_one_by_one(client):
    response = get(
        client, "/it/storie/", {"hashtag": ["comunita", "risorse"], "year": "2020", "sort": "title"}
    )
    removals = {f.value: f.remove_url for f in explorer_of(response).active_filters}
    assert set(removals) == {"#Comunità", "#Risorse", "2020"}
    remove_comunita = urlsplit(removals["#Comunità"])
    assert remove_comunita.path == "/it/storie/"
    assert remove_comunita.fragment == "results"
    assert parse_qs(remove_comunita.query) == {
        "hashtag": ["risorse"],
        "year": ["2020"],
        "sort": ["title"],
    }
    assert parse_qs(urlsplit(removals["2020"]).query) == {
        "hashtag": ["comunita", "risorse"],
        "sort": ["title"],
    }
    html = response.content.decode()
    for url in removals.values():
        assert f'href="{url.replace("&", "&amp;")}"' in html


def test_form_controls_are_labelled_and_sent_with_get(client):
    response = get(client, "/en/stories/", {"territory": "como"})
    html = response.content.decode()
    assert '<form class="explorer-filters" method="get" action="/en/stories/#results"' in html
    page = parse_page(response)
    assert len(page.controls) > 10
    for control in page.controls:
        assert control["id"] in page.labels, control
    assert html.count("<fieldset") == html.count("<legend>") == 3
    assert 'href="/en/stories/#results" data-explorer-link>Clear filters</a>' in html
    assert '<button type="submit" class="button">Show stories</button>' in html


# --- Empty state and pagination ---------------------------------------------------------


def test_empty_state_when_nothing_matches(client):
    # Milan is a known territory with no story: the filter is valid, the list empty.
    response = get(client, "/en/stories/", {"territory": "milan"})
    assert result_slugs(response) == []
    html = response.content.decode()
    assert "0 stories</h2>" in html
    assert "No stories match these filters." in html
    assert '<a href="/en/stories/#results">clear all filters</a>' in html
    assert not explorer_of(response).ignored
    # The chosen value stays in the form, so it can be unticked.
    assert 'value="milan" id="filter-territory-' in html


def test_empty_state_for_a_year_without_stories(client):
    response = get(client, "/en/stories/", {"year": "1950"})
    assert result_slugs(response) == []
    assert "No stories match these filters." in response.content.decode()


def test_pagination_keeps_the_filters(client, italian):
    add_stories(15, italian)
    filters = {"hashtag": "comunita", "programme": "welfare-in-azione", "sort": "title"}
    expected = [
        story["slug"]
        for story in sorted(demo_stories("it"), key=lambda s: (s["title"], s["slug"]))
        if matches(story, {"hashtag": ["comunita"], "programme": ["welfare-in-azione"]})
    ]
    assert len(expected) == 17
    first = get(client, "/it/storie/", {**filters, "year": "abc"})
    assert result_slugs(first) == expected[:12]
    next_links = [link for link in parse_page(first).links if "page=2" in link]
    assert len(next_links) == 1
    query = parse_qs(urlsplit(next_links[0]).query)
    # The usable filters travel on, the unusable year does not.
    assert query == {
        "hashtag": ["comunita"],
        "programme": ["welfare-in-azione"],
        "sort": ["title"],
        "page": ["2"],
    }
    second = client.get("/it/storie/" + next_links[0])
    assert result_slugs(second) == expected[12:]
    previous = [link for link in parse_page(second).links if "page=1" in link]
    assert parse_qs(urlsplit(previous[0]).query)["hashtag"] == ["comunita"]


def test_pagination_component_keeps_the_request_query_elsewhere(rf):
    """Listings that pass no ``query`` (the report index) keep the request's parameters."""

    class FakePage:
        number = 2
        paginator = type("FakePaginator", (), {"num_pages": 3})()

        def has_other_pages(self):
            return True

        def has_previous(self):
            return True

        def has_next(self):
            return True

        previous_page_number = 1
        next_page_number = 3

    request = rf.get("/it/pubblicazioni/", {"topic": "x", "page": "2"})
    html = render_to_string("components/pagination.html", {"page_obj": FakePage()}, request)
    assert 'href="?topic=x&amp;page=1" rel="prev"' in html
    assert 'href="?topic=x&amp;page=3" rel="next"' in html


def test_noindex_on_filtered_and_sorted_views_only(client, italian):
    assert parse_page(get(client, "/it/storie/")).meta_robots is None
    for params in ({"hashtag": "comunita"}, {"year": "2020"}, {"sort": "title"}, {"year": "x"}):
        assert parse_page(get(client, "/it/storie/", params)).meta_robots == "noindex"
    add_stories(15, italian)
    assert parse_page(get(client, "/it/storie/", {"page": "2"})).meta_robots is None


# --- Bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "ignored"),
    [
        ({"hashtag": "nope"}, [("hashtag", "nope")]),
        ({"hashtag": ["comunita", "nope"]}, [("hashtag", "nope")]),
        ({"territory": "lombardy"}, [("territory", "lombardy")]),  # an English slug on /it/
        ({"programme": "../etc/passwd"}, [("programme", "../etc/passwd")]),
        ({"year": "abc"}, [("year", "abc")]),
        ({"year": "99999"}, [("year", "99999")]),
        ({"year": "-5"}, [("year", "-5")]),
        ({"year": "2020.5"}, [("year", "2020.5")]),
        ({"sort": "foo"}, [("sort", "foo")]),
        ({"page": "-1"}, [("page", "-1")]),
        ({"page": "0"}, [("page", "0")]),
        ({"page": "abc"}, [("page", "abc")]),
        ({"page": "999"}, [("page", "999")]),
        ({"page": "9" * 5000}, [("page", "9" * 39 + "…")]),
        # Digits of other scripts, which int() reads: no year, no page number here.
        ({"year": "٢٠٢٠"}, [("year", "٢٠٢٠")]),
        ({"page": "١"}, [("page", "١")]),
        ({"year": "²⁰²⁰"}, [("year", "²⁰²⁰")]),
        ({"territory": "x" * 20000}, [("territory", "x" * 39 + "…")]),
        (
            {"hashtag": "nope", "year": "abc", "sort": "foo", "page": "abc"},
            [("hashtag", "nope"), ("year", "abc"), ("sort", "foo"), ("page", "abc")],
        ),
    ],
)
def test_unusable_values_are_named_and_ignored(client, params, ignored):
    response = get(client, "/it/storie/", params)
    explorer = explorer_of(response)
    assert [(item.name, item.value[:40]) for item in explorer.ignored] == ignored
    html = response.content.decode()
    with translation.override("it"):
        assert escape(gettext("Some filters could not be used and were ignored:")) in html
    assert "\x00" not in html
    assert "x" * 41 not in html
    assert "9" * 41 not in html
    # Whatever was usable still applies.
    usable = {"hashtag": ["comunita"]} if params.get("hashtag") == ["comunita", "nope"] else {}
    expected = expected_slugs("it", usable)
    assert result_slugs(response) == expected
    assert explorer.total == len(expected)


@pytest.mark.parametrize("params", [{"hashtag": "\x00"}, {"year": "20\x0020"}, {"q": "a\x00"}])
def test_a_nul_in_the_filters_is_refused_before_any_query(client, params):
    """PostgreSQL refuses a NUL in a query: refused where it enters
    (core.middleware.RequestInputMiddleware)."""
    response = client.get(f"/it/storie/?{urlencode(params)}")
    assert response.status_code == 400


def test_a_page_past_the_end_shows_the_last_page(client, italian):
    add_stories(15, italian)
    response = get(client, "/it/storie/", {"page": "7"})
    assert explorer_of(response).stories_page.number == 2
    assert [item.name for item in explorer_of(response).ignored] == ["page"]


def test_too_many_values_are_cut_short(client):
    values = ["comunita"] + [f"tag-{number}" for number in range(MAX_VALUES_PER_FILTER + 20)]
    response = get(client, "/it/storie/", {"hashtag": values})
    explorer = explorer_of(response)
    assert explorer.selected["hashtag"] == ["comunita"]
    assert len(explorer.ignored) == MAX_VALUES_PER_FILTER + 20
    html = response.content.decode()
    # Italian quotes the value «like this».
    assert html.count("«tag-") == 10
    assert f"e ancora {MAX_VALUES_PER_FILTER + 10} valori" in html


def test_unknown_parameters_are_left_alone(client):
    response = get(client, "/it/storie/", {"utm_source": "newsletter", "q": "x"})
    assert not explorer_of(response).ignored
    assert parse_page(response).meta_robots is None


# --- Hashtag and territory pages --------------------------------------------------------


@pytest.mark.parametrize(("language", "code"), [("it", "comunita"), ("en", "partnership")])
def test_hashtag_page_lists_its_stories_with_the_other_filters(client, language, code):
    hashtag = HashtagPage.objects.get(locale__language_code=language, code=code)
    response = get(client, hashtag.url)
    assert result_slugs(response) == expected_slugs(language, {"hashtag": [hashtag.slug]})
    explorer = explorer_of(response)
    assert [f.name for f in explorer.facets] == ["territory", "programme"]
    html = response.content.decode()
    assert 'name="hashtag"' not in html
    assert 'name="territory"' in html
    assert 'name="year"' in html
    assert escape(hashtag.meaning[:40]) in html
    programme = "will"
    filtered = get(client, hashtag.url, {"programme": programme})
    assert result_slugs(filtered) == expected_slugs(
        language, {"hashtag": [hashtag.slug], "programme": [programme]}
    )
    assert parse_page(filtered).meta_robots == "noindex"
    # Counts on a hashtag page are counts among that hashtag's stories.
    for option in facet(response, "programme").options:
        assert option.count == len(
            expected_slugs(language, {"hashtag": [hashtag.slug], "programme": [option.value]})
        )


def test_hashtag_page_ignores_a_hashtag_parameter(client, italian):
    hashtag = HashtagPage.objects.get(locale=italian, code="risorse")
    response = get(client, hashtag.url, {"hashtag": "comunita"})
    assert result_slugs(response) == expected_slugs("it", {"hashtag": ["risorse"]})
    assert not explorer_of(response).ignored


@pytest.mark.parametrize(("language", "slug"), [("it", "como"), ("en", "lombardy")])
def test_territory_page_lists_its_stories_with_the_other_filters(client, language, slug):
    territory = TerritoryPage.objects.get(locale__language_code=language, slug=slug)
    response = get(client, territory.url)
    assert result_slugs(response) == expected_slugs(language, {"territory": [slug]})
    assert [f.name for f in explorer_of(response).facets] == ["hashtag", "programme"]
    html = response.content.decode()
    assert 'name="territory"' not in html
    assert '<dl class="facts">' in html
    hashtag = sorted(set().union(*(s["hashtag"] for s in demo_stories(language))))[0]
    filtered = get(client, territory.url, {"hashtag": hashtag})
    assert result_slugs(filtered) == expected_slugs(
        language, {"territory": [slug], "hashtag": [hashtag]}
    )


def test_territory_page_keeps_its_facts(client):
    territory = TerritoryPageFactory(
        kind="province",
        population=362000,
        population_year=2023,
        population_source="ISTAT, popolazione residente al 1° gennaio",
        description="Una provincia di prova, tra il Po e l'Adda, con le sue storie.",
    )
    html = get(client, territory.url).content.decode()
    assert territory.get_region_display() in html
    assert "362000 (2023)" in html
    assert escape(territory.population_source) in html
    assert escape(territory.description[:40]) in html


def test_territory_without_stories_shows_the_empty_state(client):
    territory = TerritoryPageFactory(language="en")
    response = get(client, territory.url)
    assert result_slugs(response) == []
    assert "No stories published here yet." in response.content.decode()


# --- Queries ----------------------------------------------------------------------------


def test_explorer_runs_a_fixed_number_of_queries(italian, django_assert_num_queries):
    index = StoryIndexPage.objects.get(locale=italian)
    # The stories as the page lists them, so the index is the one the worker builds.
    stories = index.listed_stories(StoryPage.objects.live())

    def explore(params):
        request = RequestFactory().get("/it/storie/", params)
        return StoryExplorer(request, stories, locale_id=italian.pk, listing=index.listing_name)

    explore({})  # warm the process caches (content types, private sections), build the index
    # Counting and paginating read the listing's index, kept under the content version.
    with django_assert_num_queries(0):
        explorer = explore({"hashtag": ["comunita", "risorse"], "year": "2020"})
    # The page's cards by id, then renditions, hashtags and territories.
    with django_assert_num_queries(4):
        assert len(list(explorer.stories_page)) == explorer.total == 2
    # Values that name no page cost nothing either.
    with django_assert_num_queries(0):
        explorer = explore({"hashtag": ["comunita", "nope"], "territory": "emilia-romagna"})
    assert explorer.total == 1
    # After a publish the index is built again, in the same number of queries whatever the
    # number of stories: the view restrictions, the stories, the facet pages, the links to
    # hashtags and to territories, the territory tree.
    bump_content_version()
    with django_assert_num_queries(6):
        explorer = explore({"sort": "title"})
    assert explorer.total == len(stories)
    # Another order is one more, read with the page's cards (not when the explorer's
    # fragment comes from the cache: stories/templatetags/explorer_tags.py).
    with django_assert_num_queries(5):
        assert len(list(explorer.stories_page)) == min(STORIES_PER_PAGE, len(stories))
    # Or the worker builds it after a publish (stories.tasks), and readers wait for nothing.
    community = explore({"hashtag": "comunita"}).total
    bump_content_version()
    assert warm_listings.call() >= 4
    with django_assert_num_queries(0):
        assert explore({"hashtag": "comunita"}).total == community > 0
    # The other orders too: the page's cards are all a sorted view reads.
    for sort in ("title", "oldest"):
        explorer = explore({"hashtag": "comunita", "sort": sort})
        with django_assert_num_queries(4):
            assert len(list(explorer.stories_page)) == min(STORIES_PER_PAGE, community)


def explorer_urls(italian, hashtag, territory):
    return [
        f"/it/storie/?hashtag={hashtag.slug}&territory={territory.slug}&sort=title",
        "/it/storie/?programme=welfare-in-azione&year=2020&page=2",
        f"{hashtag.url}?programme=welfare-in-azione&sort=oldest",
        f"{territory.url}?hashtag={hashtag.slug}&year=2021",
    ]


def count_queries(client, url):
    client.get(url)  # warm the caches that live for the process
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_filtered_pages_stay_within_the_query_budget(client, italian):
    hashtag, territory = add_stories(5, italian)
    for url in explorer_urls(italian, hashtag, territory):
        assert count_queries(client, url) <= 15, url
