"""Work done after a publish, by the worker (``manage.py run_worker``) in production and at
once in development and tests (settings.TASKS)."""

from django_tasks import task
from wagtail.models import Locale

from stories.tasks import WARMING_PRIORITY, after_commit_once

from .counters import headline_counters


@task(priority=WARMING_PRIORITY)
def warm_home():
    """Count the home page's headline counters of each language under the current content
    version (queries over every story), so that the first reader after a publish does not
    wait for them. Returns how many languages were counted."""
    locale_ids = list(Locale.objects.values_list("pk", flat=True))
    for locale_id in locale_ids:
        headline_counters(locale_id)
    return len(locale_ids)


def _enqueue_warming():
    warm_home.enqueue()


def queue_warming(**kwargs):
    """Receiver of the signals that change what the home page counts."""
    after_commit_once(warm_home, _enqueue_warming)
