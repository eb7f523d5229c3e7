"""Infrastructure at the bottom of the dependency order: request memo, content version cache,
formatting, middlewares, health checks, storage and the background worker. It imports no app
of the site."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Site infrastructure")

    def ready(self):
        import warnings

        from django.conf import settings
        from django.db.models.signals import post_delete, post_save
        from django_tasks.signals import task_finished, task_started
        from PIL import Image
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import (
            CollectionViewRestriction,
            Locale,
            Page,
            PageViewRestriction,
            Site,
        )
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import (
            converters,  # noqa: F401  registers "db_id" for every app's URLs
            task_coalescing,
        )
        from .cache import (
            bump_after_cache_outage,
            bump_content_version,
            bump_content_version_for_new_live_page,
            bump_sites_version,
            bump_sites_version_for_a_root,
        )
        from .cache_backends import reachable_again
        from .task_effects import bump_if_task_changed_index, remember_index_before_task

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(bump_content_version, dispatch_uid=f"content-version-{signal}")
        # Deleting a page sends post_delete for its concrete class and for Page.
        post_delete.connect(bump_content_version, sender=Page, dispatch_uid="cv-page-delete")
        # post_save names the concrete page class as sender, so it is filtered in the
        # receiver rather than by sender.
        post_save.connect(bump_content_version_for_new_live_page, dispatch_uid="cv-page-new")
        # What finds a request's site (core.site_lookup): the sites, their root pages' place
        # in the tree and whether they are live.
        for signal in (post_save, post_delete):
            signal.connect(bump_sites_version, sender=Site, dispatch_uid=f"sites-version-{signal}")
        post_page_move.connect(bump_sites_version, dispatch_uid="sites-version-move")
        for signal in (page_published, page_unpublished):
            signal.connect(bump_sites_version_for_a_root, dispatch_uid=f"sites-version-{signal}")
        # Publishes made while Redis did not answer could not bump the version.
        reachable_again.connect(bump_after_cache_outage, dispatch_uid="cv-cache-outage")
        # A restricted collection's files leave the search inside the reports at once.
        content_models = (
            PageViewRestriction,
            CollectionViewRestriction,
            get_document_model(),
            get_image_model(),
            Locale,
            Site,
        )
        for model in content_models:
            for signal in (post_save, post_delete):
                signal.connect(
                    bump_content_version,
                    sender=model,
                    dispatch_uid=f"content-version-{signal}-{model.__name__}",
                )
        # Pillow only warns past MAX_IMAGE_PIXELS and refuses to open an image past twice
        # that (DecompressionBombError, before decoding a pixel): half the site's limit makes
        # every image over it fail early everywhere (uploads, renditions, the worker), and
        # Wagtail's upload form shows its "too many pixels" message. The warning, for images
        # of half the limit or more, says nothing useful here.
        Image.MAX_IMAGE_PIXELS = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS // 2
        warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
        # The worker's search-index updates refresh the public search (core/task_effects.py).
        task_started.connect(remember_index_before_task, dispatch_uid="index-before-task")
        task_finished.connect(bump_if_task_changed_index, dispatch_uid="index-after-task")
        # Wagtail's index tasks, queued once per object and transaction.
        task_coalescing.install()
