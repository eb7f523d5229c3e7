"""Addresses: the absolute URLs on the host a reader or client used, and the reader's own
network address behind the site's proxies.

The site answers on every host name that ``ALLOWED_HOSTS`` accepts (Django refuses any
other with a 400 before a view runs), so the host of the request is the site's real
address. Wagtail's ``Site.root_url`` (``http://localhost``) is a placeholder and never
appears in what the site serves. The CSV and JSON exports, the API, the feeds, the
sitemap and the head metadata all build their absolute URLs here.

``client_address`` is the one answer to "who sent this request" for the proposals' rate
limit and the sign-in lockout (django-axes' ``AXES_CLIENT_IP_CALLABLE``).
"""

import ipaddress
from urllib.parse import quote

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS
from wagtail.models import Site


def absolute_url(request, url):
    """``url`` (a path, or an already absolute URL left as it is) on the request's host."""
    return request.build_absolute_uri(url)


def page_address(request, page):
    """The page's absolute URL on the request's host, or "" when it has no route."""
    url = page.get_url(request)
    return absolute_url(request, url) if url else ""


class PageAddresses:
    """Absolute URLs of many pages on the request's host, from their ``url_path``.

    The same URLs as ``page_address`` (Wagtail's ``Page.get_url_parts``: the page's path
    below its site root, reversed in the root's language), with the site roots read and
    each language's prefix reversed once, rather than a ``reverse()`` per page: the sitemap
    and the open data files write thousands of them. A page outside the request's site
    falls back to ``page_address``.
    """

    # What reverse() leaves unquoted in a path (django.urls.resolvers).
    _SAFE = RFC3986_SUBDELIMS + "/~:@"

    def __init__(self, request):
        self.request = request
        self.base = absolute_url(request, "/")[:-1]
        site = Site.find_for_request(request)
        self.roots = []  # (root path, its language's path prefix, language code)
        for root in Site.get_site_root_paths():
            if site is not None and root.site_id != site.pk:
                continue
            try:
                with translation.override(root.language_code):
                    prefix = reverse("wagtail_serve", args=("",))
            except NoReverseMatch:
                continue
            self.roots.append((root.root_path, prefix, root.language_code))

    def of_path(self, url_path):
        """The absolute URL of the page at ``url_path``, or None outside the site."""
        # In Wagtail's order of the roots, as get_url_parts takes the first that fits.
        for root_path, prefix, _language in self.roots:
            if url_path.startswith(root_path):
                path = prefix + quote(url_path[len(root_path) :], safe=self._SAFE)
                if not getattr(settings, "WAGTAIL_APPEND_SLASH", True) and path != "/":
                    path = path.rstrip("/")
                return self.base + path
        return None

    def of(self, page):
        """The page's absolute URL, or "" when it has no route (as ``page_address``)."""
        url = self.of_path(page.url_path)
        return url if url is not None else page_address(self.request, page)


def client_address(request):
    """The reader's address.

    With no proxy in front (``TRUSTED_PROXY_COUNT`` = 0) it is REMOTE_ADDR, and
    ``X-Forwarded-For`` is ignored: anyone can send it. Behind n trusted reverse proxies,
    each one appends the address it received the request from, so the reader's address is
    the n-th entry from the right; entries further left came with the request and may be
    made up. When the header is missing, too short or not an address, REMOTE_ADDR is used.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote_addr
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < proxies:
        return remote_addr
    try:
        return str(ipaddress.ip_address(forwarded[-proxies].strip()))
    except ValueError:
        return remote_addr
