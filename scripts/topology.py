"""The production topology on this machine, built from the files in deploy/, with real
processes and no Docker.

Two gunicorn app servers (``deploy/gunicorn.conf.py``, production settings, the same
environment) share a fresh PostgreSQL database, a private Redis and an S3-protocol server,
behind Varnish running ``deploy/varnish/default.vcl``. The worker (``manage.py run_worker``)
runs beside them. Used by tests/test_topology.py and scripts/benchmark_topology.py.

The S3 side is moto's server mode (``moto_server``): no S3-compatible server ships in Debian
or PyPI here, and moto speaks the S3 protocol. The site is configured for it exactly as for
real S3 or MinIO (the django-storages variables of deploy/env.example); only the endpoint
differs.

Differences from deploy/compose.yaml, all of them addresses: everything listens on
127.0.0.1 on free ports; the backends.vcl given to Varnish is deploy/varnish/backends.vcl
with each backend's host and port replaced by an app server's (its folder comes first in
``vcl_path``); the site is reached over plain http (no TLS terminator in front), so
``SECURE_SSL_REDIRECT`` is off.

    with Topology() as topology:
        topology.url("varnish", "/it/")      # "a", "b" and "varnish"
        topology.stop("b"); topology.start("b")

Building the database (migrations and the demo, about 40 s of CPU) happens once per state of
the code: the result is kept as a PostgreSQL template database (``topology_template_<key>``)
with the demo's media files beside it in ``.cache/topology/<key>/``, and each topology starts
from a copy of that template, its media uploaded to the fresh S3 server. The key is a hash of
the requirements, this file and every file of the site's apps but their templates, static
files and translations, which the database does not depend on: a change to any other file
builds them again. Static files are collected afresh for each topology.

Run on its own, it builds the topology, prints the addresses and waits for Ctrl-C:

    .venv/bin/python scripts/topology.py
"""

import contextlib
import hashlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
GUNICORN_CONF = DEPLOY / "gunicorn.conf.py"
VARNISH_DIR = DEPLOY / "varnish"
DEFAULT_VCL = VARNISH_DIR / "default.vcl"
BACKENDS_VCL = VARNISH_DIR / "backends.vcl"
BIN = Path(sys.executable).parent
GUNICORN = BIN / "gunicorn"
MOTO_SERVER = BIN / "moto_server"
VARNISHD = Path(os.environ.get("VARNISHD", "/usr/sbin/varnishd"))
REDIS_SERVER = Path(shutil.which("redis-server") or "/usr/bin/redis-server")
# The PostgreSQL server of the test run; the topology makes its own database there.
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
BUCKET = "topology-media"
ADMIN_USERNAME = "topology-admin"
APP_SERVERS = ("a", "b")
CACHE_DIR = ROOT / ".cache" / "topology"
# What the cached database and media are made from (see source_key).
SOURCE_FOLDERS = ("home", "stories", "downloads", "editorial", "proposals", "site_cms")
NOT_IN_DATABASE = {"templates", "static", "locale", "__pycache__"}
# How many cached databases (states of the code) are kept in PostgreSQL.
KEPT_TEMPLATES = 3
# What the app servers are given of the caller's environment: nothing that configures the
# site (DATABASE_URL, REDIS_URL, AWS_*...), which the topology sets itself.
INHERITED_VARIABLES = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ")


class TopologyError(RuntimeError):
    pass


def postgres_server_url():
    """The PostgreSQL server to use: TOPOLOGY_POSTGRES_URL, else DATABASE_URL's server when
    it is PostgreSQL, else 127.0.0.1:5432 as user postgres."""
    url = os.environ.get("TOPOLOGY_POSTGRES_URL") or os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = DEFAULT_POSTGRES_URL
    return url


def with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def postgres_connect(url):
    import psycopg

    return psycopg.connect(with_database(url, "postgres"), autocommit=True, connect_timeout=5)


