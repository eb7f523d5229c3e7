"""Whole public pages kept in the shared cache, for one machine without a caching proxy.

``PageCacheMiddleware`` answers an anonymous GET or HEAD from a copy of the response that
an earlier GET of the same address got, before sessions, locale, CSRF, authentication and the
view run. A copy is kept only of what ``PublicCacheControlMiddleware`` marks ``public`` (a
200 to a request without a session, that sets no cookie, outside the admin), so the rules of
who may share a page are written once: the admin and previews, editors, forms with a CSRF
token, the proposal form, password-protected pages and search results (``private``) are
never kept, nor errors and redirects.

Entries are keyed by the scheme, host, language, path and query string (hashed), under the
site-wide content version (core/cache.py): a publish bumps it, and every page is rendered
again from then on. When the cache does not answer (Redis down) pages render uncached.

Pages are kept in a cache of their own ("pages", site_cms/settings/caches.py), so that they
never push out the fragments and indexes that rendering needs, in ``PAGE_CACHE_ENTRIES``
slots: an address's digest picks its slot, and the entry names the address and the version
it holds. A page of another address or version in the same slot replaces it, so the cache
never holds more than that many pages, on Redis (which has no bound of its own) as in the
database cache (whose table then never reaches its ``MAX_ENTRIES`` and is never culled).

Each process keeps the entries it has read in memory too, up to
``PAGE_CACHE_MEMORY_BYTES``, the least recently used dropped first and all of them when the
version changes: a hit costs one shared-cache read, the version's. An address with a query
string is kept only the second time this process renders it, so random query strings fill
neither the memory nor the shared cache.
"""

import hashlib
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re, set_response_etag

from .cache import AdmissionFilter, cache_answers, content_version

# The "pages" cache's table when it is the database cache (site_cms/settings/caches.py).
TABLE = "site_cache_pages"
# Addresses longer than this are rendered, never kept: no page of the site has one.
MAX_ADDRESS_LENGTH = 2048
# Headers a kept response may vary on: the key has the language, and a request with a
# session is never answered from the cache.
KEYED_VARY = {"cookie", "accept-language"}
# Query strings whose pages this process has rendered once (their keys' digests).
ADMISSION_MEMORY = 10_000
# What an entry costs beyond its body and headers (the tuple, the key, the strings).
ENTRY_OVERHEAD_BYTES = 400


class MemoryLayer:
    """Entries of one content version, bounded in bytes, least recently used dropped first."""

    def __init__(self):
        self._lock = threading.Lock()
        self._version = None
        self._entries = OrderedDict()
        self._bytes = 0

    def get(self, version, key):
        with self._lock:
            if version != self._version:
                return None
            item = self._entries.get(key)
            if item is None:
                return None
            if item[0][0] <= time.time():
                self._forget(key)
                return None
            self._entries.move_to_end(key)
            return item[0]

    def set(self, version, key, entry, max_bytes):
        size = entry_size(entry)
        with self._lock:
            if version != self._version:
                self.clear()
                self._version = version
            if key in self._entries:
                self._forget(key)
            while self._entries and self._bytes + size > max_bytes:
                self._forget(next(iter(self._entries)))
            if size <= max_bytes:
                self._entries[key] = (entry, size)
                self._bytes += size

    def _forget(self, key):
        self._bytes -= self._entries.pop(key)[1]

    def clear(self):
        self._entries.clear()
        self._bytes = 0

    @property
    def size_in_bytes(self):
        return self._bytes


_memory = MemoryLayer()
_admission = AdmissionFilter(ADMISSION_MEMORY)


def reset():
    """Forget what this process keeps (tests)."""
    with _memory._lock:
        _memory.clear()
        _memory._version = None
    _admission.clear()


def entry_size(entry):
    _, headers, content = entry
    return (
        len(content)
        + sum(len(name) + len(value) for name, value in headers)
        + (ENTRY_OVERHEAD_BYTES)
    )


