"""RSS and Atom feeds of the stories of one language, all of them or those of one hashtag.

Served under the language prefix (``/it/feeds/...``, ``/en/feeds/...``): the active
language picks the stories, and an unknown hashtag slug in that language gives a 404.
"""

import html
import re
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.urls import path
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from . import seo
from .models import HashtagPage, StoryHashtag, StoryIndexPage, StoryPage

FEED_LENGTH = 30


@dataclass
class FeedSubject:
    """What one request's feed is about. Feed instances are shared between requests, so
    the request travels here rather than on the feed."""

    request: HttpRequest
    language: str
    hashtag: HashtagPage | None = None


VALID_SLUG = re.compile(r"[\w-]{1,255}")


class StoryFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, hashtag_slug=None):
        language = translation.get_language()
        hashtag = None
        if hashtag_slug is not None:
            # Page slugs are word characters and hyphens; anything else (a NUL byte would
            # make PostgreSQL raise) cannot name a hashtag.
            if not VALID_SLUG.fullmatch(hashtag_slug):
                raise Http404
            hashtag = (
                HashtagPage.objects.live()
                .public()
                .filter(locale__language_code=language, slug=hashtag_slug)
                .first()
            )
            if hashtag is None:
                raise Http404
        return FeedSubject(request=request, language=language, hashtag=hashtag)

    def title(self, subject):
        if subject.hashtag is not None:
            return seo.hashtag_feed_title(subject.hashtag)
        return seo.story_feed_title()

    def description(self, subject):
        if subject.hashtag is not None:
            return subject.hashtag.meaning
        return str(seo.DEFAULT_DESCRIPTION)

    def link(self, subject):
        if subject.hashtag is not None:
            return subject.hashtag.get_url(subject.request)
        index = (
            StoryIndexPage.objects.live()
            .public()
            .filter(locale__language_code=subject.language)
            .first()
        )
        return index.get_url(subject.request) if index else seo.home_url(subject.request)

    def author_name(self):
        return seo.site_name()

    def items(self, subject):
        stories = StoryPage.objects.live().public().filter(locale__language_code=subject.language)
        if subject.hashtag is not None:
            stories = stories.filter(hashtag_links__hashtag=subject.hashtag)
        stories = stories.order_by("-first_published_at", "-pk").prefetch_related(
            Prefetch(
                "hashtag_links",
                queryset=StoryHashtag.objects.filter(hashtag__live=True)
                .select_related("hashtag")
                .order_by("sort_order"),
            )
        )[:FEED_LENGTH]
        stories = list(stories)
        # Page URLs need the request to come out relative to this site (Feed adds the domain).
        for story in stories:
            story.feed_link = story.get_url(subject.request)
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


class StoryAtomFeed(StoryFeed):
    feed_type = Atom1Feed

    def subtitle(self, subject):
        return self.description(subject)


# Included under "feeds/" inside i18n_patterns by site_cms/urls.py.
urlpatterns = [
    path("stories/rss/", StoryFeed(), name="story_feed_rss"),
    path("stories/atom/", StoryAtomFeed(), name="story_feed_atom"),
    path("hashtag/<str:hashtag_slug>/rss/", StoryFeed(), name="hashtag_feed_rss"),
    path("hashtag/<str:hashtag_slug>/atom/", StoryAtomFeed(), name="hashtag_feed_atom"),
]
