"""Work done after a publish, by the worker (``manage.py run_worker``) in production and at
once in development and tests (settings.TASKS)."""

from django.apps import apps
from django.db import connection, transaction
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend
from wagtail.models import Locale

from .explorer import StoryExplorer
from .listing_index import language_index
from .models import StoryPage
from .models.base import StoryListingMixin


@task()
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
            StoryExplorer.warm(stories, locale_id=page.locale_id, fixed=page.fixed_filter)
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
