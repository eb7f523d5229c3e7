"""Every public address that shows a page: what a proxy or CDN must forget when it changes.

``public_urls_for(page)`` answers with paths (``/it/storie/…``), in both languages: the
page's own language versions, the pages above them (home, index, programme section), and
by page type:

- a **story**: its programme, hashtags (with their RSS and Atom feeds) and territories
  (with the territories they lie within, whose pages list it too), the hashtag and
  territory indexes (counts, map), the reports that name it, the stories feeds, its embed
  card and the oEmbed endpoint, and the other stories whose "related stories" may list it:
  those sharing a territory or a hashtag, and those with fewer than three such neighbours
  (their list is filled up with the latest stories);
- a **report**: its programme, the stories it names, its embed card and oEmbed;
- a **programme**: its stories' section, its stories (as above: they show its name) and
  its reports;
- a **hashtag** or a **territory**: its feeds or the territories around it, and every story
  that carries it (as above), since stories, cards and the explorer's filters show its name;
- every page: the pages below it (breadcrumbs name it; a new slug moves them), the
  sitemap index and its sections, the open data files and the API's pages endpoints.

The home pages and the pages right under them (indexes, information pages, the proposal
page) are named in every page's menu, footer or breadcrumbs: a change to one of them is a
change to the whole site, written ``/*`` (``purging.backends`` turns it into a ban of
everything, Cloudflare's purge of the zone, a CloudFront ``/*`` invalidation).

A change that would name more than ``MAX_PAGES`` pages (a story sharing a hashtag with
hundreds of others, at scale) is a change to the whole site as well: one ban instead of
hundreds of requests, and no address to compute for each of those pages (at 2,000 stories
that took most of a publish's second).

Listings with a query string (``?page=2``, the explorer's filters, oEmbed's ``?url=``) are
not listed one by one: the VCL bans a purged path with any query string. A CDN purged by URL
forgets only the plain address; the README says so.
"""

from collections import defaultdict

from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from seo.sitemaps import sitemap_paths
from stories.models import (
    HashtagIndexPage,
    HashtagPage,
    ProgrammePage,
    ProgrammeStoryIndexPage,
    ReportPage,
    StoryHashtag,
    StoryPage,
    StoryTerritory,
    TerritoryIndexPage,
    TerritoryPage,
)
from stories.models.stories import RELATED_STORIES
from stories.queries import territory_tree
from stories.territories import within_q

EVERYTHING = "/*"
# Pages at this depth or above (the homes and their children) appear on every page.
SITE_WIDE_DEPTH = 3
SITE_FILES = ("opendata_stories_csv", "opendata_stories_json")
API_LISTINGS = ("/api/v2/pages/", "/api/v2/pages/find/")
# Past this many pages, purging everything is cheaper for the publish and for the proxy.
MAX_PAGES = 200


def public_urls_for(page):
    """The paths (both languages) a cache must forget when ``page`` is published,
    unpublished, moved or deleted; ``{"/*"}`` when that is the whole site."""
    collector = Collector()
    collector.add_page_and_its_readers(page)
    return collector.paths()


class SitePathsMemo:
    """Where ``Page.get_url_parts`` keeps the sites' root paths it read (``request`` may be
    any object: Wagtail caches them on it)."""


def localized_path(language_code, url_name, **kwargs):
    with translation.override(language_code):
        return reverse(url_name, kwargs=kwargs)


