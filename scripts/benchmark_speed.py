"""Speed at scale (issue 15): requests per second, latency, queries and worker memory of
every page type, with the demo's stories and with thousands more, against the targets.

    .venv/bin/python scripts/benchmark_speed.py                    # SQLite, the demo only
    .venv/bin/python scripts/benchmark_speed.py --stories 10000    # and with 10,000 more
    DATABASE_URL=postgres://... .venv/bin/python scripts/benchmark_speed.py --database postgres
    .venv/bin/python scripts/benchmark_speed.py --pages story,explorer_hashtag --duration 3s

For each scale (the demo; the demo with ``--stories`` generated stories in each language,
``manage.py generate_stories``) it builds a database of its own (SQLite in a temporary
folder, or a fresh ``<name>_speed`` database beside DATABASE_URL's), then starts two
production servers like ``make serve`` (gunicorn with deploy/gunicorn.conf.py,
``WEB_CONCURRENCY`` 2 sync workers, the production settings, DEBUG off), one with the page
cache (``PAGE_CACHE`` as production has it) and one without (``PAGE_CACHE=off``), and the
worker beside them. Then:

- wrk (``--connections`` 8, ``--duration`` each, ``--rounds`` 3 rounds interleaved over the
  pages and both servers; the median round is reported) on the static CSS file and every page;
- one reader at a time on the search (its p50, the target of the search at scale);
- the data files (``FILE_OUTPUTS``), which grow with the content and are sent as files: their
  size; their requests a second from the page cache's server against those of a static file
  of the same bytes, written into the static root at the build (the page cache's target);
  and their time to the first byte, one reader at a time (the latency that must stay flat as
  content grows, and the one their first views are timed by); their whole download time is
  printed beside;
- the first view of each page after a publish against a view of the warm page after the
  same pause: a story is published and the worker's tasks are left to finish (20-30 s at
  10,000 stories) and the machine to go quiet (``wait_for_quiet``), then one request, then
  six more (the warm views); then, with nothing published, the same pause, quiet, and one
  request. A warm page's first request after a pause of
  seconds is itself up to twice its warm time on this shared machine (the processes' and
  the database's caches go cold), so the publish's own cost is the first view's time over
  that one's; the ratio to the warm views is printed beside it. The medians of
  ``--first-views`` such publishes;
- the peak memory (VmHWM) of every gunicorn worker;
- the queries of each page, in-process (Django's test client, PAGE_CACHE off): warm, and on
  the first view after a publish, with the slowest.

It prints the tables of the issue and each target with PASS or FAIL, and exits with 1 when a
target fails. Built databases are kept in ``.cache/benchmark_speed/`` (SQLite files, and
PostgreSQL template databases) for the next run of the same code. Needs Debian's wrk.
Client and servers share this machine's cores: compare numbers of one run, on a quiet
machine.
"""

import argparse
import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "benchmark_speed"
WRK = shutil.which("wrk") or "/usr/bin/wrk"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
READY_TIMEOUT = 120
# How long a publish waits for the worker to finish what it queued (warm-ups included).
WORKER_WAIT_SECONDS = 180

# The pages measured, in the order of the tables. "static" is the CSS file served by
# WhiteNoise: the yardstick of the cached pages.
PAGES = (
    "static",
    "home",
    "story",
    "story_index",
    "story_index_far",
    "explorer_hashtag",
    "explorer_filters",
    "hashtag",
    "territory",
    "report",
    "search",
    "sitemap",
    "sitemap_section",
    "feed",
    "stories_csv",
    "stories_json",
    "api",
)
# Never answered from the page cache.
NEVER_CACHED = {"static", "search"}
# Files that grow with the content (the worker writes them; they are sent as files, never
# held whole in memory): their latency is the time to their first byte, and the page cache's
# yardstick is a static file of the same bytes, served by WhiteNoise beside the CSS file
# ("static_" and their name). Their whole download is printed beside: it follows their size,
# 10-20 KB with the demo's stories and 10-17 MB at 10,000 a language.
FILE_OUTPUTS = {"stories_csv": "/data/stories.csv", "stories_json": "/data/stories.json"}
YARDSTICK_PREFIX = "static_"
# Readings of the time to the first byte, one reader at a time.
FIRST_BYTE_READINGS = 30

# The listings, from the story index to the territory page: PostgreSQL's plan of the slowest
# query of each is printed (rendered under a new content version with nothing warmed, when
# the page's list is read again).
LISTINGS = PAGES[PAGES.index("story_index") : PAGES.index("territory") + 1]

# The targets.
CACHED_SHARE_OF_STATIC = 0.5
BAKERYDEMO_BLOG_RPS = 38.0  # bakerydemo's blog detail, measured in the issue
STORY_OVER_BAKERYDEMO = 2.0
FIRST_VIEW_OVER_WARM = 1.5
AT_SCALE_OVER_DEMO = 1.2
WORKER_MB = 250
SEARCH_P50_MS = 100
SEARCH_SCALE = 10_000


