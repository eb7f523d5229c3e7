"""Logging: every event on standard output, one line each (core.log_format).

``LOG_LEVEL`` (WARNING by default) is the level of the site's and the libraries' loggers;
``LOG_FORMAT`` is ``text`` (``key=value``) or ``json``. The worker (``run_worker``) logs what
it does at INFO whatever the level (one line per published page or task); django-tasks'
own lines only from WARNING.
"""

from django.core.exceptions import ImproperlyConfigured

LOG_FORMATS = ("text", "json")


def logging_from_env(environ):
    """The value of ``LOGGING`` for these environment variables."""
    output = environ.get("LOG_FORMAT", "text").strip().lower()
    if output not in LOG_FORMATS:
        raise ImproperlyConfigured(f"LOG_FORMAT must be 'text' or 'json', not {output!r}.")
    level = environ.get("LOG_LEVEL", "WARNING").strip().upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"one_line": {"()": "core.log_format.OneLineFormatter", "output": output}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "one_line",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's own handlers would mail admins or print twice: everything goes up to
            # the root's one handler.
            "django": {"handlers": [], "level": level, "propagate": True},
            "django.server": {"handlers": [], "level": "INFO", "propagate": True},
            "site_cms.worker": {"handlers": [], "level": "INFO", "propagate": True},
            "django_tasks": {"handlers": [], "level": "WARNING", "propagate": True},
            "django_tasks_db": {"handlers": [], "level": "WARNING", "propagate": True},
        },
    }
