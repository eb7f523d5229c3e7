"""Work done after a publish, by the worker (``manage.py run_worker``) in production and at
once in development and tests (settings.TASKS)."""

import logging
from urllib.parse import urlencode

from django.apps import apps
from django.db import connection, transaction
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend
from wagtail.models import Locale, Page

from core.cache import readers_variants
from core.warming import output_paths, render_for_readers

from .explorer import StoryExplorer
from .listing_index import language_index
from .models import (
    HashtagIndexPage,
    HashtagPage,
    ReportPage,
    StoryIndexPage,
    StoryPage,
    StoryTerritory,
    TerritoryIndexPage,
)
from .models.base import StoryListingMixin
from .queries import territory_tree

logger = logging.getLogger(__name__)

# Below the default priority: the worker runs the warm-ups after the tasks queued with the
# publish, among them the search index's update, whose change bumps the content version
# again (core.task_effects) and would throw away what was warmed before it.
WARMING_PRIORITY = -10
# Pages rendered for one transaction's publishes at most: a story touches about a dozen
# (both languages), an import of a thousand stories warms the shared pages and the first few.
MAX_WARMED_PAGES = 60


@task(priority=WARMING_PRIORITY)
def warm_listings():
    """Build the story indexes (``stories.listing_index``) of each language and of every
    public listing page under the current content version, so that the first readers after
    a publish do not wait for them. An index built already is read, not built again: a
    burst of publishes costs one build. Returns how many indexes were warmed."""
    refresh_planner_statistics()
    warmed = 0
    for locale_id in Locale.objects.values_list("pk", flat=True):
        language_index(locale_id)
        warmed += 1
    for model in apps.get_models():
        if not issubclass(model, StoryListingMixin):
            continue
        for page in model.objects.live().public():
            stories = page.listed_stories(StoryPage.objects.live())
            StoryExplorer.warm(
                stories,
                locale_id=page.locale_id,
                fixed=page.fixed_filter,
                listing=page.listing_name,
            )
            warmed += 1
    return warmed