# -- helpers that run inside Django (this file, called with --helper) ----------------------


def helper_urls():
    """The path of each page type on this site (JSON on standard output)."""
    from django.urls import reverse
    from django.utils import translation

    from stories.models import (
        HashtagPage,
        ProgrammePage,
        ReportPage,
        StoryIndexPage,
        StoryPage,
        TerritoryKind,
        TerritoryPage,
    )

    def first(model, **filters):
        return (
            model.objects.live().filter(locale__language_code="it", **filters).order_by("path")[0]
        )

    index = first(StoryIndexPage).url
    # A demo story: the same page at every scale.
    story = (
        StoryPage.objects.live()
        .filter(locale__language_code="it")
        .exclude(slug__startswith="storia-generata-")
        .order_by("path")[0]
    )
    territory = first(TerritoryPage, kind=TerritoryKind.REGION)
    programme = first(ProgrammePage)
    with translation.override("it"):
        search = reverse("search")
        feed = reverse("story_feed_rss")
    paths = {
        "home": "/it/",
        "story": story.url,
        "story_index": index,
        "story_index_far": f"{index}?page=400",
        "explorer_hashtag": f"{index}?hashtag=comunita",
        "explorer_filters": (
            f"{index}?hashtag=comunita&hashtag=innovazione&territory={territory.slug}"
            f"&programme={programme.slug}&sort=title"
        ),
        "hashtag": first(HashtagPage).url,
        "territory": territory.url,
        "report": first(ReportPage).url,
        "search": f"{search}?q=welfare",
        "sitemap": "/sitemap.xml",
        "feed": feed,
        **FILE_OUTPUTS,
        "api": "/api/v2/pages/",
    }
    print(json.dumps(paths))


def helper_yardsticks(stories):
    """Writes each data file as the site serves it into the static root (a file WhiteNoise
    serves once the servers start): the yardstick of the data files. Their paths (JSON)."""
    from django.conf import settings

    from core.warming import reader_request
    from opendata.datasets import DATASETS
    from opendata.views import write_dataset

    folder = Path(settings.STATIC_ROOT) / "benchmark"
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, path in FILE_OUTPUTS.items():
        dataset, extension = Path(path).stem, Path(path).suffix.lstrip(".")
        target = folder / f"{dataset}-{stories}.{extension}"
        with open(target, "wb") as file:
            write_dataset(reader_request(path), DATASETS[dataset], extension, file)
        paths[YARDSTICK_PREFIX + name] = f"{settings.STATIC_URL}benchmark/{target.name}"
    print(json.dumps(paths))


def publish_a_story():
    """Publish the first demo story again, as an editor would, and let the worker finish
    what the publish queued (a reader comes a moment later)."""

    from stories.models import StoryPage

    story = StoryPage.objects.live().filter(locale__language_code="it").order_by("path").first()
    story.save_revision().publish()
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return
    deadline = time.monotonic() + WORKER_WAIT_SECONDS
    while time.monotonic() < deadline:
        # ready(): a task queued without a date to wait for is stored with the latest date
        # there is, so a filter on dates passed alone would never see it.
        if not (DBTaskResult.objects.ready() | DBTaskResult.objects.running()).exists():
            return
        time.sleep(0.2)
    print(f"The worker's queue was not empty after {WORKER_WAIT_SECONDS} s.", file=sys.stderr)


def helper_publisher():
    """Publish a story each time a line comes in; answer "ok" when done."""
    for line in sys.stdin:
        if line.strip() == "publish":
            publish_a_story()
            print("ok", flush=True)


def helper_queries(paths):
    """Queries of each page: warm, and on the first view after a publish (JSON)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from core.cache import bump_content_version

    # The site's public address, whose pages the worker warms after a publish.
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).netloc
    client = Client(HTTP_HOST=host, raise_request_exception=False)

    def get(path, explain=False):
        with CaptureQueriesContext(connection) as context:
            response = client.get(path)
            if response.streaming:
                b"".join(response.streaming_content)
        slowest = max(context.captured_queries, key=lambda q: float(q["time"]), default=None)
        result = {
            "status": response.status_code,
            "queries": len(context.captured_queries),
            "sql_ms": round(sum(float(q["time"]) for q in context.captured_queries) * 1000, 1),
            "slowest_ms": round(float(slowest["time"]) * 1000, 1) if slowest else 0,
            "slowest_sql": slowest["sql"][:300] if slowest else "",
        }
        if explain and slowest and connection.vendor == "postgresql":
            result["slowest_full_sql"] = slowest["sql"]
            result["slowest_plan"] = query_plan(connection, slowest["sql"])
        return result

    results = {}
    for name, path in paths.items():
        # Twice first: a filtered view is kept at its second render (core.cache.cached_variant).
        get(path)
        get(path)
        warm = get(path)
        publish_a_story()
        results[name] = {"warm": warm, "after_publish": get(path)}
        if name in LISTINGS:
            # A new content version with nothing warmed (no publish, so the worker renders
            # nothing): the listing's own queries run, the slowest one's plan is printed.
            bump_content_version()
            results[name]["cold"] = get(path, explain=True)
    print(json.dumps(results))


def query_plan(connection, sql):
    """PostgreSQL's plan of a query the page ran (psycopg wrote its parameters into it), with
    its run's times and buffers; the query runs again, its data now in memory."""
    if not sql.lstrip().upper().startswith("SELECT"):
        return ""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def run_helper():
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    command = sys.argv[2]
    if command == "urls":
        helper_urls()
    elif command == "publisher":
        helper_publisher()
    elif command == "queries":
        helper_queries(json.loads(sys.argv[3]))
    elif command == "yardsticks":
        helper_yardsticks(int(sys.argv[3]))


