"""Lookups that many parts of one page need, made once per request.

A story page asks "which sections are private?" for the navigation, the language switcher
and every listing, and "which locale is active?" in several template tags. Wagtail runs a
query each time; within one request the answer cannot change, so it is kept in the
request's memo (core.memo).
"""

from django.db.models import Q
from django.utils import translation
from wagtail.models import Locale, PageManager, PageQuerySet, PageViewRestriction

from .cache import cached
from .memo import memoize


def restricted_paths():
    """Tree paths of the pages that carry a view restriction (password, login, groups)."""
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
    language = translation.get_language()
    return memoize(("locale", language), lambda: cached(f"locale:{language}", Locale.get_active))


class SitePageQuerySet(PageQuerySet):
    def private_q(self):
        return private_pages_q()


class SitePageManager(PageManager.from_queryset(SitePageQuerySet)):
    """Page manager whose ``public()`` reuses the request's view-restriction lookup."""
