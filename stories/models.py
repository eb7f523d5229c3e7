"""Page models of the story site: programmes, stories, hashtags, territories, reports."""

import math

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.fields import TranslatedPageForeignKey
from core.names import fold, split_names
from core.request_memo import SitePageManager

from .blocks import ActionLineStreamBlock, KeyFigureStreamBlock, StoryBodyBlock
from .charts import edition_charts, group_editions
from .maps import build_territory_map
from .panels import DistinctInlinePanel, SectionProgrammePanel
from .permanent_codes import random_code
from .relations import holds_in_memory, in_memory_or_saved, linked_ids, pointing_at
from .relations import live_links as held_live_links
from .serializers import (
    InlineRowsField,
    LinkedPageField,
    LinkedPagesField,
    OrganisationField,
)
from .territories import TERRITORY_LEVELS, CountDistinct, TerritoryTree, within_q

STORIES_PER_PAGE = 12
RELATED_STORIES = 3
READING_WORDS_PER_MINUTE = 200
# Rendition used by story cards and prefetched with them, so a listing costs no query per card.
CARD_IMAGE_SPEC = "fill-640x360|format-webp"

# Fields every page type shares, for ``translatable_fields``.
PAGE_TRANSLATABLE_FIELDS = [
    TranslatableField("title"),
    TranslatableField("slug"),
    TranslatableField("seo_title"),
    TranslatableField("search_description"),
    SynchronizedField("show_in_menus"),
]


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    FOUNDATION = "foundation", _("Foundation")
    COOPERATIVE = "cooperative", _("Cooperative")
    CONSORTIUM = "consortium", _("Consortium")
    UNIVERSITY = "university", _("University")
    ASSOCIATION = "association", _("Association")
    COMPANY = "company", _("Company")
    PUBLIC_BODY = "public_body", _("Public body")


class TerritoryKind(models.TextChoices):
    REGION = "region", _("Region")
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    DISTRICT = "district", _("District")


class Region(models.TextChoices):
    LOMBARDIA = "lombardia", _("Lombardy")
    PIEMONTE = "piemonte", _("Piedmont")
    EMILIA_ROMAGNA = "emilia_romagna", _("Emilia-Romagna")
    VENETO = "veneto", _("Veneto")


class FileLanguage(models.TextChoices):
    ITALIAN = "it", _("Italian")
    ENGLISH = "en", _("English")


class HashtagCode(models.TextChoices):
    """The four hashtags of the source documents; pages carry one code each per language."""

    COMUNITA = "comunita", "#Comunità"
    INNOVAZIONE = "innovazione", "#Innovazione"
    PARTNERSHIP = "partnership", "#Partnership"
    RISORSE = "risorse", "#Risorse"


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


def validate_year_range(start_year, end_year):
    if start_year and end_year and end_year < start_year:
        raise ValidationError({"end_year": _("The end year cannot come before the start year.")})


def live_in_locale(model, locale):
    """Live public pages of ``model`` in ``locale`` (a Locale or its id)."""
    locale_id = getattr(locale, "pk", locale)
    return model.objects.live().public().filter(locale_id=locale_id)


def heading_anchor(text):
    """The fragment identifier of a body heading: readable, and the same in the table of
    contents and on the heading itself."""
    return f"s-{slugify(text) or 'section'}"


def body_headings(body):
    """A body's headings with their anchors, in order."""
    return [
        {"text": block.value["text"], "level": block.value["level"]}
        | {"anchor": heading_anchor(block.value["text"])}
        for block in body
        if block.block_type == "heading"
    ]


def validate_distinct_headings(body, field_name="body"):
    """Each heading is a link target (table of contents, shared links): two with the same
    anchor would make one of them unreachable."""
    anchors = [heading["anchor"] for heading in body_headings(body)]
    if len(set(anchors)) != len(anchors):
        raise ValidationError(
            {field_name: _("Two headings of the body read the same: make each one distinct.")}
        )


