"""Reports (studies of the programmes, with their PDFs and permanent codes) and the page
listing them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.fields import TranslatedPageForeignKey

from ..permanent_codes import random_code
from ..queries import paginate, story_cards
from ..relations import holds_in_memory, linked_ids
from ..serializers import InlineRowsField, LinkedPageField, LinkedPagesField
from .base import IndexPage, SitePage
from .organisations import PUBLISHED, Organisation
from .stories import StoryPage


class FileLanguage(models.TextChoices):
    ITALIAN = "it", _("Italian")
    ENGLISH = "en", _("English")


class ReportIndexPage(IndexPage):
    subpage_types = ["stories.ReportPage"]

    class Meta:
        verbose_name = _("report index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        reports = (
            ReportPage.objects.child_of(self)
            .live()
            .public()
            .select_related("programme", "full_report", "abstract_document")
            .order_by(models.F("publication_date").desc(nulls_last=True), "title")
        )
        context["reports"] = paginate(request, reports)
        return context


class ReportPage(SitePage):
    abstract = RichTextField(
        _("abstract"),
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("What the report found, for a reader who will not open the PDF."),
    )
    full_report = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("full report (PDF)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Upload or choose the PDF of the whole report."),
    )
    full_report_language = models.CharField(
        _("language of the full report"),
        max_length=2,
        choices=FileLanguage.choices,
        default=FileLanguage.ITALIAN,
        help_text=_("The language the PDF is written in."),
    )
    abstract_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("short abstract (PDF)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A short summary in PDF, if the publisher made one."),
    )
    abstract_language = models.CharField(
        _("language of the short abstract"),
        max_length=2,
        choices=FileLanguage.choices,
        default=FileLanguage.ITALIAN,
        help_text=_("The language the PDF is written in."),
    )
    publication_date = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the publisher gives no date."),
    )
    programme = TranslatedPageForeignKey(
        "stories.ProgrammePage",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        help_text=_("The programme the report studies, if any."),
    )
    # Shared by every language version and set on save (``assign_permanent_code``): the
    # permalinks /r/<code>/ (``downloads``) use it, so it never changes with the title, slug,
    # place or file.
    permanent_code = models.CharField(
        _("permanent code"), max_length=6, blank=True, editable=False, db_index=True
    )

    content_panels = SitePage.content_panels + [
        FieldPanel("abstract"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("full_report"), FieldPanel("full_report_language")]),
                FieldRowPanel([FieldPanel("abstract_document"), FieldPanel("abstract_language")]),
            ],
            heading=_("Files"),
            help_text=_(
                "The PDFs readers download, each with its language. Each file also gets a "
                "permanent link, /r/ followed by the report's code."
            ),
        ),
        FieldRowPanel([FieldPanel("publication_date"), FieldPanel("programme")]),
        InlinePanel(
            "authors",
            label=_("Authors"),
            help_text=_("The people who wrote the report, in the order of the cover."),
        ),
        InlinePanel(
            "publishers",
            label=_("Publishing organisations"),
            help_text=_("The organisations that published the report."),
        ),
        InlinePanel(
            "story_links",
            label=_("Related stories"),
            help_text=_("Stories of the projects the report talks about; they link back to it."),
        ),
    ]
    search_fields = SitePage.search_fields + [
        index.SearchField("abstract"),
        index.FilterField("publication_date"),
        index.RelatedFields("authors", [index.SearchField("name")]),
    ]
    parent_page_types = ["stories.ReportIndexPage"]
    subpage_types = []
    translatable_fields = SitePage.translatable_fields + [
        TranslatableField("abstract"),
        # Overridable, so a translator can attach the English edition of a file.
        SynchronizedField("full_report"),
        SynchronizedField("full_report_language"),
        SynchronizedField("abstract_document"),
        SynchronizedField("abstract_language"),
        SynchronizedField("publication_date", overridable=False),
        SynchronizedField("permanent_code", overridable=False),
        TranslatableField("programme"),
        SynchronizedField("authors"),
        SynchronizedField("publishers"),
        TranslatableField("story_links"),
    ]
    api_fields = [
        APIField("abstract"),
        APIField("full_report"),
        APIField("full_report_language"),
        APIField("abstract_document"),
        APIField("abstract_language"),
        APIField("publication_date"),
        APIField("programme", serializer=LinkedPageField()),
        APIField(
            "written_by",
            serializer=InlineRowsField(
                {"name": "name", "affiliation": "affiliation"}, source="authors"
            ),
        ),
        APIField(
            "published_by",
            serializer=InlineRowsField({"name": "organisation.name"}, source="publishers"),
        ),
        APIField("stories", serializer=LinkedPagesField("story", source="story_links")),
    ]

    class Meta:
        verbose_name = _("report")

    def save(self, *args, **kwargs):
        # Every save, drafts included. A fixture load (loaddata) stores its rows without
        # calling save(), so they keep the codes they carry.
        self.assign_permanent_code()
        return super().save(*args, **kwargs)

    def assign_permanent_code(self):
        """Gives the report the code of its translation group, or a new one.

        Every language version of a report shares one code. A copy of a report (a new
        translation group) that arrived with someone else's code gets a fresh one.
        """
        group_codes = set(
            ReportPage.objects.filter(translation_key=self.translation_key)
            .exclude(permanent_code="")
            .values_list("permanent_code", flat=True)
        )
        if self.permanent_code and self.permanent_code in group_codes:
            return
        if group_codes:
            self.permanent_code = sorted(group_codes)[0]
            return
        if self.permanent_code and not self.code_is_taken(self.permanent_code):
            return
        code = random_code()
        while self.code_is_taken(code):
            code = random_code()
        self.permanent_code = code

    def code_is_taken(self, code):
        """Whether another report (not a language version of this one) has ``code``."""
        return (
            ReportPage.objects.filter(permanent_code=code)
            .exclude(translation_key=self.translation_key)
            .exists()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy querysets: the template caches the article, so a cached page runs none.
        context["authors"] = self.authors.all()
        context["publishers"] = [
            link.organisation for link in self.publishers.select_related("organisation")
        ]
        if holds_in_memory(self, "story_links"):
            # A draft or preview lists the stories it links to.
            stories = StoryPage.objects.filter(pk__in=linked_ids(self, "story_links", "story"))
        else:
            stories = StoryPage.objects.filter(report_links__page=self)
        context["stories"] = story_cards(stories.live().public().order_by("title"))
        return context


class ReportAuthor(Orderable):
    page = ParentalKey(ReportPage, on_delete=models.CASCADE, related_name="authors")
    name = models.CharField(_("name"), max_length=200, help_text=_("First name and surname."))
    affiliation = models.CharField(
        _("affiliation"),
        max_length=200,
        blank=True,
        help_text=_("Where the author works, e.g. 'Università Cattolica'."),
    )

    panels = [FieldPanel("name"), FieldPanel("affiliation")]

    class Meta(Orderable.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")


class ReportPublisher(Orderable):
    page = ParentalKey(ReportPage, on_delete=models.CASCADE, related_name="publishers")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        limit_choices_to=PUBLISHED,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Choose it among the organisations; if it is missing, add it there first."),
    )

    panels = [FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        verbose_name = _("publishing organisation")
        verbose_name_plural = _("publishing organisations")


class ReportStory(TranslatableMixin, Orderable):
    page = ParentalKey(ReportPage, on_delete=models.CASCADE, related_name="story_links")
    story = TranslatedPageForeignKey(
        StoryPage,
        verbose_name=_("story"),
        on_delete=models.CASCADE,
        related_name="report_links",
        help_text=_("The story of a project the report talks about."),
    )

    panels = [FieldPanel("story")]
    translatable_fields = [TranslatableField("story")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("related story")
        verbose_name_plural = _("related stories")
