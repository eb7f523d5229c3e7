"""A site-wide content version that keys every cached piece of public output.

Publishing, unpublishing, moving or deleting a page, or changing a view restriction, an
organisation, a document, an image or a locale bumps the version, so nothing cached before
the change is read again: no reader waits for a timeout to see an edit. The shared cache
(the database cache, or Redis with ``REDIS_URL``: site_cms/settings/caches.py) carries the
version to every process; tests use a per-process memory cache.

When the cache does not answer (Redis down or hanging: core/cache_backends.py), the
version of the request is a value never used before and never stored, and ``cached()``
computes without asking the cache: pages render uncached, and nothing rendered meanwhile can
be read under a real version later. When Redis answers again the version is bumped, since a
publish made during the outage could not bump it.
"""

import hashlib
import threading
import time
import weakref
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.http import HttpResponse
from wagtail.models import Page, Site

from .memo import memoize

VERSION_KEY = "site-content-version"
SITES_VERSION_KEY = "site-sites-version"

# What a piece is under one content version never changes, so each process also keeps the
# pieces it has read, in memory: a page asks the shared cache (a query with the database
# cache, a round trip with Redis) for the version and for what this process has not seen.
_seen = LocMemCache("stories-seen", {"OPTIONS": {"MAX_ENTRIES": 5000}})
_MISSING = object()
# Output that varies with request parameters (``cached_variant``) takes at most this many
# entries of the shared cache, and of each process's memory.
VARIANT_SLOTS = 1000
VARIANTS_IN_MEMORY = 200
_seen_variants = LocMemCache("variants-seen", {"OPTIONS": {"MAX_ENTRIES": VARIANTS_IN_MEMORY}})


def _fresh_version():
    # A version never used before, should the cache lose the key (eviction, restart):
    # starting again from 1 could bring back fragments stored under an old number.
    return time.time_ns()


# The start of a version that no cache holds (see _read_version).
UNCACHED_PREFIX = "uncached-"


def content_version():
    return memoize("versions", _read_versions)[0]


def sites_version():
    """A version of what finds a request's site (the sites and their root pages), read in
    the same round trip as the content version and bumped only when they change
    (``bump_sites_version``): a publish leaves it as it was, so each process keeps the site
    it found across publishes (core.site_lookup)."""
    return memoize("versions", _read_versions)[1]


def _read_versions():
    values = cache.get_many([VERSION_KEY, SITES_VERSION_KEY])
    return (
        _stored_or_fresh(VERSION_KEY, values.get(VERSION_KEY)),
        _stored_or_fresh(SITES_VERSION_KEY, values.get(SITES_VERSION_KEY)),
    )


def _read_version():
    return _stored_or_fresh(VERSION_KEY, cache.get(VERSION_KEY))


def _stored_or_fresh(key, version):
    if version is None:
        fresh = _fresh_version()
        version = fresh if cache.add(key, fresh, timeout=None) else cache.get(key)
    if version is None:
        # Neither read nor stored: the cache does not answer. A value of this request only,
        # so whatever gets cached under it (a template fragment) is never read again.
        return f"{UNCACHED_PREFIX}{_fresh_version()}"
    return version


def fresh_content_version():
    """The version as the shared cache holds it now, past the request's memo: whether a
    publish happened while something long was made."""
    return _read_version()


def cache_answers(version):
    return not (isinstance(version, str) and version.startswith(UNCACHED_PREFIX))


def _bump(key=VERSION_KEY):
    # A new value rather than incr(): the database cache's incr() is a read then a write, so
    # two bumps at once could both write the number that a page rendered in between
    # already used. A value never used before cannot collide, whoever writes last.
    cache.set(key, _fresh_version(), timeout=None)


def _bump_sites():
    _bump(SITES_VERSION_KEY)


def bump_sites_version(**kwargs):
    """Signal receiver (a site saved or deleted, a page moved, a site's root published or
    unpublished): bumps the sites version now and after the commit, as
    ``bump_content_version`` does."""
    _bump_sites()
    transaction.on_commit(_bump_sites)


def bump_sites_version_for_a_root(instance, **kwargs):
    """page_published and page_unpublished receiver: only a site's root page matters."""
    if Site.objects.filter(root_page_id=instance.pk).exists():
        bump_sites_version()


