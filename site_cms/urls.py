from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from stories.sitemaps import robots_txt, sitemap

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public page lives under its language prefix (/it/..., /en/...). A path without
# one, "/" included, is redirected by LocaleMiddleware using Accept-Language.
urlpatterns += i18n_patterns(
    path("feeds/", include("stories.feeds")),
    path("", include("stories.search.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
