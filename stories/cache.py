"""A site-wide content version that keys every cached piece of public output.

Publishing, unpublishing, moving or deleting a page, or changing a view restriction, an
organisation, a document, an image or a locale bumps the version, so nothing cached before
the change is read again: no reader waits for a timeout to see an edit. With several
processes the shared cache (Redis, ``REDIS_URL``) carries the version to all of them;
``FRAGMENT_CACHE_SECONDS`` bounds how long a process-local cache could lag.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from .request_memo import memoize

VERSION_KEY = "site-content-version"


def _fresh_version():
    # A version never used before, should the cache lose the key (eviction, restart):
    # starting again from 1 could bring back fragments stored under an old number.
    return time.time_ns()


def content_version():
    return memoize(
        "content_version", lambda: cache.get_or_set(VERSION_KEY, _fresh_version, timeout=None)
    )


def _bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, _fresh_version(), timeout=None)


def bump_content_version_for_new_live_page(instance, created, **kwargs):
    """Creating an alias (or a page that is live from the start) sends no publish
    signal, yet shows a new page."""
    from wagtail.models import Page

    if created and isinstance(instance, Page) and instance.live:
        bump_content_version()


def bump_content_version(**kwargs):
    """Signal receiver. Bumps now, for this process, and again after the commit, so that
    a page rendered from the old data in between is not kept under the new version."""
    _bump()
    transaction.on_commit(_bump)


def cached(key, compute):
    """``compute()``, kept under the current content version."""
    version = content_version()
    return cache.get_or_set(
        f"site:{version}:{key}", compute, timeout=settings.FRAGMENT_CACHE_SECONDS
    )
