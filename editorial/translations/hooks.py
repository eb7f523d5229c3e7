"""Admin URL and menu item of the translation dashboard (imported by editorial/wagtail_hooks.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import TranslationDashboardView


@hooks.register("register_admin_urls")
def register_translation_dashboard_url():
    return [
        path(
            "translations/",
            TranslationDashboardView.as_view(),
            name="editorial_translations",
        )
    ]


@hooks.register("register_admin_menu_item")
def register_translation_dashboard_menu_item():
    # Shown to everyone who can open the admin: editors, moderators and translators.
    return MenuItem(
        _("Translations"),
        reverse("editorial_translations"),
        name="translations",
        icon_name="wagtail-localize-language",
        order=250,
    )
