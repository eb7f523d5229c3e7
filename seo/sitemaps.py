"""``/sitemap.xml``, a sitemap index, with a section per language (``/sitemap-it.xml``,
``/sitemap-en.xml``) split into pages of ``SECTION_SIZE`` addresses (``?p=2``), each with
its hreflang alternates; and ``/robots.txt`` pointing at the index.

A section page costs the same whatever the site holds: its pages are read as plain values
in one query, their alternates in one more, and their addresses are written from their
``url_path`` and the site's roots (``core.addresses.PageAddresses``), with no per-page
``get_url()``.
"""

import re
from collections import defaultdict

from django.conf import settings
from django.contrib.sitemaps import views as django_sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.db.models import Count, F, Max, Q
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from core.addresses import PageAddresses, absolute_url
from core.cache import cached_response
from core.warming import reader_request

X_DEFAULT_LANGUAGE = settings.LANGUAGE_CODE
# Search engines take up to 50,000 addresses a file. Pages of 200 (about 77 KB with their
# alternates) cost a reader, a crawler or the page cache about what the demo's whole section
# does (51 addresses): at 1,000 a page was 390 KB, served from the cache at 37% of the
# static file's rate and rendered in 1.24x the demo's time (scripts/benchmark_speed.py, 10,000
# stories a language on PostgreSQL). 10,000 stories a language make 51 pages of it.
SECTION_SIZE = 200


def site_addresses(request):
    """The request's ``PageAddresses``, made once for all the sections of a request."""
    if not hasattr(request, "_sitemap_addresses"):
        request._sitemap_addresses = PageAddresses(request)
    return request._sitemap_addresses


def listed_pages(request):
    """The live public pages of every language that the sitemap lists (the view
    restrictions are read once a request)."""
    if not hasattr(request, "_sitemap_pages"):
        under_a_root = Q(pk__in=[])
        for root_path, _prefix, _language in site_addresses(request).roots:
            under_a_root |= Q(url_path__startswith=root_path)
        request._sitemap_pages = (
            Page.objects.live()
            .public()
            .filter(under_a_root)
            # An alias in the other language's tree only redirects to its original.
            .exclude(Q(alias_of__isnull=False) & ~Q(alias_of__locale=F("locale")))
        )
    return request._sitemap_pages


class LanguageSitemap(Sitemap):
    """Every live public page of one language under the site's homes.

    Wagtail's own sitemap lists only the tree under the site's root page, which is the
    Italian home; the English home is its translation, beside it.
    """

    def __init__(self, request, language):
        super().__init__(request)
        self.language = language
        self.limit = SECTION_SIZE
        self.addresses = site_addresses(request)

    def items(self):
        return (
            listed_pages(self.request)
            .filter(locale__language_code=self.language)
            .order_by("path")
            .values(
                "translation_key", "url_path", "last_published_at", "latest_revision_created_at"
            )
        )

    def _urls(self, page, protocol, domain):
        rows = list(self.paginator.page(page).object_list)
        versions = self.versions_by_translation_key({row["translation_key"] for row in rows})
        urls = []
        for row in rows:
            location = self.addresses.of_path(row["url_path"])
            if location is None:
                continue
            alternates = versions[row["translation_key"]]
            url_info = {
                "location": location,
                "lastmod": row["last_published_at"] or row["latest_revision_created_at"],
                "alternates": [
                    {"lang_code": code, "location": address}
                    for code, address in sorted(alternates.items())
                ],
            }
            if X_DEFAULT_LANGUAGE in alternates:
                url_info["alternates"].append(
                    {"lang_code": "x-default", "location": alternates[X_DEFAULT_LANGUAGE]}
                )
            urls.append(url_info)
        last_modified = [url["lastmod"] for url in urls]
        if last_modified and None not in last_modified:
            self.latest_lastmod = max(last_modified)
        return urls

    def versions_by_translation_key(self, translation_keys):
        """{translation key: {language code: absolute URL}} of the listed versions of
        ``translation_keys``, in one query."""
        versions = defaultdict(dict)
        rows = (
            listed_pages(self.request)
            .filter(translation_key__in=translation_keys)
            .values_list("translation_key", "locale__language_code", "url_path")
        )
        for key, language, url_path in rows:
            address = self.addresses.of_path(url_path)
            if address is not None:
                versions[key][language] = address
        return versions


