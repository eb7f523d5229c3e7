"""The organisations that promote programmes, lead and join projects, publish reports.

Organisations show on live pages without being pages, so a change goes through the same
moderation as a page: an edit is a draft (a revision) until the "Moderators approval"
workflow approves it, and the row that pages read holds the published version only.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

# What a page may point at: an organisation that has been published, so a draft never
# reaches a live page through a new link (forms and choosers keep to it).
PUBLISHED = {"live": True}


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    FOUNDATION = "foundation", _("Foundation")
    COOPERATIVE = "cooperative", _("Cooperative")
    CONSORTIUM = "consortium", _("Consortium")
    UNIVERSITY = "university", _("University")
    ASSOCIATION = "association", _("Association")
    COMPANY = "company", _("Company")
    PUBLIC_BODY = "public_body", _("Public body")


class Organisation(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model
):
    """A body that promotes, leads, joins or publishes: kept once, named the same in both
    languages."""

    name = models.CharField(
        _("name"),
        max_length=200,
        unique=True,
        help_text=_("The full name, as the organisation writes it, e.g. 'Comune di Cremona'."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=OrganisationKind.choices,
        help_text=_("What sort of body it is."),
    )
    website = models.URLField(
        _("website"), blank=True, help_text=_("Its home page, starting with https://.")
    )

    # Wagtail's recommended relations: a deleted organisation takes its revisions and
    # workflow states with it.
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="organisation")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="organisation",
        for_concrete_model=False,
    )

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("website")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    @property
    def revisions(self):
        return self._revisions
