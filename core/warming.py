"""Pages rendered for readers before they come: the worker's warm-up after a publish.

A publish bumps the site-wide content version (``core.cache``), so every cached fragment of
every page is rendered again by the next request that needs it. ``render_for_readers`` makes
that request itself, in the worker, for the few pages a publish touches: each path goes
through Django's own request handling (every middleware, the view, the templates), as a
reader without a session would send it to the site's public address (``SITE_BASE_URL``, the
host and scheme that the fragments' keys and their absolute URLs carry, as ``purging`` uses
it). What the page caches (its fragments, the listings' indexes and, when the page cache is
on, the whole page) is then kept under the new content version, exactly as the first
reader's request would have kept it.

Nothing here can serve stale content: a render is a reader's request, keyed by the version
it read when it began. No cookie, session or credentials are sent, so nothing is rendered
for an editor. A path is rendered once per content version, whichever task asks first (a
burst of publishes renders the pages they share once under the version readers will see),
and a page that fails to render is logged and skipped: warming never raises.
"""

import functools
import io
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation

from .cache import cache_answers, content_version, keeping_every_variant

logger = logging.getLogger(__name__)

# Functions of the apps above this one (the feeds, the sitemap) that name the addresses of
# their outputs showing some pages: ``function(pages)`` -> paths. See ``output_paths``.
_output_path_finders = []


def register_output_paths(function):
    """Register ``function(pages)``, which returns the paths of an app's outputs that show
    ``pages`` (live pages of any language): the worker renders them with the pages after
    a publish. For the apps that no page-rendering app may import (seo)."""
    if function not in _output_path_finders:
        _output_path_finders.append(function)
    return function


def output_paths(pages):
    """The paths every registered function names for ``pages``, each once; a function that
    fails is logged and skipped."""
    paths = {}
    for function in _output_path_finders:
        try:
            paths.update(dict.fromkeys(function(pages)))
        except Exception:
            logger.warning("Finding the outputs of %s failed.", function.__name__, exc_info=True)
    return list(paths)


def reader_request(path, query_string=""):
    """A GET of ``path`` on the public address, as a reader's browser without a session sends
    it through the site's proxies."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    scheme = address.scheme or "http"
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": query_string,
        "SERVER_NAME": address.hostname or "",
        "SERVER_PORT": str(address.port or (443 if scheme == "https" else 80)),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": address.netloc,
        # A browser's: pages first, and anything else (the API's JSON, the feeds' XML).
        "HTTP_ACCEPT": "text/html,*/*;q=0.8",
        "HTTP_X_FORWARDED_PROTO": scheme,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scheme,
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    return WSGIRequest(environ)


class _Handler(BaseHandler):
    """Django's request handling without the WSGI server's request_started and
    request_finished signals: they would close the worker's database connection in the
    middle of its task (as Django's test client does, for the same reason)."""

    def __init__(self):
        super().__init__()
        self.load_middleware()


@functools.cache
def reader_handler():
    """One handler per process, as a web server's: building the middleware again for each
    warm-up made WhiteNoise list every static file again."""
    return _Handler()


@receiver(setting_changed)
def forget_handler(setting, **kwargs):
    if setting == "MIDDLEWARE":
        reader_handler.cache_clear()


def render_for_readers(paths):
    """Render each path (``"/it/storie/…"``, or with ``?query``) as an anonymous reader's
    request, once per content version. Returns how many were rendered with a 200."""
    rendered = 0
    for address in paths:
        # Read for each page: a publish meanwhile makes the rest of the list due again.
        version = content_version()
        if not cache_answers(version):
            # Whatever would be kept under this version is never read again.
            return rendered
        if not cache.add(f"warmed:{version}:{address}", True, settings.FRAGMENT_CACHE_SECONDS):
            continue
        path, _, query_string = address.partition("?")
        try:
            # The page's language is activated for the request: the worker's stays as it was.
            with translation.override(translation.get_language()), keeping_every_variant():
                response = reader_handler().get_response(reader_request(path, query_string))
        except Exception:
            logger.warning("Warming %s failed.", address, exc_info=True)
            continue
        if response.status_code == 200:
            rendered += 1
        else:
            logger.warning("Warming %s: the page answered %s.", address, response.status_code)
    return rendered