def story_cards(queryset):
    """Stories with everything a card shows, fetched in a fixed number of queries."""
    rendition_model = get_image_model().get_rendition_model()
    # The image comes with the story (a join); its card rendition in one more query, stored
    # where Wagtail's own prefetch_renditions() puts it.
    return queryset.select_related("programme", "hero_image").prefetch_related(
        Prefetch(
            "hero_image__renditions",
            queryset=rendition_model.objects.filter(filter_spec=CARD_IMAGE_SPEC),
            to_attr="prefetched_renditions",
        ),
        Prefetch("hashtag_links", queryset=live_links(StoryHashtag, "hashtag")),
        Prefetch("territory_links", queryset=live_links(StoryTerritory, "territory")),
    )


def live_links(link_model, target):
    """A story's inline links (territories, hashtags) whose target page is live, in the
    editor's order, with the target fetched in the same query."""
    return (
        link_model.objects.filter(**{f"{target}__live": True})
        .select_related(target)
        .order_by("sort_order")
    )


def paginate(request, queryset, per_page=STORIES_PER_PAGE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


class IndexPage(Page):
    """Shared shape of the section pages (programmes, stories, hashtags, territories, reports)."""

    objects = SitePageManager()

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences shown under the title."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [TranslatableField("intro")]

    class Meta:
        abstract = True


# --- Programmes -------------------------------------------------------------------------


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


class ProgrammePage(Page):
    objects = SitePageManager()

    promoter = models.ForeignKey(
        Organisation,
        verbose_name=_("promoter"),
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

    content_panels = Page.content_panels + [
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
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("start_year"),
    ]
    parent_page_types = ["stories.ProgrammeIndexPage"]
    subpage_types = []
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [
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
        stories = pointing_at(self, live_in_locale(StoryPage, self.locale), "programme")
        context["stories"] = story_cards(stories.order_by("-first_published_at"))[:12]
        context["reports"] = pointing_at(
            self, live_in_locale(ReportPage, self.locale), "programme"
        ).order_by("title")
        # Lazy, like the querysets above: the template caches the page's content.
        editions = SimpleLazyObject(lambda: list(self.editions.all()))
        figures = SimpleLazyObject(lambda: group_editions(editions))
        context["editions"] = editions
        context["edition_figures"] = figures
        context["edition_charts"] = SimpleLazyObject(lambda: edition_charts(figures))
        return context


# --- Hashtags ---------------------------------------------------------------------------


class HashtagIndexPage(IndexPage):
    subpage_types = ["stories.HashtagPage"]

    class Meta:
        verbose_name = _("hashtag index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["hashtags"] = (
            HashtagPage.objects.child_of(self)
            .live()
            .public()
            .annotate(
                story_count=models.Count(
                    "story_links",
                    filter=models.Q(story_links__page__live=True),
                )
            )
        )
        return context


class HashtagPage(Page):
    objects = SitePageManager()

    code = models.CharField(
        _("hashtag"),
        max_length=20,
        choices=HashtagCode.choices,
        help_text=_("Which of the four hashtags this page presents."),
    )
    meaning = models.TextField(
        _("meaning"),
        help_text=_("What the hashtag marks in a story, in two or three sentences."),
    )

    content_panels = Page.content_panels + [FieldPanel("code"), FieldPanel("meaning")]
    search_fields = Page.search_fields + [index.SearchField("meaning")]
    parent_page_types = ["stories.HashtagIndexPage"]
    subpage_types = []
    max_count_per_parent = len(HashtagCode.choices)
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [
        SynchronizedField("code", overridable=False),
        TranslatableField("meaning"),
    ]
    api_fields = [APIField("code"), APIField("meaning")]

    class Meta:
        verbose_name = _("hashtag")

    def clean(self):
        super().clean()
        duplicates = HashtagPage.objects.filter(code=self.code, locale_id=self.locale_id)
        if self.pk:
            duplicates = duplicates.exclude(pk=self.pk)
        if self.locale_id and duplicates.exists():
            raise ValidationError({"code": _("This hashtag already has a page in this language.")})

    def get_context(self, request, *args, **kwargs):
        from .explorer import StoryExplorer  # here, as the explorer imports this module

        context = super().get_context(request, *args, **kwargs)
        stories = pointing_at(
            self,
            StoryPage.objects.live().filter(locale_id=self.locale_id),
            "hashtag_links__hashtag",
        )
        context["explorer"] = StoryExplorer(
            request, stories, locale_id=self.locale_id, fixed="hashtag"
        )
        return context


# --- Territories ------------------------------------------------------------------------


class TerritoryIndexPage(IndexPage):
    subpage_types = ["stories.TerritoryPage"]

    class Meta:
        verbose_name = _("territory index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # A region counts the stories of its provinces and cities, a province those of its
        # districts and cities: each story once.
        territories = list(
            TerritoryPage.objects.child_of(self)
            .live()
            .public()
            .order_by("region", "title")
            .annotate(story_count=rolled_up_story_count(live_in_locale(StoryPage, self.locale_id)))
        )
        context["territories"] = territories
        context["territory_map"] = build_territory_map(territories)
        return context


# How large each kind of territory is: a territory lies within a larger one only.
TERRITORY_KIND_RANK = {
    TerritoryKind.CITY: 0,
    TerritoryKind.DISTRICT: 1,
    TerritoryKind.PROVINCE: 2,
    TerritoryKind.REGION: 3,
}


def territory_tree(locale_id):
    """Which territories of a language lie within which, in one query."""
    return TerritoryTree(
        TerritoryPage.objects.filter(locale_id=locale_id).values_list("pk", "part_of_id")
    )


def rolled_up_story_count(stories):
    """For a query over territory pages: how many of ``stories`` are linked to each
    territory or to a territory within it, each story once (a subquery, no query of its
    own)."""
    links = StoryTerritory.objects.filter(
        within_q("_id", models.OuterRef("pk")), page_id__in=stories.values("pk")
    )
    return models.Subquery(
        links.order_by().annotate(count=CountDistinct("page_id")).values("count")
    )


class TerritoryPage(Page):
    objects = SitePageManager()

    # Kind, region and coordinates may be empty on a draft (the story import creates
    # territories it does not know yet); the publishing checks require them.
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=TerritoryKind.choices,
        blank=True,
        help_text=_("A district is a group of municipalities (ambito), e.g. the Rho area."),
    )
    region = models.CharField(
        _("region"),
        max_length=20,
        choices=Region.choices,
        blank=True,
        help_text=_("The region it lies in."),
    )
    part_of = TranslatedPageForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="parts",
        help_text=_(
            "The territory it lies within: a city's province or district, a province's "
            "region. Its stories are counted and listed there too."
        ),
    )
    istat_code = models.CharField(
        _("ISTAT code"),
        max_length=6,
        blank=True,
        help_text=_("Region (2 digits), province (3) or municipality (6). Empty for districts."),
    )
    alternative_names = models.TextField(
        _("alternative names"),
        blank=True,
        help_text=_(
            "Other names it goes by, one per line, e.g. Rho for the Rho area. The story "
            "import recognises them, whatever their case and accents."
        ),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text=_("Decimal degrees with a point, e.g. 45.13360 for Cremona."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text=_("Decimal degrees with a point, e.g. 10.02270 for Cremona."),
    )
    population = models.PositiveIntegerField(
        _("population"),
        null=True,
        blank=True,
        help_text=_("Write the number as on the source, without dots."),
    )
    population_year = models.PositiveSmallIntegerField(
        _("population counted in"),
        null=True,
        blank=True,
        help_text=_("The year the population figure refers to."),
    )
    population_source = models.CharField(
        _("population source"),
        max_length=200,
        blank=True,
        help_text=_("Who counted it, e.g. 'ISTAT, 1 January 2024'."),
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("Why this place appears on the site.")
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("region"), FieldPanel("istat_code")]),
        FieldPanel("part_of"),
        FieldPanel("alternative_names"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("population"), FieldPanel("population_year")]),
                FieldPanel("population_source"),
            ],
            heading=_("Population"),
            help_text=_("How many people live there, with the year and the source of the count."),
        ),
        FieldPanel("description"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("region"),
    ]
    parent_page_types = ["stories.TerritoryIndexPage"]
    subpage_types = []
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [
        SynchronizedField("kind", overridable=False),
        SynchronizedField("region", overridable=False),
        SynchronizedField("istat_code", overridable=False),
        # The English territory lies within the English version of the enclosing one.
        TranslatableField("part_of"),
        # Names the import matches in the source language, the same on every page.
        SynchronizedField("alternative_names", overridable=False),
        SynchronizedField("latitude", overridable=False),
        SynchronizedField("longitude", overridable=False),
        SynchronizedField("population", overridable=False),
        SynchronizedField("population_year", overridable=False),
        TranslatableField("population_source"),
        TranslatableField("description"),
    ]
    api_fields = [
        APIField(name)
        for name in (
            "kind",
            "region",
            "istat_code",
            "latitude",
            "longitude",
            "population",
            "population_year",
            "population_source",
            "description",
        )
    ] + [APIField("part_of", serializer=LinkedPageField())]

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")

    def clean(self):
        super().clean()
        if self.istat_code and not self.istat_code.isdigit():
            raise ValidationError({"istat_code": _("An ISTAT code is made of digits only.")})
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            raise ValidationError({"latitude": _("Latitude must be between -90 and 90.")})
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            raise ValidationError({"longitude": _("Longitude must be between -180 and 180.")})
        self.clean_part_of()
        self.clean_alternative_names()

    @property
    def alternative_name_list(self):
        return split_names(self.alternative_names)

    def clean_alternative_names(self):
        """One name per line, each naming this territory only: the import must know which
        territory a name means."""
        names = self.alternative_name_list
        self.alternative_names = "\n".join(names)
        if not names:
            return
        others = TerritoryPage.objects.filter(locale_id=self.locale_id)
        if self.pk:
            others = others.exclude(pk=self.pk)
        taken = {}
        for title, alternatives in others.values_list("title", "alternative_names"):
            for name in [title, *split_names(alternatives)]:
                taken.setdefault(fold(name), title)
        for name in names:
            if fold(name) in taken:
                raise ValidationError(
                    {
                        "alternative_names": _(
                            "“%(name)s” already names the territory “%(territory)s”."
                        )
                        % {"name": name, "territory": taken[fold(name)]}
                    }
                )

    def clean_part_of(self):
        enclosing = self.part_of
        if enclosing is None:
            return
        if self.locale_id and enclosing.locale_id != self.locale_id:
            raise ValidationError(
                {"part_of": _("Choose a territory in the same language as this page.")}
            )
        tree = territory_tree(self.locale_id)
        if self.pk and enclosing.pk in tree.within(self.pk):
            raise ValidationError(
                {"part_of": _("A territory cannot lie within itself or within one of its parts.")}
            )
        if (
            self.kind
            and enclosing.kind
            and TERRITORY_KIND_RANK[enclosing.kind] <= TERRITORY_KIND_RANK[self.kind]
        ):
            message = _(
                "“%(name)s” is not larger than this territory: a city lies within a district, "
                "a province or a region, a district within a province or a region, a province "
                "within a region."
            )
            raise ValidationError({"part_of": message % {"name": enclosing.title}})
        levels = len(tree.enclosing(enclosing.pk)) + 1
        if self.pk:
            levels += tree.levels_below(self.pk)
        if levels > TERRITORY_LEVELS:
            raise ValidationError(
                {
                    "part_of": _(
                        "Territories lie within one another at most four levels deep "
                        "(region, province, district, city): choose a larger territory."
                    )
                }
            )

    def get_context(self, request, *args, **kwargs):
        from .explorer import StoryExplorer  # here, as the explorer imports this module

        context = super().get_context(request, *args, **kwargs)
        # The territory's own stories and those of every territory within it (a new
        # territory in preview has none: nothing can point at it yet).
        links = StoryTerritory.objects.none()
        if self.pk is not None:
            links = StoryTerritory.objects.filter(within_q("_id", self.pk))
        stories = StoryPage.objects.live().filter(
            locale_id=self.locale_id, pk__in=links.values("page_id")
        )
        context["explorer"] = StoryExplorer(
            request, stories, locale_id=self.locale_id, fixed="territory"
        )
        return context


