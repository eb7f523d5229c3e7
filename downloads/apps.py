from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DownloadsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "downloads"
    verbose_name = _("Downloads")

    def ready(self):
        from django.db.models.signals import pre_save

        from stories.models import ReportPage

        from .codes import assign_permanent_code

        def give_permanent_code(sender, instance, raw=False, **kwargs):
            if not raw:
                assign_permanent_code(instance)

        pre_save.connect(
            give_permanent_code, sender=ReportPage, weak=False, dispatch_uid="report-permanent-code"
        )