class Collector:
    """Pages and paths to purge, gathered once each."""

    def __init__(self):
        self.everything = False
        self.page_ids = set()
        self.extra_paths = set()
        self._done = set()
        self._story_tags = {}

    # --- Results -------------------------------------------------------------------------

    def too_many(self, more=0):
        """Whether the pages gathered (and ``more`` still to come) are the whole site."""
        if len(self.page_ids) + more > MAX_PAGES:
            self.everything = True
        return self.everything

    def paths(self):
        if self.too_many():
            return {EVERYTHING}
        paths = set(self.extra_paths)
        # One read of the sites' root paths for all the pages, not one each.
        site_paths_memo = SitePathsMemo()
        for page in Page.objects.filter(pk__in=self.page_ids).select_related("locale"):
            parts = page.get_url_parts(request=site_paths_memo)
            if parts is not None:
                paths.add(parts[2])
        return paths

    # --- Pages ---------------------------------------------------------------------------

    def add_page_and_its_readers(self, page):
        versions = list(page.get_translations(inclusive=True).specific().select_related("locale"))
        if page.pk not in {version.pk for version in versions}:
            versions.append(page.specific)
        if any(version.depth <= SITE_WIDE_DEPTH for version in versions):
            self.everything = True
            return
        self.extra_paths.update(API_LISTINGS)
        for name in SITE_FILES:
            self.extra_paths.add(reverse(name))
        self.extra_paths.update(sitemap_paths())
        for version in versions:
            if self.too_many():
                return
            self.add_version(version)

    def add_version(self, page):
        self.page_ids.add(page.pk)
        self.extra_paths.add(f"/api/v2/pages/{page.pk}/")
        self.page_ids.update(page.get_ancestors().filter(depth__gt=1).values_list("pk", flat=True))
        self.page_ids.update(page.get_descendants().values_list("pk", flat=True))
        if isinstance(page, StoryPage):
            self.add_story(page)
        elif isinstance(page, ReportPage):
            self.add_report(page)
        elif isinstance(page, ProgrammePage):
            self.add_programme(page)
        elif isinstance(page, HashtagPage):
            self.add_hashtag(page)
        elif isinstance(page, TerritoryPage):
            self.add_territory(page)
        elif isinstance(page, ProgrammeStoryIndexPage):
            for story in StoryPage.objects.child_of(page).select_related("locale"):
                self.add_story(story)

    def add_story(self, story):
        """A story as it shows up elsewhere: on listings, feeds, cards, related stories."""
        if ("story", story.pk) in self._done or self.too_many():
            return
        self._done.add(("story", story.pk))
        language = story.locale.language_code
        self.page_ids.add(story.pk)
        self.page_ids.update(story.get_ancestors().filter(depth__gt=1).values_list("pk", flat=True))
        if story.programme_id:
            self.page_ids.add(story.programme_id)
        for url_name in ("story_feed_rss", "story_feed_atom"):
            self.extra_paths.add(localized_path(language, url_name))
        self.extra_paths.add(localized_path(language, "embed_story", page_id=story.pk))
        self.extra_paths.add(localized_path(language, "oembed"))

        hashtags = HashtagPage.objects.filter(story_links__page=story)
        for hashtag in hashtags.values("pk", "slug"):
            self.page_ids.add(hashtag["pk"])
            self.add_hashtag_feeds(language, hashtag["slug"])
        tree = territory_tree(story.locale_id)
        for territory_id in StoryTerritory.objects.filter(page=story).values_list(
            "territory_id", flat=True
        ):
            self.page_ids.update(tree.enclosing(territory_id))
        for index in (HashtagIndexPage, TerritoryIndexPage):
            self.page_ids.update(
                index.objects.filter(locale_id=story.locale_id).values_list("pk", flat=True)
            )
        self.page_ids.update(
            ReportPage.objects.filter(story_links__story=story).values_list("pk", flat=True)
        )
        # Counted before the listing is worked out over every live story of the language.
        if self.too_many(self.stories_sharing_a_tag(story)):
            return
        self.page_ids.update(self.stories_listing(story))

    def add_report(self, report):
        language = report.locale.language_code
        if report.programme_id:
            self.page_ids.add(report.programme_id)
        self.page_ids.update(
            StoryPage.objects.filter(report_links__page=report).values_list("pk", flat=True)
        )
        self.extra_paths.add(localized_path(language, "embed_report", page_id=report.pk))
        self.extra_paths.add(localized_path(language, "oembed"))

    def add_programme(self, programme):
        sections = ProgrammeStoryIndexPage.objects.filter(programme=programme)
        for section in sections:
            self.page_ids.add(section.pk)
            self.page_ids.update(
                section.get_ancestors().filter(depth__gt=1).values_list("pk", flat=True)
            )
        self.page_ids.update(
            ReportPage.objects.filter(programme=programme).values_list("pk", flat=True)
        )
        for story in StoryPage.objects.filter(programme=programme).select_related("locale"):
            self.add_story(story)

    def add_hashtag(self, hashtag):
        self.add_hashtag_feeds(hashtag.locale.language_code, hashtag.slug)
        stories = StoryPage.objects.filter(hashtag_links__hashtag=hashtag)
        for story in stories.select_related("locale"):
            self.add_story(story)

    def add_hashtag_feeds(self, language, slug):
        for url_name in ("hashtag_feed_rss", "hashtag_feed_atom"):
            self.extra_paths.add(localized_path(language, url_name, hashtag_slug=slug))

    def add_territory(self, territory):
        tree = territory_tree(territory.locale_id)
        # The territories it lies within list its stories; those within it name it.
        self.page_ids.update(tree.enclosing(territory.pk))
        self.page_ids.update(tree.children.get(territory.pk, ()))
        links = StoryTerritory.objects.filter(within_q("_id", territory.pk))
        stories = StoryPage.objects.filter(pk__in=links.values("page_id"))
        for story in stories.select_related("locale"):
            self.add_story(story)

    # --- Related stories -----------------------------------------------------------------

    def stories_sharing_a_tag(self, story):
        """How many live stories share a territory or a hashtag with ``story`` (one query)."""
        territories = StoryTerritory.objects.filter(page=story).values("territory_id")
        hashtags = StoryHashtag.objects.filter(page=story).values("hashtag_id")
        return (
            StoryPage.objects.live()
            .filter(locale_id=story.locale_id)
            .filter(
                Q(territory_links__territory_id__in=territories)
                | Q(hashtag_links__hashtag_id__in=hashtags)
            )
            .exclude(pk=story.pk)
            .values("pk")
            .distinct()
            .count()
        )

    def story_tags(self, locale_id):
        """{live story id: {("territory", id), ("hashtag", id)…}} for one language, read
        once per collector."""
        if locale_id not in self._story_tags:
            tags = {
                pk: set()
                for pk in StoryPage.objects.live()
                .filter(locale_id=locale_id)
                .values_list("pk", flat=True)
            }
            for kind, model, field in (
                ("territory", StoryTerritory, "territory_id"),
                ("hashtag", StoryHashtag, "hashtag_id"),
            ):
                rows = model.objects.filter(page_id__in=tags).values_list("page_id", field)
                for page_id, target_id in rows:
                    tags[page_id].add((kind, target_id))
            self._story_tags[locale_id] = tags
        return self._story_tags[locale_id]

    def stories_listing(self, story):
        """The live stories of the story's language whose "related stories" may show it:
        those sharing a territory or a hashtag with it, and those whose list is filled up
        with the latest stories because fewer than three stories share anything with them."""
        tags = self.story_tags(story.locale_id)
        mine = set(tags.get(story.pk, ()))
        # Its links as saved (a story being unpublished or deleted is no longer live).
        for kind, model, field in (
            ("territory", StoryTerritory, "territory_id"),
            ("hashtag", StoryHashtag, "hashtag_id"),
        ):
            ids = model.objects.filter(page_id=story.pk).values_list(field, flat=True)
            mine |= {(kind, pk) for pk in ids}
        stories_with = defaultdict(set)
        for pk, story_tags in tags.items():
            for tag in story_tags:
                stories_with[tag].add(pk)
        listing = set()
        for pk, story_tags in tags.items():
            if pk == story.pk:
                continue
            if story_tags & mine:
                listing.add(pk)
                continue
            neighbours = set()
            for tag in story_tags:
                neighbours |= stories_with[tag]
            neighbours.discard(pk)
            neighbours.discard(story.pk)
            if len(neighbours) < RELATED_STORIES:
                listing.add(pk)
        return listing
