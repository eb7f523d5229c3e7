"""Search at scale: results read a page at a time after a capped count, title hits first
whichever way the rest is ordered, and on PostgreSQL queries the GIN index of the reader's
language can answer. Checked on the demo with the limits lowered, not on thousands of pages
(scripts/benchmark_search.py times those)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from search.engine import PageSearch, reading_the_index
from search.models import PageText
from search.query import parse_query
from search.tests.test_search import publish_story, result_urls, search

pytestmark = pytest.mark.django_db


def found(language, text):
    query = parse_query(text)
    return PageSearch(language).search(query.terms, query.excluded_terms)


def search_statements(pages, start=0, stop=10):
    """``(sql, params)`` of each statement of the search table that reading
    ``pages[start:stop]`` sends."""
    statements = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        pages[start:stop]
    return [(sql, params) for sql, params in statements if "search_pagetext" in sql]


def test_title_hits_come_first_ranked_or_not(monkeypatch, english):
    older = publish_story(english, "tapir-1", "Gnu or not", "Tapir tapir tapir, tapirs.")
    titled = publish_story(english, "tapir-2", "Tapir club", "A club.")
    newer = publish_story(english, "tapir-3", "Okapi", "A tapir.")
    # Few matches: the database's rank orders the pages without the word in the title.
    assert found("en", "tapir") == [titled.pk, older.pk, newer.pk]
    # More than MAX_RANKED: still the title first, then the newest, without the rank.
    monkeypatch.setattr("search.engine.MAX_RANKED", 2)
    assert found("en", "tapir") == [titled.pk, newer.pk, older.pk]
    # A connective in the title ranks a page higher, as with the rank.
    assert found("en", "tapir or") == [titled.pk, older.pk, newer.pk]


def test_results_are_read_a_page_at_a_time(monkeypatch, english):
    stories = [
        publish_story(english, f"tapir-{number}", f"Tapir {number}", "A tapir.")
        for number in range(5)
    ]
    query = parse_query("tapir")
    pages = PageSearch("en").ranked(query.terms)
    with CaptureQueriesContext(connection) as context:
        assert pages.count() == len(pages) == 5
        assert pages[1:3] == [stories[1].pk, stories[2].pk]
        assert pages[4] == stories[4].pk
        assert pages[5:9] == []
    # One statement counts the matches and reads the first page of results with them:
    # the slices within it need no other.
    limits = [re.findall(r"LIMIT (\d+) OFFSET (\d+)", entry["sql"]) for entry in context]
    assert limits == [[("10", "0")]]
    with pytest.raises(IndexError):
        pages[5]

    # Another slice expected: read with the count; one past it, one query more.
    pages = PageSearch("en").ranked(query.terms)
    pages.expect(2, 4)
    with CaptureQueriesContext(connection) as context:
        assert pages.count() == 5
        assert pages[2:4] == [stories[2].pk, stories[3].pk]
        assert pages[0:2] == [stories[0].pk, stories[1].pk]
    limits = [re.findall(r"LIMIT (\d+) OFFSET (\d+)", entry["sql"]) for entry in context]
    assert limits == [[("2", "2")], [("2", "0")]]
    # A slice expected past the last match: counted with the first page instead.
    monkeypatch.setattr("search.engine.FIRST_SLICE", 3)
    pages = PageSearch("en").ranked(query.terms)
    pages.expect(20, 30)
    assert pages.count() == 5 and pages[0:3] == [story.pk for story in stories[:3]]


def test_the_count_stops_one_past_what_is_listed_and_ranked(monkeypatch, english):
    for number in range(5):
        publish_story(english, f"tapir-{number}", f"Tapir {number}", "A tapir.")
    monkeypatch.setattr("search.engine.MAX_COUNTED", 2)
    monkeypatch.setattr("search.engine.MAX_RANKED", 1)
    pages = PageSearch("en").ranked(parse_query("tapir").terms)
    assert pages.count() == 2 and pages.more
    # Five match; the statement counted three, enough to say there are more.
    assert pages._total == 3


def test_past_max_counted_the_page_says_there_are_more(client, monkeypatch, english):
    for number in range(4):
        publish_story(english, f"tapir-{number}", f"Tapir {number}", "A tapir.")
    monkeypatch.setattr("search.engine.MAX_COUNTED", 3)
    response = search(client, "en", "tapir")
    html = response.content.decode()
    assert response.context["results"].paginator.count == 3
    assert len(result_urls(response)) == 3
    assert "More than 3 results for “tapir”: the first 3 are listed." in html
    # No page past them: the last one, with the notice.
    response = search(client, "en", "tapir", page=2)
    assert response.context["results"].number == 1 and response.context["page_was_moved"]
    monkeypatch.setattr("search.engine.MAX_COUNTED", 4)
    html = search(client, "en", "tapir").content.decode()
    assert "4 results for “tapir”" in html and "More than" not in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's")
@pytest.mark.parametrize(
    ("language", "text", "many"),
    [
        ("it", "famiglia", False),
        ("it", '"welfare comunitario" -cremona', False),
        ("en", "welfare or community", True),
    ],
)
def test_the_search_can_read_the_gin_index_of_its_language(monkeypatch, language, text, many):
    """The demo's tables are too small for the planner to choose the GIN index (it walks
    the pages and looks each one's entry up by its key); with sequential scans, plain index
    scans and nested loops priced out, a query whose shape defeated the index (a language
    condition not the partial index's, the vector wrapped in a function) would scan the
    table all the same."""
    if many:
        monkeypatch.setattr("search.engine.MAX_RANKED", 0)
    query = parse_query(text)
    searches = search_statements(PageSearch(language).ranked(query.terms, query.excluded_terms))
    assert len(searches) == 1  # the count and the page, together
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_indexscan", "enable_nestloop"):
            cursor.execute(f"SET LOCAL {setting} = off")
        for sql, params in searches:
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert f"Bitmap Index Scan on search_pagetext_vector_{language}" in plan, plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's row layout")
def test_on_sqlite_a_search_reads_its_columns_from_an_index_not_the_rows():
    """Migration search/0005: the language, visibility, date and title of each match come
    from an index, not from rows whose text comes first (18 of 46 ms at 10,000 stories)."""
    query = parse_query("welfare")
    pages = PageSearch("it").ranked(query.terms, query.excluded_terms)
    [(sql, params)] = search_statements(pages)
    assert pages[:10]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "COVERING INDEX search_pagetext_sqlite_ranking" in plan, plan


def test_the_search_table_knows_at_once_which_pages_are_visible(client, english):
    """A search reads its own table alone: whether a page is live and public is written
    there when it is published, unpublished or moved and when a restriction changes."""

    def counted(text):
        return search(client, "en", text).context["results"].paginator.count

    story = publish_story(english, "dugong", "Dugong", "A dugong.")
    other = publish_story(english, "manatee", "Manatee", "A manatee, near a dugong.")
    assert counted("dugong") == 2
    story.save_revision()  # a draft changes nothing
    assert counted("dugong") == 2
    story.unpublish()
    assert counted("dugong") == 1
    story.get_latest_revision().publish()
    assert counted("dugong") == 2

    # A restriction hides the page and those below it; removed, they are found again.
    section = other.get_parent()
    restriction = PageViewRestriction.objects.create(page=section, restriction_type="login")
    assert counted("dugong") == counted("manatee") == 0
    restriction.delete()
    assert counted("dugong") == 2

    # Moved under a restricted page, and out again.
    hidden = publish_story(english, "dugong-section", "Sirenians", "Sea cows.")
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    other.move(hidden, pos="last-child")
    assert counted("manatee") == 0 and counted("dugong") == 1
    other.refresh_from_db()
    other.move(section, pos="last-child")
    assert counted("manatee") == 1 and counted("dugong") == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_sequential_scans_are_off_for_the_search_only():
    def setting():
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            return cursor.fetchone()[0]

    # Inside the test's transaction, as inside any other.
    with reading_the_index():
        assert setting() == "off"
    assert setting() == "on"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's index of the dates")
def test_on_sqlite_past_max_ranked_the_results_are_read_down_the_index_of_dates(
    monkeypatch, english
):
    """Past ``MAX_RANKED`` (migration search/0006): the pages without the words in their
    title are read newest first down an index and the reading stops at the end of the
    results page, rather than every match read and sorted; the order is the same."""
    titled = publish_story(english, "tapir-titled", "Tapir house", "A tapir.")
    for number in range(12):
        publish_story(english, f"tapir-{number}", f"Okapi {number % 3}", "A tapir.")
    monkeypatch.setattr("search.engine.MAX_RANKED", 3)
    query = parse_query("tapir")
    pages = PageSearch("en").ranked(query.terms)
    every = pages[0:13]
    assert every[0] == titled.pk and len(every) == 13
    dates = dict(PageText.objects.filter(page_id__in=every).values_list("page_id", "published_at"))
    assert [dates[page] for page in every[1:]] == sorted(
        (dates[page] for page in every[1:]), reverse=True
    )
    # Every slice is that order's, whatever slice was read with the count.
    for start, stop in [(0, 10), (2, 5), (10, 13), (12, 20)]:
        sliced = PageSearch("en").ranked(query.terms)
        sliced.expect(start, stop)
        assert sliced[start:stop] == every[start:stop]

    [(sql, params)] = search_statements(PageSearch("en").ranked(query.terms))
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = cursor.fetchall()
    [(_, parent, _, _)] = [row for row in plan if "search_pagetext_sqlite_newest" in row[3]]
    # The arm reading the index has no sort of its own: it stops at its LIMIT.
    arm = [row[3] for row in plan if row[1] == parent]
    assert arm and "USE TEMP B-TREE FOR ORDER BY" not in arm, plan
