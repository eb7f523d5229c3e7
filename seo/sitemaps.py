"""``/sitemap.xml`` with both languages' pages and their hreflang alternates, and
``/robots.txt`` pointing at it."""

from collections import defaultdict

from django.conf import settings
from django.db.models import F, Q
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.models import Page

from core.addresses import absolute_url, page_address

X_DEFAULT_LANGUAGE = settings.LANGUAGE_CODE


class TranslatedPagesSitemap(Sitemap):
    """Every live public page of the site's home in each language.

    Wagtail's own sitemap lists only the tree under the site's root page, which is the
    Italian home; the English home is its translation, beside it.
    """

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        under_a_root = Q(pk__in=[])
        for root_path in roots.values_list("path", flat=True):
            under_a_root |= Q(path__startswith=root_path)
        return (
            Page.objects.live()
            .public()
            .filter(under_a_root)
            # An alias in the other language's tree only redirects to its original.
            .exclude(Q(alias_of__isnull=False) & ~Q(alias_of__locale=F("locale")))
            .select_related("locale")
            .order_by("path")
        )

    def _urls(self, page, protocol, domain):
        paginator = self.paginator
        pages = list(paginator.page(page).object_list)
        versions = self.versions_by_translation_key(pages, complete=paginator.num_pages == 1)
        urls = []
        for item in pages:
            alternates = versions[item.translation_key]
            url_info = {
                "item": item,
                "location": alternates[item.locale.language_code],
                "lastmod": item.last_published_at or item.latest_revision_created_at,
                "alternates": [
                    {"lang_code": code, "location": location}
                    for code, location in sorted(alternates.items())
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

    def versions_by_translation_key(self, pages, complete):
        """{translation key: {language code: absolute URL}} of the live public versions of
        ``pages``. Unless ``pages`` is the complete list, translations listed on another
        sitemap page are fetched in one more query."""
        others = []
        if not complete:
            others = (
                self.items()
                .filter(translation_key__in={page.translation_key for page in pages})
                .exclude(pk__in=[page.pk for page in pages])
            )
        versions = defaultdict(dict)
        for page in [*pages, *others]:
            versions[page.translation_key][page.locale.language_code] = page_address(
                self.request, page
            )
        return versions


@require_safe
def sitemap(request):
    return sitemap_views.sitemap(request, sitemaps={"pages": TranslatedPagesSitemap})


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
