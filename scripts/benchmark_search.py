"""Time the site search on the database the environment names (DATABASE_URL or SQLITE_PATH),
e.g. after ``manage.py generate_stories --count 10000``:

    DATABASE_URL=postgres://… .venv/bin/python scripts/benchmark_search.py

For each query: the median (p50) and slowest wall-clock and CPU time of a whole search
request (view, SQL, excerpts, template) over ``--rounds`` rounds, its number of SQL
queries, and on PostgreSQL the ``EXPLAIN ANALYZE`` of the ranking query, which should read
the GIN index ``search_pagetext_vector``.
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

from search.engine import PageSearch  # noqa: E402
from search.models import PageText  # noqa: E402
from search.query import parse_query  # noqa: E402

QUERIES = {
    "it": [
        "welfare",
        "famiglia",
        "comunità welfare",
        '"welfare comunitario"',
        "cooperativa -milano",
        "welfere",
    ],
    "en": ["community", "families welfare", "welfere"],
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    options = parser.parse_args()
    setup_test_environment()  # responses carry their context (the number of results)
    client = Client()
    print(f"{connection.vendor}: {PageText.objects.count()} pages indexed")
    for language, queries in QUERIES.items():
        url = {"it": "/it/cerca/", "en": "/en/search/"}[language]
        for text in queries:
            client.get(url, {"q": text})  # warm
            walls, cpus = [], []
            for _round in range(options.rounds):
                wall, cpu = time.perf_counter(), time.process_time()
                response = client.get(url, {"q": text})
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
            with CaptureQueriesContext(connection) as context:
                client.get(url, {"q": text})
            results = response.context["results"]
            count = results.paginator.count if results is not None else 0
            p50, slowest = statistics.median(walls) * 1000, max(walls) * 1000
            cpu = statistics.median(cpus) * 1000
            print(
                f"{language} {text!r:28} {count:6} results  p50 {p50:6.1f} ms"
                f"  max {slowest:6.1f} ms  CPU p50 {cpu:6.1f} ms"
                f"  {len(context.captured_queries)} queries"
            )
    if connection.vendor == "postgresql":
        search = PageSearch("it")
        query = search.query(parse_query("famiglia").terms)
        candidates_sql, candidates_params = search.candidates.values("pk").query.sql_with_params()
        sql, params = search.syntax.ranked(query, candidates_sql, candidates_params)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN ANALYZE " + sql, params)
            print("\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
