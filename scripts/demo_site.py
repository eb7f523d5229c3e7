"""A production-like copy of the demo site on a free local port.

Used by the browser tests (tests/browser/), scripts/screenshots.py and the benchmark
scripts. It builds a fresh SQLite database with the demo content in a temporary folder
(migrate, load_demo, collectstatic), or starts from a copy of a demo database already built
(the test suite hands over its own, see ``DemoSite``), then serves it with DEBUG off,
WhiteNoise's compressed static files, gzip-compressed HTML and the media files, through a
threaded WSGI server from the standard library. Nothing of the developer's own database or
media is touched.

Run it on its own to look at the production build by hand:

    .venv/bin/python scripts/demo_site.py --port 8001
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LANGUAGES = ("it", "en")


def chromium_path():
    """Debian's Chromium, or the browser named by CHROMIUM_PATH."""
    return os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)


class DemoSiteError(RuntimeError):
    pass


class DemoSite:
    """Build the demo in a temporary folder and serve it; use as a context manager.

    ``base_url`` is the server's address, ``pages`` maps each page type (``page_type_names()``) to
    ``{"it": path, "en": path}`` (the first live page of that type in tree order; "search" too,
    when the site has a search view) and
    ``all_pages`` lists every live page as ``{"type", "language", "path"}``.

    ``seed``, when given, is a folder holding ``db.sqlite3`` (a migrated database where
    load_demo has run) and ``media`` (its files): they are copied instead of running migrate
    and load_demo again, which cost most of the build (about a minute on a CI core). The
    first site made from a seed adds its collected static files and its list of pages to it.
    """

    def __init__(self, port=0, log=None, seed=None, environment=None):
        self.port = port
        # Variables for the server only (a REDIS_URL, PAGE_CACHE...), on top of the demo's;
        # the build and the page listing run without them.
        self.server_environment = dict(environment or {})
        self.seed = Path(seed) if seed is not None else None
        self.log = log or (lambda message: print(message, file=sys.stderr))
        self.workdir = None
        self.static_root = None
        self.process = None
        self.base_url = None
        self.pages = {}
        self.all_pages = []

    def __enter__(self):
        self.workdir = Path(tempfile.mkdtemp(prefix="welfare-demo-site-"))
        try:
            started = time.monotonic()
            self.static_root = self.workdir / "static"
            if self.seed is None:
                self._run_helper("build")
                self.all_pages = json.loads(self._run_helper("pages"))
            else:
                self._start_from_seed()
            self.pages = first_page_of_each_type(self.all_pages)
            self._start_server()
            self.log(f"Demo site ready at {self.base_url} in {time.monotonic() - started:.0f} s")
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc_info):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def _start_from_seed(self):
        """Copy the seed's database and media. The static files and the list of pages are
        the same for every site made from one seed: the first site makes them and leaves them
        in the seed for the next (the test suite starts three: 8 s of CPU each)."""
        shutil.copyfile(self.seed / "db.sqlite3", self.workdir / "db.sqlite3")
        shutil.copytree(self.seed / "media", self.workdir / "media")
        self.static_root = self.seed / "static"
        if not self.static_root.is_dir():
            # Collected beside it, then renamed: a folder named "static" is always whole.
            collecting = self.seed / "static-collecting"
            shutil.rmtree(collecting, ignore_errors=True)
            self.static_root = collecting
            self._run_helper("static")
            self.static_root = collecting.rename(self.seed / "static")
        pages = self.seed / "pages.json"
        if not pages.exists():
            pages.write_text(self._run_helper("pages"))
        self.all_pages = json.loads(pages.read_text())

    def url(self, path):
        return self.base_url + path

    def save_seed(self, folder):
        """Copies this site's database and media into ``folder``, a ``seed`` for the next
        DemoSite (the server may go on running: SQLite's backup reads a consistent copy)."""
        folder = Path(folder)
        with (
            sqlite3.connect(self.workdir / "db.sqlite3") as source,
            sqlite3.connect(folder / "db.sqlite3") as copy,
        ):
            source.backup(copy)
        shutil.copytree(self.workdir / "media", folder / "media")
        return folder

    def server_log(self, last_lines=40):
        """The end of the server's error output: tracebacks of failed requests land here."""
        log_file = self.workdir / "server.log"
        if not log_file.exists():
            return ""
        return "\n".join(log_file.read_text(errors="replace").splitlines()[-last_lines:])

    def _environment(self):
        env = {
            key: value
            for key, value in os.environ.items()
            # The demo always runs on its own SQLite file, even when the caller's
            # environment points at PostgreSQL or Redis.
            if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="scripts.demo_settings",
            PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
            SECRET_KEY="local-demo-site-only",
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="false",
            SQLITE_PATH=str(self.workdir / "db.sqlite3"),
            MEDIA_ROOT=str(self.workdir / "media"),
            PRIVATE_MEDIA_ROOT=str(self.workdir / "private-media"),
            STATIC_ROOT=str(self.static_root),
            SITE_BASE_URL="http://127.0.0.1",
            LOG_LEVEL="WARNING",
        )
        return env

    def _run_helper(self, command):
        result = subprocess.run(
            [sys.executable, __file__, command],
            cwd=ROOT,
            env=self._environment(),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise DemoSiteError(
                f"'demo_site.py {command}' failed:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
            )
        return result.stdout

    def _start_server(self):
        log_file = open(self.workdir / "server.log", "w")  # noqa: SIM115 (lives with the server)
        self.process = subprocess.Popen(
            [sys.executable, __file__, "serve", "--port", str(self.port)],
            cwd=ROOT,
            env={**self._environment(), **self.server_environment},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log_file,
            text=True,
        )
        log_file.close()
        # The server prints its address once it listens (the port may have been 0).
        first_line = self.process.stdout.readline().strip()
        if not first_line.startswith("http://"):
            self.process.wait(timeout=10)
            raise DemoSiteError(f"The demo server did not start:\n{self.server_log()}")
        self.base_url = first_line
        self._wait_until_ready()

    def _wait_until_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.url(self.pages["home"]["it"]), timeout=10):
                    return
            except urllib.error.HTTPError:
                return  # the server is up; the page's error is for the caller to report
            except (urllib.error.URLError, ConnectionError) as error:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise DemoSiteError(
                        f"The demo server does not answer ({error}):\n{self.server_log()}"
                    ) from error
                time.sleep(0.3)


