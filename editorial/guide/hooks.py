"""Menu item, URL, dashboard panel and page-editor link of the editor's guide
(imported by editorial/wagtail_hooks.py)."""

from django.conf import settings
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button

from .views import EditorGuideView, guide_url

# The guide section that explains each page type, for the editor's link.
SECTION_FOR_PAGE_TYPE = {
    "stories.StoryPage": "writing",
    "stories.ReportPage": "reports",
    "stories.ProgrammePage": "checks",
    "stories.TerritoryPage": "checks",
}


@hooks.register("register_admin_urls")
def register_editor_guide_url():
    return [path("guide/", EditorGuideView.as_view(), name="editorial_guide")]


@hooks.register("register_admin_menu_item")
def register_editor_guide_menu_item():
    # Everyone who can open the admin may read it: editors, moderators, translators.
    return MenuItem(
        _("Editor's guide"), guide_url(), name="editor-guide", icon_name="help", order=950
    )


class EditorGuidePanel(Component):
    """On the admin's dashboard, first of all: where the guide is and what it covers."""

    name = "editor_guide"
    template_name = "editorial/guide/dashboard_panel.html"
    order = 50

    def get_context_data(self, parent_context=None):
        return {"guide_url": guide_url(), "checks_url": guide_url("checks")}


@hooks.register("construct_homepage_panels")
def add_editor_guide_panel(request, panels):
    panels.append(EditorGuidePanel())


@hooks.register("register_page_header_buttons")
def editor_guide_button(page, user, view_name, next_url=None):
    """In the page editor's actions menu: the part of the guide about this page."""
    if view_name != "edit":
        return
    if page.locale.language_code != settings.LANGUAGE_CODE:
        section = "translations"  # a translation is edited in wagtail-localize's editor
    else:
        section = SECTION_FOR_PAGE_TYPE.get(page.specific_class._meta.label)
    yield Button(_("Editor's guide"), guide_url(section), icon_name="help", priority=90)
