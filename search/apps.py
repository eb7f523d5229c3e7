"""The public site search."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Site search")

    def ready(self):
        from django.db.models.signals import post_migrate

        from downloads.signals import page_texts_written

        from .backend import file_pages_written, index_if_empty

        post_migrate.connect(index_if_empty, sender=self)
        page_texts_written.connect(file_pages_written, dispatch_uid="search-file-pages")
