"""The read-only API and the story exports."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from core.warming import register_output_paths

        from .api import warmed_api_paths
        from .tasks import queue_writing

        # The pages' listing, as a client first asks for it, rendered by the worker after a
        # publish with the pages (stories.tasks.warm_pages): its total, counted over every
        # live page, is then kept under the new content version before clients come.
        register_output_paths(warmed_api_paths)

        # The open data files of the new content version are written by the worker after a
        # publish rather than by the first reader (``opendata.tasks``).
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(queue_writing, dispatch_uid=f"write-data-files-{signal}")