def page_type_name(model):
    """What a page type is called here: its class name without "Page", in snake case
    (``StoryIndexPage`` is "story_index")."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__.removesuffix("Page")).lower()


def page_models():
    """Every page type of the site, as Wagtail knows them (needs Django set up)."""
    from wagtail.models import Page, get_page_models

    return [model for model in get_page_models() if model is not Page]


def page_type_names():
    return [page_type_name(model) for model in page_models()]


def first_page_of_each_type(all_pages):
    pages = {}
    for entry in all_pages:
        pages.setdefault(entry["type"], {}).setdefault(entry["language"], entry["path"])
    return pages


# The helpers below run in the child processes started by DemoSite, with Django set up on
# the demo's own settings and database.


def build():
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=0)
    build_static()


def build_static():
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def save_seed(connection, media_root, folder):
    """Save a demo database and its media files as a ``seed`` for DemoSite: ``connection``
    is an open SQLite database connection (Django's) where the demo has been loaded."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    connection.ensure_connection()
    target = sqlite3.connect(folder / "db.sqlite3")
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    if Path(media_root).is_dir():
        shutil.copytree(media_root, folder / "media", dirs_exist_ok=True)
    else:
        (folder / "media").mkdir(exist_ok=True)
    return folder


def list_pages():
    from urllib.parse import urlsplit

    from wagtail.models import Page

    entries = []
    for model in page_models():
        page_type = page_type_name(model)
        for language in LANGUAGES:
            # Plain Page rows: the URL is all that is needed, not the specific fields.
            live_pages = (
                Page.objects.type(model)
                .live()
                .public()
                .filter(locale__language_code=language)
                .order_by("path")
            )
            for page in live_pages:
                entries.append(
                    {"type": page_type, "language": language, "path": urlsplit(page.url).path}
                )
    entries += search_pages()
    print(json.dumps(entries))


def search_pages():
    """The site search with a query that finds stories, when the site has a search view."""
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    entries = []
    for language in LANGUAGES:
        with translation.override(language):
            try:
                path = reverse("search")
            except NoReverseMatch:
                return []
        entries.append({"type": "search", "language": language, "path": f"{path}?q=welfare"})
    return entries


def serve(port):
    import threading
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from whitenoise import WhiteNoise

    class ThreadingServer(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format, *args):
            # Only failed requests are worth the log; tracebacks come from Django's logger.
            if len(args) > 1 and str(args[1]).startswith("5"):
                super().log_message(format, *args)

    # Media files (images, PDFs) as the production web server would serve them. Renditions
    # are created while pages render, so WhiteNoise looks them up on every request.
    application = WhiteNoise(
        get_wsgi_application(),
        root=settings.MEDIA_ROOT,
        prefix=settings.MEDIA_URL,
        autorefresh=True,
        max_age=3600,
    )
    server = make_server(
        "127.0.0.1",
        port,
        application,
        server_class=ThreadingServer,
        handler_class=QuietHandler,
    )
    print(f"http://127.0.0.1:{server.server_port}", flush=True)

    def stop_with_the_parent():
        # DemoSite holds the other end of stdin: end of file means it is gone, however it
        # ended (even killed), so no server is left behind.
        sys.stdin.read()
        os._exit(0)

    threading.Thread(target=stop_with_the_parent, daemon=True).start()
    server.serve_forever()


def main():
    parser = argparse.ArgumentParser(
        description="Build the demo site in a temporary folder and serve it like production "
        "(DEBUG off, compressed static files) until Ctrl-C."
    )
    parser.add_argument(
        "command",
        nargs="?",
        default="run",
        choices=["run", "build", "static", "pages", "serve"],
        help="'run' (default); the others are steps used internally",
    )
    parser.add_argument("--port", type=int, default=8001, help="port (0: any free port)")
    arguments = parser.parse_args()

    if arguments.command == "run":
        # A plain `kill` cleans up like Ctrl-C does.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        with DemoSite(port=arguments.port) as site:
            for page_type, paths in site.pages.items():
                for language, path in paths.items():
                    print(f"{page_type:16} {language}  {site.url(path)}")
            print(f"\nServing {site.base_url}/it/ — press Ctrl-C to stop.")
            with contextlib.suppress(KeyboardInterrupt):
                site.process.wait()
        return

    import django

    django.setup()
    if arguments.command == "build":
        build()
    elif arguments.command == "static":
        build_static()
    elif arguments.command == "pages":
        list_pages()
    else:
        serve(arguments.port)


if __name__ == "__main__":
    main()
