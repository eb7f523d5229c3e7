"""Django's PostgreSQL backend, with its health check skipped on a connection that served a
request without error less than ``RECENTLY_USABLE_SECONDS`` ago (docs/upstream.md).

With ``CONN_HEALTH_CHECKS``, Django sends ``SELECT 1`` before the first query of every
request on a kept connection, so that one the server closed (a restart, an idle timeout, a
dropped network path) is replaced instead of failing the request. Under load it is a round
trip on every request: a page from the page cache reads only the content version, and the
check doubled its queries. Connections die while idle; one that finished a request without
error a moment ago is as good as checked. The first request after an idle second checks as
Django does; one whose connection was closed within that second (``pg_terminate_backend``)
fails as it would without health checks, and the connection is replaced after it.

``settings.DATABASES`` names this backend in place of ``django.db.backends.postgresql``
(site_cms/settings/base.py).
"""

import time

from django.db.backends.postgresql import base

RECENTLY_USABLE_SECONDS = 1.0


class DatabaseWrapper(base.DatabaseWrapper):
    # When the connection last finished a request that used it without error.
    usable_at = None

    def close_if_unusable_or_obsolete(self):
        # Called at the start and the end of each request. A request that used the
        # connection left ``health_check_done`` set (by the check, its skipping, or a new
        # connection); at the start of the next it is already cleared again.
        used_without_error = (
            self.connection is not None and self.health_check_done and not self.errors_occurred
        )
        super().close_if_unusable_or_obsolete()
        if self.connection is None:
            self.usable_at = None
        elif used_without_error:
            self.usable_at = time.monotonic()

    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and self.usable_at is not None
            and time.monotonic() - self.usable_at < RECENTLY_USABLE_SECONDS
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
