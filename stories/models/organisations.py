"""The organisations that promote programmes, lead and join projects, publish reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    FOUNDATION = "foundation", _("Foundation")
    COOPERATIVE = "cooperative", _("Cooperative")
    CONSORTIUM = "consortium", _("Consortium")
    UNIVERSITY = "university", _("University")
    ASSOCIATION = "association", _("Association")
    COMPANY = "company", _("Company")
    PUBLIC_BODY = "public_body", _("Public body")


class Organisation(index.Indexed, models.Model):
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

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("website")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name
