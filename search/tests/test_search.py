"""Site search: results in the reader's language, highlighted and paginated, safe with any
input, read-only, within the query budget; word forms and accents matched alike on SQLite and
PostgreSQL, with suggestions when nothing matches."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.models import Page

from search.engine import PageSearch, excerpt_around_stems
from search.models import PageText
from search.query import MAX_QUERY_LENGTH, parse_query
from search.text import Stemmer, edit_distance, fold, folded_words
from stories.models import ProgrammeStoryIndexPage, StoryPage

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    "comunità\u200bwelfare",
    "welfare " * 1500,
    "-Data",
    "Data-X.2",
    '"unbalanced',
    "AND OR NOT ( ) * : ! & |",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\\",
    # tsquery and FTS5 syntax: only the words reach either.
    '"',
    "*",
    "NEAR(welfare comunità, 2)",
    "a & | !",
    "welfare:* & !comunità <-> (rete",
    "title : welfare^ {body}",
    "x" * 10_000,
]


def search_url(language, query=None, page=None):
    with translation.override(language):
        url = reverse("search")
    params = {}
    if query is not None:
        params["q"] = query
    if page is not None:
        params["page"] = page
    return url, params


def search(client, language, query=None, page=None):
    url, params = search_url(language, query, page)
    return client.get(url, params)


def result_urls(response):
    return re.findall(r'class="search-result__title"><a href="([^"]+)"', response.content.decode())


def publish_story(locale, slug, title, summary):
    index = ProgrammeStoryIndexPage.objects.filter(locale=locale).first()
    story = StoryPage(title=title, slug=slug, summary=summary, body=[])
    index.add_child(instance=story)
    story.save_revision().publish()
    return story


# --- The query as typed ----------------------------------------------------------------


def test_parse_query_drops_control_characters():
    query = parse_query("wel\x00fare\u200b \x07comunità\tok")
    assert query.text == "welfare comunità ok"
    assert query.had_unsearchable_characters
    assert query.words == ("welfare", "comunità", "ok")


def test_parse_query_caps_the_length_on_a_word_boundary():
    query = parse_query("welfare " * 1500)
    assert query.was_shortened
    assert len(query.text) <= MAX_QUERY_LENGTH
    assert query.text.split(" ")[-1] == "welfare"
    assert not parse_query("welfare").was_shortened


def test_parse_query_reads_phrases_exclusions_and_punctuation():
    query = parse_query('"community welfare" -Cremona OR Data-X.2 ( ) * : ! & |')
    assert query.words == ("community", "welfare", "or", "data", "x", "2")
    assert query.terms == (("community", "welfare"), ("or",), ("data",), ("x",), ("2",))
    assert query.excluded_words == ("cremona",)
    assert parse_query("-Data").can_search is False
    assert parse_query('-"welfare community" "unbalanced').terms == (("unbalanced",),)
    assert parse_query('-"welfare community"').excluded_terms == (("welfare", "community"),)
    assert parse_query("( ) * : ! & |").can_search is False


def test_or_and_not_are_words_not_operators():
    assert parse_query("AND OR NOT ( ) * : ! & |").terms == (("and",), ("or",), ("not",))
    assert parse_query("welfare or comunità").words == ("welfare", "or", "comunità")


def test_words_are_folded_and_stemmed_per_language():
    assert fold("COMUNITÀ") == fold("comunita") == "comunita"
    assert folded_words("Dell'anziano, œuvre: Straße 2014") == [
        "dell",
        "anziano",
        "oeuvre",
        "strasse",
        "2014",
    ]
    italian, english = Stemmer("it"), Stemmer("en")
    assert italian("famiglia") == italian("famiglie")
    assert italian(fold("eredità")) == italian("eredita")
    assert italian("comunitario") == italian("comunitaria")
    assert english("communities") == english("community")
    assert english("families") == english("family")
    # Each language by its own rules: English does not give Italian plurals one stem.
    assert english("famiglia") != english("famiglie")
    assert edit_distance("welfere", "welfare", 2) == 1
    assert edit_distance("welfare", "xx", 2) == 3


def test_excerpts_escape_content_and_mark_only_matches():
    stem = Stemmer("it")
    html = excerpt_around_stems("Un <b>welfare</b> & co: welfareX Welfare", {"welf"}, stem)
    assert html == (
        "Un &lt;b&gt;<mark>welfare</mark>&lt;/b&gt; &amp; co: welfareX <mark>Welfare</mark>"
    )
    html = excerpt_around_stems("Le Famiglie e la comunità", {stem("famiglia"), "comun"}, stem)
    assert html == "Le <mark>Famiglie</mark> e la <mark>comunità</mark>"


def test_excerpt_is_a_window_around_the_first_match():
    stem = Stemmer("it")
    text = " ".join(["parola"] * 100 + ["cooperative"] + ["altro"] * 100)
    html = excerpt_around_stems(text, {stem("cooperativa")}, stem)
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>cooperative</mark>" in html
    assert len(html) < 300


def test_the_index_matches_phrases_exclusions_and_suggests_only_what_finds_pages(italian):
    first = publish_story(italian, "okapi-1", "Gli okapi di Cremona", "Un welfare quaggario.")
    second = publish_story(italian, "okapi-2", "#Zebrità", "Storie di zebrità e di tapirità.")
    search = PageSearch("it")

    def found(text):
        query = parse_query(text)
        return set(search.search(query.terms, query.excluded_terms))

    assert found("OKAPI") == {first.pk} and found("zebrita") == {second.pk}
    assert found("Tapirita") == {second.pk}
    assert found('"welfare quaggario"') == {first.pk} and found('"quaggario welfare"') == set()
    assert found("zebrità -tapirità") == set() and found("okapi -zebrità") == {first.pk}
    query = parse_query("quagario zebrita")
    suggestions = search.suggest(query.terms, query.excluded_terms)
    assert any("quaggario" in text for text in suggestions)
    assert all(found(text) for text in suggestions)
    assert search.suggest(parse_query("zzzz").terms) == []


# --- The results page ------------------------------------------------------------------


def test_search_urls_are_translated():
    assert search_url("en")[0] == "/en/search/"
    with translation.override("it"):
        if gettext("search/") == "search/":
            pytest.skip("the Italian catalogue with 'cerca/' is not compiled yet")
    assert search_url("it")[0] == "/it/cerca/"


def test_results_are_only_in_the_readers_language(client):
    for language in ("it", "en"):
        response = search(client, language, "Cremona")
        urls = result_urls(response)
        assert response.status_code == 200
        assert urls, f"no {language} result for Cremona"
        assert all(url.startswith(f"/{language}/") for url in urls)
        assert {page.locale.language_code for page in response.context["results"]} == {language}


def test_a_word_found_only_in_english_is_not_found_in_italian(client, english):
    publish_story(english, "quokka-story", "A quokka story", "Quokkas visit the community lab.")
    assert result_urls(search(client, "en", "quokka")) == [
        "/en/stories/welfare-in-azione/quokka-story/"
    ]
    assert result_urls(search(client, "it", "quokka")) == []


def test_results_show_type_title_link_and_highlighted_excerpt(client, english):
    publish_story(
        english,
        "xss-story",
        "Ocelot <em>story</em>",
        "The ocelot <script>alert(1)</script> met R&D teams.",
    )
    response = search(client, "en", "ocelot")
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 result for “ocelot”" in html
    assert 'class="search-result__type">Story<' in html
    assert (
        '<a href="/en/stories/welfare-in-azione/xss-story/">Ocelot &lt;em&gt;story&lt;/em&gt;</a>'
        in html
    )
    assert "<mark>ocelot</mark>" in html.lower()
    # PostgreSQL's headline drops tag-like text, the SQLite excerpt shows it escaped.
    assert "<script>" not in html and "alert(1)" in html
    assert "R&amp;D teams" in html
    html = search(client, "en", "<i>zxqvbn</i>").content.decode()
    assert "Nothing matches “&lt;i&gt;zxqvbn&lt;/i&gt;”." in html


def test_results_paginate_ten_per_page_and_keep_the_query(client, italian):
    for number in range(12):
        publish_story(italian, f"okapi-{number}", f"Storia okapi {number}", "Un okapi in rete.")
    first = search(client, "it", "okapi")
    assert len(result_urls(first)) == 10
    assert first.context["results"].paginator.count == 12
    assert "?q=okapi&amp;page=2" in first.content.decode()
    second = search(client, "it", "okapi", page=2)
    assert len(result_urls(second)) == 2
    assert "?q=okapi&amp;page=1" in second.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999999", "9" * 5000, "٢", "²", ""])
def test_a_bad_page_number_falls_back_to_an_existing_page(client, page):
    response = search(client, "it", "welfare", page=page)
    assert response.status_code == 200
    assert result_urls(response)
    number = response.context["results"].number
    notice = (
        f"La pagina richiesta non è tra quelle di questi risultati: questa è la pagina {number}."
    )
    assert (notice in response.content.decode()) == (page != "")


@pytest.mark.parametrize("language", ["it", "en"])
def test_an_existing_page_number_gets_no_notice(client, language):
    for page in ("1", "2"):
        response = search(client, language, "welfare", page=page)
        assert response.context["results"].number == int(page)
        assert not response.context["page_was_moved"]
    response = search(client, language, "welfare", page="999999")
    assert response.context["page_was_moved"]
    number = response.context["results"].number
    notice = {
        "it": "La pagina richiesta non è tra quelle di questi risultati: "
        f"questa è la pagina {number}.",
        "en": f"The page asked for is not a page of these results: this is page {number}.",
    }[language]
    assert notice in response.content.decode()


def test_empty_query_invites_a_search_without_querying_pages(client):
    for query in (None, "", "   "):
        response = search(client, "en", query)
        assert response.status_code == 200
        assert response.context["results"] is None
        assert "Type one or more words" in response.content.decode()


def test_no_results_suggests_the_sections(client):
    response = search(client, "en", "zxqvbn")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing matches “zxqvbn”." in html
    assert 'href="/en/stories/"' in html and 'href="/en/hashtags/"' in html


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_answer_200_with_a_message(client, query):
    for language in ("it", "en"):
        response = search(client, language, query)
        html = response.content.decode()
        assert response.status_code == 200
        messages = ("search__count", "search__none", "search__hint", "search-notices")
        assert any(f'class="{name}"' in html for name in messages)
        assert "<script>alert" not in html
        assert "\x00" not in html


def test_hostile_query_messages_say_what_happened(client):
    html = search(client, "en", "welfare " * 1500).content.decode()
    assert f"longer than {MAX_QUERY_LENGTH} characters" in html
    html = search(client, "en", "comm\u200bunity").content.decode()
    assert "cannot be searched for were removed" in html
    html = search(client, "en", "-Data").content.decode()
    assert "There is no word to look for" in html


def test_a_nul_in_the_query_is_refused_before_the_search(client):
    """PostgreSQL refuses a NUL in a query (core.middleware.RequestInputMiddleware)."""
    url, params = search_url("en", "comm\x00unity")
    assert client.get(url, params).status_code == 400


def test_search_only_answers_safe_methods(client):
    url, params = search_url("en", "welfare")
    assert client.post(url, params).status_code in (403, 405)
    assert client.head(url, params).status_code == 200


def test_anonymous_search_writes_nothing_and_sets_no_cookie(client):
    search(client, "it", "welfare")  # warm process-wide caches, which may be filled lazily
    with CaptureQueriesContext(connection) as context:
        for query in ["welfare", "comunità", "-Data", "zxqvbn", "welfare " * 1500]:
            response = search(client, "it", query)
            assert not response.cookies
    statements = [entry["sql"].lstrip().split(" ", 1)[0].upper() for entry in context]
    # SET: on PostgreSQL, a planner setting for the search's transaction (search.engine).
    # WITH: on SQLite, the search's statement, which counts the matches first.
    assert statements and set(statements) <= {"SELECT", "WITH", "SAVEPOINT", "RELEASE", "SET"}
    writes = re.compile(r"\b(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
    assert not [entry["sql"] for entry in context if writes.search(entry["sql"])]


def test_results_page_offers_the_same_search_in_the_other_language_and_is_not_indexed(client):
    response = search(client, "it", "welfare & co")
    english_url, _ = search_url("en")
    italian_url, _ = search_url("it")
    assert response.context["alternate_urls"] == {
        "it": f"{italian_url}?q=welfare+%26+co",
        "en": f"{english_url}?q=welfare+%26+co",
    }
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_search_form_component_is_labelled_and_targets_the_search_view():
    with translation.override("en"):
        html = render_to_string("components/search_form.html")
    assert 'role="search"' in html and 'method="get"' in html and 'action="/en/search/"' in html
    assert '<label class="search-form__label" for="site-search">' in html
    assert 'id="site-search" type="search" name="q"' in html


def test_search_query_budget_is_flat_and_small(client, italian, django_assert_max_num_queries):
    def count(query):
        search(client, "it", query)
        with CaptureQueriesContext(connection) as context:
            response = search(client, "it", query)
        assert response.status_code == 200
        return len(context.captured_queries)

    for number in range(5):
        publish_story(italian, f"tapiro-{number}", f"Tapiro {number}", "Un tapiro in rete.")
    few, suggested = count("tapiro"), count("tapirro rete")
    # Three times as many: a cost per result would show (each publish costs PostgreSQL about
    # half a second here, so not ten times).
    for number in range(5, 15):
        publish_story(italian, f"tapiro-{number}", f"Tapiro {number}", "Un tapiro in rete.")
    assert count("tapiro") == few
    # A search that finds nothing, with its suggestions, too.
    assert count("tapirro rete") == suggested
    with django_assert_max_num_queries(15):
        search(client, "it", "tapiro")


def test_a_search_reads_the_restricted_pages_once(client):
    """Pages, reports and their files are each filtered by the view restrictions: one read
    of them per request (core.request_memo), not one per part of the results page."""
    search(client, "it", "welfare")
    with CaptureQueriesContext(connection) as context:
        search(client, "it", "welfare")
    reads = [e["sql"] for e in context if 'FROM "wagtailcore_pageviewrestriction"' in e["sql"]]
    assert len(reads) <= 1, reads


# --- Keeping up with the content -------------------------------------------------------


def test_index_follows_publishing_and_ignores_drafts(client, english):
    story = publish_story(english, "narwhal", "Narwhal network", "A narwhal joins the network.")
    assert result_urls(search(client, "en", "narwhal")) == [
        "/en/stories/welfare-in-azione/narwhal/"
    ]

    story.summary = "A wombat joins the network."
    story.save_revision()
    assert result_urls(search(client, "en", "wombat")) == []

    story.get_latest_revision().publish()
    assert result_urls(search(client, "en", "wombat")) == ["/en/stories/welfare-in-azione/narwhal/"]
    assert result_urls(search(client, "en", "narwhal")) == [
        "/en/stories/welfare-in-azione/narwhal/"
    ]  # title

    story.unpublish()
    assert result_urls(search(client, "en", "wombat")) == []


def test_private_pages_are_not_found(client, english):
    from wagtail.models import PageViewRestriction

    story = publish_story(english, "pangolin", "Pangolin", "A pangolin in the network.")
    PageViewRestriction.objects.create(page=story, restriction_type="password", password="x")
    assert result_urls(search(client, "en", "pangolin")) == []


# --- Word forms, accents, phrases and suggestions, alike on SQLite and PostgreSQL ---------


def found_urls(client, language, query):
    response = search(client, language, query)
    assert response.status_code == 200
    results = response.context["results"]
    if results is None or not results.paginator.count:
        return set()
    urls = set(result_urls(response))
    for number in range(2, results.paginator.num_pages + 1):
        urls |= set(result_urls(search(client, language, query, page=number)))
    return urls


@pytest.mark.parametrize(
    ("language", "one", "other", "expected"),
    [
        # Italian word forms and accents, the examples.
        ("it", "famiglia", "famiglie", "/it/storie/will/will-laboratorio-welfare-locale/"),
        ("it", "eredita", "eredità", "/it/pubblicazioni/ricerca-eredita-welfare-in-azione/"),
        ("it", "comunita", "comunità", "/it/hashtag/comunita/"),
        ("it", "COMUNITÀ", "Comunita", "/it/hashtag/comunita/"),
        # English word forms; an accent typed or not.
        ("en", "communities", "community", "/en/hashtags/community/"),
        ("en", "families", "family", "/en/stories/will/will-local-welfare-lab/"),
        ("en", "legacies", "légacy", "/en/publications/welfare-in-azione-legacy-research/"),
    ],
)
def test_word_forms_and_accents_find_the_same_pages(client, language, one, other, expected):
    first, second = found_urls(client, language, one), found_urls(client, language, other)
    assert expected in first
    assert first == second
    assert all(url.startswith(f"/{language}/") for url in first)


def test_a_story_is_found_by_any_form_of_its_words_in_both_languages(client, italian, english):
    publish_story(italian, "caffe", "Il caffè sospeso", "Le cooperative sociali del quartiere.")
    publish_story(english, "cafe", "The Café Society", "Neighbourhood cooperatives.")
    for query in ("caffe", "CAFFÈ", "cooperativa", "cooperative"):
        assert "/it/storie/welfare-in-azione/caffe/" in found_urls(client, "it", query), query
    for query in ("cafe", "cafés", "cooperative", "Cooperatives"):
        assert "/en/stories/welfare-in-azione/cafe/" in found_urls(client, "en", query), query
    # Stems are whole words: a word's beginning alone is not enough.
    assert found_urls(client, "it", "caf") == set()


def test_the_excerpt_marks_every_form_of_the_words(client):
    response = search(client, "en", "communities")
    assert "/en/hashtags/community/" in result_urls(response)
    assert "<mark>community</mark>" in response.content.decode().lower()
    html = search(client, "it", "comunita").content.decode()
    assert "<mark>comunità</mark>" in html.lower()


def test_or_and_not_are_searched_as_words(client):
    # "not" is a word of several English pages, not an operator that empties the search.
    assert found_urls(client, "en", "not")
    # Connectives between words are not required: the two other words are.
    for language, query, first, second in (
        ("en", "welfare or community", "welfare", "community"),
        ("it", "welfare or comunità", "welfare", "comunità"),
        ("it", "famiglie or eredità", "famiglie", "eredità"),
        ("it", "famiglie e eredità", "famiglie", "eredità"),
    ):
        both = found_urls(client, language, f"{first} {second}")
        assert both, (language, query)
        assert found_urls(client, language, query) == both


def test_titles_rank_first_and_connectives_rank_without_being_required(english):
    body_only = publish_story(english, "zebu-1", "Gnu", "Quagga quagga quagga, quaggas, zebu.")
    with_or = publish_story(english, "zebu-2", "Quagga or not", "A zebu.")
    plain = publish_story(english, "zebu-3", "Quagga", "A zebu.")
    search = PageSearch("en")

    def found(text):
        query = parse_query(text)
        return search.search(query.terms, query.excluded_terms)

    # The titles first, however often the word is in another page's text.
    assert found("quagga")[2] == body_only.pk
    assert found("quagga or zebu")[0] == with_or.pk
    # Only connectives: then they are required.
    assert with_or.pk in found("or") and plain.pk not in found("or")


@pytest.mark.parametrize(
    ("language", "query"),
    [
        ("it", "comunnità"),
        ("it", "welfare or comunnità"),
        ("it", "famigle cremonna"),
        ("en", "welfere"),
        ("en", "communnity welfare"),
        ("en", "community xyzzy"),
    ],
)
def test_a_search_that_finds_nothing_suggests_searches_that_do(client, language, query):
    response = search(client, language, query)
    html = response.content.decode()
    assert response.context["results"].paginator.count == 0
    suggestions = response.context["suggestions"]
    assert suggestions
    assert 'class="search__suggestions search__did-you-mean"' in html
    for suggestion in suggestions:
        assert f'href="{escape(suggestion["url"])}"' in html
        followed = client.get(suggestion["url"])
        assert followed.status_code == 200
        assert followed.context["results"].paginator.count > 0, suggestion


def test_suggestions_are_the_nearest_words_of_the_site(client):
    texts = [item["text"] for item in search(client, "en", "welfere").context["suggestions"]]
    assert texts[0] == "welfare"
    texts = [item["text"] for item in search(client, "it", "comunnità").context["suggestions"]]
    assert texts[0] == "comunità"
    assert search(client, "it", "zxqvbnkj").context["suggestions"] == []


def test_a_word_with_a_minus_sign_is_left_out(client):
    def found(query):
        response = search(client, "en", query)
        return response.context["results"].paginator.count, result_urls(response)

    count_all, urls_all = found("welfare")
    count_without, urls_without = found("welfare -Cremona")
    cremona_story = "/en/stories/welfare-in-azione/wellfare-legami-province-of-cremona/"
    assert cremona_story in urls_all and cremona_story not in urls_without
    assert 0 < count_without < count_all


def test_phrases_in_quotes_keep_their_word_order(client):
    words = found_urls(client, "en", "community welfare")
    phrase = found_urls(client, "en", '"community welfare"')
    assert "/en/stories/welfare-in-azione/community-fundraising/" in phrase
    assert phrase < words
    assert found_urls(client, "en", '"welfare community"') == set()
    italian = found_urls(client, "it", '"welfare comunitario"')
    assert "/it/storie/welfare-in-azione/fundraising-di-comunita/" in italian
    assert italian == found_urls(client, "it", '"Welfare comunitari"')
    assert italian < found_urls(client, "it", "welfare comunitario")


def test_the_search_reads_its_own_index_and_update_index_rebuilds_it(client, english):
    search(client, "en", "welfare")
    with CaptureQueriesContext(connection) as context:
        search(client, "en", "community")
        search(client, "en", "zxqvbn")
    # Never Wagtail's index (the admin's), nor a whole table into memory.
    assert not any("indexentry" in entry["sql"] for entry in context)
    story = publish_story(english, "axolotl", "Axolotl club", "An axolotl club.")
    assert result_urls(search(client, "en", "axolotls")) == [
        "/en/stories/welfare-in-azione/axolotl/"
    ]
    Page.objects.filter(pk=story.pk).update(title="Axolotl and okapi club")  # no signal
    PageText.objects.filter(language="en").delete()
    assert found_urls(client, "en", "community") == set()
    call_command("update_index", backend_name="site", verbosity=0)
    assert result_urls(search(client, "en", "okapi")) == ["/en/stories/welfare-in-azione/axolotl/"]
    assert "/en/hashtags/community/" in found_urls(client, "en", "community")


@pytest.mark.parametrize(
    "query",
    [
        "zq " * 100,
        '"' + "welfare " * 40 + '"',
        "-welfare " * 30 + "zzz",
        "welfere " * 30,
        "ﬁ œ ß ǅ ① ²",
    ],
)
def test_long_and_odd_queries_with_suggestions_answer_200(client, query):
    for language in ("it", "en"):
        response = search(client, language, query)
        assert response.status_code == 200
        for suggestion in response.context["suggestions"]:
            assert client.get(suggestion["url"]).context["results"].paginator.count > 0


def test_a_page_unpublished_behind_the_index_is_not_shown(client, english):
    # Live and public are asked of the pages table at each search, whenever the worker
    # updates the index.
    story = publish_story(english, "quokka", "Quokka club", "A quokka club.")
    assert result_urls(search(client, "en", "quokka")) == ["/en/stories/welfare-in-azione/quokka/"]
    Page.objects.filter(pk=story.pk).update(live=False)  # no signal: the index is not told
    assert result_urls(search(client, "en", "quokka")) == []


def test_the_words_readers_type_do_not_grow_the_stemmer_memo_without_bound(monkeypatch):
    monkeypatch.setattr("search.text.MEMO_SIZE", 10)
    stem = Stemmer("en")
    for number in range(100):
        stem(f"word{number}x")
    assert len(stem._memo) == 10
    assert stem("communities") == "communiti"
