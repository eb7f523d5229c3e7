"""The statistics SQLite's query planner reads (stories.tasks.refresh_planner_statistics,
run by the worker before it builds the story indexes)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from stories.tasks import refresh_planner_statistics

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's autovacuum does it"),
]


def test_an_empty_table_is_not_taken_for_a_large_one():
    assert not PageViewRestriction.objects.exists()
    refresh_planner_statistics()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT stat FROM sqlite_stat1 WHERE tbl = 'wagtailcore_pageviewrestriction'"
        )
        assert cursor.fetchall() == [("1",)]
        # As the statistics of a site of 10,000 stories a language say it.
        cursor.execute(
            "UPDATE sqlite_stat1 SET stat = '20000' || substr(stat, instr(stat, ' '))"
            " WHERE tbl = 'wagtailcore_page'"
        )
        cursor.execute("ANALYZE sqlite_schema")
    # Wagtail's own read of the restrictions, as the API asks for it: from the empty table,
    # not through every page.
    with CaptureQueriesContext(connection) as context:
        list(PageViewRestriction.objects.select_related("page"))
    [query] = context.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "SCAN wagtailcore_pageviewrestriction" in plan, plan


def test_refreshing_again_adds_no_second_row_for_an_empty_table():
    refresh_planner_statistics()
    refresh_planner_statistics()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'wagtailcore_pageviewrestriction'"
        )
        assert cursor.fetchone()[0] == 1
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'wagtailcore_page'")
        assert cursor.fetchone()[0] > 0
