"""Programmes (the funders' calls) with their editions, and the page listing them."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..blocks import KeyFigureStreamBlock
from ..charts import edition_charts, group_editions
from ..listing_index import newest_stories
from ..queries import live_in_locale
from ..relations import pointing_at
from ..serializers import InlineRowsField, OrganisationField
from .base import IndexPage, SitePage, validate_year_range
from .organisations import PUBLISHED, Organisation

# Stories shown on a programme's page, newest first; the section lists them all.
PROGRAMME_STORIES = 12


class ProgrammeIndexPage(IndexPage):
    subpage_types = ["stories.ProgrammePage"]

    class Meta:
        verbose_name = _("programme index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programmes"] = (
            ProgrammePage.objects.child_of(self).live().public().select_related("promoter")
        )
        return context


class ProgrammeEdition(TranslatableMixin, Orderable):
    """An edition (call) or phase of a programme. Its numbers are the same in both
    languages; the name of its source is translated."""

    page = ParentalKey("stories.ProgrammePage", on_delete=models.CASCADE, related_name="editions")
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("1 for the first edition or phase, 2 for the second, and so on.")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, help_text=_("The year of the call.")
    )
    budget_eur = models.DecimalField(
        _("budget (euro)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("What the promoter put on the call, in euro, without dots: e.g. 10000000."),
    )
    call_deadline = models.DateTimeField(
        _("call deadline"),
        null=True,
        blank=True,
        help_text=_("When applications closed: date and time as written in the call."),
    )
    ideas_received = models.PositiveIntegerField(
        _("project ideas received"),
        null=True,
        blank=True,
        help_text=_("Write the number as on the source."),
    )
    ideas_shortlisted = models.PositiveIntegerField(
        _("project ideas shortlisted"),
        null=True,
        blank=True,
        help_text=_("Ideas that passed the first selection."),
    )
    projects_funded = models.PositiveIntegerField(
        _("projects funded"),
        null=True,
        blank=True,
        help_text=_("Projects that received a grant in this edition."),
    )
    local_resources_eur = models.DecimalField(
        _("local resources drawn (euro)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Total value of the resources the funded networks gathered locally, as the source "
            "states it. With the budget it gives the leverage."
        ),
    )
    figures_through_edition = models.PositiveSmallIntegerField(
        _("figures cover editions up to"),
        null=True,
        blank=True,
        help_text=_(
            "When the source gives one set of figures for several editions, enter them on the "
            "first of them and put here the number of the last one."
        ),
    )
    source_name = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where these numbers come from."),
    )
    source_url = models.URLField(
        _("source link"), blank=True, help_text=_("Link to the source, if it is online.")
    )

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("year")]),
        FieldRowPanel([FieldPanel("budget_eur"), FieldPanel("call_deadline")]),
        FieldRowPanel(
            [
                FieldPanel("ideas_received"),
                FieldPanel("ideas_shortlisted"),
                FieldPanel("projects_funded"),
            ]
        ),
        FieldRowPanel([FieldPanel("local_resources_eur"), FieldPanel("figures_through_edition")]),
        FieldRowPanel([FieldPanel("source_name"), FieldPanel("source_url")]),
    ]

    translatable_fields = [
        SynchronizedField("number", overridable=False),
        SynchronizedField("year", overridable=False),
        SynchronizedField("budget_eur", overridable=False),
        SynchronizedField("call_deadline", overridable=False),
        SynchronizedField("ideas_received", overridable=False),
        SynchronizedField("ideas_shortlisted", overridable=False),
        SynchronizedField("projects_funded", overridable=False),
        SynchronizedField("local_resources_eur", overridable=False),
        SynchronizedField("figures_through_edition", overridable=False),
        TranslatableField("source_name"),
        SynchronizedField("source_url"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="unique_edition_per_programme")
        ]

    def __str__(self):
        return f"{self.number}"

    def clean(self):
        super().clean()
        last, number = self.figures_through_edition, self.number
        if last is not None and number is not None and last <= number:
            raise ValidationError(
                {
                    "figures_through_edition": _(
                        "Give the number of a later edition, or leave it empty."
                    )
                }
            )


class ProgrammePage(SitePage):
    promoter = models.ForeignKey(
        Organisation,
        verbose_name=_("promoter"),
        limit_choices_to=PUBLISHED,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The foundation or body that runs the programme."),
    )
    start_year = models.PositiveSmallIntegerField(
        _("start year"), help_text=_("The year the programme started.")
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"),
        null=True,
        blank=True,
        help_text=_("Leave empty while it is running."),
    )
    summary = models.TextField(_("summary"), max_length=400, help_text=_("Two lines at most."))
    description = RichTextField(
        _("description"),
        features=["bold", "italic", "link", "ul"],
        help_text=_("What the programme wants to change and how it works, in a few paragraphs."),
    )
    key_figures = StreamField(
        KeyFigureStreamBlock(),
        blank=True,
        verbose_name=_("key figures"),
        help_text=_("Each figure with its source and the date it refers to."),
    )

    content_panels = SitePage.content_panels + [
        FieldPanel("promoter"),
        FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
        FieldPanel("summary"),
        FieldPanel("description"),
        InlinePanel(
            "editions",
            label=_("Editions or phases"),
            help_text=_("One row per call or phase, with its figures and their source."),
        ),
        FieldPanel("key_figures"),
    ]
    search_fields = SitePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("start_year"),
    ]
    parent_page_types = ["stories.ProgrammeIndexPage"]
    subpage_types = []
    translatable_fields = SitePage.translatable_fields + [
        SynchronizedField("promoter"),
        SynchronizedField("start_year"),
        SynchronizedField("end_year"),
        TranslatableField("summary"),
        TranslatableField("description"),
        TranslatableField("key_figures"),
        TranslatableField("editions"),
    ]
    api_fields = [
        APIField("promoter", serializer=OrganisationField()),
        APIField("start_year"),
        APIField("end_year"),
        APIField("summary"),
        APIField("description"),
        APIField(
            "edition_figures",
            serializer=InlineRowsField(
                {
                    name: name
                    for name in (
                        "number",
                        "year",
                        "budget_eur",
                        "call_deadline",
                        "ideas_received",
                        "ideas_shortlisted",
                        "projects_funded",
                        "local_resources_eur",
                        "figures_through_edition",
                        "source_name",
                        "source_url",
                    )
                },
                source="editions",
            ),
        ),
        APIField("key_figures"),
    ]

    class Meta:
        verbose_name = _("programme")

    def clean(self):
        super().clean()
        validate_year_range(self.start_year, self.end_year)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # By label: the story and report modules are defined on top of this one.
        report_model = apps.get_model("stories.ReportPage")
        # Read by id from the language's story index: no sort over every story.
        context["stories"] = SimpleLazyObject(
            lambda: newest_stories(self.locale_id, PROGRAMME_STORIES, self.pk) if self.pk else []
        )
        context["reports"] = pointing_at(
            self, live_in_locale(report_model, self.locale), "programme"
        ).order_by("title")
        # Lazy, like the querysets above: the template caches the page's content.
        editions = SimpleLazyObject(lambda: list(self.editions.all()))
        figures = SimpleLazyObject(lambda: group_editions(editions))
        context["editions"] = editions
        context["edition_figures"] = figures
        context["edition_charts"] = SimpleLazyObject(lambda: edition_charts(figures))
        return context
