"""What pages tell search engines and feed readers: meta tags, JSON-LD, canonical
URLs, feeds, ``sitemap.xml`` and ``robots.txt``."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeoConfig(AppConfig):
    name = "seo"
    verbose_name = _("Search engines and feeds")
