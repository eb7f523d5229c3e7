"""RSS and Atom feeds of the stories of one language: all of them, or those of one hashtag,
one territory (with the territories within it, as its page lists them) or one programme.

Served under the language prefix with translated path segments, like the rest of the site:
``/it/feed/storie/rss/`` and ``/en/feeds/stories/rss/``, ``/it/feed/hashtag/<slug>/atom/``
and ``/en/feeds/hashtags/<slug>/atom/``, ``/it/feed/territori/<slug>/rss/`` and
``/en/feeds/programmes/<slug>/rss/``. The active language picks the stories, and an unknown
slug in that language gives a 404. The addresses used before the segments
were translated (``/it/feeds/stories/rss/``, ``/en/feeds/hashtag/<slug>/rss/``) redirect
permanently to these.
"""

import html
import re
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.urls import path, reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.generic import RedirectView

from core.addresses import PageAddresses, page_address
from core.cache import cached_response
from seo import metadata
from stories.models import (
    HashtagPage,
    ProgrammePage,
    StoryHashtag,
    StoryIndexPage,
    StoryPage,
    TerritoryPage,
)

FEED_LENGTH = 30


@dataclass
class FeedSubject:
    """What one request's feed is about. Feed instances are shared between requests, so
    the request travels here rather than on the feed."""

    request: HttpRequest
    language: str
    hashtag: HashtagPage | None = None
    territory: TerritoryPage | None = None
    programme: ProgrammePage | None = None

    @property
    def page(self):
        """The page the feed follows, or None for all the stories."""
        return self.hashtag or self.territory or self.programme


VALID_SLUG = re.compile(r"[\w-]{1,255}")


class StoryFeed(Feed):
    feed_type = Rss201rev2Feed

    # Django's Feed answers any method with the feed, TRACE and PUT included.
    @method_decorator(require_safe)
    def __call__(self, request, *args, **kwargs):
        # Thirty stories and their links, the same until a publish: kept per content version.
        return cached_response(
            f"feed:{request.build_absolute_uri(request.path)}",
            lambda: super(StoryFeed, self).__call__(request, *args, **kwargs),
        )

    def get_object(self, request, hashtag_slug=None, territory_slug=None, programme_slug=None):
        language = translation.get_language()
        pages = {}
        for name, model, slug in (
            ("hashtag", HashtagPage, hashtag_slug),
            ("territory", TerritoryPage, territory_slug),
            ("programme", ProgrammePage, programme_slug),
        ):
            if slug is None:
                continue
            # Page slugs are word characters and hyphens; anything else (a NUL byte would
            # make PostgreSQL raise) cannot name a page.
            if not VALID_SLUG.fullmatch(slug):
                raise Http404
            pages[name] = (
                model.objects.live()
                .public()
                .filter(locale__language_code=language, slug=slug)
                .first()
            )
            if pages[name] is None:
                raise Http404
        return FeedSubject(request=request, language=language, **pages)

    def title(self, subject):
        if subject.page is not None:
            return metadata.page_feed_title(subject.page)
        return metadata.story_feed_title()

    def description(self, subject):
        if subject.hashtag is not None:
            return subject.hashtag.meaning
        if subject.territory is not None:
            return subject.territory.description or metadata.page_feed_title(subject.territory)
        if subject.programme is not None:
            return subject.programme.summary
        return str(metadata.DEFAULT_DESCRIPTION)

    def link(self, subject):
        if subject.page is not None:
            return page_address(subject.request, subject.page)
        index = (
            StoryIndexPage.objects.live()
            .public()
            .filter(locale__language_code=subject.language)
            .first()
        )
        return page_address(subject.request, index) if index else metadata.home_url(subject.request)

    def author_name(self):
        return metadata.site_name()

    def items(self, subject):
        stories = StoryPage.objects.live().public().filter(locale__language_code=subject.language)
        if subject.hashtag is not None:
            stories = stories.filter(hashtag_links__hashtag=subject.hashtag)
        if subject.territory is not None:
            # The stories the territory's page lists: its own and those of the territories
            # within it, each once.
            stories = subject.territory.listed_stories(stories)
        if subject.programme is not None:
            stories = stories.filter(programme=subject.programme)
        stories = stories.order_by("-first_published_at", "-pk").prefetch_related(
            Prefetch(
                "hashtag_links",
                queryset=StoryHashtag.objects.filter(hashtag__live=True)
                .select_related("hashtag")
                .order_by("sort_order"),
            )
        )[:FEED_LENGTH]
        stories = list(stories)
        # On the host the feed is read from, as every absolute URL of the site.
        addresses = PageAddresses(subject.request)
        for story in stories:
            story.feed_link = addresses.of(story)
        return stories

    def item_title(self, story):
        # Plain text, escaped for XML by the feed generator (Django's default escapes it
        # twice, which Atom readers then show as "&#x27;").
        return story.title

    def item_link(self, story):
        return story.feed_link

    def item_description(self, story):
        # Readers treat the description as HTML; the summary is plain text.
        return html.escape(story.summary, quote=False)

    def item_pubdate(self, story):
        return story.first_published_at

    def item_updateddate(self, story):
        return story.last_published_at or story.first_published_at

    def item_categories(self, story):
        return [link.hashtag.title for link in story.hashtag_links.all()]


