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

from django.conf import settings


def absolute_url(request, url):
    """``url`` (a path, or an already absolute URL left as it is) on the request's host."""
    return request.build_absolute_uri(url)


def page_address(request, page):
    """The page's absolute URL on the request's host, or "" when it has no route."""
    url = page.get_url(request)
    return absolute_url(request, url) if url else ""


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
