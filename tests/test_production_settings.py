"""What production reads from the environment: HSTS, tasks, SMTP, logs, Sentry."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from core.log_format import OneLineFormatter
from site_cms.settings.email import email_settings_from_env
from site_cms.settings.log_config import logging_from_env
from site_cms.settings.sentry import sentry_options_from_env

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = {
    "SECRET_KEY": "a-long-random-value",
    "ALLOWED_HOSTS": "storie.example.org",
    "SITE_BASE_URL": "https://storie.example.org",
}
NAMES = [
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "TASKS",
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_USE_TLS",
    "WAGTAILADMIN_BASE_URL",
    "SESSION_COOKIE_SECURE",
]


def production_settings(names=NAMES, **env):
    """The production settings' values of ``names``, read in a subprocess with ``env``: the
    settings module alone, without starting Django (a quarter of the CPU time)."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("SECURE_", "EMAIL_", "SENTRY_")) and key != "DJANGO_SETTINGS_MODULE"
    }
    clean.update(REQUIRED, DJANGO_SETTINGS_MODULE="site_cms.settings.production", **env)
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name, None) for name in {list(names)!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_defaults():
    values = production_settings()
    assert values["SECURE_HSTS_SECONDS"] == 31536000  # a year
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert values["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert values["WAGTAILADMIN_BASE_URL"] == "https://storie.example.org"
    assert values["SESSION_COOKIE_SECURE"] is True


def test_production_reads_hsts_and_smtp_from_the_environment():
    values = production_settings(
        SECURE_HSTS_SECONDS="600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
        EMAIL_HOST="smtp.example.org",
        EMAIL_USE_TLS="true",
    )
    assert values["SECURE_HSTS_SECONDS"] == 600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"], values["EMAIL_USE_TLS"]) == (
        "smtp.example.org",
        587,
        True,
    )


def test_smtp_settings():
    settings = email_settings_from_env(
        {
            "EMAIL_HOST": "mail.example.org",
            "EMAIL_PORT": "2525",
            "EMAIL_HOST_USER": "redazione",
            "EMAIL_HOST_PASSWORD": "secret",
            "EMAIL_USE_SSL": "1",
            "DEFAULT_FROM_EMAIL": "redazione@example.org",
        }
    )
    assert settings == {
        "DEFAULT_FROM_EMAIL": "redazione@example.org",
        "EMAIL_TIMEOUT": 10,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 2525,
        "EMAIL_HOST_USER": "redazione",
        "EMAIL_HOST_PASSWORD": "secret",
        "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": True,
    }
    assert email_settings_from_env({"EMAIL_HOST": "mail.example.org"})["EMAIL_PORT"] == 25
    assert email_settings_from_env({})["EMAIL_BACKEND"].endswith("console.EmailBackend")
    with pytest.raises(ImproperlyConfigured, match="not both"):
        email_settings_from_env(
            {"EMAIL_HOST": "x", "EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"}
        )


def log_line(output, **record_fields):
    record = logging.LogRecord(
        "core.worker", logging.ERROR, __file__, 1, "Task failed: %s", ("x",), None
    )
    record.__dict__.update(record_fields)
    return OneLineFormatter(output=output).format(record)


def test_an_event_with_its_traceback_is_one_line():
    try:
        raise ValueError('bad "value"\nsecond line')
    except ValueError:
        exc_info = sys.exc_info()
    line = log_line("text", exc_info=exc_info)
    assert "\n" not in line
    assert line.startswith("time=")
    assert ' level=ERROR logger=core.worker message="Task failed: x" traceback="' in line
    assert 'ValueError: bad \\"value\\"\\nsecond line' in line

    record = json.loads(log_line("json", exc_info=exc_info))
    assert record["level"] == "ERROR" and record["message"] == "Task failed: x"
    assert record["traceback"].endswith('ValueError: bad "value"\nsecond line')


def test_log_settings():
    config = logging_from_env({"LOG_LEVEL": "info", "LOG_FORMAT": "json"})
    assert config["root"]["level"] == "INFO"
    assert config["formatters"]["one_line"]["output"] == "json"
    assert config["handlers"]["console"]["stream"] == "ext://sys.stdout"
    with pytest.raises(ImproperlyConfigured):
        logging_from_env({"LOG_FORMAT": "xml"})


def test_sentry_is_off_without_a_dsn_and_sends_no_personal_data_by_default():
    assert sentry_options_from_env({}) is None
    options = sentry_options_from_env(
        {"SENTRY_DSN": "https://key@sentry.example.org/1", "SENTRY_RELEASE": "abc123"}
    )
    assert options == {
        "dsn": "https://key@sentry.example.org/1",
        "environment": "production",
        "release": "abc123",
        "send_default_pii": False,
        "traces_sample_rate": 0.0,
    }
