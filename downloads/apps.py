from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DownloadsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "downloads"
    verbose_name = _("Downloads")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.documents import get_document_model

        from .describe import delete_cover_file
        from .models import DocumentDetails
        from .tasks import queue_description

        # A new or replaced PDF is read once (page count, cover, text of each page).
        post_save.connect(
            queue_description, sender=get_document_model(), dispatch_uid="describe-pdf"
        )
        post_delete.connect(
            delete_cover_file, sender=DocumentDetails, dispatch_uid="delete-pdf-cover"
        )
