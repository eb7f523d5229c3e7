"""Story proposals in the admin: list them, read them, set their status, download the PDF.

Proposals come from the public form only, so nobody may add or copy one here. Editors
and moderators get the permissions through the migration
``0002_editors_review_proposals``.
"""

import logging

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaksbr
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .models import StoryProposal

logger = logging.getLogger(__name__)


class ProposalPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, except that nobody adds proposals in the admin."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


class ProposalIndexView(IndexView):
    """The listing shows each proposal's programme: fetched with the proposals, not one
    query per row."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("programme")


class ProposalInspectView(InspectView):
    """Every field, what the reader typed escaped (line breaks kept), and the PDF as a
    link to the permission-checked download view."""

    def get_summary_display_value(self):
        return linebreaksbr(self.object.summary, autoescape=True)

    def get_document_display_value(self):
        if not self.object.document:
            return _("No document")
        return format_html(
            '<a href="{}" download>{}</a>',
            reverse("story_proposals:document", args=[self.object.pk]),
            _("Download the PDF"),
        )

    def get_programme_display_value(self):
        return self.object.programme or _("None of these / another programme")


class ProposalDocumentView(PermissionCheckedMixin, View):
    """The proposal's PDF, for editors allowed to see proposals. It is sent as an
    attachment: a file from the public is saved, never opened inside the admin's pages."""

    model = StoryProposal
    permission_required = "view"

    def get(self, request, pk):
        proposal = get_object_or_404(StoryProposal, pk=pk)
        if not proposal.document:
            raise Http404("This proposal came without a document.")
        try:
            document = proposal.document.open("rb")
        except FileNotFoundError:
            # Restored from a backup without the private folder, or removed by hand.
            logger.warning(
                "The document of story proposal %s is missing from storage: %s",
                proposal.pk,
                proposal.document.name,
            )
            raise Http404("This proposal's document is missing.") from None
        response = FileResponse(
            document,
            as_attachment=True,
            filename=f"proposal-{proposal.pk}.pdf",
            content_type="application/pdf",
        )
        response["X-Content-Type-Options"] = "nosniff"
        add_never_cache_headers(response)
        return response


class StoryProposalViewSet(ModelViewSet):
    model = StoryProposal
    icon = "mail"
    menu_label = _("Story proposals")
    menu_order = 860
    add_to_admin_menu = True
    copy_view_enabled = False
    index_view_class = ProposalIndexView
    inspect_view_enabled = True
    inspect_view_class = ProposalInspectView
    inspect_view_fields = [
        "created_at",
        "status",
        "name",
        "organisation",
        "email",
        "territory",
        "programme",
        "summary",
        "document",
        "language",
        "page",
    ]
    list_display = ["name", "organisation", "territory", "programme", "status", "created_at"]
    list_filter = ["status", "language", "created_at"]
    search_fields = ["name", "organisation", "email", "territory", "summary"]
    search_backend_name = None  # plain database lookups: proposals are not indexed
    ordering = ["-created_at"]
    # The edit view is where editors review a proposal: what the reader sent, read-only
    # (escaped by the admin's templates), and the status they may change.
    panels = [
        FieldPanel("status"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("name", read_only=True), FieldPanel("email", read_only=True)]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("organisation", read_only=True),
                        FieldPanel("territory", read_only=True),
                    ]
                ),
                FieldPanel("programme", read_only=True),
                FieldPanel("summary", read_only=True),
            ],
            heading=_("The proposal"),
            help_text=_("As the reader sent it; the document is on the proposal's inspect page."),
        ),
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("document/<db_id:pk>/", ProposalDocumentView.as_view(), name="document"),
        ]
