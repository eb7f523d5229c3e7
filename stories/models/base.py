"""What the site's page types share: the manager, the translated fields every page has, the
shape of a section page, and the listing of stories through the explorer."""

from http import HTTPMethod

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.cluster_data import checked_in_bulk
from core.request_memo import SitePageManager

from ..explorer import StoryExplorer
from ..maps import explorer_map
from ..queries import body_headings


class SitePage(Page):
    """Base of every page type of the site."""

    objects = SitePageManager()

    # Pages are read, never written to by a request: Wagtail's default also lets PUT,
    # PATCH and DELETE render the page, where 405 is the answer (a page with a form adds
    # POST). OPTIONS answers which methods these are.
    allowed_http_methods = [HTTPMethod.GET, HTTPMethod.HEAD, HTTPMethod.OPTIONS]

    # Fields every page type shares; a page type adds its own:
    # ``translatable_fields = SitePage.translatable_fields + [...]``.
    translatable_fields = [
        TranslatableField("title"),
        TranslatableField("slug"),
        TranslatableField("seo_title"),
        TranslatableField("search_description"),
        SynchronizedField("show_in_menus"),
    ]

    class Meta:
        abstract = True

    @classmethod
    def from_serializable_data(cls, data, check_fks=True, strict_fks=False):
        # A revision read back (a publish, the editor, a translation sync) checks its
        # foreign keys with one query per model, not one each (core.cluster_data).
        if check_fks:
            data, check_fks = checked_in_bulk(cls, data, strict_fks)
            if data is None:
                return None
        return super().from_serializable_data(data, check_fks=check_fks, strict_fks=strict_fks)


class IndexPage(SitePage):
    """Shared shape of the section pages (programmes, stories, hashtags, territories, reports)."""

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("One or two sentences shown under the title."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1
    translatable_fields = SitePage.translatable_fields + [TranslatableField("intro")]

    class Meta:
        abstract = True


class StoryListingMixin:
    """A page that lists stories through the explorer (``stories.explorer``): the story
    index, a programme's stories, a hashtag, a territory.

    A page says which stories it lists (``listed_stories``) and which filter it sets by
    itself (``fixed_filter``): that filter is neither read from the query string nor
    offered.
    """

    fixed_filter = None

    @property
    def listing_name(self):
        """Names the stories this page lists, under the content version: the key of their
        index (``stories.listing_index``), the same for readers and the worker's warm-up."""
        return ("listing-page", self.pk)

    def listed_stories(self, stories):
        """The stories this page lists, narrowed from ``stories`` (every live story)."""
        raise NotImplementedError

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # By label: the story module defines its pages on top of this one.
        stories = self.listed_stories(apps.get_model("stories.StoryPage").objects.live())
        explorer = StoryExplorer(
            request,
            stories,
            locale_id=self.locale_id,
            fixed=self.fixed_filter,
            listing=self.listing_name,
        )
        context["explorer"] = explorer
        # Built only when the explorer's fragment is rendered, not when it is read from the
        # cache (``stories.templatetags.explorer_tags``).
        context["explorer_map"] = SimpleLazyObject(lambda: explorer_map(explorer))
        return context


def validate_year_range(start_year, end_year):
    if start_year and end_year and end_year < start_year:
        raise ValidationError({"end_year": _("The end year cannot come before the start year.")})


def validate_distinct_headings(body, field_name="body"):
    """Each heading is a link target (table of contents, shared links): two with the same
    anchor would make one of them unreachable."""
    anchors = [heading["anchor"] for heading in body_headings(body)]
    if len(set(anchors)) != len(anchors):
        raise ValidationError(
            {field_name: _("Two headings of the body read the same: make each one distinct.")}
        )
