from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    """Story ideas sent by networks through the "propose your story" page."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "proposals"
    verbose_name = _("Story proposals")
