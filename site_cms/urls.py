import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve as serve_media
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core.middleware import shared_view
from downloads.views import serve_document
from seo.feeds import legacy_urlpatterns as legacy_feed_urls
from seo.sitemaps import robots_txt, sitemap_index, sitemap_section

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document address, served by the downloads app (access rules, ranges).
    path(
        "documents/<db_id:document_id>/<path:document_filename>",
        serve_document,
        name="wagtaildocs_serve",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<str:section>.xml", sitemap_section, name="sitemap_section"),
    path("robots.txt", robots_txt, name="robots_txt"),
    # Permalinks of reports: no language prefix, the reader's language is negotiated.
    path("r/", include("downloads.urls")),
    # Open data (/api/v2/, /data/), the same in every language.
    path("", include("opendata.urls")),
]

if (settings.DEBUG or settings.SERVE_MEDIA) and settings.MEDIA_URL.startswith("/"):
    # Images only: documents are served by Wagtail's view, which checks who may read them.
    # With DEBUG off (SERVE_MEDIA, `make serve`) Django serves them itself: fine for one
    # machine's readers; a web server or object storage in front does it better. Media
    # in a bucket (MEDIA_URL is its address) are never served here.
    for folder in ("original_images", "images"):
        urlpatterns.append(
            re_path(
                rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}{folder}/(?P<path>.+)$",
                # Partners' pages show them too (the thumbnails of the oEmbed answers).
                shared_view(serve_media),
                {"document_root": settings.MEDIA_ROOT / folder},
            )
        )

# Every public page lives under its language prefix (/it/..., /en/...). A path without
# one, "/" included, is redirected by LocaleMiddleware using Accept-Language.
urlpatterns += i18n_patterns(
    # /it/feed/storie/rss/, /en/feeds/stories/rss/; the untranslated /it/feeds/... redirect.
    path(_("feeds/"), include("seo.feeds")),
    path("feeds/", include(legacy_feed_urls)),
    # The story explorer's current result as CSV and JSON: /it/esporta/stories.csv?hashtag=...
    path(_("export/"), include("opendata.explorer_export")),
    path("", include("search.urls")),
    path("", include("embeds.cards")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

# A database or a media storage that cannot be reached gives a 503 page, not a 500
# (core/views.py).
handler500 = "core.views.server_error"
# A request Django refuses: a readable 400 that never reads the form again (core/views.py).
handler400 = "core.views.bad_request"
