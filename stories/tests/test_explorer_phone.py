"""The explorer on a phone, as the server renders it: the filters in one disclosure, the
active ones as removal links ("chips") that lead back to the results, and the form saying how
filters combine, which is checked against what the explorer does. In both languages; the
script's part is tested in Chromium (tests/browser/test_explorer_phone.py).

Messages are read through gettext in the page's language: the Italian catalogue gets the new
strings after merging.
"""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext

from stories.explorer import RESULTS_ID
from stories.models import HashtagPage, StoryPage, TerritoryPage
from stories.years import story_years
from tests.helpers import add_stories
from tests.test_queries import count_queries

pytestmark = pytest.mark.django_db

INDEX_URLS = {"it": "/it/storie/", "en": "/en/stories/"}
# Every kind of filter at once, with slugs of each language.
ALL_FILTERS = {
    "it": {"hashtag": ["comunita", "risorse"], "territory": ["lombardia"], "programme": ["will"]},
    "en": {"hashtag": ["community", "resources"], "territory": ["lombardy"], "programme": ["will"]},
}


class ExplorerMarkup(HTMLParser):
    """The parts of an explorer page these tests look at."""

    def __init__(self):
        super().__init__()
        self.chips = []  # (href, accessible name)
        self.ids = []
        self.scripts = []
        self.disclosure = None
        self.form_in_disclosure = False
        self.summary_text = ""
        self.hints = {}  # id -> text
        self.described_by = {}  # id of a fieldset, form or select -> ids of its hints
        self._stack = []
        self._chip = None
        self._hidden_depth = 0
        self._in_summary = False
        self._hint = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "script":
            self.scripts.append(attrs)
        if tag == "details" and "explorer-disclosure" in (attrs.get("class") or ""):
            self.disclosure = attrs
        if tag == "form" and "details" in self._stack:
            self.form_in_disclosure = True
        if tag == "summary":
            self._in_summary = True
        # The form's controls only (the explorer's map describes itself too).
        if attrs.get("aria-describedby") and tag in {"fieldset", "form", "select", "input"}:
            key = attrs.get("id") or f"{tag}-{len(self.described_by)}"
            self.described_by[key] = attrs["aria-describedby"].split()
        if tag == "p" and "explorer-filters__hint" in (attrs.get("class") or ""):
            self._hint = attrs["id"]
            self.hints[self._hint] = ""
        if tag == "a" and "explorer-active__remove" in (attrs.get("class") or ""):
            self._chip = [attrs["href"], ""]
        if self._chip is not None and attrs.get("aria-hidden") == "true":
            self._hidden_depth = 1
        elif self._hidden_depth:
            self._hidden_depth += 1
        if tag not in {"input", "meta", "link", "br", "img"}:
            self._stack.append(tag)

    def handle_endtag(self, tag):
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()
        if self._hidden_depth:
            self._hidden_depth -= 1
        if tag == "a" and self._chip is not None:
            self.chips.append((self._chip[0], re.sub(r"\s+", " ", self._chip[1]).strip()))
            self._chip = None
        if tag == "summary":
            self._in_summary = False
        if tag == "p":
            self._hint = None

    def handle_data(self, data):
        if self._chip is not None and not self._hidden_depth:
            self._chip[1] += data
        if self._in_summary:
            self.summary_text += data
        if self._hint:
            self.hints[self._hint] += data


def markup(response):
    parser = ExplorerMarkup()
    parser.feed(response.content.decode())
    parser.summary_text = re.sub(r"\s+", " ", parser.summary_text).strip()
    parser.hints = {key: re.sub(r"\s+", " ", text).strip() for key, text in parser.hints.items()}
    return parser


def get(client, path, params=None):
    url = f"{path}?{urlencode(params, doseq=True)}" if params else path
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def result_slugs(client, path, params):
    return {story.slug for story in get(client, path, params).context["explorer"].stories_page}


# --- The disclosure ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["it", "en"])
def test_filters_fold_into_one_closed_disclosure_with_the_count_of_active_ones(client, language):
    plain = markup(get(client, INDEX_URLS[language]))
    # Closed as sent: the CSS shows the filters on wide screens.
    assert plain.disclosure == {"class": "explorer-disclosure", "data-explorer-disclosure": None}
    assert plain.form_in_disclosure
    with translation.override(language):
        assert plain.summary_text == gettext("Filters")
        filtered = markup(get(client, INDEX_URLS[language], ALL_FILTERS[language]))
        active = ngettext("%(counter)s active", "%(counter)s active", 4) % {"counter": 4}
        assert filtered.summary_text == f"{gettext('Filters')} {active}"