# -- databases -----------------------------------------------------------------------------


def code_key():
    """Changes with the code that builds a database: migrations, models, the demo."""
    # The apps' code (not the scripts' or the tests'), committed or not.
    paths = ["--", "*.py", ":!scripts", ":!tests", ":!*/tests/*"]
    listed = subprocess.run(
        ["git", "ls-files", "-s", *paths], cwd=ROOT, capture_output=True, text=True
    ).stdout
    changed = subprocess.run(
        ["git", "diff", "HEAD", *paths], cwd=ROOT, capture_output=True, text=True
    ).stdout
    return hashlib.sha256((listed + changed).encode()).hexdigest()[:12]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Scale:
    """A database (and media folder) with the demo and ``stories`` generated stories, and
    the servers measuring it."""

    def __init__(self, arguments, stories, workdir):
        self.arguments = arguments
        self.stories = stories
        self.workdir = workdir / f"stories-{stories}"
        self.workdir.mkdir(parents=True)
        self.processes = []
        self.database_url = None
        # The site's public address (SITE_BASE_URL): once the servers are started, the one
        # whose first views after a publish are measured, as a deployment names its own.
        self.site_base_url = "http://127.0.0.1"
        if arguments.database == "postgres":
            parts = urlsplit(os.environ["DATABASE_URL"])
            self.pg_name = f"{parts.path.lstrip('/')}_speed"
            self.database_url = urlunsplit(parts._replace(path=f"/{self.pg_name}"))
            self.admin_url = urlunsplit(parts._replace(path="/postgres"))

    def environment(self, **extra):
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "PAGE_CACHE"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="site_cms.settings.production",
            PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
            SECRET_KEY="local-benchmark-only",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SITE_BASE_URL=self.site_base_url,
            SECURE_SSL_REDIRECT="false",
            SESSION_COOKIE_SECURE="false",
            CSRF_COOKIE_SECURE="false",
            SERVE_MEDIA="true",
            SQLITE_PATH=str(self.workdir / "db.sqlite3"),
            MEDIA_ROOT=str(self.workdir / "media"),
            PRIVATE_MEDIA_ROOT=str(self.workdir / "private-media"),
            STATIC_ROOT=str(CACHE / "static"),
            WEB_CONCURRENCY=str(self.arguments.workers),
            LOG_LEVEL="WARNING",
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        if self.arguments.redis:
            env["REDIS_URL"] = self.arguments.redis
        env.update(extra)
        return env

    def manage(self, *command, settings="scripts.demo_settings"):
        # The build runs the tasks at once (the demo's settings), as `make serve` does.
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *command],
            cwd=ROOT,
            env=self.environment(DJANGO_SETTINGS_MODULE=settings),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            sys.exit(f"manage.py {' '.join(command)} failed:\n{result.stdout}{result.stderr}")
        return time.monotonic() - started

    def helper(self, *command, page_cache="off"):
        result = subprocess.run(
            [sys.executable, __file__, "--helper", *command],
            cwd=ROOT,
            env=self.environment(PAGE_CACHE=page_cache),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            sys.exit(f"helper {command[0]} failed:\n{result.stdout}{result.stderr[-5000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    # -- building --------------------------------------------------------------------------

    def build(self, log):
        """The database of this scale: copied from an earlier run's, or the demo's with
        the stories generated on top, or built."""
        if not self.restore(self.stories, log):
            if not (self.stories and self.restore(0, log)):
                log(f"building the demo ({self.arguments.database})...")
                if self.database_url:
                    self.pg(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
                    self.pg(f'CREATE DATABASE "{self.pg_name}"')
                self.manage("migrate", "--noinput", "-v0")
                log(f"  load_demo: {self.manage('load_demo'):.0f} s")
                self.save(0)
            if self.stories:
                seconds = self.manage("generate_stories", "--count", str(self.stories))
                log(f"  generate_stories --count {self.stories}: {seconds:.0f} s with update_index")
                self.save(self.stories)
        self.manage("collectstatic", "--noinput", "-v0", settings="site_cms.settings.production")
        self.yardsticks = self.helper("yardsticks", str(self.stories))

    def seed(self, stories):
        """Where a built database is kept: a folder (the SQLite file, the media) and, on
        PostgreSQL, a template database."""
        folder = CACHE / f"{code_key()}-{self.arguments.database}-{stories}"
        template = f"{self.pg_name}_{folder.name.replace('-', '_')}" if self.database_url else None
        return folder, template

    def restore(self, stories, log):
        folder, template = self.seed(stories)
        if not (folder / "media").exists():
            return False
        if template is None:
            shutil.copyfile(folder / "db.sqlite3", self.workdir / "db.sqlite3")
        else:
            if not self.pg(f"SELECT 1 FROM pg_database WHERE datname = '{template}'"):
                return False
            self.pg(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
            self.pg(f'CREATE DATABASE "{self.pg_name}" TEMPLATE "{template}"')
        shutil.rmtree(self.workdir / "media", ignore_errors=True)
        shutil.copytree(folder / "media", self.workdir / "media")
        log(f"database with {stories} generated stories copied from {template or folder}")
        return True

    def save(self, stories):
        folder, template = self.seed(stories)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        if template is None:
            shutil.copyfile(self.workdir / "db.sqlite3", folder / "db.sqlite3")
        else:
            self.pg(f'DROP DATABASE IF EXISTS "{template}"')
            self.pg(f'CREATE DATABASE "{template}" TEMPLATE "{self.pg_name}"')
        shutil.copytree(self.workdir / "media", folder / "media")

    def pg(self, sql):
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            cursor = connection.execute(sql)
            return cursor.fetchall() if cursor.description else None

    # -- serving ---------------------------------------------------------------------------

    def start(self):
        """Two servers (page cache on and off) and the worker; their base URLs."""
        self.ports = {"cached": free_port(), "uncached": free_port()}
        # The worker warms the pages a publish touches on this address (core.warming).
        self.site_base_url = f"http://127.0.0.1:{self.ports['uncached']}"
        for mode, port in self.ports.items():
            extra = {"PORT": str(port)}
            if mode == "uncached":
                extra["PAGE_CACHE"] = "off"
            self.spawn(
                [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy/gunicorn.conf.py")],
                extra,
                f"gunicorn-{mode}",
            )
        # Every half second rather than five: a publish's warm-up starts at once, as it would
        # on a busy site, instead of up to five seconds later, which only made the run long.
        self.spawn(
            [sys.executable, str(ROOT / "manage.py"), "run_worker", "--interval", "0.5"],
            {},
            "worker",
        )
        self.gunicorn = dict(zip(self.ports, self.processes[:2], strict=True))
        for port in self.ports.values():
            self.wait_until_ready(f"http://127.0.0.1:{port}/healthz/")
        self.publisher = subprocess.Popen(
            [sys.executable, __file__, "--helper", "publisher"],
            cwd=ROOT,
            env=self.environment(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=open(self.workdir / "publisher.log", "w"),  # noqa: SIM115
            text=True,
        )
        self.processes.append(self.publisher)

    def spawn(self, command, extra, name):
        log = open(self.workdir / f"{name}.log", "w")  # noqa: SIM115 (lives with the process)
        self.processes.append(
            subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.environment(**extra),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
        log.close()

    def wait_until_ready(self, url):
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if any(process.poll() is not None for process in self.processes):
                break
            try:
                with urllib.request.urlopen(url, timeout=30):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        self.stop()
        sys.exit(f"The server did not start: see {self.workdir}/*.log")

    def publish(self):
        """Publishes a story and waits for the worker's tasks; the seconds that took."""
        started = time.monotonic()
        self.publisher.stdin.write("publish\n")
        self.publisher.stdin.flush()
        if self.publisher.stdout.readline().strip() != "ok":
            sys.exit(f"Publishing failed: see {self.workdir}/publisher.log")
        return time.monotonic() - started

    def worker_peaks(self):
        """VmHWM (MB) of each gunicorn worker alive now, by pid."""
        peaks = {}
        for process in self.gunicorn.values():
            children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
            try:
                pids = children.read_text().split()
            except OSError:
                continue
            for pid in pids:
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                found = re.search(r"VmHWM:\s+(\d+) kB", status)
                if found:
                    peaks[int(pid)] = int(found.group(1)) / 1024
        return peaks

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                if process is getattr(self, "publisher", None):
                    process.stdin.close()
                else:
                    os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=35)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.processes = []
        if self.arguments.database == "postgres":
            self.pg(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


# -- measuring -----------------------------------------------------------------------------


def run_wrk(url, arguments, connections=None):
    connections = connections or arguments.connections
    result = subprocess.run(
        [
            WRK,
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{arguments.duration}",
            f"--timeout={arguments.timeout}",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    output = result.stdout

    def latency(percent):
        found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return float(found.group(1)) * UNITS[found.group(2)] if found else float("nan")

    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors:(.*)$", output, re.M)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "errors": (int(errors.group(1)) if errors else 0)
        + (sum(map(int, re.findall(r"\d+", socket_errors.group(1)))) if socket_errors else 0),
    }


def median_run(runs):
    """The round with the median requests per second."""
    ordered = sorted(runs, key=lambda run: run["rps"])
    return ordered[len(ordered) // 2]


def timed_get(url):
    """Milliseconds to the end of the answer; NaN (a failed target) for an error."""
    started = time.perf_counter()
    status, _ = fetch(url)
    return (time.perf_counter() - started) * 1000 if status == 200 else float("nan")


def first_byte_get(url):
    """Milliseconds from the request to the first byte of the body, on a new connection
    (as ``timed_get``), the rest of the body read after; NaN for an error."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        started = time.perf_counter()
        connection.request("GET", urlunsplit(("", "", parts.path, parts.query, "")))
        response = connection.getresponse()
        first = response.read(1)
        elapsed = (time.perf_counter() - started) * 1000
        while response.read(1 << 20):
            pass
    except (OSError, http.client.HTTPException):
        return float("nan")
    finally:
        connection.close()
    return elapsed if response.status == 200 and first else float("nan")


# The machine is quiet when its cores are this busy or less, this many readings in a row.
QUIET_SHARE = 0.1
QUIET_READINGS = 3
QUIET_READING_SECONDS = 0.1
QUIET_WAIT_SECONDS = 20


def busy_and_total():
    """Jiffies the cores have been busy and in all, since boot (/proc/stat)."""
    values = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = values[3] + values[4]  # idle and iowait
    return sum(values) - idle, sum(values)


def wait_for_quiet():
    """Waits until the cores are quiet (at most ``QUIET_WAIT_SECONDS``); the seconds waited.

    After a publish at 10,000 stories the worker has written tens of megabytes (the data
    files, the shared cache's rows), which the database and the kernel may still be writing
    out when its tasks are done; a request of a few milliseconds would then wait for a core.
    The first view after a publish measures what the site itself does differently, so it is
    taken once the machine is quiet, and so is the view after the same pause it is set
    against. (In the runs of December 2026 the machine was always quiet at the first
    readings, 0.3 s after the worker.)"""
    started = time.monotonic()
    quiet = 0
    busy, total = busy_and_total()
    while quiet < QUIET_READINGS and time.monotonic() - started < QUIET_WAIT_SECONDS:
        time.sleep(QUIET_READING_SECONDS)
        busy_now, total_now = busy_and_total()
        share = (busy_now - busy) / max(total_now - total, 1)
        quiet = quiet + 1 if share <= QUIET_SHARE else 0
        busy, total = busy_now, total_now
    return time.monotonic() - started


def is_static(name):
    """Whether page ``name`` is a file WhiteNoise serves: a yardstick."""
    return name == "static" or name.startswith(YARDSTICK_PREFIX)


def never_cached(name):
    """Whether page ``name`` is measured without the page cache only."""
    return is_static(name) or name in NEVER_CACHED


def view_time(name):
    """How a view of page ``name`` is timed: to its first byte for a file, else whole."""
    return first_byte_get if name in FILE_OUTPUTS else timed_get


def fetch(url):
    """Status and body; status 0 when the server dropped the connection (a worker killed
    by gunicorn's timeout)."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""


def measure(scale, arguments, log):
    """Every number of one scale."""
    paths = scale.helper("urls")
    uncached = f"http://127.0.0.1:{scale.ports['uncached']}"
    cached = f"http://127.0.0.1:{scale.ports['cached']}"
    status, home = fetch(uncached + paths["home"])
    css = re.search(rb'href="(/static/[^"]+\.css)"', home)
    if css:
        paths["static"] = css.group(1).decode()
    status, sitemap = fetch(uncached + paths["sitemap"])
    sections = re.findall(rb"<sitemap>\s*<loc>([^<]+)</loc>", sitemap)
    if sections:
        paths["sitemap_section"] = urlsplit(sections[-1].decode()).path
    paths = {name: paths[name] for name in PAGES if name in paths and name in arguments.pages}
    for name in FILE_OUTPUTS:
        if name in paths:
            paths[YARDSTICK_PREFIX + name] = scale.yardsticks[YARDSTICK_PREFIX + name]
    for name, path in paths.items():
        status, _ = fetch(uncached + path)
        if status != 200:
            log(f"!! {name} {path} answers {status}")

    log("queries (in-process, page cache off)...")
    queries = scale.helper(
        "queries", json.dumps({n: p for n, p in paths.items() if not is_static(n)})
    )

    results = {name: {"path": path, "cached": [], "uncached": []} for name, path in paths.items()}
    peaks = {}
    for round_number in range(arguments.rounds):
        log(f"round {round_number + 1} of {arguments.rounds}...")
        for name, path in paths.items():
            modes = ("uncached",) if never_cached(name) else ("uncached", "cached")
            for mode in modes:
                base = cached if mode == "cached" else uncached
                results[name][mode].append(run_wrk(base + path, arguments))
                peaks.update(
                    {pid: max(mb, peaks.get(pid, 0)) for pid, mb in scale.worker_peaks().items()}
                )
    for name in results:
        for mode in ("cached", "uncached"):
            runs = results[name][mode]
            results[name][mode] = median_run(runs) if runs else None
        results[name]["queries"] = queries.get(name)

    if "search" in paths:
        # One reader at a time: the answer time of a query, not the queue's.
        results["search"]["single"] = run_wrk(uncached + paths["search"], arguments, 1)
    for name in FILE_OUTPUTS.keys() & paths.keys():
        for measured in (name, YARDSTICK_PREFIX + name):
            status, body = fetch(uncached + paths[measured])
            results[measured]["bytes"] = len(body)
        readings = [first_byte_get(uncached + paths[name]) for _ in range(FIRST_BYTE_READINGS)]
        results[name]["first_byte_p50_ms"] = statistics.median(readings)

    log(f"first views after a publish ({arguments.first_views} publishes per page)...")
    for name, path in paths.items():
        if is_static(name):
            continue
        firsts, warms, paused, quiet_waits = [], [], [], []
        timed = view_time(name)
        for _ in range(arguments.first_views):
            pause = scale.publish()
            quiet_waits.append(wait_for_quiet())
            firsts.append(timed(uncached + path))
            warms.append(statistics.median(timed(uncached + path) for _ in range(6)))
            # The same pause with nothing published: what the pause alone costs the page.
            time.sleep(pause)
            wait_for_quiet()
            paused.append(timed(uncached + path))
        # Medians: one request of a few milliseconds varies by a millisecond or two with
        # whatever else the machine does at that moment.
        results[name]["first_after_publish_ms"] = statistics.median(firsts)
        results[name]["warm_ms"] = statistics.median(warms)
        results[name]["after_pause_ms"] = statistics.median(paused)
        results[name]["quiet_wait_s"] = statistics.median(quiet_waits)
    return {"pages": results, "worker_peaks_mb": peaks}


# -- reporting -----------------------------------------------------------------------------


def rate(run):
    if not run:
        return "–"
    errors = f" !{run['errors']} errors" if run["errors"] else ""
    return f"{run['rps']:.1f} ({run['p99_ms']:,.0f} ms){errors}"


def print_scale(label, measured):
    print(f"\n## {label}\n")
    print(
        "| page | cached req/s (p99) | uncached req/s (p99) | uncached p50 | queries warm / "
        "after publish (SQL ms) | first view after publish / after a pause / warm |"
    )
    print("|---|---|---|---|---|---|")
    for name, result in measured["pages"].items():
        query = result.get("queries")
        queries = (
            f"{query['warm']['queries']} / {query['after_publish']['queries']} "
            f"({query['warm']['sql_ms']} / {query['after_publish']['sql_ms']})"
            if query
            else "–"
        )
        first = (
            f"{result['first_after_publish_ms']:.0f} / {result['after_pause_ms']:.0f} / "
            f"{result['warm_ms']:.0f} ms"
            if "warm_ms" in result
            else "–"
        )
        uncached = result["uncached"]
        print(
            f"| {name} `{result['path']}` | {rate(result['cached'])} | {rate(uncached)} | "
            f"{uncached['p50_ms']:.0f} ms | {queries} | {first} |"
        )
    files = [name for name in measured["pages"] if name in FILE_OUTPUTS]
    if files:
        print(
            "\nFiles (their first view after a publish, after a pause and warm above: to the "
            "first byte):\n"
        )
        print(
            "| file | size | cached req/s | uncached req/s | the same bytes as a static file: "
            "size, req/s | first byte p50, one reader | whole download p50 (wrk) |"
        )
        print("|---|---|---|---|---|---|---|")
        for name in files:
            result = measured["pages"][name]
            yardstick = measured["pages"][YARDSTICK_PREFIX + name]
            print(
                f"| {name} | {result['bytes'] / 1e6:.2f} MB | {rate(result['cached'])} | "
                f"{rate(result['uncached'])} | {yardstick['bytes'] / 1e6:.2f} MB, "
                f"{rate(yardstick['uncached'])} | {result['first_byte_p50_ms']:.1f} ms | "
                f"{result['uncached']['p50_ms']:.0f} ms |"
            )
    peaks = measured["worker_peaks_mb"]
    if peaks:
        print(
            f"\nWorkers' peak memory (VmHWM): {', '.join(f'{mb:.0f}' for mb in peaks.values())} MB"
        )


def check(checks, label, value, target, passed):
    checks.append((label, value, target, passed))


def evaluate(measured_by_scale, arguments):
    checks = []
    for stories, measured in measured_by_scale.items():
        pages = measured["pages"]
        where = f"[{stories} generated]"
        static = pages.get("static", {}).get("uncached")
        for name, result in pages.items():
            if never_cached(name) or not static:
                continue
            if name in FILE_OUTPUTS:
                yardstick = pages[YARDSTICK_PREFIX + name]["uncached"]
                share = result["cached"]["rps"] / yardstick["rps"]
                against = "the same bytes as a static file"
            else:
                share = result["cached"]["rps"] / static["rps"]
                against = "the static file"
            check(
                checks,
                f"{where} {name} cached / {against}, req/s",
                f"{share:.0%}",
                f">= {CACHED_SHARE_OF_STATIC:.0%}",
                share >= CACHED_SHARE_OF_STATIC,
            )
        story = pages.get("story", {}).get("uncached")
        if story:
            floor = STORY_OVER_BAKERYDEMO * arguments.bakerydemo_rps
            check(
                checks,
                f"{where} story uncached req/s",
                f"{story['rps']:.1f}",
                f">= {floor:.0f} (2x bakerydemo's blog detail, {arguments.bakerydemo_rps})",
                story["rps"] >= floor,
            )
            for name in ("explorer_hashtag", "explorer_filters"):
                if name in pages:
                    explorer = pages[name]["uncached"]
                    check(
                        checks,
                        f"{where} {name} uncached req/s",
                        f"{explorer['rps']:.1f}",
                        f">= story's {story['rps']:.1f}",
                        explorer["rps"] >= story["rps"],
                    )
        for name, result in pages.items():
            if "warm_ms" in result:
                first = result["first_after_publish_ms"]
                ratio = first / result["after_pause_ms"]
                check(
                    checks,
                    f"{where} {name} first view after publish / warm after the same pause",
                    f"{ratio:.2f}x ({first:.0f} / {result['after_pause_ms']:.0f} ms; "
                    f"{first / result['warm_ms']:.2f}x of {result['warm_ms']:.0f} ms warm; "
                    f"quiet {result['quiet_wait_s']:.1f} s after the worker)",
                    f"<= {FIRST_VIEW_OVER_WARM}x",
                    ratio <= FIRST_VIEW_OVER_WARM,
                )
        peak = max(measured["worker_peaks_mb"].values(), default=0)
        check(
            checks,
            f"{where} worker peak memory",
            f"{peak:.0f} MB",
            f"< {WORKER_MB} MB",
            peak < WORKER_MB,
        )
        search = pages.get("search", {}).get("single")
        if search and arguments.database == "postgres" and stories >= SEARCH_SCALE:
            check(
                checks,
                f"{where} search p50, one reader (PostgreSQL)",
                f"{search['p50_ms']:.0f} ms",
                f"< {SEARCH_P50_MS} ms",
                search["p50_ms"] < SEARCH_P50_MS,
            )
    if len(measured_by_scale) == 2:
        (small, demo), (large, scaled) = sorted(measured_by_scale.items())
        for name, result in scaled["pages"].items():
            base = demo["pages"].get(name)
            if not base or is_static(name):
                continue
            if name in FILE_OUTPUTS:
                label = "time to first byte p50, one reader"
                before, after = base["first_byte_p50_ms"], result["first_byte_p50_ms"]
            else:
                label = "uncached p50"
                before, after = base["uncached"]["p50_ms"], result["uncached"]["p50_ms"]
            ratio = after / before
            check(
                checks,
                f"[{large} vs {small}] {name} {label}",
                f"{ratio:.2f}x ({before:.1f} → {after:.1f} ms)",
                f"<= {AT_SCALE_OVER_DEMO}x",
                ratio <= AT_SCALE_OVER_DEMO,
            )
            if result.get("queries") and base.get("queries"):
                before = base["queries"]["warm"]["queries"]
                after = result["queries"]["warm"]["queries"]
                check(
                    checks,
                    f"[{large} vs {small}] {name} queries",
                    f"{before} → {after}",
                    "the same",
                    before == after,
                )
    return checks


def print_checks(checks):
    print("\n## Targets\n")
    print("| target | measured | wanted | |")
    print("|---|---|---|---|")
    for label, value, target, passed in checks:
        print(f"| {label} | {value} | {target} | {'PASS' if passed else '**FAIL**'} |")
    failed = sum(1 for check in checks if not check[3])
    print(f"\n{len(checks) - failed} passed, {failed} failed.")
    return failed


def print_slowest(measured_by_scale):
    """Where the time goes: each page's slowest query on its first view after a publish."""
    print("\n## Slowest query of each page (first view after a publish)\n")
    for stories, measured in measured_by_scale.items():
        for name, result in measured["pages"].items():
            query = result.get("queries")
            if query and query["after_publish"]["slowest_ms"] >= 5:
                after = query["after_publish"]
                sql = re.sub(r"\s+", " ", after["slowest_sql"])[:160]
                print(
                    f"- [{stories}] {name}: {after['slowest_ms']} ms "
                    f"of {after['sql_ms']} ms: `{sql}`"
                )


def print_plans(measured_by_scale):
    """PostgreSQL's plan of the slowest listing query at each scale (the issue asks for the
    EXPLAIN ANALYZE of the slowest listing query), from each listing's cold render."""
    for stories, measured in measured_by_scale.items():
        planned = [
            (name, result["queries"]["cold"])
            for name, result in measured["pages"].items()
            if name in LISTINGS
            and (result.get("queries") or {}).get("cold", {}).get("slowest_plan")
        ]
        if not planned:
            continue
        name, cold = max(planned, key=lambda item: item[1]["slowest_ms"])
        print(
            f"\n## The slowest listing query with {stories} generated stories: {name}, "
            f"{cold['slowest_ms']} ms of {cold['sql_ms']} ms in {cold['queries']} queries "
            "(rendered with nothing cached)\n"
        )
        print("```")
        print(re.sub(r"\s+", " ", cold["slowest_full_sql"]))
        print()
        print(cold["slowest_plan"])
        print("```")


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--helper":
        return run_helper()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--stories",
        type=int,
        default=0,
        help="also measure the demo with this many generated stories per language "
        "(0: the demo only)",
    )
    parser.add_argument(
        "--only-scale", action="store_true", help="with --stories: skip the demo's own run"
    )
    parser.add_argument(
        "--pages", default=",".join(PAGES), help="comma-separated, of: " + ", ".join(PAGES)
    )
    parser.add_argument("--duration", default="5s", help="wrk's -d for each run (5s)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (3)")
    parser.add_argument("--connections", type=int, default=8, help="wrk's -c (8)")
    parser.add_argument(
        "--first-views",
        type=int,
        default=3,
        help="publishes per page for its first view after a publish, the median kept (3)",
    )
    parser.add_argument("--timeout", default="10s", help="wrk's --timeout")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server (2)")
    parser.add_argument(
        "--redis", help="REDIS_URL for the servers' cache (default: the database cache)"
    )
    parser.add_argument(
        "--bakerydemo-rps",
        type=float,
        default=BAKERYDEMO_BLOG_RPS,
        help=f"bakerydemo's blog detail req/s on this machine ({BAKERYDEMO_BLOG_RPS}, the issue's)",
    )
    parser.add_argument("--json", help="also write every number to this file")
    arguments = parser.parse_args()
    arguments.pages = set(arguments.pages.split(",")) | {"static", "home"}
    if not Path(WRK).exists():
        sys.exit("wrk is missing: apt-get install wrk")
    if arguments.database == "postgres" and not os.environ.get("DATABASE_URL", "").startswith(
        "postgres"
    ):
        sys.exit("--database postgres needs DATABASE_URL=postgres://...")

    def log(message):
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    scales = [0, arguments.stories] if arguments.stories else [0]
    if arguments.only_scale and arguments.stories:
        scales = [arguments.stories]
    measured_by_scale = {}
    print(
        f"# Speed ({arguments.database}, {arguments.workers} sync workers per server, wrk "
        f"-c{arguments.connections} -d{arguments.duration}, median of {arguments.rounds} rounds; "
        f"load average at the start {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)",
        flush=True,
    )
    workdir = Path(tempfile.mkdtemp(prefix="welfare-speed-"))
    try:
        for stories in scales:
            scale = Scale(arguments, stories, workdir)
            scale.build(log)
            scale.start()
            try:
                log(f"measuring with {stories} generated stories")
                measured_by_scale[stories] = measure(scale, arguments, log)
            finally:
                scale.stop()
            # Printed at once: a later scale may take long.
            print_scale(
                f"The demo with {stories} generated stories per language",
                measured_by_scale[stories],
            )
            sys.stdout.flush()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    load = os.getloadavg()
    print(f"\nLoad average at the end: {load[0]:.1f} on {os.cpu_count()} cores.")
    print_slowest(measured_by_scale)
    print_plans(measured_by_scale)
    checks = evaluate(measured_by_scale, arguments)
    failed = print_checks(checks)
    if arguments.json:
        Path(arguments.json).write_text(
            json.dumps({str(k): v for k, v in measured_by_scale.items()}, indent=2, default=str)
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
