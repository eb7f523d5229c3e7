"""Time the site search on the database the environment names (DATABASE_URL or SQLITE_PATH),
e.g. after ``manage.py generate_stories --count 10000``:

    DATABASE_URL=postgres://… .venv/bin/python scripts/benchmark_search.py

For each query: how many pages it finds, the median (p50) and slowest wall-clock time of a
whole search request (view, SQL, excerpts, template) over ``--rounds`` rounds, its CPU time
in this process, the p50 of the time its SQL took (what the database spends, whatever the
load on this process) and its number of SQL queries. With ``--explain``, the ``EXPLAIN
ANALYZE`` of the search's statement (the count and the first page) for each query; on
PostgreSQL it should read the GIN index of the reader's language's visible pages
(``search_pagetext_vector_it``).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_cms.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from search.engine import PageSearch, reading_the_index  # noqa: E402
from search.models import PageText  # noqa: E402
from search.query import parse_query  # noqa: E402

QUERIES = {
    "it": [
        # A word nearly every generated story holds, and one of the demo's too.
        "famiglia",
        "welfare",
        # Two common words; a phrase; a rare word; a typo that finds nothing (suggestions).
        "comunità anziani",
        '"comunità quartiere"',
        "eredità",
        "welfere",
    ],
    "en": ["community", "families welfare", "welfere"],
}


class SQLTimer:
    """Wall time spent in the database's execute calls (``connection.execute_wrapper``)."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start


def explain(language, text):
    search = PageSearch(language)
    query = parse_query(text)
    pages = search.ranked(query.terms, query.excluded_terms)
    with CaptureQueriesContext(connection) as context:
        pages[:10]
    statements = [entry["sql"] for entry in context.captured_queries]
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN "
    for sql in statements:
        if "search_pagetext" not in sql:
            continue
        print(f"--- {language} {text!r}: {sql.split('FROM', 1)[0].strip()[:60]}…")
        # As the view runs it (search.engine.reading_the_index).
        with reading_the_index(), connection.cursor() as cursor:
            # The captured SQL has its parameters written in (quoted by the database).
            cursor.execute(prefix + sql)
            print("\n".join(" | ".join(str(value) for value in row) for row in cursor.fetchall()))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--explain", action="store_true")
    options = parser.parse_args()
    setup_test_environment()  # responses carry their context (the number of results)
    client = Client()
    print(f"{connection.vendor}: {PageText.objects.count()} pages indexed")
    for language, queries in QUERIES.items():
        url = {"it": "/it/cerca/", "en": "/en/search/"}[language]
        for text in queries:
            client.get(url, {"q": text})  # warm
            walls, cpus, sqls = [], [], []
            for _round in range(options.rounds):
                timer = SQLTimer()
                wall, cpu = time.perf_counter(), time.process_time()
                with connection.execute_wrapper(timer):
                    response = client.get(url, {"q": text})
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
                sqls.append(timer.seconds)
            with CaptureQueriesContext(connection) as context:
                client.get(url, {"q": text})
            results = response.context["results"]
            count = results.paginator.count if results is not None else 0
            more = "+" if response.context.get("more_results") else " "
            p50, slowest = statistics.median(walls) * 1000, max(walls) * 1000
            cpu, sql = statistics.median(cpus) * 1000, statistics.median(sqls) * 1000
            print(
                f"{language} {text!r:24} {count:5}{more} results  p50 {p50:6.1f} ms"
                f"  max {slowest:6.1f} ms  CPU p50 {cpu:5.1f} ms  SQL p50 {sql:6.1f} ms"
                f"  {len(context.captured_queries)} queries"
            )
    if options.explain:
        for language, queries in QUERIES.items():
            for text in queries:
                explain(language, text)


if __name__ == "__main__":
    main()
