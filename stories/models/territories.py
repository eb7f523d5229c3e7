"""Territories (regions, provinces, districts, cities), nested with ``part_of``, and the page
listing them on a map."""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.fields import TranslatedPageForeignKey
from core.names import fold, split_names

from ..maps import build_territory_map
from ..queries import live_in_locale, rolled_up_story_count, territory_tree
from ..serializers import LinkedPageField
from ..territories import TERRITORY_LEVELS, within_q
from .base import IndexPage, SitePage, StoryListingMixin


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


class TerritoryIndexPage(IndexPage):
    subpage_types = ["stories.TerritoryPage"]

    class Meta:
        verbose_name = _("territory index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # By label: the story module is defined on top of this one.
        story_model = apps.get_model("stories.StoryPage")
        # A region counts the stories of its provinces and cities, a province those of its
        # districts and cities: each story once.
        territories = list(
            TerritoryPage.objects.child_of(self)
            .live()
            .public()
            .order_by("region", "title")
            .annotate(
                story_count=rolled_up_story_count(live_in_locale(story_model, self.locale_id))
            )
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


class TerritoryPage(StoryListingMixin, SitePage):
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

    content_panels = SitePage.content_panels + [
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
    search_fields = SitePage.search_fields + [
        index.SearchField("description"),
        index.FilterField("kind"),
        index.FilterField("region"),
    ]
    parent_page_types = ["stories.TerritoryIndexPage"]
    subpage_types = []
    fixed_filter = "territory"
    translatable_fields = SitePage.translatable_fields + [
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

    def listed_stories(self, stories):
        # The territory's own stories and those of every territory within it (a new
        # territory in preview has none: nothing can point at it yet).
        # By label: the story module is defined on top of this one.
        story_links = apps.get_model("stories.StoryTerritory").objects
        links = story_links.none()
        if self.pk is not None:
            links = story_links.filter(within_q("_id", self.pk))
        return stories.filter(locale_id=self.locale_id, pk__in=links.values("page_id"))
