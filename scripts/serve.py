"""`make serve`: the site as production runs it, on this machine.

Migrates, collects the static files, loads the demo when no story is published yet
and prints the admin login (as `make run` does), then starts gunicorn
(deploy/gunicorn.conf.py, WEB_CONCURRENCY workers) and the worker (`manage.py run_worker`:
scheduled publishing, queued tasks) side by side, with the production settings and DEBUG
off. Ctrl-C (or SIGTERM) stops both; if either ends on its own, the other is stopped too.

The production settings require SECRET_KEY, ALLOWED_HOSTS and SITE_BASE_URL from the
environment. For this local run only, when they are not set: a secret key generated once and
kept in the git-ignored `.serve-secret-key`, the local host names, http://127.0.0.1:PORT,
plain http (no https redirect, no secure-only cookies) and the images served by Django from
the media folder (SERVE_MEDIA). SQLite `db.sqlite3` unless DATABASE_URL says otherwise.
"""

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY_FILE = ROOT / ".serve-secret-key"
READY_TIMEOUT = 60
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def local_secret_key():
    if not SECRET_KEY_FILE.exists():
        SECRET_KEY_FILE.write_text(secrets.token_urlsafe(50) + "\n")
        SECRET_KEY_FILE.chmod(0o600)
    return SECRET_KEY_FILE.read_text().strip()


def environment(port):
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "site_cms.settings.production"
    env["PORT"] = str(port)
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    env.setdefault("SITE_BASE_URL", f"http://127.0.0.1:{port}")
    env.setdefault("SECURE_SSL_REDIRECT", "false")
    env.setdefault("SESSION_COOKIE_SECURE", "false")
    env.setdefault("CSRF_COOKIE_SECURE", "false")
    env.setdefault("SERVE_MEDIA", "true")
    if not env.get("SECRET_KEY"):
        env["SECRET_KEY"] = local_secret_key()
    return env


def prepare(port):
    """Migrate, collect static files, load the demo on an empty site, print the login."""
    import django
    from django.core.management import call_command
    from django.db import connections
    from django.test.utils import override_settings

    django.setup()
    from stories.models import StoryPage

    call_command("migrate", interactive=False, verbosity=1)
    call_command("collectstatic", interactive=False, verbosity=1)
    # The migrations make an empty home page; a site without a live story is still empty.
    if not StoryPage.objects.live().exists():
        print("No story is published yet: loading the demo content.", flush=True)
        # Its index updates done here, in one go, rather than queued one by one for the worker.
        with override_settings(TASKS=IMMEDIATE_TASKS):
            call_command("load_demo")
    call_command("ensure_admin", port=str(port))
    connections.close_all()


def wait_until_ready(url, processes):
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if any(process.poll() is not None for process in processes):
            return False
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.status == 200
        except urllib.error.HTTPError as error:
            print(f"{url} answers {error.code}", file=sys.stderr)
            return False
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    return False


def stop(processes):
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=35)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main():
    started = time.monotonic()
    port = int(os.environ.get("PORT", "8000"))
    env = environment(port)
    os.environ.update(env)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    prepare(port)

    # Their own sessions: Ctrl-C reaches only this launcher, which stops each once.
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy" / "gunicorn.conf.py")],
        env=env,
        start_new_session=True,
    )
    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "run_worker"], env=env, start_new_session=True
    )
    processes = [web, worker]

    def on_signal(signum, frame):
        raise KeyboardInterrupt

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, on_signal)
    try:
        base_url = f"http://127.0.0.1:{port}"
        if not wait_until_ready(f"{base_url}/healthz/", processes):
            print("The server did not start: see the log above.", file=sys.stderr)
            return 1
        print(
            f"\nServing {base_url}/it/ (production settings, DEBUG off, "
            f"{env.get('WEB_CONCURRENCY', '2')} workers, the worker beside them), ready in "
            f"{time.monotonic() - started:.0f} s. Press Ctrl-C to stop.\n",
            flush=True,
        )
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
        ended = "the web server" if web.poll() is not None else "the worker"
        print(f"{ended} stopped: stopping the other.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping the web server and the worker...", flush=True)
        return 0
    finally:
        stop(processes)


if __name__ == "__main__":
    sys.exit(main())
