"""Optional error reporting to Sentry (or a Sentry-compatible service such as GlitchTip).

Off unless ``SENTRY_DSN`` is set. No personal data is sent by default (no addresses,
cookies, user names or request bodies): ``SENTRY_SEND_DEFAULT_PII=true`` changes that.
``SENTRY_ENVIRONMENT`` (``production`` by default) and ``SENTRY_RELEASE`` label the events;
``SENTRY_TRACES_SAMPLE_RATE`` (0 by default) turns on performance tracing.
"""

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import LoggingIntegration

TRUE_VALUES = {"1", "true", "yes", "on"}


def sentry_options_from_env(environ):
    """The arguments of ``sentry_sdk.init`` for these variables, or None when it is off."""
    dsn = environ.get("SENTRY_DSN", "").strip()
    if not dsn:
        return None
    return {
        "dsn": dsn,
        "environment": environ.get("SENTRY_ENVIRONMENT", "production"),
        "release": environ.get("SENTRY_RELEASE") or None,
        "send_default_pii": environ.get("SENTRY_SEND_DEFAULT_PII", "").lower() in TRUE_VALUES,
        "traces_sample_rate": float(environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    }


def init_sentry_from_env(environ):
    """Start Sentry when ``SENTRY_DSN`` is set; returns whether it was started."""
    options = sentry_options_from_env(environ)
    if options is None:
        return False
    sentry_sdk.init(
        integrations=[DjangoIntegration(), LoggingIntegration()],
        **options,
    )
    return True
