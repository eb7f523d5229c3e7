"""The "propose your story" page: a form readers fill in, and its thank-you page."""

from http import HTTPMethod

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from stories.models.base import SitePage

from .. import views


class ProposalPage(RoutablePageMixin, SitePage):
    """The form local networks use to send a story idea to the editors.

    Wagtail's own form pages (wagtail.contrib.forms, as in bakerydemo) handle the POST in
    ``serve`` and answer it with the landing page; Wagtail's documentation turns that
    landing page into a redirect with ``RoutablePageMixin``, and so does this page: the
    form is the page's main route (GET shows it, POST sends it) and a successful POST
    redirects to the ``thanks`` route (POST-redirect-GET), so reloading the thank-you page
    never sends the proposal twice. The views are in ``proposals.views``.
    """

    intro = models.TextField(
        _("introduction"),
        help_text=_("Who the form is for and what happens to a proposal, in two or three lines."),
    )
    thank_you_message = models.TextField(
        _("thank-you message"),
        help_text=_(
            "Shown once a proposal is sent: thank the reader and say when to expect an answer."
        ),
    )
    privacy_note = RichTextField(
        _("privacy note"),
        features=["bold", "italic", "link"],
        help_text=_(
            "Shown under the form: who receives the data, what it is used for, how long it "
            "is kept and how to ask for it to be deleted."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("privacy_note"), FieldPanel("thank_you_message")],
            heading=_("Around the form"),
            help_text=_(
                "The form's fields are fixed; these texts go under it and after a proposal is sent."
            ),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    # The form is sent to the page itself.
    allowed_http_methods = [*SitePage.allowed_http_methods, HTTPMethod.POST]
    translatable_fields = SitePage.translatable_fields + [
        TranslatableField("intro"),
        TranslatableField("thank_you_message"),
        TranslatableField("privacy_note"),
    ]

    class Meta:
        verbose_name = _("story proposal page")

    @path("")
    def proposal_form(self, request):
        return views.proposal_form(self, request)

    # The address of the thank-you page is translated like the page's own slug.
    @path(_("thanks/"), name="thanks")
    def thanks(self, request):
        return views.thanks(self, request)

    @property
    def preview_modes(self):
        return [("", _("Form")), ("thanks", _("Thank-you page"))]

    def serve_preview(self, request, mode_name):
        if mode_name == "thanks":
            return self.thanks(request)
        return self.proposal_form(request)

    def thanks_url(self, request=None):
        with translation.override(self.locale.language_code):
            return self.get_url(request) + self.reverse_subpage("thanks").lstrip("/")