def language_sitemaps(request):
    """{language code: its sitemap}, for each language with a home on the request's site."""
    languages = {language for _path, _prefix, language in site_addresses(request).roots}
    return {
        code: LanguageSitemap(request, code)
        for code, _name in settings.LANGUAGES
        if code in languages
    }


@require_safe
@x_robots_tag
def sitemap_index(request):
    """Django's index view, with each section's size and last change read for all the
    languages in one query (Django's asks twice a section, and reads every item), kept per
    content version: the counts read every live page (16 ms of SQL at 10,000 stories a
    language on PostgreSQL), and only a publish changes them."""
    return cached_response(
        f"sitemap-index:{absolute_url(request, '/')}", lambda: render_sitemap_index(request)
    )


def render_sitemap_index(request):
    sitemaps = language_sitemaps(request)
    sections = (
        listed_pages(request)
        .filter(locale__language_code__in=sitemaps)
        .values("locale__language_code")
        .annotate(
            pages=Count("pk"),
            latest=Max(Coalesce("last_published_at", "latest_revision_created_at")),
        )
        .order_by()
    )
    sections = {row["locale__language_code"]: row for row in sections}
    entries = []
    for language in sitemaps:
        section = sections.get(language, {"pages": 0, "latest": None})
        location = absolute_url(request, reverse("sitemap_section", args=[language]))
        entries.append(SitemapIndexItem(location, section["latest"]))
        for number in range(2, -(-section["pages"] // SECTION_SIZE) + 1):
            entries.append(SitemapIndexItem(f"{location}?p={number}", section["latest"]))
    latest = [section["latest"] for section in sections.values()]
    headers = None
    if latest and None not in latest:
        headers = {"Last-Modified": http_date(max(latest).timestamp())}
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml",
        headers=headers,
    )


@require_safe
def sitemap_section(request, section):
    """A page of a language's section, kept per content version (``SECTION_SIZE`` addresses
    with their alternates, read in two queries). Only a page number Django's paginator reads
    as written is kept, so ``?p=01`` makes no second copy."""
    sitemaps = language_sitemaps(request)
    if section not in sitemaps:
        raise Http404
    number = request.GET.get("p", "1")

    def render():
        return django_sitemap_views.sitemap(request, sitemaps, section=section)

    if not PAGE_NUMBER.fullmatch(number):
        return render()
    return cached_response(f"sitemap:{absolute_url(request, '/')}:{section}:{number}", render)


PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


def warmed_sitemap_paths(pages):
    """What the worker renders after a publish of ``pages`` (``core.warming``): the index and
    the section page that lists each of them, on the site's public address."""
    request = reader_request("/")
    sitemaps = language_sitemaps(request)
    paths = [reverse("sitemap")]
    for page in pages:
        language = page.locale.language_code
        if language not in sitemaps:
            continue
        # The section's pages are in path order (LanguageSitemap.items).
        before = (
            listed_pages(request).filter(locale__language_code=language, path__lt=page.path).count()
        )
        section = reverse("sitemap_section", args=[language])
        number = before // SECTION_SIZE + 1
        paths.append(section if number == 1 else f"{section}?p={number}")
    return list(dict.fromkeys(paths))


def sitemap_paths():
    """The index's path and its sections' (their ``?p=`` pages are banned with them): what a
    proxy must forget when any page changes."""
    return [reverse("sitemap")] + [
        reverse("sitemap_section", kwargs={"section": code}) for code, _name in settings.LANGUAGES
    ]


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "",
        f"Sitemap: {absolute_url(request, reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