def missing_pieces():
    """Why the topology cannot be built here: one sentence per missing piece."""
    missing = []
    for path, what in (
        (GUNICORN_CONF, "the gunicorn configuration"),
        (DEFAULT_VCL, "the Varnish configuration"),
        (BACKENDS_VCL, "the Varnish backends"),
    ):
        if not path.is_file():
            missing.append(f"{path.relative_to(ROOT)} ({what}) is missing")
    for path, package in (
        (VARNISHD, "Debian's varnish"),
        (REDIS_SERVER, "Debian's redis-server"),
        (GUNICORN, "gunicorn (requirements.txt)"),
        (MOTO_SERVER, "moto[server] (requirements-dev.txt)"),
    ):
        if not os.access(path, os.X_OK):
            missing.append(f"{path} is missing: install {package}")
    if not shutil.which("cc"):
        missing.append("no C compiler (cc): Varnish compiles its VCL with it")
    try:
        with postgres_connect(postgres_server_url()):
            pass
    except Exception as error:  # any failure to connect means: no PostgreSQL here
        missing.append(f"PostgreSQL is not reachable at {postgres_server_url()}: {error}")
    return missing


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def local_backends_vcl(text, addresses):
    """deploy/varnish/backends.vcl with the host and port of its n-th backend replaced by
    the n-th of ``addresses`` ((host, port) pairs); probes, timeouts and directors kept."""
    starts = [match.start() for match in re.finditer(r"^\s*backend\s+\w+\s*\{", text, re.M)]
    if len(starts) != len(addresses):
        raise TopologyError(
            f"{BACKENDS_VCL.relative_to(ROOT)} declares {len(starts)} backends; "
            f"the topology has {len(addresses)} app servers."
        )
    pieces = [text[: starts[0]]]
    for index, (host, port) in enumerate(addresses):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        block = text[starts[index] : end]
        block, hosts = re.subn(r'(\.host\s*=\s*)"[^"]*"', rf'\g<1>"{host}"', block, count=1)
        block, ports = re.subn(r'(\.port\s*=\s*)"[^"]*"', rf'\g<1>"{port}"', block, count=1)
        if not (hosts and ports):
            raise TopologyError(f"A backend of {BACKENDS_VCL.name} has no .host or .port.")
        pieces.append(block)
    return "".join(pieces)


def source_key():
    """A hash of everything the cached database and media are built from."""
    digest = hashlib.sha256()
    files = [ROOT / "requirements.txt", Path(__file__)]
    for folder in SOURCE_FOLDERS:
        files += sorted(path for path in (ROOT / folder).rglob("*") if path.is_file())
    for path in files:
        if NOT_IN_DATABASE.intersection(path.relative_to(ROOT).parts):
            continue
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def has_worker_command():
    return any(ROOT.glob("*/management/commands/run_worker.py"))


