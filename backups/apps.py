"""Backups of the whole site (database and media) in one archive, and their restore: the
``backup`` and ``restore`` commands. At the bottom of the dependency order beside ``core``:
it reads every app's tables through ``django.apps`` and imports none of them."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    name = "backups"
    verbose_name = _("Backups")
