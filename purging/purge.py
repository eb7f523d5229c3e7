"""Purging after the commit, synchronously, in one batch.

Wagtail queues its purges as a background task; with a worker that could run minutes
later, readers would meanwhile get the old page from the proxy. Here the paths gathered
during a transaction are purged right after it commits (``transaction.on_commit``), in the
process that made the change, each address once, by calling the task's function directly.
The backends (``purging.backends``) time out quickly and log a warning: a proxy that is
down never breaks a publish.
"""

import logging

from django.conf import settings
from django.db import transaction
from wagtail.contrib.frontend_cache.tasks import purge_urls_from_cache_task
from wagtail.contrib.frontend_cache.utils import PurgeBatch

logger = logging.getLogger("purging")


def purging_enabled():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def absolute_urls(paths):
    """The site's public addresses for these paths (Cloudflare purges by full URL; the
    HTTP backend sends the host as ``Host``, which the VCL's bans ignore)."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return sorted(f"{base}{path}" for path in paths)


def purge_now(paths):
    """Purge ``paths`` from every configured proxy and CDN; never raises."""
    if not paths or not purging_enabled():
        return
    batch = PurgeBatch(absolute_urls(paths))
    try:
        purge_urls_from_cache_task.call(sorted(batch.urls))
    except Exception:
        logger.warning("Purging %d addresses failed.", len(batch.urls), exc_info=True)


class PendingPurge:
    """The paths of one transaction, purged together once it commits."""

    def __init__(self):
        self.paths = set()

    def __call__(self):
        purge_now(self.paths)


def purge_after_commit(paths):
    """Purge ``paths`` once the current transaction commits (at once outside one)."""
    if not paths or not purging_enabled():
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        purge_now(set(paths))
        return
    pending = next(
        (
            func
            for _ids, func, _robust in connection.run_on_commit
            if isinstance(func, PendingPurge)
        ),
        None,
    )
    if pending is None:
        pending = PendingPurge()
        transaction.on_commit(pending, robust=True)
    pending.paths.update(paths)
