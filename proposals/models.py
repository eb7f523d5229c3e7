"""The "propose your story" page and the proposals local networks send through it."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from stories.models.base import SitePage

from .storage import get_private_storage


class ProposalStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("In review")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


def proposal_document_path(instance, filename):
    """A random name under the month it came in: the reader's own file name is neither
    trusted nor needed (the download view names the file after the proposal)."""
    return f"proposals/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


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
    translatable_fields = SitePage.translatable_fields + [
        TranslatableField("intro"),
        TranslatableField("thank_you_message"),
        TranslatableField("privacy_note"),
    ]

    class Meta:
        verbose_name = _("story proposal page")

    # The views are imported when a route runs, not with this module: their form
    # (proposals.forms) brings in Wagtail's document forms (through downloads.forms) and builds
    # fields from foreign keys, which Django allows only once every app's models are loaded.
    @path("")
    def proposal_form(self, request):
        from .views import proposal_form

        return proposal_form(self, request)

    # The address of the thank-you page is translated like the page's own slug.
    @path(_("thanks/"), name="thanks")
    def thanks(self, request):
        from .views import thanks

        return thanks(self, request)

    @property
    def preview_modes(self):
        return [("", _("Form")), ("thanks", _("Thank-you page"))]

    def serve_preview(self, request, mode_name):
        if mode_name == "thanks":
            return self.thanks(request)
        return self.proposal_form(request)

    def thanks_url(self, request=None):
        from django.utils import translation

        with translation.override(self.locale.language_code):
            return self.get_url(request) + self.reverse_subpage("thanks").lstrip("/")


class StoryProposal(models.Model):
    """A story idea sent through a ``ProposalPage``. Everything the reader typed is kept
    as plain text and always shown escaped."""

    page = models.ForeignKey(
        ProposalPage,
        verbose_name=_("sent from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
        help_text=_("The form page the proposal was sent from."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        help_text=_("The language the reader used; answer in it."),
    )
    name = models.CharField(_("name"), max_length=120, help_text=_("Who sent the proposal."))
    organisation = models.CharField(
        _("organisation"), max_length=200, help_text=_("The organisation or network behind it.")
    )
    email = models.EmailField(_("email address"), help_text=_("Where to answer."))
    territory = models.CharField(
        _("territory"),
        max_length=200,
        help_text=_("Where the project takes place, as the reader wrote it."),
    )
    programme = models.ForeignKey(
        "stories.ProgrammePage",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the reader chose “none of these / another programme”."),
    )
    summary = models.TextField(_("summary"), help_text=_("The story in the reader's words."))
    document = models.FileField(
        _("document (PDF)"),
        storage=get_private_storage,
        upload_to=proposal_document_path,
        blank=True,
        help_text=_("Optional PDF sent with the proposal; kept outside the public media."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.NEW,
        help_text=_("Where the editors are with this proposal."),
    )
    created_at = models.DateTimeField(
        _("received"), default=timezone.now, editable=False, help_text=_("When it arrived.")
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("story proposal")
        verbose_name_plural = _("story proposals")
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self):
        return f"{self.organisation} · {self.name}"


@receiver(post_delete, sender=StoryProposal)
def delete_proposal_document(sender, instance, **kwargs):
    """A deleted proposal takes its file with it: nothing personal is left behind."""
    if instance.document:
        instance.document.delete(save=False)