def may_use_cache(request):
    """A request the cache may answer: anonymous GET or HEAD of a public address."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return not (
        settings.SESSION_COOKIE_NAME in cookies
        # A message waiting for the reader is shown by the next page rendered.
        or CookieStorage.cookie_name in cookies
        or "HTTP_AUTHORIZATION" in request.META
        or request.path.startswith(settings.ADMIN_PATH_PREFIXES)
        or len(request.path) + len(request.META.get("QUERY_STRING", "")) > MAX_ADDRESS_LENGTH
    )


def page_key(request):
    """The digest of what selects a page: scheme, host, language (from the path, else as
    LocaleMiddleware negotiates it), path and query string."""
    language = translation.get_language_from_request(request, check_path=True)
    address = "\n".join(
        (
            request.scheme,
            request.META.get("HTTP_HOST", ""),
            language,
            request.path,
            request.META.get("QUERY_STRING", ""),
        )
    )
    digest = hashlib.blake2b(address.encode("utf-8", "surrogatepass"), digest_size=16)
    return language, digest.hexdigest()


def may_keep(response, language):
    """Whether ``response`` can be given to any anonymous reader of its address."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = {
        directive.split("=", 1)[0].strip().lower()
        for directive in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if "public" not in directives or directives & {"private", "no-store", "no-cache"}:
        return False
    vary = {
        header.strip().lower() for header in cc_delim_re.split(response.get("Vary", "")) if header
    }
    if not vary <= KEYED_VARY:
        return False
    return (
        response.get("Content-Language", language) == language
        and len(response.content) <= settings.PAGE_CACHE_MEMORY_BYTES // 8
    )


def create_table(using, **kwargs):
    """post_migrate receiver (stories/apps.py): the pages' database cache table, whatever
    the settings, so that ``migrate`` is all a database needs, as for the other cache tables
    (stories/migrations/0009_cache_tables.py), and a later switch from Redis finds it."""
    command = CreateCacheTable()
    command.verbosity = 0
    # Django's own statement (createcachetable); an existing table is left alone.
    command.create_table(using, TABLE, dry_run=False)


def slot_key(key):
    """The key of the slot that holds the page of digest ``key``."""
    return f"page:{int(key[:8], 16) % settings.PAGE_CACHE_ENTRIES}"


def read_shared(version, key):
    """The page of digest ``key`` under ``version`` from the shared cache, if its slot holds it."""
    stored = caches["pages"].get(slot_key(key))
    if stored is None or stored[:2] != (version, key):
        return None
    return stored[2:]


def keep_shared(version, key, entry, seconds):
    caches["pages"].set(slot_key(key), (version, key, *entry), timeout=seconds)


def replay(entry):
    _, headers, content = entry
    return HttpResponse(content, headers=dict(headers))


class PageCacheMiddleware:
    """Listed after ConditionalGetMiddleware (a kept page's ETag answers If-None-Match with a
    304) and RequestMemoMiddleware (the content version is read once per request), before
    PublicCacheControlMiddleware, whose decision it reads, and everything a hit skips."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or not may_use_cache(request):
            return self.get_response(request)
        version = content_version()
        if not cache_answers(version):
            return self.get_response(request)
        language, key = page_key(request)
        entry = _memory.get(version, key)
        if entry is None:
            entry = read_shared(version, key)
            if entry is not None:
                _memory.set(version, key, entry, settings.PAGE_CACHE_MEMORY_BYTES)
        if entry is not None and entry[0] > time.time():
            return replay(entry)

        response = self.get_response(request)
        if (
            request.method == "GET"
            and may_keep(response, language)
            and (not request.META.get("QUERY_STRING") or _admission.seen_before(key))
        ):
            # The ETag ConditionalGetMiddleware would add, kept with the page.
            if not response.has_header("ETag"):
                set_response_etag(response)
            entry = (time.time() + seconds, tuple(response.items()), response.content)
            keep_shared(version, key, entry, seconds)
            _memory.set(version, key, entry, settings.PAGE_CACHE_MEMORY_BYTES)
        return response
