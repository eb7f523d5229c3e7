"""Settings: production refuses to start without its secrets; SQLite runs in WAL mode."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://storie.example.org"


def load_production_settings(start_django=False, **env):
    """Import the production settings in a subprocess with ``env``; with ``start_django``,
    start Django on them too (loading every app: four times the CPU)."""
    clean_env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "SITE_BASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    clean_env.update(env, DJANGO_SETTINGS_MODULE="site_cms.settings.production")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup()"
            if start_django
            else "import site_cms.settings.production",
        ],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = load_production_settings(ALLOWED_HOSTS="example.org", SITE_BASE_URL=SITE)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = load_production_settings(SECRET_KEY="a-long-random-value", SITE_BASE_URL=SITE)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_site_base_url():
    result = load_production_settings(SECRET_KEY="a-long-random-value", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set SITE_BASE_URL" in result.stderr


def test_production_starts_with_all_three():
    result = load_production_settings(
        start_django=True,
        SECRET_KEY="a-long-random-value",
        ALLOWED_HOSTS="example.org",
        SITE_BASE_URL=SITE,
    )
    assert result.returncode == 0, result.stderr


def test_no_secret_in_the_repository():
    base = (ROOT / "site_cms" / "settings" / "base.py").read_text()
    assert "SECRET_KEY" not in base


@pytest.mark.django_db
def test_sqlite_uses_wal_and_a_busy_timeout():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: this run uses " + connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
    # The in-memory test database cannot use WAL; the configured pragma is what counts.
    assert "journal_mode=WAL" in connection.settings_dict["OPTIONS"]["init_command"]
