"""The four hashtags, one page each per language, and the page listing them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from ..relations import pointing_at
from .base import IndexPage, SitePage, StoryListingMixin


class HashtagCode(models.TextChoices):
    """The four hashtags of the source documents; pages carry one code each per language."""

    COMUNITA = "comunita", "#Comunità"
    INNOVAZIONE = "innovazione", "#Innovazione"
    PARTNERSHIP = "partnership", "#Partnership"
    RISORSE = "risorse", "#Risorse"


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


class HashtagPage(StoryListingMixin, SitePage):
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

    content_panels = SitePage.content_panels + [FieldPanel("code"), FieldPanel("meaning")]
    search_fields = SitePage.search_fields + [index.SearchField("meaning")]
    parent_page_types = ["stories.HashtagIndexPage"]
    subpage_types = []
    max_count_per_parent = len(HashtagCode.choices)
    fixed_filter = "hashtag"
    translatable_fields = SitePage.translatable_fields + [
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

    def listed_stories(self, stories):
        return pointing_at(self, stories.filter(locale_id=self.locale_id), "hashtag_links__hashtag")