def bump_content_version_for_new_live_page(instance, created, **kwargs):
    """Creating an alias (or a page that is live from the start) sends no publish
    signal, yet shows a new page."""
    if created and isinstance(instance, Page) and instance.live:
        bump_content_version()


def bump_content_version(**kwargs):
    """Signal receiver. Bumps now, for this process, and again after the commit, so that
    a page rendered from the old data in between is not kept under the new version."""
    _bump()
    transaction.on_commit(_bump)


def bump_content_version_on_full_save(update_fields=None, **kwargs):
    """post_save receiver for a model that live pages show: a save of some fields only is
    Wagtail's bookkeeping (a draft's revision, a lock), which readers do not see."""
    if update_fields is None:
        bump_content_version()


def bump_after_cache_outage(**kwargs):
    """Receiver of core.cache_backends.reachable_again."""
    _bump()
    _bump_sites()


# -- One round trip for the pieces a page read last time -------------------------------------
#
# Under a new content version a process has none of a page's pieces in memory, and each
# ``cached`` piece cost a shared-cache read of its own (a query with the database cache):
# a page's first view after a publish took five to seven more queries than a warm one. Each
# process therefore remembers which pieces every address read, and on the address's first
# piece under a version it has not seen asks the shared cache for all of them at once.
# Bounded: this many addresses, least recently used forgotten first, and this many pieces
# each; an address asked for once costs a small entry, never a read of anything more.
ADDRESSES_REMEMBERED = 1000
PIECES_PER_ADDRESS = 64
_pieces_of_address = LocMemCache(
    "pieces-of-address", {"OPTIONS": {"MAX_ENTRIES": ADDRESSES_REMEMBERED}}
)


class _PiecesRead:
    """What one request has read (``cached``, ``cached_response``, ``cached_variant``)."""

    __slots__ = ("address", "remembered", "pieces")

    def __init__(self, address):
        self.address = address
        self.remembered = None
        self.pieces = {}

    def note(self, piece, version):
        """``piece``: ("site", key) or ("variant", slot, digest). Prefetches at the first."""
        if self.remembered is None:
            self.remembered = _pieces_of_address.get(self.address, ())
            if self.remembered:
                _prefetch(self.remembered, version)
        if len(self.pieces) < PIECES_PER_ADDRESS:
            self.pieces[piece] = None

    def keep(self):
        """Remembers this request's pieces for the address's next request."""
        pieces = tuple(self.pieces)
        if pieces and pieces != self.remembered:
            _pieces_of_address.set(self.address, pieces, timeout=None)


_request_pieces: ContextVar[_PiecesRead | None] = ContextVar("request_pieces", default=None)


def _prefetch(pieces, version):
    """Reads into this process's memory, in one ``get_many``, those of ``pieces`` kept under
    ``version`` that it does not hold yet."""
    wanted = {}
    for piece in pieces:
        if piece[0] == "site":
            memory_key = shared_key = f"site:{version}:{piece[1]}"
            if memory_key not in _seen:
                wanted[shared_key] = (_seen, memory_key, None)
        else:
            _, slot, digest = piece
            memory_key = f"{version}:{digest}"
            if memory_key not in _seen_variants:
                wanted[slot] = (_seen_variants, memory_key, (version, digest))
    if len(wanted) < 2:
        return  # one piece costs the same read where the page needs it
    for shared_key, value in cache.get_many(list(wanted)).items():
        memory, memory_key, variant = wanted[shared_key]
        if variant is not None:
            if not (isinstance(value, tuple) and value[:2] == variant):
                continue  # the slot holds another variant, or another version's
            value = value[2]
        memory.set(memory_key, value, timeout=settings.FRAGMENT_CACHE_SECONDS)


def _note_piece(piece, version):
    reads = _request_pieces.get()
    if reads is not None:
        reads.note(piece, version)


