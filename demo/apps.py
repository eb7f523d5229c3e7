"""The demo site (``manage.py load_demo``): at the top of the dependency order, imported
by nothing but its command and the test fixtures."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = _("Demo content")
