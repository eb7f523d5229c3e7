from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """The editors' side of the admin: guide, publishing checks, translation status."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "editorial"
    verbose_name = _("Editorial tools")

    def ready(self):
        from django.db.models.signals import post_save

        from . import redirects, workflow_names
        from .permissions import on_page_saved

        post_save.connect(on_page_saved, dispatch_uid="translators-translated-trees")
        workflow_names.connect()
        redirects.connect()
