"""The public site search."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Site search")

    def ready(self):
        from django.db.models.signals import post_migrate

        from .backend import index_if_empty

        post_migrate.connect(index_if_empty, sender=self)
