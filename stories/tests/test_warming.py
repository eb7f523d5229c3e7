"""The worker's warm-up after a publish (stories.tasks): queued once per transaction, after
the content version's last bump, and only where a worker runs the queue."""

import pytest
from django.db import transaction
from django.test import override_settings

from core import cache as core_cache
from stories import tasks
from stories.models import StoryPage

pytestmark = pytest.mark.django_db

WORKER_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def publish_two_stories_in_one_transaction(italian):
    with transaction.atomic():
        for story in StoryPage.objects.live().filter(locale=italian)[:2]:
            story.save_revision().publish()


def test_publishes_in_one_transaction_queue_one_warm_up_after_the_last_bump(
    django_capture_on_commit_callbacks, italian
):
    with (
        override_settings(TASKS=WORKER_QUEUE),
        django_capture_on_commit_callbacks() as callbacks,
    ):
        publish_two_stories_in_one_transaction(italian)
    warm_ups = [i for i, callback in enumerate(callbacks) if callback is tasks._enqueue_warming]
    bumps = [i for i, callback in enumerate(callbacks) if callback is core_cache._bump]
    assert len(warm_ups) == 1
    assert bumps and warm_ups[0] > max(bumps)


def test_without_a_worker_nothing_is_queued(django_capture_on_commit_callbacks, italian):
    with django_capture_on_commit_callbacks() as callbacks:
        publish_two_stories_in_one_transaction(italian)
    assert tasks._enqueue_warming not in callbacks
