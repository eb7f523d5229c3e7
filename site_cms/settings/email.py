"""How the site sends e-mail, chosen from the environment.

- ``EMAIL_HOST`` set: SMTP through that server, with ``EMAIL_PORT`` (587 with
  ``EMAIL_USE_TLS``, 465 with ``EMAIL_USE_SSL``, 25 otherwise), ``EMAIL_HOST_USER``,
  ``EMAIL_HOST_PASSWORD``, ``EMAIL_USE_TLS`` (STARTTLS) or ``EMAIL_USE_SSL`` (implicit TLS)
  and ``EMAIL_TIMEOUT`` (seconds, 10 by default: a mail server that does not answer fails
  the task instead of holding the worker).
- Otherwise ``EMAIL_BACKEND`` (Django's console backend by default: messages are printed).

Mail goes out from the worker (``proposals.tasks``), never while a reader waits.
"""

from django.core.exceptions import ImproperlyConfigured

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
TRUE_VALUES = {"1", "true", "yes", "on"}


def _flag(environ, name):
    return environ.get(name, "").strip().lower() in TRUE_VALUES


def email_settings_from_env(environ):
    """The e-mail settings (a dict of setting name → value) for these variables."""
    settings = {
        "DEFAULT_FROM_EMAIL": environ.get("DEFAULT_FROM_EMAIL", "redazione@localhost"),
        "EMAIL_TIMEOUT": int(environ.get("EMAIL_TIMEOUT", "10")),
    }
    host = environ.get("EMAIL_HOST", "").strip()
    if not host:
        settings["EMAIL_BACKEND"] = environ.get("EMAIL_BACKEND", CONSOLE_BACKEND)
        return settings

    use_tls, use_ssl = _flag(environ, "EMAIL_USE_TLS"), _flag(environ, "EMAIL_USE_SSL")
    if use_tls and use_ssl:
        raise ImproperlyConfigured(
            "Set EMAIL_USE_TLS (STARTTLS, usually port 587) or EMAIL_USE_SSL (usually port "
            "465), not both."
        )
    default_port = 587 if use_tls else 465 if use_ssl else 25
    settings.update(
        EMAIL_BACKEND=environ.get("EMAIL_BACKEND", SMTP_BACKEND),
        EMAIL_HOST=host,
        EMAIL_PORT=int(environ.get("EMAIL_PORT", default_port)),
        EMAIL_HOST_USER=environ.get("EMAIL_HOST_USER", ""),
        EMAIL_HOST_PASSWORD=environ.get("EMAIL_HOST_PASSWORD", ""),
        EMAIL_USE_TLS=use_tls,
        EMAIL_USE_SSL=use_ssl,
    )
    return settings
