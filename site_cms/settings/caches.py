"""The three caches ("default" for fragments of public pages, the content version and the
proposal rate limit; "renditions" for Wagtail's image renditions; "pages" for whole public
pages, core/page_cache.py), chosen from the environment.

- ``REDIS_URL`` set: Redis, shared by every process of every machine, through
  ``core.cache_backends.ResilientRedisCache``: short socket timeouts
  (``REDIS_CONNECT_TIMEOUT``, ``REDIS_TIMEOUT``, in seconds) and, after a failure, no
  attempt for ``REDIS_RETRY_SECONDS``. A Redis that is down or does not answer makes the
  site render uncached, never fail.
- Otherwise: Django's database cache, in three tables that ``migrate`` creates (two in the
  ``stories`` migrations, the pages' one at the end of every ``migrate``: stories/apps.py,
  ``core.page_cache.create_table``). It is shared by every process of the machine and, with
  PostgreSQL, by every machine using the database; a publish bumps the content version in
  the same transaction that publishes. It costs a query per read (the content version once
  per request, then one per cached piece). A file-based cache would cost no queries, but it
  is one machine's only (a second app server would serve stale pages) and its ``add`` is
  not atomic between processes (the proposal rate limit's window).

Per-process memory caches are for tests only (``site_cms.settings.test``).

Whole pages have a cache of their own, so that however many addresses readers ask for they
never push out the fragments, story indexes and renditions that rendering a page needs: at
10,000 stories a language, pages stored among the fragments had the database cache cull them,
and warming the listings took 73 queries instead of 13. ``PAGE_CACHE_ENTRIES`` bounds it on
either backend: core/page_cache.py keeps at most that many pages (a slot each), so neither
the table nor Redis holds more, whatever the number of addresses, languages and versions.

``PAGE_CACHE``: how long whole public pages are kept (core/page_cache.py), in seconds, or
``off``.
"""

from django.core.exceptions import ImproperlyConfigured

# Created by stories/migrations/0009_cache_tables.py, whatever the settings; the pages' table
# by core.page_cache.create_table after every migrate (its TABLE).
DATABASE_CACHE_TABLES = {
    "default": "site_cache",
    "renditions": "site_cache_renditions",
    "pages": "site_cache_pages",
}
CACHE_ALIASES = tuple(DATABASE_CACHE_TABLES)
# Fragments, versions and renditions of a site this size fit easily; the database cache culls
# a third of the entries once there are more.
MAX_ENTRIES = 20_000
# Whole pages kept at most (PAGE_CACHE_ENTRIES): with pages of 30-60 KB, some 100 MB.
PAGE_CACHE_ENTRIES = 2_000
PAGE_CACHE_MAX_ENTRIES = 1_000_000

REDIS_BACKEND = "core.cache_backends.ResilientRedisCache"
DATABASE_BACKEND = "django.core.cache.backends.db.DatabaseCache"


def page_cache_entries_from_env(environ):
    """How many whole pages the "pages" cache holds at most (``PAGE_CACHE_ENTRIES``)."""
    raw = environ.get("PAGE_CACHE_ENTRIES", str(PAGE_CACHE_ENTRIES)).strip()
    if not raw.isdigit() or not 1 <= int(raw) <= PAGE_CACHE_MAX_ENTRIES:
        raise ImproperlyConfigured(
            f"PAGE_CACHE_ENTRIES must be a whole number from 1 to {PAGE_CACHE_MAX_ENTRIES}, "
            f"not {raw!r}."
        )
    return int(raw)


def caches_from_env(environ):
    """The value of ``CACHES`` for these environment variables."""
    page_entries = page_cache_entries_from_env(environ)
    redis_url = environ.get("REDIS_URL", "").strip()
    if redis_url:
        options = {
            "socket_connect_timeout": float(environ.get("REDIS_CONNECT_TIMEOUT", "0.1")),
            "socket_timeout": float(environ.get("REDIS_TIMEOUT", "0.2")),
            "RETRY_SECONDS": float(environ.get("REDIS_RETRY_SECONDS", "5")),
        }
        caches = {
            alias: {
                "BACKEND": REDIS_BACKEND,
                "LOCATION": redis_url,
                "KEY_PREFIX": alias,
                "OPTIONS": dict(options),
            }
            for alias in CACHE_ALIASES
        }
    else:
        caches = {
            alias: {
                "BACKEND": DATABASE_BACKEND,
                "LOCATION": table,
                "OPTIONS": {"MAX_ENTRIES": MAX_ENTRIES},
            }
            for alias, table in DATABASE_CACHE_TABLES.items()
        }
        # core/page_cache.py keeps no more pages than PAGE_CACHE_ENTRIES, one row per slot,
        # so this bound is never passed and the table is never culled.
        caches["pages"]["OPTIONS"]["MAX_ENTRIES"] = page_entries
    return caches


def memory_caches():
    """Per-process caches, for tests: each test process has its own. Large enough for the
    whole demo rendered once (conftest.py starts each test from that), which Django's
    default of 300 entries would cull."""
    caches = {
        alias: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": alias,
            "OPTIONS": {"MAX_ENTRIES": MAX_ENTRIES},
        }
        for alias in CACHE_ALIASES
    }
    caches["pages"]["OPTIONS"]["MAX_ENTRIES"] = PAGE_CACHE_ENTRIES
    return caches


# The longest a page cache entry may be kept (a day): beyond that a publish-less change, such
# as a page's dates, would go unseen too long.
PAGE_CACHE_MAX_SECONDS = 86_400
PAGE_CACHE_OFF = {"off", "0", "false", "no"}


def page_cache_seconds_from_env(environ, default="600"):
    """Seconds that ``PAGE_CACHE`` keeps a whole public page (core/page_cache.py); 0 when
    it is ``off``."""
    raw = environ.get("PAGE_CACHE", default).strip().lower()
    if raw in PAGE_CACHE_OFF:
        return 0
    if not raw.isdigit() or int(raw) > PAGE_CACHE_MAX_SECONDS:
        raise ImproperlyConfigured(
            f"PAGE_CACHE must be off or whole seconds up to {PAGE_CACHE_MAX_SECONDS}, not {raw!r}."
        )
    return int(raw)
