"""A real ``manage.py run_worker`` process: a page scheduled shortly ahead goes live, an
expired one goes offline and a queued proposal e-mail reaches an SMTP server, with no request
made. The worker runs with the production settings on this test run's database: a file copy
of the in-memory SQLite database, or the PostgreSQL test database itself (what the
subprocesses commit there is deleted again at the end)."""

import json
import os
import signal
import socketserver
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection
from wagtail.models import Page

from tests.helpers import postgres_url

ROOT = Path(__file__).resolve().parents[2]


class SMTPSink(socketserver.StreamRequestHandler):
    """Just enough SMTP to take messages; they land in ``server.messages``."""

    def reply(self, line):
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        self.reply("220 sink ready")
        recipients, data = [], None
        while line := self.rfile.readline():
            text = line.decode("utf-8", "replace").rstrip("\r\n")
            if data is not None:
                if text == ".":
                    self.server.messages.append((recipients, "\n".join(data)))
                    recipients, data = [], None
                    self.reply("250 queued")
                else:
                    data.append(text)
                continue
            command = text[:4].upper()
            if command == "EHLO":
                self.reply("250 sink")
            elif command == "RCPT":
                recipients.append(text.split(":", 1)[1].strip(" <>"))
                self.reply("250 ok")
            elif command == "DATA":
                data = []
                self.reply("354 go on")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SMTPSink)
    server.daemon_threads = True
    server.messages = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def database_access(django_db_setup, django_db_blocker):
    """The test database with the demo, outside any transaction: the subprocesses must see
    it, and a copy of an SQLite database cannot be taken while a transaction is open."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def worker_database(tmp_path, database_access):
    """Environment variables that give a subprocess this test run's database with the demo:
    a copy of the in-memory SQLite database in a file, or the PostgreSQL test database
    itself (what a subprocess commits there is deleted again by the test)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SQLITE_PATH", "DJANGO_SETTINGS_MODULE", "REDIS_URL"}
    }
    if connection.vendor == "sqlite":
        path = tmp_path / "db.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        env["SQLITE_PATH"] = str(path)
    else:
        env["DATABASE_URL"] = postgres_url(connection.settings_dict)
    env.update(
        DJANGO_SETTINGS_MODULE="site_cms.settings.production",
        SECRET_KEY="test-only-secret-key-for-the-worker",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_BASE_URL="http://127.0.0.1:8000",
        # The address above is plain HTTP: the worker's warm-up of the pages a publish
        # touched (core/warming.py) would otherwise be sent to HTTPS.
        SECURE_SSL_REDIRECT="false",
        # As after collectstatic (WhiteNoise, loaded with the warm-up's middleware, warns
        # of a missing folder).
        STATIC_ROOT=str(tmp_path),
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private-media"),
        LOG_LEVEL="WARNING",
    )
    return env


def run_django(env, code):
    """Run ``code`` in a subprocess with Django set up; what it prints, parsed as JSON."""
    result = subprocess.run(
        [sys.executable, "-c", f"import django, json\ndjango.setup()\n{code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


SET_UP_SCENARIO = """
from datetime import timedelta
from django.contrib.auth.models import Group, User
from django.utils import timezone
from home.models import HomePage, InformationPage
from proposals.models import StoryProposal
from proposals.tasks import notify_editors_of_proposal

home = HomePage.objects.get(locale__language_code="it")
soon = timezone.now() + timedelta(seconds=3)
upcoming = home.add_child(instance=InformationPage(
    title="Pagina in arrivo", slug="pagina-in-arrivo", intro="Prova.", live=False))
upcoming.go_live_at = soon
upcoming.save_revision().publish()
expiring = home.add_child(instance=InformationPage(
    title="Pagina in scadenza", slug="pagina-in-scadenza", intro="Prova."))
expiring.expire_at = soon
expiring.save_revision().publish()
editor = User.objects.create_user("worker-editor", "worker-editor@example.org", "x")
editor.groups.add(Group.objects.get(name="Editors"))
proposal = StoryProposal.objects.create(
    language="it", name="Giulia Rossi", organisation="Cooperativa Il Ponte",
    email="giulia@example.org", territory="Cremasco", summary="Tre portinerie di quartiere.")
task = notify_editors_of_proposal.enqueue(proposal.pk)
print(json.dumps({"upcoming": upcoming.pk, "expiring": expiring.pk, "proposal": proposal.pk,
                  "task": str(task.id), "editor": editor.pk}))
"""

CLEAN_UP_SCENARIO = """
from django.contrib.auth.models import User
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page
from proposals.models import StoryProposal
ids = {ids!r}
for page in Page.objects.filter(pk__in=[ids["upcoming"], ids["expiring"]]):
    page.delete()
StoryProposal.objects.filter(pk=ids["proposal"]).delete()
User.objects.filter(pk=ids["editor"]).delete()
DBTaskResult.objects.all().delete()
print(json.dumps("cleaned"))
"""


def live_state(env, page_ids):
    """Whether each page is live, read from the subprocesses' database as they commit."""
    if connection.vendor == "sqlite":
        with sqlite3.connect(env["SQLITE_PATH"]) as db:
            placeholders = ",".join("?" * len(page_ids))
            rows = db.execute(
                f"SELECT id, live FROM wagtailcore_page WHERE id IN ({placeholders})", page_ids
            ).fetchall()
        return {page_id: bool(live) for page_id, live in rows}
    # PostgreSQL: each statement of the test's transaction sees what others committed.
    return dict(Page.objects.filter(pk__in=page_ids).values_list("pk", "live"))


def test_a_real_worker_publishes_on_time_unpublishes_and_sends_the_mail_with_no_request(
    worker_database, smtp_server
):
    env = worker_database
    ids = run_django(env, SET_UP_SCENARIO)
    try:
        pages = [ids["upcoming"], ids["expiring"]]
        assert live_state(env, pages) == {ids["upcoming"]: False, ids["expiring"]: True}
        worker_env = {
            **env,
            "WORKER_INTERVAL": "0.5",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_server.server_address[1]),
            "DEFAULT_FROM_EMAIL": "redazione@example.org",
        }
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker"],
            cwd=ROOT,
            env=worker_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            deadline = time.monotonic() + 90
            while live_state(env, pages) != {ids["upcoming"]: True, ids["expiring"]: False}:
                assert worker.poll() is None, worker.stdout.read()
                assert time.monotonic() < deadline, "the scheduled pages did not change"
                time.sleep(0.2)
            while not smtp_server.messages:
                assert time.monotonic() < deadline, "no mail was sent"
                time.sleep(0.2)
        finally:
            worker.send_signal(signal.SIGTERM)
            output, _ = worker.communicate(timeout=30)
        assert worker.returncode == 0, output
    finally:
        run_django(env, CLEAN_UP_SCENARIO.format(ids=ids))

    lines = output.splitlines()
    assert any(
        "Published on its go-live date: InformationPage" in line and str(ids["upcoming"]) in line
        for line in lines
    ), output
    assert any("Unpublished on its expiry date" in line for line in lines), output
    assert any("Task done: proposals.tasks.notify_editors_of_proposal" in line for line in lines)
    assert "stopped on SIGTERM" in lines[-1]
    # One line per event, each with its level and logger.
    assert all(line.startswith("time=") and " logger=" in line for line in lines), output
    [(recipients, message)] = smtp_server.messages
    assert recipients == ["worker-editor@example.org"]
    assert "Cooperativa Il Ponte" in message