class PrefetchPiecesMiddleware:
    """Remembers the pieces each address reads, for ``_prefetch`` (GET and HEAD only)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        address = "\n".join(
            (request.META.get("HTTP_HOST", ""), request.path, request.META.get("QUERY_STRING", ""))
        )
        digest = hashlib.blake2b(address.encode("utf-8", "surrogatepass"), digest_size=16)
        reads = _PiecesRead(digest.hexdigest())
        token = _request_pieces.set(reads)
        try:
            return self.get_response(request)
        finally:
            _request_pieces.reset(token)
            reads.keep()


def forget_pieces_of_addresses():
    """Forget which pieces each address read (tests)."""
    _pieces_of_address.clear()


def cached(key, compute):
    """``compute()``, kept under the current content version; computed afresh when the
    cache does not answer."""
    version = content_version()
    if not cache_answers(version):
        return compute()
    _note_piece(("site", key), version)
    versioned_key = f"site:{version}:{key}"
    value = _seen.get(versioned_key, _MISSING)
    if value is _MISSING:
        value = cache.get_or_set(versioned_key, compute, timeout=settings.FRAGMENT_CACHE_SECONDS)
        _seen.set(versioned_key, value, timeout=settings.FRAGMENT_CACHE_SECONDS)
    return value


# Headers of a view's own response that a kept copy carries (the middleware below the view
# adds the rest to each answer).
_NOT_KEPT_HEADERS = {"set-cookie", "vary", "content-length"}


def cached_response(key, render):
    """The response of ``render()``, its bytes and headers kept under the content version
    when it is a plain 200 (an error, a redirect or a streamed answer is rendered each time
    and nothing is kept of it): for the sitemap's sections and the feeds, which read hundreds
    of pages to say what only a publish changes. ``key`` names the address, host included."""
    version = content_version()
    if not cache_answers(version):
        return render()
    piece = f"response:{hashlib.sha256(key.encode()).hexdigest()}"
    _note_piece(("site", piece), version)
    versioned_key = f"site:{version}:{piece}"
    entry = _seen.get(versioned_key, _MISSING)
    if entry is _MISSING:
        entry = cache.get(versioned_key, _MISSING)
    if entry is _MISSING:
        response = render()
        if hasattr(response, "render"):
            response = response.render()  # a TemplateResponse
        if response.status_code != 200 or response.streaming or response.cookies:
            return response
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in _NOT_KEPT_HEADERS
        ]
        entry = (response.content, headers)
        cache.set(versioned_key, entry, timeout=settings.FRAGMENT_CACHE_SECONDS)
        _seen.set(versioned_key, entry, timeout=settings.FRAGMENT_CACHE_SECONDS)
        return response
    _seen.set(versioned_key, entry, timeout=settings.FRAGMENT_CACHE_SECONDS)
    content, headers = entry
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


class AdmissionFilter:
    """Keys seen once recently, bounded in number."""

    def __init__(self, size):
        self._lock = threading.Lock()
        self._keys = OrderedDict()
        self._size = size

    def seen_before(self, key):
        """Whether ``key`` was seen since it last passed; remembers it if not."""
        with self._lock:
            if self._keys.pop(key, None) is not None:
                return True
            self._keys[key] = True
            if len(self._keys) > self._size:
                self._keys.popitem(last=False)
            return False

    def clear(self):
        with self._lock:
            self._keys.clear()


_variant_admission = AdmissionFilter(10_000)


class ProcessMemo:
    """Small answers kept in this process's memory: what a request would otherwise look up
    with a query each time (the site of a host, the page at a path), bounded in number, the
    least recently used dropped first. With ``version`` (a function such as
    ``sites_version``), each answer is kept under the version of the request that found it
    and never read under another; entries of an older version age out. ``None`` is never
    kept, so a stream of made-up keys that find nothing takes no room. Callers hand out
    copies of what they keep: the same object is returned to every request."""

    _every = weakref.WeakSet()

    def __init__(self, size, version=None):
        self._lock = threading.Lock()
        self._values = OrderedDict()
        self._size = size
        self._version = version
        ProcessMemo._every.add(self)

    @classmethod
    def forget_all(cls):
        """Forget what every memo of this process keeps (tests)."""
        for memo in list(cls._every):
            memo.clear()

    def _key(self, key):
        """``key`` under the request's version; None when the cache does not answer."""
        if self._version is None:
            return key
        version = self._version()
        return (version, key) if cache_answers(version) else None

    def get(self, key):
        key = self._key(key)
        with self._lock:
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def set(self, key, value):
        """Keeps ``value`` for ``key``; None forgets what was kept."""
        key = self._key(key)
        if key is None:
            return
        with self._lock:
            if value is None:
                self._values.pop(key, None)
                return
            self._values[key] = value
            self._values.move_to_end(key)
            while len(self._values) > self._size:
                self._values.popitem(last=False)

    def get_or_compute(self, key, compute):
        value = self.get(key)
        if value is None:
            value = compute()
            self.set(key, value)
        return value

    def clear(self):
        with self._lock:
            self._values.clear()