def refresh_planner_statistics():
    """On SQLite, gather the statistics its query planner reads (PostgreSQL's autovacuum does
    this by itself). Without them, at 10,000 stories SQLite read every page of the site for
    the home's four hashtags, in the path order, rather than the few hashtag pages. The
    analysis limit keeps it to a fraction of a second whatever the size of the database."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA analysis_limit=1000")
            cursor.execute("ANALYZE")
            # ANALYZE writes nothing for an empty table, and SQLite then takes it for a
            # large one: with no view restriction on the site, it read every page to look
            # each one's restrictions up (3 ms at 10,000 stories a language, twice per API
            # request). An empty table is said to hold one row.
            cursor.execute(
                "INSERT INTO sqlite_stat1 (tbl, idx, stat)"
                " SELECT name, NULL, '1' FROM sqlite_schema WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
                " AND name NOT IN (SELECT tbl FROM sqlite_stat1)"
            )
            # The statistics are read again by the next statements of every connection.
            cursor.execute("ANALYZE sqlite_schema")


def after_commit_once(warming_task, enqueue):
    """Call ``enqueue`` once the current transaction commits: once however many pages it
    publishes, and after the content version's last bump (``core.cache`` bumps it again on
    commit), so that what is warmed is kept under the version readers will ask for.

    Only for a worker: with the immediate backend (development, tests) the editor's publish
    would wait for the warming, and the first reader builds what it needs as fast."""
    if isinstance(warming_task.get_backend(), ImmediateBackend):
        return
    if connection.in_atomic_block:
        # Moved to the end of the callbacks: after every bump of this transaction.
        connection.run_on_commit = [
            entry for entry in connection.run_on_commit if entry[1] is not enqueue
        ]
    transaction.on_commit(enqueue)


def _enqueue_warming():
    warm_listings.enqueue()


def queue_warming(**kwargs):
    """Receiver of the signals that change what the listings show."""
    after_commit_once(warm_listings, _enqueue_warming)


@task(priority=WARMING_PRIORITY)
def warm_pages(page_ids):
    """Render the pages that publishing (unpublishing, moving) ``page_ids`` changed, as a
    reader without a session would ask for them (``core.warming``), so that the first
    readers after a publish find their fragments kept under the new content version; then
    the explorer's views readers came back to (``core.cache.readers_variants``: filters
    and pages beyond the first, which no publish names). Returns how many pages were
    rendered."""
    try:
        return render_for_readers([*touched_paths(page_ids), *readers_variants()])
    except Exception:
        # A failed warm-up costs the next reader a render, nothing more.
        logger.warning("Warming the pages of %s failed.", page_ids, exc_info=True)
        return 0


def touched_paths(page_ids):
    """The addresses of the live public pages that show the pages ``page_ids``, pages
    shared by many first (home, indexes, listings), at most ``MAX_WARMED_PAGES``: each
    page's language versions and the pages above them; for a story, also its programme,
    hashtags, territories (with those they lie within), the reports naming it, the hashtag
    and territory indexes, and the explorer filtered by each of its hashtags; and the
    outputs of the apps above that show them (``core.warming.output_paths``: the feeds, the
    sitemap), after the shared pages."""
    shared, own, explorer_filters = {}, {}, {}  # dicts as ordered sets
    live_versions = {}
    for page in Page.objects.filter(pk__in=page_ids).order_by("-last_published_at")[
        :MAX_WARMED_PAGES
    ]:
        if len(shared) + len(own) >= MAX_WARMED_PAGES:
            break
        for version in page.get_translations(inclusive=True).specific():
            own[version.pk] = None
            if version.live:
                live_versions[version.pk] = version
            ancestors = version.get_ancestors().filter(depth__gt=1)
            shared.update(dict.fromkeys(ancestors.values_list("pk", flat=True)))
            if isinstance(version, StoryPage):
                shared.update(dict.fromkeys(pages_listing(version)))
                explorer_filters.update(
                    dict.fromkeys(
                        (version.locale_id, slug)
                        for slug in HashtagPage.objects.filter(
                            story_links__page=version, live=True
                        ).values_list("slug", flat=True)
                    )
                )
    ids = [*shared, *(pk for pk in own if pk not in shared)][:MAX_WARMED_PAGES]
    pages = Page.objects.live().public().filter(pk__in=ids).select_related("locale").in_bulk()
    site_paths_memo = _SitePathsMemo()

    def path_of(page):
        parts = page.get_url_parts(request=site_paths_memo)
        return parts[2] if parts is not None else None

    paths = [path for path in (path_of(pages[pk]) for pk in shared if pk in pages) if path]
    paths += [path for path in output_paths(list(live_versions.values())) if path not in paths]
    own_paths = (path_of(pages[pk]) for pk in ids if pk in pages and pk not in shared)
    paths += [path for path in own_paths if path and path not in paths]
    del paths[MAX_WARMED_PAGES:]
    indexes = {index.locale_id: path_of(index) for index in StoryIndexPage.objects.live().public()}
    for locale_id, slug in explorer_filters:
        if indexes.get(locale_id) and len(paths) < MAX_WARMED_PAGES:
            paths.append(f"{indexes[locale_id]}?{urlencode({'hashtag': slug})}")
    return paths


def pages_listing(story):
    """The pages besides its ancestors that list or count ``story``."""
    ids = set(HashtagPage.objects.filter(story_links__page=story).values_list("pk", flat=True))
    territories = StoryTerritory.objects.filter(page=story).values_list("territory_id", flat=True)
    tree = territory_tree(story.locale_id) if territories else None
    for territory_id in territories:
        ids.update(tree.enclosing(territory_id))
    ids.update(ReportPage.objects.filter(story_links__story=story).values_list("pk", flat=True))
    for index in (HashtagIndexPage, TerritoryIndexPage):
        ids.update(index.objects.filter(locale_id=story.locale_id).values_list("pk", flat=True))
    if story.programme_id:
        ids.add(story.programme_id)
    return sorted(ids)


class _SitePathsMemo:
    """Where ``Page.get_url_parts`` keeps the sites' root paths it read (Wagtail caches them
    on whatever object it is given as the request)."""


class PendingPages:
    """The pages of one transaction's publishes, warmed by one task once it commits."""

    def __init__(self):
        self.ids = set()

    def __call__(self):
        try:
            warm_pages.enqueue(sorted(self.ids))
        except Exception:
            # The publish is committed: a warm-up that cannot be queued must not undo it.
            logger.warning(
                "Could not queue the warm-up of pages %s.", sorted(self.ids), exc_info=True
            )


def queue_page_warming(instance, **kwargs):
    """Receiver of the signals that change what a page and the pages showing it render."""
    if isinstance(warm_pages.get_backend(), ImmediateBackend) or not isinstance(instance, Page):
        return
    pending = None
    if connection.in_atomic_block:
        pending = next(
            (entry[1] for entry in connection.run_on_commit if isinstance(entry[1], PendingPages)),
            None,
        )
    pending = pending or PendingPages()
    pending.ids.add(instance.pk)
    after_commit_once(warm_pages, pending)
