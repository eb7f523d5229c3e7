"""What pages tell search engines and feed readers: meta tags, JSON-LD, canonical
URLs, feeds, ``sitemap.xml`` and ``robots.txt``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeoConfig(AppConfig):
    name = "seo"
    verbose_name = _("Search engines and feeds")

    def ready(self):
        from core.warming import register_output_paths

        from .feeds import warmed_feed_paths
        from .sitemaps import warmed_sitemap_paths

        # Rendered by the worker after a publish, with the pages (stories.tasks.warm_pages).
        register_output_paths(warmed_feed_paths)
        register_output_paths(warmed_sitemap_paths)