# Set while the worker renders the pages a publish touched (core.warming): those views are a
# short list the site chose, not readers' parameters, so they are kept at their first render.
_keeping_every_variant = ContextVar("keeping_every_variant", default=False)


@contextmanager
def keeping_every_variant():
    token = _keeping_every_variant.set(True)
    try:
        yield
    finally:
        _keeping_every_variant.reset(token)


def forget_variants():
    """Forget what this process keeps of ``cached_variant`` (tests)."""
    _seen_variants.clear()
    _variant_admission.clear()


def cached_variant(key, compute, *, admit=False, address=None):
    """``compute()`` for output that depends on request parameters (a listing's filters and
    page), kept under the current content version with bounds that no stream of made-up
    parameters can pass: in one of ``VARIANT_SLOTS`` slots of the shared cache (the key's
    digest picks it, and a variant replaces whatever the slot held), so they never take
    more of it than that, and kept the second time this process computes it (at once with
    ``admit``, for variants known to be few), as core/page_cache.py keeps pages. ``key``
    must name everything the output shows. ``address``, the reader's path and query string
    for this variant, is remembered when a reader's request keeps it (``readers_variants``),
    so that the worker renders it again after each publish."""
    version = content_version()
    if not cache_answers(version):
        return compute()
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    slot = f"variant:{int(digest[:8], 16) % VARIANT_SLOTS}"
    _note_piece(("variant", slot, digest), version)
    memory_key = f"{version}:{digest}"
    value = _seen_variants.get(memory_key, _MISSING)
    if value is not _MISSING:
        return value
    stored = cache.get(slot)
    if stored is not None and stored[:2] == (version, digest):
        value = stored[2]
    else:
        value = compute()
        warming = _keeping_every_variant.get()
        if not (admit or warming or _variant_admission.seen_before(digest)):
            return value
        cache.set(slot, (version, digest, value), timeout=settings.FRAGMENT_CACHE_SECONDS)
        if address is not None and not warming:
            remember_readers_variant(address)
    _seen_variants.set(memory_key, value, timeout=settings.FRAGMENT_CACHE_SECONDS)
    return value


# The addresses of the variants readers asked for more than once (``cached_variant``), newest
# first, under a key no publish changes: after each publish the worker renders them again
# (stories.tasks), so that the filters readers use are ready before they come back. Bounded,
# like the variants themselves: a stream of made-up filters costs the worker this many
# renders per publish at most.
READERS_VARIANTS_KEY = "readers-variants"
READERS_VARIANTS = 24
# Forgotten a day after a reader last made one kept: a variant the worker keeps warm is never
# computed by a reader, and one readers still use comes back at the next publish.
READERS_VARIANTS_SECONDS = 24 * 60 * 60
# Longer addresses are not remembered: a filter with that many values is nobody's habit.
READERS_VARIANT_LENGTH = 500


def remember_readers_variant(address):
    if len(address) > READERS_VARIANT_LENGTH:
        return
    remembered = [a for a in readers_variants() if a != address]
    # Read, changed and written without a lock: two processes remembering at once may lose
    # one address, which the next reader's request brings back.
    cache.set(
        READERS_VARIANTS_KEY,
        [address, *remembered][:READERS_VARIANTS],
        timeout=READERS_VARIANTS_SECONDS,
    )


def readers_variants():
    """The addresses readers came back to, newest first (``remember_readers_variant``)."""
    remembered = cache.get(READERS_VARIANTS_KEY)
    return list(remembered) if isinstance(remembered, list) else []
