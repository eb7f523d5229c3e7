from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from stories.models import (
    PAGE_TRANSLATABLE_FIELDS,
    HashtagPage,
    ProgrammePage,
    StoryPage,
    live_in_locale,
    story_cards,
)

HOME_LATEST_STORIES = 6


class HomePage(Page):
    """The home of one language: the Italian one is the site root, the English one its
    translation."""

    intro = models.TextField(
        _("introduction"),
        help_text=_("What the site gathers, in two or three sentences."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "stories.ProgrammeIndexPage",
        "stories.StoryIndexPage",
        "stories.HashtagIndexPage",
        "stories.TerritoryIndexPage",
        "stories.ReportIndexPage",
    ]
    translatable_fields = PAGE_TRANSLATABLE_FIELDS + [TranslatableField("intro")]

    class Meta:
        verbose_name = _("home page")

    def clean(self):
        super().clean()
        others = HomePage.objects.filter(locale_id=self.locale_id)
        if self.pk:
            others = others.exclude(pk=self.pk)
        if self.locale_id and others.exists():
            raise ValidationError(_("This language already has a home page."))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = live_in_locale(StoryPage, self.locale).order_by("-first_published_at")
        context["latest_stories"] = story_cards(stories)[:HOME_LATEST_STORIES]
        context["programmes"] = live_in_locale(ProgrammePage, self.locale).select_related(
            "promoter"
        )
        context["hashtags"] = live_in_locale(HashtagPage, self.locale).order_by("path")
        return context