def test_the_script_is_a_deferred_file_of_the_explorer_only(client):
    page = markup(get(client, INDEX_URLS["it"]))
    explorer_scripts = [s for s in page.scripts if "explorer" in s.get("src", "")]
    assert len(explorer_scripts) == 1
    assert "defer" in explorer_scripts[0]
    inline = [s for s in page.scripts if not s.get("src")]
    assert all(s.get("type") == "application/ld+json" for s in inline), "no inline script (CSP)"
    story = StoryPage.objects.live().filter(locale__language_code="it").first()
    assert "js/explorer" not in get(client, story.url).content.decode()


# --- Landing on the results -------------------------------------------------------------


@pytest.mark.parametrize("language", ["it", "en"])
def test_form_and_removal_links_open_the_page_at_the_results(client, language):
    response = get(client, INDEX_URLS[language], ALL_FILTERS[language])
    page = markup(response)
    html = response.content.decode()
    assert page.ids.count(RESULTS_ID) == 1
    assert f'<h2 id="{RESULTS_ID}" tabindex="-1" class="explorer-results__title">' in html
    assert f'action="{INDEX_URLS[language]}#{RESULTS_ID}"' in html
    assert page.chips
    for href, _name in page.chips:
        assert urlsplit(href).fragment == RESULTS_ID


# --- Chips ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["it", "en"])
def test_each_chip_removes_its_filter_and_keeps_the_others(client, language):
    filters = {**ALL_FILTERS[language], "year": "2020", "sort": "title"}
    response = get(client, INDEX_URLS[language], filters)
    chips = markup(response).chips
    explorer = response.context["explorer"]
    labels = {
        option.value: option.label
        for facet in explorer.facets
        for option in facet.options
        if option.selected
    }
    labels["2020"] = "2020"
    with translation.override(language):
        remove = gettext("Remove filter")
        names = {
            "hashtag": gettext("Hashtag"),
            "territory": gettext("Territory"),
            "programme": gettext("Programme"),
            "year": gettext("Year"),
        }
    expected = {}
    for name, values in filters.items():
        if name == "sort":
            continue
        for value in [values] if isinstance(values, str) else values:
            rest = {
                key: [v for v in ([kept] if isinstance(kept, str) else kept) if v != value]
                for key, kept in filters.items()
            }
            rest = {key: kept for key, kept in rest.items() if kept}
            expected[f"{remove} {names[name]}: {labels[value]}"] = rest
    assert len(chips) == len(expected) == 5
    for href, accessible_name in chips:
        assert accessible_name in expected, accessible_name
        url = urlsplit(href)
        assert url.path == INDEX_URLS[language]
        assert parse_qs(url.query) == expected.pop(accessible_name)
        # Following the chip shows the list without that filter.
        assert get(client, f"{url.path}?{url.query}").status_code == 200
    assert not expected


def test_chip_of_the_last_filter_leads_to_the_plain_listing(client):
    chips = markup(get(client, "/en/stories/", {"hashtag": "community"})).chips
    assert [href for href, _name in chips] == [f"/en/stories/#{RESULTS_ID}"]


def test_a_hashtag_page_has_no_chip_for_its_own_hashtag(client, italian):
    hashtag = HashtagPage.objects.get(locale=italian, code="comunita")
    chips = markup(get(client, hashtag.url, {"hashtag": "risorse", "year": "2020"})).chips
    assert [urlsplit(href).path for href, _name in chips] == [hashtag.url]
    assert [name.rsplit(": ", 1)[1] for _href, name in chips] == ["2020"]


# --- How filters combine ----------------------------------------------------------------


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_form_says_how_filters_combine(client, language):
    page = markup(get(client, INDEX_URLS[language]))
    with translation.override(language):
        assert page.hints == {
            "explorer-filters-combination": gettext("Stories shown match all of these filters."),
            "filter-hashtag-hint": gettext("Any of these hashtags"),
            "filter-territory-hint": gettext(
                "Any of these territories, with the places within them"
            ),
            "filter-programme-hint": gettext("Any of these programmes"),
            "filter-year-hint": gettext("Stories under way in that year"),
        }
    # Each hint describes the group or control it is about.
    assert page.described_by["filter-year"] == ["filter-year-hint"]
    described = {hint for hints in page.described_by.values() for hint in hints}
    assert described == set(page.hints)


