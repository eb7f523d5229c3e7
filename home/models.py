from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.cache import ProcessMemo
from core.request_input import has_control_characters
from stories.charts import funding_overview_chart
from stories.listing_index import newest_stories
from stories.models import HashtagPage, ProgrammeEdition, ProgrammePage
from stories.models.base import SitePage, validate_distinct_headings
from stories.queries import live_in_locale

from .blocks import InformationBodyBlock
from .counters import headline_counters

HOME_LATEST_STORIES = 6
# Paths whose page each process remembers (``HomePage.route``): the most read pages of a
# site; only paths that name a page are kept.
REMEMBERED_PATHS = 2000

_pages_at_paths = ProcessMemo(REMEMBERED_PATHS)


def _read_page(content_type_id, pk):
    """The page ``pk`` as its own type, or None when it is gone."""
    model = ContentType.objects.get_for_id(content_type_id).model_class() or Page
    try:
        return model.objects.get(pk=pk)
    except model.DoesNotExist:
        return None


class HomePage(SitePage):
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
        "home.InformationPage",
        "proposals.ProposalPage",
    ]
    translatable_fields = SitePage.translatable_fields + [TranslatableField("intro")]

    class Meta:
        verbose_name = _("home page")

    def clean(self):
        super().clean()
        others = HomePage.objects.filter(locale_id=self.locale_id)
        if self.pk:
            others = others.exclude(pk=self.pk)
        if self.locale_id and others.exists():
            raise ValidationError(_("This language already has a home page."))

    def route(self, request, path_components):
        """Find a page below the home by its whole URL path in one query, instead of
        Wagtail's two queries per level. When no page has that path, Wagtail's own routing
        decides: it answers 404, or reaches a page that routes sub-paths of its own (the
        proposal page's thank-you address), which has no page below it that this lookup
        could find instead. The answers are Wagtail's (home/tests/test_upstream_route.py)."""
        # No page's slug holds a control character, and PostgreSQL refuses a NUL in a query:
        # such a path (an oEmbed or API address, not only a request's own) is no page.
        if any(has_control_characters(component) for component in path_components):
            raise Http404
        if path_components:
            page = self._page_at(self.url_path + "/".join(path_components) + "/")
            if page is not None:
                return page.route(request, [])
        return super().route(request, path_components)

    def _page_at(self, url_path):
        """The page below this home at ``url_path``, as its own type, or None. Which page a
        path names is remembered in each process, and checked against the page read: a
        known path costs one query, for the page itself."""
        key = (self.pk, url_path)
        remembered = _pages_at_paths.get(key)
        if remembered is not None:
            page = _read_page(*remembered)
            # Renamed, moved or deleted since it was remembered: looked up again.
            if page is not None and page.url_path == url_path:
                return page
        found = (
            Page.objects.filter(url_path=url_path, path__startswith=self.path)
            .values_list("content_type_id", "pk")
            .first()
        )
        _pages_at_paths.set(key, found)
        return None if found is None else _read_page(*found)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read by id from the language's story index: no sort over every story.
        context["latest_stories"] = SimpleLazyObject(
            lambda: newest_stories(self.locale_id, HOME_LATEST_STORIES)
        )
        context["programmes"] = live_in_locale(ProgrammePage, self.locale).select_related(
            "promoter"
        )
        context["hashtags"] = live_in_locale(HashtagPage, self.locale).order_by("path")
        context["counters"] = SimpleLazyObject(lambda: headline_counters(self.locale_id))
        # Lazy: the template caches the home's content under the content version.
        context["funding_chart"] = SimpleLazyObject(
            lambda: funding_overview_chart(
                context["programmes"],
                ProgrammeEdition.objects.filter(page__in=context["programmes"]),
            )
        )
        return context


class InformationPage(SitePage):
    """A page about the site itself: the accessibility statement, how the content is
    made, who runs it. Linked from the footer of its language."""

    intro = models.TextField(_("introduction"), help_text=_("One or two sentences."))
    body = StreamField(
        InformationBodyBlock(),
        verbose_name=_("body"),
        help_text=_("The text of the page: paragraphs, headings and the other blocks."),
    )
    last_reviewed = models.DateField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("When the text was last checked; shown to readers."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("last_reviewed"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    translatable_fields = SitePage.translatable_fields + [
        TranslatableField("intro"),
        TranslatableField("body"),
        SynchronizedField("last_reviewed", overridable=False),
    ]

    class Meta:
        verbose_name = _("information page")

    def clean(self):
        super().clean()
        validate_distinct_headings(self.body)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["contact_email"] = settings.SITE_CONTACT_EMAIL
        return context
