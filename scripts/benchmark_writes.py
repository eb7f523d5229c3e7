"""Writing at scale: publishing a story, importing 1,000 rows, the database's bytes per story.

Targets (issue 15): a publish, with the English translation's sync, under 300 ms; an
``import_stories`` of a 1,000-row file under 120 s; the bytes per story shown by table.

Builds its own database (a fresh SQLite file in a temporary folder, or the empty PostgreSQL
database given with ``--database-url``): migrate, the demo, then

1. the median of ``--rounds`` publishes of the demo's Italian stories through
   ``revision.publish()``, through the admin's edit view ("Publish", as an editor's browser
   posts it) and through the translation sync ("Sync translated pages", publishing the
   English version), with their queries and CPU time;
2. ``import_stories`` of a generated 1,000-row file (existing programmes, territories and
   hashtags, new titles), with its progress bar;
3. the worker's round after it (``core.worker``): the search-index, reference-index and
   other tasks the import queued, run as in production, with their count and CPU time;
4. the same publishes again, with the 1,000 stories in the database (and, with
   ``--generate N``, N more live stories per language from ``demo.generated`` when that
   module is there);
5. the database's size by table, divided by the number of stories (the queued tasks' rows,
   the revisions, wagtail-localize's records, the search and reference indexes written by
   the worker).

Settings are production's (django-tasks' database queue: what a publish leaves to the
worker is queued, not run) with a proxy to purge at a closed port, so each publish works
out its purge addresses and tries to send them, as in production. Wall-clock times depend
on the machine's load: the CPU times are steadier.

    .venv/bin/python scripts/benchmark_writes.py
    .venv/bin/python scripts/benchmark_writes.py --rounds 5 --generate 2000
    .venv/bin/python scripts/benchmark_writes.py --database-url postgres://postgres@127.0.0.1:5432/bench
    .venv/bin/python scripts/benchmark_writes.py --import-only --rows 200 --profile import.prof
    .venv/bin/python scripts/benchmark_writes.py --import-only --demo-db /tmp/…/demo.sqlite3
"""

import argparse
import cProfile
import csv
import logging
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PUBLISH_TARGET_MS = 300
IMPORT_TARGET_S = 120
IMPORT_ROWS = 1000
KB = 1024
WORDS = (
    "rete comunità quartiere famiglie giovani anziani cura lavoro scuola casa cibo volontari "
    "cooperativa sportello laboratorio percorso fiducia reciprocità ponti legami orti cortili "
    "botteghe presìdi welfare generativo condiviso solidale"
)


def configure(workdir, database_url):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="scripts.demo_settings",
        SECRET_KEY="local-benchmark-only",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        SQLITE_PATH=str(workdir / "db.sqlite3"),
        MEDIA_ROOT=str(workdir / "media"),
        PRIVATE_MEDIA_ROOT=str(workdir / "private-media"),
        STATIC_ROOT=str(workdir / "static"),
        SITE_BASE_URL="http://127.0.0.1",
        LOG_LEVEL="ERROR",
        # Port 9 (discard) is closed here: each purge is refused at once.
        FRONTEND_CACHE_PURGE_URLS="http://127.0.0.1:9",
        FRONTEND_CACHE_PURGE_TIMEOUT="0.5",
    )
    os.environ.pop("REDIS_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def production_queue():
    """Production's task queue from here on (demo_settings runs tasks at once, which the
    demo's search needs while it is built)."""
    from django.test.utils import override_settings

    override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}).enable()


def log(message):
    print(message, file=sys.stderr, flush=True)


