"""Lookups that many parts of one page need, made once per request.

A story page asks "which sections are private?" for the navigation, the language switcher
and every listing, and "which locale is active?" in several template tags. Wagtail runs a
query each time; within one request the answer cannot change, so it is kept here.
"""

from contextvars import ContextVar

from django.db.models import Q
from wagtail.models import Locale, PageManager, PageQuerySet, PageViewRestriction

_memo: ContextVar[dict | None] = ContextVar("request_memo", default=None)


class RequestMemoMiddleware:
    """Opens a fresh memo for each request and drops it afterwards."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)


def memoize(key, compute):
    """``compute()`` once per request; outside a request (commands, tests calling code
    directly) every call computes afresh."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def restricted_paths():
    """Tree paths of the pages that carry a view restriction (password, login, groups)."""
    from .cache import cached

    return memoize(
        "restricted_paths",
        lambda: cached(
            "restricted-paths",
            lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)),
        ),
    )


def private_pages_q():
    q = Q()
    for path in restricted_paths():
        q |= Q(path__startswith=path)
    # Match no page at all when nothing is restricted.
    return q if q else Q(pk__in=[])


def active_locale():
    from django.utils import translation

    from .cache import cached

    language = translation.get_language()
    return memoize(("locale", language), lambda: cached(f"locale:{language}", Locale.get_active))


class SitePageQuerySet(PageQuerySet):
    def private_q(self):
        return private_pages_q()


class SitePageManager(PageManager.from_queryset(SitePageQuerySet)):
    """Page manager whose ``public()`` reuses the request's view-restriction lookup."""