def test_a_territory_page_says_nothing_about_territories(client, italian):
    territory = TerritoryPage.objects.get(locale=italian, slug="lombardia")
    hints = markup(get(client, territory.url)).hints
    assert "filter-territory-hint" not in hints
    assert {"filter-hashtag-hint", "filter-programme-hint"} <= set(hints)


@pytest.mark.parametrize("language", ["it", "en"])
def test_what_the_form_says_is_what_the_explorer_does(client, language):
    path = INDEX_URLS[language]
    # "Any of these hashtags": two ticked values show the stories of either (two hashtags
    # of the demo that each have stories the other has not, so OR and AND differ).
    hashtags = {
        option.value: result_slugs(client, path, {"hashtag": option.value})
        for option in get(client, path).context["explorer"].facets[0].options
        if option.available
    }
    first, second = next(
        (a, b)
        for a in hashtags
        for b in hashtags
        if hashtags[a] - hashtags[b] and hashtags[b] - hashtags[a]
    )
    either = result_slugs(client, path, {"hashtag": [first, second]})
    assert either == hashtags[first] | hashtags[second]
    # "All of these filters": a hashtag and a programme show the stories with both.
    programme = ALL_FILTERS[language]["programme"][0]
    both = result_slugs(client, path, {"hashtag": first, "programme": programme})
    assert both == hashtags[first] & result_slugs(client, path, {"programme": programme})
    assert both != hashtags[first]
    # "With the places within them": a region shows the stories of its cities.
    region = ALL_FILTERS[language]["territory"][0]
    city = "como"
    assert result_slugs(client, path, {"territory": city}) < result_slugs(
        client, path, {"territory": region}
    )
    # "Under way in that year": a story running from 2019 to 2021 is a 2020 story.
    in_2020 = result_slugs(client, path, {"year": "2020"})
    explorer = get(client, path).context["explorer"]
    running = {
        story.slug
        for story in explorer.stories
        if 2020 in story_years(story.first_year, story.last_year, explorer.this_year)
    }
    assert in_2020 == running


# --- Bad input --------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize(
    "params",
    [
        {"hashtag": "\x00"},
        {"territory": "como\x00"},
        {"year": "20\x0020", "hashtag": "comunita"},
    ],
)
def test_a_nul_is_still_refused_with_a_readable_400(client, language, params):
    response = client.get(f"{INDEX_URLS[language]}?{urlencode(params, doseq=True)}")
    assert response.status_code == 400
    assert b"<html" in response.content
    assert b"\x00" not in response.content


@pytest.mark.parametrize(
    "params",
    [
        {"hashtag": ['"><script>alert(1)</script>', "comunita"]},
        {"hashtag": "comunita", "year": "abc", "page": "-1", "sort": "x"},
        {"hashtag": ["comunita"] * 3 + ["x" * 5000]},
        {"territory": "lombardia#results", "programme": "will?x=1"},
    ],
)
def test_unusable_values_get_no_chip(client, params):
    response = get(client, "/it/storie/", params)
    html = response.content.decode()
    assert "<script>alert" not in html
    chips = markup(response).chips
    explorer = response.context["explorer"]
    assert len(chips) == len(explorer.active_filters)
    for href, _name in chips:
        url = urlsplit(href)
        assert url.fragment == RESULTS_ID
        for name, values in parse_qs(url.query).items():
            for value in values:
                assert re.fullmatch(r"[-\w]+", value), (name, value)


# --- Queries ----------------------------------------------------------------------------


def test_chips_cost_no_query_and_counts_stay_flat(client, italian, django_assert_num_queries):
    hashtag, territory = add_stories(5, italian)
    url = (
        f"/it/storie/?hashtag={hashtag.slug}&hashtag=risorse&territory={territory.slug}"
        "&programme=welfare-in-azione&programme=will&year=2020&sort=title"
    )
    few = count_queries(client, url)
    explorer = client.get(url).context["explorer"]
    # The chips come from the counts already made.
    with django_assert_num_queries(0):
        assert len(explorer.active_filters) == 6
        assert explorer.results_url == f"/it/storie/#{RESULTS_ID}"
    add_stories(20, italian, first_number=5)
    assert count_queries(client, url) == few