# --- Stories ----------------------------------------------------------------------------


class StoryIndexPage(IndexPage):
    subpage_types = ["stories.ProgrammeStoryIndexPage"]

    class Meta:
        verbose_name = _("story index")

    def get_context(self, request, *args, **kwargs):
        from .explorer import StoryExplorer  # here, as the explorer imports this module

        context = super().get_context(request, *args, **kwargs)
        stories = StoryPage.objects.descendant_of(self).live()
        context["explorer"] = StoryExplorer(request, stories, locale_id=self.locale_id)
        return context


class ProgrammeStoryIndexPage(Page):
    """The stories of one programme: a part of the tree of its own, so a network's editors
    can be given page permissions on their programme's stories and nothing else."""

    objects = SitePageManager()

    programme = TranslatedPageForeignKey(
        "stories.ProgrammePage",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="story_folders",
        help_text=_("Every story in this section belongs to this programme."),
    )
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences shown under the title."),
    )

    content_panels = Page.content_panels + [FieldPanel("programme"), FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = ["stories.StoryPage"]
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [
        TranslatableField("programme"),
        TranslatableField("intro"),
    ]
    api_fields = [APIField("intro"), APIField("programme", serializer=LinkedPageField())]

    class Meta:
        verbose_name = _("programme's stories")
        verbose_name_plural = _("programmes' stories")

    def clean(self):
        super().clean()
        # Network editors are given a section for one programme's stories: pointing it at
        # another programme would move their rights and the stories with it.
        saved = ProgrammeStoryIndexPage.objects.filter(pk=self.pk).values("programme_id")
        if self.pk and saved and saved[0]["programme_id"] != self.programme_id:
            raise ValidationError(
                {
                    "programme": _(
                        "A section keeps its programme: add a new section for another one."
                    )
                }
            )
        siblings = ProgrammeStoryIndexPage.objects.filter(
            locale_id=self.locale_id, programme_id=self.programme_id
        ).exclude(pk=self.pk)
        if self.programme_id and siblings.exists():
            raise ValidationError(
                {"programme": _("This programme already has a section for its stories.")}
            )

    def get_context(self, request, *args, **kwargs):
        from .explorer import StoryExplorer  # here, as the explorer imports this module

        context = super().get_context(request, *args, **kwargs)
        stories = StoryPage.objects.child_of(self).live()
        context["explorer"] = StoryExplorer(
            request, stories, locale_id=self.locale_id, fixed="programme"
        )
        return context


class StoryPage(Page):
    objects = SitePageManager()

    programme = TranslatedPageForeignKey(
        "stories.ProgrammePage",
        verbose_name=_("programme"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        help_text=_("Set by the programme section the story sits in."),
    )
    edition = models.PositiveSmallIntegerField(
        _("edition"),
        null=True,
        blank=True,
        help_text=_("Number of the programme's edition."),
    )
    start_year = models.PositiveSmallIntegerField(
        _("start year"), null=True, blank=True, help_text=_("The year the project started.")
    )
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, help_text=_("Leave empty while it is running.")
    )
    lead_partner = models.ForeignKey(
        Organisation,
        verbose_name=_("lead partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The organisation that leads the network (capofila)."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("What the project does, in one or two lines."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A landscape photo at least 1200 pixels wide, without text on it."),
    )
    hero_image_alt = models.CharField(
        _("hero image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )
    funding_eur = models.DecimalField(
        _("funding (euro)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("What the programme granted to the project."),
    )
    funding_is_approximate = models.BooleanField(
        _("approximate amount"), default=False, help_text=_("The source gives a rounded figure.")
    )
    funding_reference_date = models.DateField(
        _("funding refers to"), null=True, blank=True, help_text=_("The date of the grant.")
    )
    funding_source_name = models.CharField(
        _("funding source"),
        max_length=200,
        blank=True,
        help_text=_("The document or body that published the figure."),
    )
    funding_source_url = models.URLField(
        _("funding source link"), blank=True, help_text=_("Link to the source, if it is online.")
    )
    action_lines = StreamField(
        ActionLineStreamBlock(),
        blank=True,
        verbose_name=_("action lines"),
        help_text=_("The project's lines of work, in the order the project presents them."),
    )
    key_figures = StreamField(
        KeyFigureStreamBlock(),
        blank=True,
        verbose_name=_("key figures"),
        help_text=_("Each figure with its source and the date it refers to."),
    )
    # Blank so an imported story can be saved as a draft; publishing requires a body.
    body = StreamField(
        StoryBodyBlock(),
        blank=True,
        verbose_name=_("body"),
        help_text=_("The story itself: paragraphs, headings, quotes, images and figures."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                # The programme comes from the section the story sits in (see save()).
                FieldRowPanel([SectionProgrammePanel(), FieldPanel("edition")]),
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
            ],
            heading=_("Programme and years"),
            help_text=_("The edition of the call that funded the project and the years it ran."),
        ),
        DistinctInlinePanel(
            "territory_links",
            distinct_field="territory",
            duplicate_message=_("This territory is already listed."),
            label=_("Territories"),
            help_text=_("Where the project works, the widest area first. At least one."),
        ),
        DistinctInlinePanel(
            "hashtag_links",
            distinct_field="hashtag",
            duplicate_message=_("This hashtag is already listed."),
            label=_("Hashtags"),
            max_num=4,
            help_text=_("From one to four of #Comunità, #Innovazione, #Partnership, #Risorse."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("lead_partner"),
                DistinctInlinePanel(
                    "partner_links",
                    distinct_field="organisation",
                    duplicate_message=_("This organisation is already listed among the partners."),
                    label=_("Partners"),
                    help_text=_("The other members of the network, each with its role."),
                ),
            ],
            heading=_("Partnership"),
            help_text=_("Who leads the network and who takes part in it."),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("funding_eur"), FieldPanel("funding_is_approximate")]),
                FieldPanel("funding_reference_date"),
                FieldRowPanel(
                    [FieldPanel("funding_source_name"), FieldPanel("funding_source_url")]
                ),
            ],
            heading=_("Funding"),
            help_text=_("The grant, with its source and date: readers always see both."),
        ),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_image_alt")],
            heading=_("Hero image"),
            help_text=_("The large picture at the top of the story, with its description."),
        ),
        FieldPanel("action_lines"),
        FieldPanel("key_figures"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("action_lines"),
        index.FilterField("start_year"),
        index.FilterField("programme"),
        index.RelatedFields("lead_partner", [index.SearchField("name")]),
    ]
    parent_page_types = ["stories.ProgrammeStoryIndexPage"]
    subpage_types = []
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [
        # Page foreign keys are synchronised by default; translating them makes the English
        # story point at the English programme, hashtags and territories.
        TranslatableField("programme"),
        SynchronizedField("edition", overridable=False),
        SynchronizedField("start_year", overridable=False),
        SynchronizedField("end_year", overridable=False),
        SynchronizedField("lead_partner"),
        TranslatableField("territory_links"),
        TranslatableField("hashtag_links"),
        TranslatableField("partner_links"),
        SynchronizedField("funding_eur", overridable=False),
        SynchronizedField("funding_is_approximate", overridable=False),
        SynchronizedField("funding_reference_date", overridable=False),
        TranslatableField("funding_source_name"),
        SynchronizedField("funding_source_url"),
        TranslatableField("summary"),
        SynchronizedField("hero_image"),
        TranslatableField("hero_image_alt"),
        TranslatableField("action_lines"),
        TranslatableField("key_figures"),
        TranslatableField("body"),
    ]
    # Inline panels go out under their own names: a relation's name would also become a
    # query filter of the API, one that cannot take a value.
    api_fields = [
        APIField("summary"),
        APIField("programme", serializer=LinkedPageField()),
        APIField("edition"),
        APIField("start_year"),
        APIField("end_year"),
        APIField("lead_partner", serializer=OrganisationField()),
        APIField(
            "partners",
            serializer=InlineRowsField(
                {"name": "organisation.name", "role": "role"}, source="partner_links"
            ),
        ),
        APIField(
            "territories",
            serializer=LinkedPagesField(
                "territory", ("istat_code", "kind"), source="territory_links"
            ),
        ),
        APIField(
            "hashtags", serializer=LinkedPagesField("hashtag", ("code",), source="hashtag_links")
        ),
        APIField("funding_eur"),
        APIField("funding_is_approximate"),
        APIField("funding_reference_date"),
        APIField("funding_source_name"),
        APIField("funding_source_url"),
        APIField("hero_image"),
        APIField("hero_image_alt"),
        APIField("action_lines"),
        APIField("key_figures"),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def take_programme_from_section(self):
        """A story belongs to the programme of the section it sits in; moving it to another
        programme's section moves it to that programme."""
        if not self.path:
            return
        parent = self.get_parent()
        programme = self.programme_of_section(parent.specific) if parent is not None else None
        if programme is not None:
            self.programme_id = programme.pk

    def programme_of_section(self, section):
        """The programme of ``section`` in this story's language, or None when ``section``
        is not a programme's section."""
        if not isinstance(section, ProgrammeStoryIndexPage):
            return None
        programme = section.programme
        locale_id = self.locale_id or section.locale_id
        if programme.locale_id != locale_id:
            # An alias section (a translation not made yet) still points at the source
            # language's programme.
            translated = programme.get_translations().filter(locale_id=locale_id)
            programme = translated.first() or programme
        return programme

    def save(self, *args, **kwargs):
        # In save rather than clean: Wagtail validates only title and slug of a draft.
        self.take_programme_from_section()
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        # The hero image's alternative text and the funding's source and date are publishing
        # checks (editorial.checks): a draft may still lack them.
        validate_year_range(self.start_year, self.end_year)
        validate_distinct_headings(self.body)
        # The edition is a publishing check (editorial.checks): the programme comes from
        # the section, which a new story's form does not know yet.

    @cached_property
    def programme_edition(self):
        if not (self.edition and self.programme_id):
            return None
        return ProgrammeEdition.objects.filter(
            page_id=self.programme_id, number=self.edition
        ).first()

    def headings(self):
        """The body's headings with their anchors, for the table of contents."""
        return body_headings(self.body)

    def lead_key_figures(self):
        """The key figures shown before the body, less those the body already shows in a
        box of its own: a reader meets each figure once."""

        def identity(figure):
            return (figure["label"], figure["value"], figure["unit"])

        in_body = {
            identity(figure)
            for block in self.body
            if block.block_type == "key_figures"
            for figure in block.value["figures"]
        }
        return [block for block in self.key_figures if identity(block.value) not in in_body]

    @cached_property
    def reading_minutes(self):
        """Minutes a reader needs for the text, at about 200 words a minute."""
        words = len(self.summary.split())
        for field in (self.action_lines, self.body):
            # The text as indexed for search, without rendering the blocks' templates.
            for text in field.stream_block.get_searchable_content(field):
                words += len(strip_tags(text).split())
        return max(1, math.ceil(words / READING_WORDS_PER_MINUTE))

    def related_stories(self):
        """Three other stories, those sharing a territory or hashtags first."""
        # A draft or preview holds its links in memory: read their ids from there.
        territory_ids = linked_ids(self, "territory_links", "territory")
        hashtag_ids = linked_ids(self, "hashtag_links", "hashtag")
        stories = (
            StoryPage.objects.live()
            .public()
            .filter(locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .annotate(
                shared_territories=models.Count(
                    "territory_links",
                    filter=models.Q(territory_links__territory_id__in=territory_ids),
                    distinct=True,
                ),
                shared_hashtags=models.Count(
                    "hashtag_links",
                    filter=models.Q(hashtag_links__hashtag_id__in=hashtag_ids),
                    distinct=True,
                ),
            )
            .order_by("-shared_territories", "-shared_hashtags", "-first_published_at", "title")
        )
        return story_cards(stories)[:RELATED_STORIES]

    def get_context(self, request, *args, **kwargs):
        # Querysets stay lazy: the template caches the article, so a cached page runs none.
        context = super().get_context(request, *args, **kwargs)
        # A draft, a revision or a preview shows the links it holds, not the published ones.
        context["territory_links"] = held_live_links(
            self,
            "territory_links",
            "territory",
            live_links(StoryTerritory, "territory").filter(page_id=self.pk),
        )
        context["hashtag_links"] = held_live_links(
            self,
            "hashtag_links",
            "hashtag",
            live_links(StoryHashtag, "hashtag").filter(page_id=self.pk),
        )
        context["partners"] = in_memory_or_saved(
            self, "partner_links", self.partner_links.select_related("organisation")
        )
        context["reports"] = (
            pointing_at(self, live_in_locale(ReportPage, self.locale_id), "story_links__story")
            .select_related("full_report", "abstract_document")
            .order_by("title")
        )
        context["related_stories"] = self.related_stories()
        # The programme chosen may have been unpublished since: then it is not named.
        context["programme"] = SimpleLazyObject(
            lambda: self.programme if self.programme and self.programme.live else None
        )
        return context


def follow_section_programme(sender, instance, **kwargs):
    """A story moved to another programme's section takes that programme (a move saves
    the plain Page only, so the story's own save never runs)."""
    if not issubclass(sender, StoryPage):
        return
    story = instance.specific
    before = story.programme_id
    story.take_programme_from_section()
    if story.programme_id != before:
        StoryPage.objects.filter(pk=story.pk).update(programme_id=story.programme_id)


class StoryTerritory(TranslatableMixin, Orderable):
    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="territory_links")
    territory = TranslatedPageForeignKey(
        TerritoryPage,
        verbose_name=_("territory"),
        on_delete=models.CASCADE,
        related_name="story_links",
        help_text=_("Choose the territory's page; if it is missing, create it first."),
    )

    panels = [FieldPanel("territory")]
    translatable_fields = [TranslatableField("territory")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("story territory")
        constraints = [
            models.UniqueConstraint(fields=["page", "territory"], name="unique_story_territory")
        ]


class StoryHashtag(TranslatableMixin, Orderable):
    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="hashtag_links")
    hashtag = TranslatedPageForeignKey(
        HashtagPage,
        verbose_name=_("hashtag"),
        on_delete=models.CASCADE,
        related_name="story_links",
        help_text=_("The hashtag that says what kind of change the project brings."),
    )

    panels = [FieldPanel("hashtag")]
    translatable_fields = [TranslatableField("hashtag")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("story hashtag")
        constraints = [
            models.UniqueConstraint(fields=["page", "hashtag"], name="unique_story_hashtag")
        ]


class StoryPartner(TranslatableMixin, Orderable):
    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="partner_links")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Choose it among the organisations; if it is missing, add it there first."),
    )
    role = models.CharField(
        _("role"),
        max_length=200,
        blank=True,
        help_text=_("What the partner does in the network."),
    )

    panels = [FieldPanel("organisation"), FieldPanel("role")]
    translatable_fields = [SynchronizedField("organisation"), TranslatableField("role")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("partner")
        verbose_name_plural = _("partners")


# --- Reports ----------------------------------------------------------------------------


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


class ReportPage(Page):
    objects = SitePageManager()

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

    content_panels = Page.content_panels + [
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
    search_fields = Page.search_fields + [
        index.SearchField("abstract"),
        index.FilterField("publication_date"),
        index.RelatedFields("authors", [index.SearchField("name")]),
    ]
    parent_page_types = ["stories.ReportIndexPage"]
    subpage_types = []
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [
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
