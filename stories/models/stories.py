"""Stories (one funded project each), their links to territories, hashtags and partners,
and the pages listing them: the story index and each programme's section."""

import math

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.fields import TranslatedPageForeignKey

from ..blocks import (
    ActionLineStreamBlock,
    IndicatorStreamBlock,
    KeyFigureStreamBlock,
    StoryBodyBlock,
)
from ..indicators import indicator_chart
from ..listing_index import StoryCards, language_index
from ..panels import DistinctInlinePanel, SectionProgrammePanel
from ..queries import body_headings, live_in_locale, live_links, story_cards
from ..relations import held_ids, holds_in_memory, in_memory_or_saved, pointing_at
from ..relations import live_links as held_live_links
from ..serializers import InlineRowsField, LinkedPageField, LinkedPagesField, OrganisationField
from .authors import Author
from .base import (
    IndexPage,
    SitePage,
    StoryListingMixin,
    validate_distinct_headings,
    validate_year_range,
)
from .hashtags import HashtagPage
from .organisations import PUBLISHED, Organisation
from .programmes import ProgrammeEdition
from .territories import TerritoryPage

RELATED_STORIES = 3
READING_WORDS_PER_MINUTE = 200


class StoryIndexPage(StoryListingMixin, IndexPage):
    subpage_types = ["stories.ProgrammeStoryIndexPage"]

    class Meta:
        verbose_name = _("story index")

    def listed_stories(self, stories):
        return stories.descendant_of(self)


class ProgrammeStoryIndexPage(StoryListingMixin, SitePage):
    """The stories of one programme: a part of the tree of its own, so a network's editors
    can be given page permissions on their programme's stories and nothing else."""

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

    content_panels = SitePage.content_panels + [FieldPanel("programme"), FieldPanel("intro")]
    search_fields = SitePage.search_fields + [index.SearchField("intro")]
    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = ["stories.StoryPage"]
    fixed_filter = "programme"
    translatable_fields = SitePage.translatable_fields + [
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

    def listed_stories(self, stories):
        return stories.child_of(self)


class StoryPage(SitePage):
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
        limit_choices_to=PUBLISHED,
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

    # Results over time (as in Akvo RSR's results framework): each indicator with its
    # baseline, target and measured values, every value with its source.
    indicators = StreamField(
        IndicatorStreamBlock(),
        blank=True,
        verbose_name=_("results over time"),
        help_text=_(
            "Indicators of the project's results: a baseline, a target and the values measured "
            "on the way, each with its source. Readers see a small chart and a table."
        ),
    )

    content_panels = SitePage.content_panels + [
        DistinctInlinePanel(
            "author_links",
            distinct_field="author",
            duplicate_message=_("This author is already listed."),
            label=_("Authors"),
            help_text=_(
                "Who wrote the story, as readers see it under the title: a person, a team or "
                "an office, chosen among the authors."
            ),
        ),
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
        FieldPanel("indicators"),
    ]
    search_fields = SitePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("action_lines"),
        index.FilterField("start_year"),
        index.FilterField("programme"),
        index.RelatedFields("lead_partner", [index.SearchField("name")]),
    ]
    parent_page_types = ["stories.ProgrammeStoryIndexPage"]
    subpage_types = []
    translatable_fields = SitePage.translatable_fields + [
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
        # The English story names the English version of each author.
        TranslatableField("author_links"),
        TranslatableField("indicators"),
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
        APIField(
            "authors",
            serializer=InlineRowsField(
                {"name": "author.name", "kind": "author.kind", "role": "author.role"},
                source="author_links",
            ),
        ),
        APIField("indicators"),
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

    @cached_property
    def indicator_charts(self):
        """A chart for each indicator, in the active language (the page's, when rendered)."""
        return [
            indicator_chart(block.value, f"indicator-{block.id}")
            for block in self.indicators
            if block.block_type == "indicator"
        ]

    def related_stories(self):
        """Three other stories, those sharing a territory or hashtags first, ranked from the
        index of the language's stories (``stories.listing_index``): no query over every
        story, which took most of a story's first render after a publish at 2,000 stories."""
        stories = language_index(self.locale_id)
        if self.pk in stories.ids and not (
            holds_in_memory(self, "territory_links") or holds_in_memory(self, "hashtag_links")
        ):
            territory_ids, hashtag_ids = stories.linked(self.pk)
        else:
            # A draft or preview holds its links in memory: read their ids from there.
            territory_ids = held_ids(self, "territory_links", "territory")
            hashtag_ids = held_ids(self, "hashtag_links", "hashtag")
        ids = stories.related(self.pk, territory_ids, hashtag_ids, RELATED_STORIES)
        return list(StoryCards(ids, story_cards(StoryPage.objects.all())))

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
        context["authors"] = [
            link.author
            for link in in_memory_or_saved(
                self,
                "author_links",
                self.author_links.select_related("author__organisation").order_by("sort_order"),
            )
            if link.author_id
        ]
        context["partners"] = in_memory_or_saved(
            self, "partner_links", self.partner_links.select_related("organisation")
        )
        # By label: the report module is defined on top of this one.
        report_model = apps.get_model("stories.ReportPage")
        context["reports"] = (
            pointing_at(self, live_in_locale(report_model, self.locale_id), "story_links__story")
            .select_related("full_report", "abstract_document")
            .order_by("title")
        )
        context["related_stories"] = SimpleLazyObject(self.related_stories)
        # The programme chosen may have been unpublished since: then it is not named.
        context["programme"] = SimpleLazyObject(
            lambda: self.programme if self.programme and self.programme.live else None
        )
        return context


def follow_section_programme(sender, instance, **kwargs):
    """A story moved to another programme's section takes that programme (a move saves
    the plain Page only, so the story's own save never runs). Connected for ``StoryPage``
    only (``stories.apps``)."""
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


class StoryAuthor(TranslatableMixin, Orderable):
    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="author_links")
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="story_links",
        help_text=_("Choose them among the authors; if they are missing, add them there first."),
    )

    panels = [FieldPanel("author")]
    translatable_fields = [TranslatableField("author")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("story author")
        verbose_name_plural = _("story authors")
        constraints = [
            models.UniqueConstraint(fields=["page", "author"], name="unique_story_author")
        ]


class StoryPartner(TranslatableMixin, Orderable):
    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="partner_links")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        limit_choices_to=PUBLISHED,
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
