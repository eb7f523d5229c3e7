"""Wagtail's site of a request, looked up once per sites version in each process.

Wagtail finds the site of every request with a query (``Site.find_for_request``: the sites
matching the host, ranked, with their root page), about 2 ms of a page's 15 ms of CPU on
this machine, for an answer that changes only when a site or its root page does: those
bump the sites version (``core.cache.sites_version``, read with the content version in one
round trip; ``core.apps``), which a publish leaves as it was. ``SiteLookupMiddleware``
gives the request the site this process found for the same host and port under the same
sites version, in the attribute ``find_for_request`` keeps its answer in
(``request._wagtail_site``: docs/upstream.md), so that Wagtail's serve view, its redirects
and this site's own code read it from there.

Each request gets its own copy of the site and of its root page: Wagtail caches things on a
page object (``specific``), and nothing one request sets on them may reach another.
"""

import copy

from django.http.request import split_domain_port
from wagtail.models import Site

from .cache import ProcessMemo, sites_version

# Host and port pairs remembered per process: a site has a few names, and a request whose
# host is not allowed is refused before this middleware (CommonMiddleware's get_host()).
REMEMBERED_HOSTS = 32

_sites_found = ProcessMemo(REMEMBERED_HOSTS, version=sites_version)


def _private_copy(site):
    site = copy.copy(site)
    if Site.root_page.is_cached(site):
        site.root_page = copy.copy(site.root_page)
    return site


def site_for_request(request):
    """What ``Site.find_for_request(request)`` answers, found once per sites version for
    each host and port (None when no site matches, as Wagtail answers)."""
    hostname = split_domain_port(request._get_raw_host())[0]
    site = _sites_found.get_or_compute(
        ("site", hostname, request.get_port()), lambda: Site._find_for_request(request)
    )
    return None if site is None else _private_copy(site)


class SiteLookupMiddleware:
    """Sets ``request._wagtail_site`` from ``site_for_request`` for the views and middleware
    below. Listed after CommonMiddleware, which refuses a host that is not allowed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = site_for_request(request)
        return self.get_response(request)
