from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class PurgingConfig(AppConfig):
    """Purges the caching proxy and the CDN when content changes (see purging.signals).

    Listed after ``wagtail.contrib.frontend_cache``, whose own receivers (a background task
    per page, its URL only) are disconnected here.
    """

    name = "purging"
    verbose_name = _("Cache purging")

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_save
        from wagtail.contrib.frontend_cache import signal_handlers as wagtail_handlers
        from wagtail.contrib.redirects.models import Redirect
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Locale, Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

        from stories.models import Organisation

        from . import signals

        for model in apps.get_models():
            if issubclass(model, Page):
                page_published.disconnect(
                    wagtail_handlers.page_published_signal_handler, sender=model
                )
                page_unpublished.disconnect(
                    wagtail_handlers.page_unpublished_signal_handler, sender=model
                )

        for signal in (page_published, page_unpublished, pre_page_move, post_page_move):
            signal.connect(signals.purge_page, dispatch_uid=f"purge-page-{signal}")
        pre_save.connect(signals.purge_saved_state, dispatch_uid="purge-saved-state")
        # Deleting a live page needs nothing more: Wagtail unpublishes it first (its own
        # pre_delete handler), which sends page_unpublished while its links still exist.
        for signal in (post_save, post_delete):
            signal.connect(
                signals.purge_restricted_page,
                sender=PageViewRestriction,
                dispatch_uid=f"purge-restriction-{signal}",
            )
            signal.connect(
                signals.purge_redirect, sender=Redirect, dispatch_uid=f"purge-redirect-{signal}"
            )
            for model in (Organisation, get_document_model(), get_image_model(), Locale, Site):
                signal.connect(
                    signals.purge_everything,
                    sender=model,
                    dispatch_uid=f"purge-everything-{signal}-{model.__name__}",
                )