class Measure:
    """Wall time, CPU time and queries of a block (counted as they run: Django's own log
    keeps the last 9,000 only)."""

    def __enter__(self):
        from django.db import connection

        self.count = 0
        self._wrapper = connection.execute_wrapper(self._count)
        self._wrapper.__enter__()
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def _count(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu
        self._wrapper.__exit__(*exc)


class Publisher:
    def __init__(self):
        from django.contrib.auth import get_user_model
        from django.test import Client

        user_model = get_user_model()
        self.user = user_model.objects.filter(is_superuser=True).first()
        if self.user is None:
            self.user = user_model.objects.create_superuser("benchmark", "b@example.org", "-")
        self.client = Client()
        self.client.force_login(self.user)
        self.round = 0

    def stories(self, rounds):
        from stories.models import StoryPage

        demo = StoryPage.objects.live().filter(locale__language_code="it").order_by("pk")
        stories = list(demo[:rounds])
        return [stories[index % len(stories)] for index in range(rounds)]

    def new_title(self, title):
        self.round += 1
        return f"{title.split(' · ')[0]} · {self.round}"

    def through_revision(self, story):
        from stories.models import StoryPage

        story = StoryPage.objects.get(pk=story.pk)
        story.title = self.new_title(story.title)
        revision = story.save_revision(user=self.user)
        with Measure() as measure:
            revision.publish(user=self.user)
        return measure

    def through_admin(self, story):
        from django.urls import reverse

        from tests.admin_forms import edit_form_data

        data = edit_form_data(self.client, story)
        data["title"] = self.new_title(data["title"])
        data["action-publish"] = "action-publish"
        url = reverse("wagtailadmin_pages:edit", args=[story.pk])
        with Measure() as measure:
            response = self.client.post(url, data)
        if response.status_code != 302:
            raise RuntimeError(
                f"The admin did not publish story {story.pk}: {response.status_code}"
            )
        return measure

    def through_sync(self, story):
        from django.urls import reverse
        from wagtail_localize.models import TranslationSource

        source = TranslationSource.objects.get_for_instance(story)
        url = reverse("wagtail_localize:update_translations", args=[source.pk])
        with Measure() as measure:
            response = self.client.post(url, {"publish_translations": "on"})
        if response.status_code != 302:
            raise RuntimeError(f"The sync of story {story.pk} failed: {response.status_code}")
        return measure

    def run(self, rounds):
        results = {}
        for name, publish in (
            ("revision.publish()", self.through_revision),
            ("admin edit view, Publish", self.through_admin),
            ("translation sync, publish English", self.through_sync),
        ):
            # One unmeasured round first: imports and per-process caches.
            publish(self.stories(1)[0])
            results[name] = [publish(story) for story in self.stories(rounds)]
        return results


def report_publishes(label, results):
    load = os.getloadavg()[0]
    rounds = len(next(iter(results.values())))
    print(f"\nPublishing, {label} (median of {rounds}; load average {load:.1f}):")
    failed = False
    for name, measures in results.items():
        wall = statistics.median(m.wall for m in measures) * 1000
        cpu = statistics.median(m.cpu for m in measures) * 1000
        queries = statistics.median(m.count for m in measures)
        verdict = "PASS" if wall < PUBLISH_TARGET_MS else "FAIL"
        failed |= verdict == "FAIL"
        print(
            f"  {name:36} {wall:6.0f} ms wall {cpu:6.0f} ms CPU {queries:5.0f} queries"
            f"  < {PUBLISH_TARGET_MS} ms {verdict}"
        )
    return failed


def import_file(path, rows):
    """A CSV file of ``rows`` new stories naming the demo's programmes, territories,
    hashtags and organisations."""
    from editorial.importing import COLUMNS
    from stories.models import HashtagPage, Organisation, ProgrammePage, TerritoryPage

    rng = random.Random(15)
    italian = {"locale__language_code": "it"}
    programmes = list(ProgrammePage.objects.filter(**italian).values_list("title", flat=True))
    territories = list(TerritoryPage.objects.filter(**italian).values_list("title", flat=True))
    hashtags = list(HashtagPage.objects.filter(**italian).values_list("title", flat=True))
    organisations = list(Organisation.objects.values_list("name", flat=True)) or [""]
    words = WORDS.split()
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS)
        writer.writeheader()
        for number in range(rows):
            title = " ".join(rng.sample(words, 3)).capitalize() + f" {number + 1}"
            writer.writerow(
                {
                    "title": title,
                    "programme": rng.choice(programmes),
                    "territories": ";".join(rng.sample(territories, min(2, len(territories)))),
                    "lead_partner": rng.choice(organisations),
                    "hashtags": ";".join(rng.sample(hashtags, min(2, len(hashtags)))),
                    "funding_eur": str(rng.randrange(10_000, 2_000_000)),
                    "summary_it": " ".join(rng.choices(words, k=24)).capitalize() + ".",
                    "summary_en": "A story imported for the benchmark, number "
                    f"{number + 1}, about {rng.choice(words)}.",
                }
            )


def run_import(workdir, rows, profile=None):
    from django.core.management import call_command

    path = workdir / "stories.csv"
    import_file(path, rows)
    log(f"Importing {rows} rows (progress below)…")
    profiler = cProfile.Profile() if profile else None
    with Measure() as measure, open(os.devnull, "w") as devnull:
        if profiler:
            profiler.enable()
        call_command(
            "import_stories",
            str(path),
            "--allow-similar",
            verbosity=1,
            stdout=devnull,
        )
        if profiler:
            profiler.disable()
    if profiler:
        profiler.dump_stats(profile)
        log(f"Profile saved in {profile} (python -m pstats {profile})")
    # The target is for 1,000 rows; a shorter file is held to its share.
    verdict = "PASS" if measure.wall < IMPORT_TARGET_S * rows / IMPORT_ROWS else "FAIL"
    print(
        f"\nimport_stories, {rows} rows: {measure.wall:.1f} s wall, {measure.cpu:.1f} s "
        f"CPU, {measure.count} queries  < {IMPORT_TARGET_S} s {verdict}"
    )
    return verdict == "FAIL"


def run_worker_round(rows):
    """The tasks the import left to the worker, run as ``run_worker`` runs them."""
    from django_tasks_db.models import DBTaskResult

    from core.worker import Worker

    queued = DBTaskResult.objects.ready().count()
    worker_log = logging.getLogger("site_cms.worker")
    level = worker_log.level
    worker_log.setLevel(logging.WARNING)  # a line per task otherwise
    try:
        with Measure() as measure:
            done = Worker().run_round()
    finally:
        worker_log.setLevel(level)
    failed = DBTaskResult.objects.filter(status="FAILED").count()
    print(
        f"worker after the import: {queued} tasks queued ({queued / rows:.1f} per row), "
        f"{done} run in {measure.wall:.1f} s wall, {measure.cpu:.1f} s CPU, "
        f"{measure.count} queries; {failed} failed"
    )


