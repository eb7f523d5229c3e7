"""The public site search."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Site search")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save
        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from downloads.signals import page_texts_written

        from .backend import (
            file_pages_written,
            index_if_empty,
            page_moved,
            page_visibility_changed,
            view_restriction_changed,
        )

        post_migrate.connect(index_if_empty, sender=self)
        page_texts_written.connect(file_pages_written, dispatch_uid="search-file-pages")
        # The search reads whether a page is visible from its own table: kept current at
        # once, in the transaction of the change (search.backend).
        page_published.connect(page_visibility_changed, dispatch_uid="search-published")
        page_unpublished.connect(page_visibility_changed, dispatch_uid="search-unpublished")
        post_page_move.connect(page_moved, dispatch_uid="search-moved")
        for signal in (post_save, post_delete):
            signal.connect(
                view_restriction_changed,
                sender=PageViewRestriction,
                dispatch_uid=f"search-restriction-{signal is post_save}",
            )
