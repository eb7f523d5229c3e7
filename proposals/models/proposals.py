"""The proposals local networks send through the "propose your story" page."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..storage import get_private_storage


class ProposalStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_REVIEW = "in_review", _("In review")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


def proposal_document_path(instance, filename):
    """A random name under the month it came in: the reader's own file name is neither
    trusted nor needed (the download view names the file after the proposal)."""
    return f"proposals/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf"


class StoryProposal(models.Model):
    """A story idea sent through a ``ProposalPage``. Everything the reader typed is kept
    as plain text and always shown escaped."""

    page = models.ForeignKey(
        "proposals.ProposalPage",
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