def table_sizes():
    """{table: bytes} of the database, indexes counted with their table."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, tbl_name FROM sqlite_schema WHERE type IN ('table', 'index')"
            )
            owner = dict(cursor.fetchall())
            cursor.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")
            sizes = {}
            for name, size in cursor.fetchall():
                table = owner.get(name, name)
                sizes[table] = sizes.get(table, 0) + size
            return sizes
        cursor.execute(
            "SELECT relname, pg_total_relation_size(c.oid) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE relkind = 'r' AND nspname = 'public'"
        )
        return dict(cursor.fetchall())


# What the rows are, by table name (first match).
SIZE_GROUPS = (
    ("wagtailcore_revision", "revisions"),
    ("wagtailcore_referenceindex", "reference index"),
    ("wagtailsearch_", "search index, admin (Wagtail's)"),
    ("search_", "search index, site (search.backend)"),
    ("wagtail_localize_", "translation records (wagtail-localize)"),
    ("django_tasks_database_", "queued tasks and their results"),
    ("wagtailcore_pagelogentry", "history (log entries)"),
    ("wagtailcore_page", "pages"),
    ("stories_", "stories' fields and inline rows"),
)


def report_sizes(before, after, stories):
    from django.db import connection

    grown = {table: after.get(table, 0) - before.get(table, 0) for table in after}
    total = sum(grown.values())
    print(
        f"\nDatabase ({connection.vendor}) growth for {stories} stories (both languages): "
        f"{total / KB:.0f} KB, {total / stories / KB:.1f} KB per story, by kind:"
    )
    groups = {}
    for table, size in grown.items():
        group = next((name for prefix, name in SIZE_GROUPS if table.startswith(prefix)), "other")
        groups[group] = groups.get(group, 0) + size
    for group, size in sorted(groups.items(), key=lambda item: -item[1]):
        print(f"  {group:45} {size / stories / KB:7.2f} KB per story")
    print("Largest tables:")
    for table, size in sorted(grown.items(), key=lambda item: -item[1])[:12]:
        if size > 0:
            print(f"  {table:45} {size / stories / KB:7.2f} KB per story")


def generate(count):
    try:
        from demo.generated import generate_stories
    except ImportError:
        log("demo.generated is not there: --generate skipped.")
        return False
    log(f"Generating {count} stories per language…")
    generate_stories(count, log=log)
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="publishes per measure (median)")
    parser.add_argument("--database-url", help="an empty PostgreSQL database to use")
    parser.add_argument("--generate", type=int, default=0, help="live stories to add per language")
    parser.add_argument("--rows", type=int, default=IMPORT_ROWS, help="rows of the import file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--import-only",
        action="store_true",
        help="measure the import alone (and the worker's round after it): no publishes",
    )
    parser.add_argument(
        "--demo-db",
        type=Path,
        help="a SQLite file of the built demo to start from (a copy), rather than building it "
        "(--keep keeps the folder, whose db.sqlite3 is one before the import when copied first)",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        help="run the import under cProfile and save its statistics in this file",
    )
    args = parser.parse_args()
    if not 1 <= args.rounds <= 100:
        parser.error("--rounds must be between 1 and 100")
    if not 1 <= args.rows <= 20_000:
        parser.error("--rows must be between 1 and 20000")

    workdir = Path(tempfile.mkdtemp(prefix="benchmark-writes-"))
    try:
        configure(workdir, args.database_url)
        from django.core.management import call_command

        from stories.models import StoryPage

        if args.demo_db and not args.database_url:
            log(f"Starting from a copy of {args.demo_db} in {workdir}…")
            shutil.copyfile(args.demo_db, workdir / "db.sqlite3")
            call_command("migrate", verbosity=0)
        else:
            log(f"Building the demo in {workdir}…")
            call_command("migrate", verbosity=0)
            call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
            if args.keep and not args.database_url:
                shutil.copyfile(workdir / "db.sqlite3", workdir / "demo.sqlite3")
        call_command("collectstatic", interactive=False, verbosity=0)
        production_queue()
        failed = False
        if not args.import_only:
            publisher = Publisher()
            failed |= report_publishes("the demo", publisher.run(args.rounds))

        stories_before = StoryPage.objects.count()
        sizes_before = table_sizes()
        failed |= run_import(workdir, args.rows, args.profile)
        run_worker_round(args.rows)
        report_sizes(sizes_before, table_sizes(), StoryPage.objects.count() - stories_before)
        if args.import_only:
            return 1 if failed else 0

        if args.generate:
            generate(args.generate)
        live = StoryPage.objects.live().count()
        label = f"{StoryPage.objects.count()} stories ({live} live)"
        failed |= report_publishes(label, publisher.run(args.rounds))
        return 1 if failed else 0
    finally:
        if args.keep:
            log(f"Kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