def http_get(port, path, headers=None, timeout=10):
    """(status, headers, body) of a plain GET on 127.0.0.1:port."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


class Topology:
    """Build the topology; use as a context manager. ``log`` receives progress lines.

    After ``__enter__``: ``ports`` ("a", "b", "varnish", "redis", "s3"), ``env`` (the app
    servers' environment), ``content`` (paths of the demo's pages: see ``prepare``),
    ``admin_password``, ``timings`` (seconds per step).
    """

    def __init__(self, log=None, web_concurrency=2, seed=None):
        self.log = log or (lambda message: print(message, file=sys.stderr, flush=True))
        self.web_concurrency = web_concurrency
        # A migrated PostgreSQL database holding the demo, with its media and private media
        # folders ({"database", "media", "private_media"}): the test suite's own, already
        # built, copied instead of building another (no connection may be open on it).
        self.seed = seed
        self.workdir = None
        self.processes = {}
        self.ports = {}
        self.env = {}
        self.content = {}
        self.database = None
        self.postgres_url = postgres_server_url()
        self.admin_password = secrets.token_urlsafe(16)
        self.timings = {}

    # Life cycle

    def __enter__(self):
        missing = missing_pieces()
        if missing:
            raise TopologyError("; ".join(missing))
        self.workdir = Path(tempfile.mkdtemp(prefix="welfare-topology-"))
        try:
            self._build()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc_info):
        for name in reversed(list(self.processes)):
            self._terminate(name)
        if self.database:
            with contextlib.suppress(Exception), postgres_connect(self.postgres_url) as db:
                db.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            self.database = None
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def _build(self):
        started = time.monotonic()
        for name in ("a", "b", "varnish", "redis", "s3"):
            self.ports[name] = free_port()
        self.key = source_key()
        self.cache = CACHE_DIR / self.key
        self.template = f"topology_template_{self.key}"
        self.database = f"topology_{secrets.token_hex(4)}"
        self.env = self._environment()

        with self._timed("services"):
            self.start("redis")
            self.start("s3")
            self._wait_for_port("redis")
            self._wait_for_port("s3")
            self._create_bucket()

        with self._timed("database and static files"):
            # collectstatic needs no database: it runs beside the database's preparation.
            collectstatic = subprocess.Popen(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
                cwd=ROOT,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            self._prepare_database_and_media()
            self.content = json.loads(self.run_helper("prepare").splitlines()[-1])
            _, errors = collectstatic.communicate()
            if collectstatic.returncode != 0:
                raise TopologyError(f"collectstatic failed:\n{errors[-3000:]}")

        with self._timed("app servers and proxy"):
            for name in APP_SERVERS:
                self.start(name)
            if has_worker_command():
                self.start("worker")
            (self.workdir / "vcl").mkdir()
            (self.workdir / "vcl" / "backends.vcl").write_text(
                local_backends_vcl(
                    BACKENDS_VCL.read_text(),
                    [("127.0.0.1", self.ports[name]) for name in APP_SERVERS],
                )
            )
            for name in APP_SERVERS:
                self.wait_until_serving(name)
            self.start("varnish")
            self.wait_until_serving("varnish")
        self.timings["total"] = round(time.monotonic() - started, 1)
        self.log(
            f"Topology ready in {self.timings['total']} s: varnish :{self.ports['varnish']}, "
            f"app servers :{self.ports['a']} and :{self.ports['b']}, redis "
            f":{self.ports['redis']}, S3 (moto) :{self.ports['s3']}, database {self.database} "
            f"({self.timings})"
        )

    @contextlib.contextmanager
    def _timed(self, step):
        started = time.monotonic()
        yield
        self.timings[step] = round(time.monotonic() - started, 1)

    def _environment(self):
        env = {key: os.environ[key] for key in INHERITED_VARIABLES if key in os.environ}
        env.update(
            DJANGO_SETTINGS_MODULE="site_cms.settings.production",
            PYTHONPATH=str(ROOT),
            PYTHONUNBUFFERED="1",
            SECRET_KEY=secrets.token_urlsafe(40),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SITE_BASE_URL=f"http://127.0.0.1:{self.ports['varnish']}",
            # Plain http on 127.0.0.1: no TLS terminator in front of Varnish here.
            SECURE_SSL_REDIRECT="false",
            DATABASE_URL=with_database(self.postgres_url, self.database),
            REDIS_URL=f"redis://127.0.0.1:{self.ports['redis']}/0",
            AWS_STORAGE_BUCKET_NAME=BUCKET,
            AWS_S3_ENDPOINT_URL=f"http://127.0.0.1:{self.ports['s3']}",
            AWS_S3_REGION_NAME="us-east-1",
            AWS_ACCESS_KEY_ID="topology",
            AWS_SECRET_ACCESS_KEY=secrets.token_urlsafe(16),
            FRONTEND_CACHE_PURGE_URLS=f"http://127.0.0.1:{self.ports['varnish']}",
            # Varnish appends the reader's address to X-Forwarded-For.
            TRUSTED_PROXY_COUNT="1",
            WEB_CONCURRENCY=str(self.web_concurrency),
            MEDIA_ROOT=str(self.workdir / "media"),
            PRIVATE_MEDIA_ROOT=str(self.workdir / "private-media"),
            STATIC_ROOT=str(self.workdir / "static"),
            LOG_LEVEL="WARNING",
            TOPOLOGY_ADMIN_USERNAME=ADMIN_USERNAME,
            TOPOLOGY_ADMIN_PASSWORD=self.admin_password,
        )
        return env

    def _create_bucket(self):
        self.s3_client().create_bucket(Bucket=BUCKET)

    def _prepare_database_and_media(self):
        """The database as a copy of the cached template, the media uploaded to S3 from the
        cache; both built first when the code changed (or never built here)."""
        if self.seed is not None:
            self._upload(Path(self.seed["media"]), "")
            self._upload(Path(self.seed["private_media"]), "private/")
            with postgres_connect(self.postgres_url) as db:
                db.execute(f'CREATE DATABASE "{self.database}" TEMPLATE "{self.seed["database"]}"')
            return
        media = self.cache / "media"
        with postgres_connect(self.postgres_url) as db:
            template_exists = db.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [self.template]
            ).fetchone()
        if not (template_exists and media.is_dir()):
            self._build_cache()
        else:
            client = self.s3_client()
            for path in media.rglob("*"):
                if path.is_file():
                    client.upload_file(str(path), BUCKET, str(path.relative_to(media)))
            # Whatever the demo left on the local disk (MEDIA_ROOT) when S3 is not in use.
            shutil.copytree(self.cache / "local-media", self.env["MEDIA_ROOT"])
        with postgres_connect(self.postgres_url) as db:
            db.execute(f'CREATE DATABASE "{self.database}" TEMPLATE "{self.template}"')

    def _upload(self, folder, prefix):
        client = self.s3_client()
        for path in folder.rglob("*") if folder.is_dir() else ():
            if path.is_file():
                client.upload_file(str(path), BUCKET, prefix + str(path.relative_to(folder)))

    def _build_cache(self):
        """Migrate and load the demo into a new template database, keep the media it put on
        S3 in .cache/topology/<key>/; drop all but the newest few."""
        self.log("Building the topology's database and media (once per state of the code)")
        building = Path(tempfile.mkdtemp(prefix=f"{self.key}-", dir=self._cache_root()))
        build_database = f"topology_build_{secrets.token_hex(4)}"
        env = dict(self.env, DATABASE_URL=with_database(self.postgres_url, build_database))
        with postgres_connect(self.postgres_url) as db:
            db.execute(f'CREATE DATABASE "{build_database}"')
        try:
            self.run_helper("build", env=env)
            client = self.s3_client()
            for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
                for item in page.get("Contents", []):
                    target = building / "media" / item["Key"]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    client.download_file(BUCKET, item["Key"], str(target))
            (building / "media").mkdir(exist_ok=True)
            local_media = Path(self.env["MEDIA_ROOT"])
            if local_media.is_dir():
                shutil.copytree(local_media, building / "local-media")
            else:
                (building / "local-media").mkdir()
            with postgres_connect(self.postgres_url) as db:
                # Rebuilt (or built by a run beside this one): the newest wins.
                db.execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
                db.execute(f'ALTER DATABASE "{build_database}" RENAME TO "{self.template}"')
                # The newest few stay (other checkouts, other branches); older ones go.
                templates = [
                    name
                    for (name,) in db.execute(
                        "SELECT datname FROM pg_database "
                        "WHERE datname LIKE 'topology_template_%%' ORDER BY oid DESC"
                    ).fetchall()
                ]
                for name in templates[KEPT_TEMPLATES:]:
                    db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            shutil.rmtree(self.cache, ignore_errors=True)
            building.rename(self.cache)
            kept = {name.removeprefix("topology_template_") for name in templates[:KEPT_TEMPLATES]}
            for old in self._cache_root().iterdir():
                if old.name not in kept:
                    shutil.rmtree(old, ignore_errors=True)
        finally:
            with contextlib.suppress(Exception), postgres_connect(self.postgres_url) as db:
                db.execute(f'DROP DATABASE IF EXISTS "{build_database}" WITH (FORCE)')
            shutil.rmtree(building, ignore_errors=True)

    def _cache_root(self):
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        return CACHE_DIR

    def s3_client(self):
        """A boto3 client of the S3 server, with the site's own credentials."""
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.env["AWS_S3_ENDPOINT_URL"],
            region_name=self.env["AWS_S3_REGION_NAME"],
            aws_access_key_id=self.env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=self.env["AWS_SECRET_ACCESS_KEY"],
        )

    # Processes

    def _command(self, name):
        if name in APP_SERVERS:
            # The configuration file as deployed; only the address is this machine's.
            return [
                str(GUNICORN),
                "--config",
                str(GUNICORN_CONF),
                "--bind",
                f"127.0.0.1:{self.ports[name]}",
                "site_cms.wsgi",
            ]
        if name == "worker":
            return [sys.executable, "manage.py", "run_worker"]
        if name == "redis":
            return [
                str(REDIS_SERVER),
                "--port",
                str(self.ports["redis"]),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ]
        if name == "s3":
            return [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(self.ports["s3"])]
        if name == "varnish":
            command = [
                str(VARNISHD),
                "-F",
                "-n",
                str(self.workdir / "varnish"),
                "-a",
                f"127.0.0.1:{self.ports['varnish']}",
                "-T",
                "none",
                "-f",
                str(DEFAULT_VCL),
                # This folder's backends.vcl is found before deploy/varnish/'s own.
                "-p",
                f"vcl_path={self.workdir / 'vcl'}:{VARNISH_DIR}",
                "-s",
                "malloc,64m",
            ]
            if os.geteuid() == 0:
                # As root varnishd would switch to the varnish user, which cannot read a
                # private temporary folder; nothing here needs that jail.
                command[1:1] = ["-j", "none"]
            return command
        raise ValueError(name)

    def start(self, name):
        """Start one process: "a", "b", "worker", "redis", "s3" or "varnish"."""
        if name in self.processes:
            raise TopologyError(f"{name} is already running")
        env = dict(self.env, PORT=str(self.ports[name])) if name in APP_SERVERS else self.env
        log_file = open(self.workdir / f"{name}.log", "a")  # noqa: SIM115 (lives with the process)
        self.processes[name] = subprocess.Popen(
            self._command(name),
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log_file.close()

    def stop(self, name):
        """Stop one process (SIGTERM, as systemd or Docker would) and wait for it."""
        if name not in self.processes:
            raise TopologyError(f"{name} is not running")
        self._terminate(name)

    def _terminate(self, name):
        process = self.processes.pop(name)
        if process.poll() is None:
            # The whole process group: gunicorn's workers and varnishd's child too.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        # Children that outlive their parent (varnishd's cache process) go too.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)

    def _wait_for_port(self, name, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.ports[name]), timeout=1):
                    return
            except OSError:
                self._check_running(name)
                if time.monotonic() > deadline:
                    raise TopologyError(
                        f"{name} does not listen:\n{self.process_log(name)}"
                    ) from None
                time.sleep(0.1)

    def wait_until_serving(self, name, timeout=60):
        """Wait until ``name`` ("a", "b" or "varnish") answers the Italian home with 200."""
        deadline = time.monotonic() + timeout
        last = None
        while True:
            try:
                last, _, _ = http_get(self.ports[name], "/it/", timeout=10)
                if last == 200:
                    return
            except OSError as error:
                last = error
            self._check_running(name)
            if time.monotonic() > deadline:
                raise TopologyError(
                    f"{name} does not serve /it/ ({last}):\n{self.process_log(name)}"
                )
            time.sleep(0.2)

    def _check_running(self, name):
        process = self.processes.get(name)
        if process is not None and process.poll() is not None:
            raise TopologyError(
                f"{name} exited with {process.returncode}:\n{self.process_log(name)}"
            )

    def process_log(self, name, last_lines=40):
        """The end of a process's output (gunicorn's tracebacks land here)."""
        path = self.workdir / f"{name}.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-last_lines:])

    # Helpers

    def url(self, name, path):
        return f"http://127.0.0.1:{self.ports[name]}{path}"

    def run_helper(self, *arguments, env=None):
        """Run this file's helper command with the app servers' environment (Django set up
        on the topology's database); its standard output."""
        result = subprocess.run(
            [sys.executable, __file__, *arguments],
            cwd=ROOT,
            env=env or self.env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise TopologyError(
                f"'topology.py {' '.join(arguments)}' failed:\n"
                f"{result.stdout[-3000:]}{result.stderr[-3000:]}"
            )
        return result.stdout


# Helper commands, run by Topology.run_helper in a child process with Django set up.


def build():
    """Migrate and load the demo (its images and PDFs go to S3)."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", verbosity=0)


def prepare():
    """Set the bucket's policy, make an admin; print, as the last line, the paths the
    scenarios use as JSON: {"story": {"id", "it", "title"}, "proposal": path,
    "pages": [every live public page]}."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command, get_commands
    from wagtail.models import Page

    from proposals.models import ProposalPage
    from stories.models import StoryPage

    if "prepare_media_bucket" in get_commands():
        # The deployment's own step: the policy that makes images, and only them, public.
        call_command("prepare_media_bucket", "--no-create")
    get_user_model().objects.create_superuser(
        os.environ["TOPOLOGY_ADMIN_USERNAME"],
        "topology@example.org",
        os.environ["TOPOLOGY_ADMIN_PASSWORD"],
    )

    def path(page):
        return urlsplit(page.url).path

    story = StoryPage.objects.live().filter(locale__language_code="it").order_by("path").first()
    proposal = (
        ProposalPage.objects.live().filter(locale__language_code="it").order_by("path").first()
    )
    pages = [path(page) for page in Page.objects.live().public().exclude(depth=1).order_by("path")]
    print(
        json.dumps(
            {
                "story": {"id": story.pk, "it": path(story), "title": story.title},
                "proposal": path(proposal),
                "pages": pages,
            }
        )
    )


def stream_data(page_id):
    """The StreamField inputs the page editor's JavaScript would post for this page, as
    JSON (tests/admin_forms.block_data)."""
    from wagtail.fields import StreamField
    from wagtail.models import Page

    from tests.admin_forms import block_data

    page = Page.objects.get(pk=page_id).specific
    data = {}
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            block = field.stream_block
            data |= block_data(block, block.get_form_state(getattr(page, field.name)), field.name)
    print(json.dumps(data))


def main():
    if len(sys.argv) > 1:
        import django

        sys.path.insert(0, str(ROOT))
        django.setup()
        if sys.argv[1] == "build":
            build()
        elif sys.argv[1] == "prepare":
            prepare()
        elif sys.argv[1] == "stream-data":
            stream_data(int(sys.argv[2]))
        else:
            sys.exit(f"Unknown command: {sys.argv[1]}")
        return
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with Topology() as topology:
        for name in ("varnish", "a", "b"):
            print(f"{name:8} {topology.url(name, '/it/')}")
        print(f"admin    {ADMIN_USERNAME} / {topology.admin_password}")
        print("Press Ctrl-C to stop.")
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)


if __name__ == "__main__":
    main()