def warmed_feed_paths(pages):
    """What the worker renders after a publish of ``pages`` (``core.warming``): the story
    feeds, RSS and Atom, of their languages."""
    paths = []
    for language in dict.fromkeys(page.locale.language_code for page in pages):
        with translation.override(language):
            paths += [reverse("story_feed_rss"), reverse("story_feed_atom")]
    return paths


class StoryAtomFeed(StoryFeed):
    feed_type = Atom1Feed

    def subtitle(self, subject):
        return self.description(subject)


def translated(segment, rest):
    """A route whose first segment is translated (``stories/`` is ``storie/`` in Italian)."""
    return format_lazy("{}{}", segment, rest)


STORIES_SEGMENT = _("stories/")
HASHTAGS_SEGMENT = _("hashtags/")
TERRITORIES_SEGMENT = _("territories/")
PROGRAMMES_SEGMENT = _("programmes/")

# Included under _("feeds/") inside i18n_patterns by site_cms/urls.py.
urlpatterns = [
    path(translated(STORIES_SEGMENT, "rss/"), StoryFeed(), name="story_feed_rss"),
    path(translated(STORIES_SEGMENT, "atom/"), StoryAtomFeed(), name="story_feed_atom"),
    path(
        translated(HASHTAGS_SEGMENT, "<str:hashtag_slug>/rss/"),
        StoryFeed(),
        name="hashtag_feed_rss",
    ),
    path(
        translated(HASHTAGS_SEGMENT, "<str:hashtag_slug>/atom/"),
        StoryAtomFeed(),
        name="hashtag_feed_atom",
    ),
    path(
        translated(TERRITORIES_SEGMENT, "<str:territory_slug>/rss/"),
        StoryFeed(),
        name="territory_feed_rss",
    ),
    path(
        translated(TERRITORIES_SEGMENT, "<str:territory_slug>/atom/"),
        StoryAtomFeed(),
        name="territory_feed_atom",
    ),
    path(
        translated(PROGRAMMES_SEGMENT, "<str:programme_slug>/rss/"),
        StoryFeed(),
        name="programme_feed_rss",
    ),
    path(
        translated(PROGRAMMES_SEGMENT, "<str:programme_slug>/atom/"),
        StoryAtomFeed(),
        name="programme_feed_atom",
    ),
]


def moved_to(url_name):
    return RedirectView.as_view(
        pattern_name=url_name, permanent=True, query_string=True, http_method_names=["get", "head"]
    )


# The addresses before translation, the same in both languages: included under "feeds/"
# after the feeds above, they redirect (301) to the active language's address.
legacy_urlpatterns = [
    path("stories/rss/", moved_to("story_feed_rss")),
    path("stories/atom/", moved_to("story_feed_atom")),
    path("hashtag/<str:hashtag_slug>/rss/", moved_to("hashtag_feed_rss")),
    path("hashtag/<str:hashtag_slug>/atom/", moved_to("hashtag_feed_atom")),
]
