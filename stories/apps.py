from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "stories"
    verbose_name = _("Stories")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from core import page_cache
        from core.cache import bump_content_version, bump_content_version_on_full_save

        from .models import Author, Organisation, StoryPage
        from .models.stories import follow_section_programme
        from .tasks import queue_page_warming, queue_warming

        post_page_move.connect(
            follow_section_programme, sender=StoryPage, dispatch_uid="story-section-programme"
        )
        # Organisations show on live pages (partners, publishers) without being pages. A save
        # of some fields only is a draft's or a lock's bookkeeping: readers see nothing new.
        post_save.connect(
            bump_content_version_on_full_save,
            sender=Organisation,
            dispatch_uid=f"content-version-{post_save}-Organisation",
        )
        post_delete.connect(
            bump_content_version,
            sender=Organisation,
            dispatch_uid=f"content-version-{post_delete}-Organisation",
        )
        # Authors sign live stories: a change shows at once (they have no drafts).
        post_save.connect(
            bump_content_version, sender=Author, dispatch_uid="content-version-save-Author"
        )
        post_delete.connect(
            bump_content_version, sender=Author, dispatch_uid="content-version-delete-Author"
        )
        # The listings' story indexes, kept under the content version, are built again by
        # the worker after a publish rather than by the first reader (``stories.tasks``).
        # So are the pages a publish touches (the page, the listings showing it), rendered
        # for readers before they come.
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(queue_warming, dispatch_uid=f"warm-listings-{signal}")
            signal.connect(queue_page_warming, dispatch_uid=f"warm-pages-{signal}")
        # This app's migrations create the other cache tables; the whole pages' one is made
        # after every migrate (core has no models, so no post_migrate of its own).
        post_migrate.connect(page_cache.create_table, sender=self, dispatch_uid="page-cache-table")
