from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.request_memo import active_locale

from .models import Author, Organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    add_to_admin_menu = True
    menu_order = 300
    # Live or draft: an edit waits for the "Moderators approval" workflow.
    list_display = ["name", "kind", "website", LiveStatusTagColumn()]
    list_filter = ["kind", "live"]
    search_fields = ["name"]


register_snippet(OrganisationViewSet)


class AuthorViewSet(SnippetViewSet):
    """Who signs stories; wagtail-localize translates them like pages."""

    model = Author
    icon = "user"
    menu_label = _("Authors")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["name", "kind", "role", "organisation"]
    list_filter = ["kind"]
    search_fields = ["name"]


register_snippet(AuthorViewSet)


@hooks.register("before_serve_page")
def serve_pages_in_their_own_language(page, request, serve_args, serve_kwargs):
    """Never show a page under another language's prefix.

    Wagtail falls back to the Italian home when ``/en/`` has no English home yet, and an
    alias page in the English tree would show Italian text: both are redirected to the
    page that really holds the text, under its own language prefix.
    """
    if page.alias_of_id:
        original = page.alias_of.specific
        if original.locale_id != page.locale_id:
            return redirect(original.get_url(request))
    if page.locale_id != active_locale().pk:
        return redirect(page.get_url(request))
    return None
