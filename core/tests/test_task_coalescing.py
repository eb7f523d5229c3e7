"""Wagtail's index tasks queued once per object and transaction (core/task_coalescing.py,
docs/upstream.md)."""

from collections import Counter

import pytest
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from modelsearch import signal_handlers as search_handlers
from modelsearch.tasks import insert_or_update_object_task
from wagtail import signal_handlers as wagtail_handlers
from wagtail.models import ReferenceIndex
from wagtail.tasks import update_reference_index_task

from core.task_coalescing import CoalescedTask
from stories.models import StoryPage
from tests.upstream import assert_unchanged

pytestmark = pytest.mark.django_db

WORKER_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
INDEX_TASKS = (update_reference_index_task.module_path, insert_or_update_object_task.module_path)

# Wagtail 8.0.1, modelsearch 1.3.2: the receivers that enqueue the tasks by their module's
# name, and the task whose following of an inline row's ParentalKey is repeated in bulk.
UPSTREAM = [
    (
        wagtail_handlers.update_reference_index_on_save,
        "d75f8ade7b1d1eb65ca9843c9862fd0769ea97b9c0e56ad6f1c52c8e7560334a",
        "core.task_coalescing.install (replaces the task this receiver enqueues)",
    ),
    (
        search_handlers.post_save_signal_handler,
        "e4d856ed0212636f10ba82441bf8cdb39969038db9829e68f738e3bec56cf2c7",
        "core.task_coalescing.install (replaces the task this receiver enqueues)",
    ),
    (
        update_reference_index_task.func,
        "731eae2821cae19a87279d67861c3ce2c2d5a86d9e67d94f52f4fb7ac9966151",
        "core.task_coalescing.page_of_inline_rows (an inline row's task indexes its page)",
    ),
]


@pytest.mark.parametrize(("upstream", "expected", "ours"), UPSTREAM)
def test_upstream_is_unchanged(upstream, expected, ours):
    assert_unchanged(upstream, expected, ours)


def test_the_receivers_enqueue_through_the_coalesced_tasks():
    assert isinstance(wagtail_handlers.update_reference_index_task, CoalescedTask)
    assert isinstance(search_handlers.insert_or_update_object_task, CoalescedTask)


def queued_index_tasks(before):
    return Counter(
        (result.task_path, tuple(result.args_kwargs["args"]))
        for result in DBTaskResult.objects.exclude(pk__in=before)
        if result.task_path in INDEX_TASKS
    )


@pytest.fixture
def story(italian):
    """A live story with inline rows (territories, hashtags), a draft of it saved."""
    story = StoryPage.objects.live().filter(locale=italian).order_by("pk").first()
    assert story.territory_links.exists() and story.hashtag_links.exists()
    return story


def test_a_publish_queues_each_index_task_once_for_its_page(
    django_capture_on_commit_callbacks, story
):
    revision = story.save_revision()
    before = list(DBTaskResult.objects.values_list("pk", flat=True))
    with (
        override_settings(TASKS=WORKER_QUEUE),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        revision.publish()
        # Nothing is queued before the commit.
        assert not queued_index_tasks(before)
    page = ("stories", "storypage", str(story.pk))
    # Wagtail queued 13: the page's two at each of its saves, one per inline row.
    assert queued_index_tasks(before) == Counter({(task, page): 1 for task in INDEX_TASKS})


def test_a_transaction_rolled_back_queues_nothing_and_the_next_one_queues_its_own(
    django_capture_on_commit_callbacks, story
):
    before = list(DBTaskResult.objects.values_list("pk", flat=True))
    with (
        override_settings(TASKS=WORKER_QUEUE),
        django_capture_on_commit_callbacks(execute=True),
    ):
        with pytest.raises(RuntimeError), transaction.atomic():
            story.save_revision().publish()
            raise RuntimeError("rolled back")
        with transaction.atomic():
            StoryPage.objects.get(pk=story.pk).save_revision().publish()
    page = ("stories", "storypage", str(story.pk))
    assert queued_index_tasks(before) == Counter({(task, page): 1 for task in INDEX_TASKS})


def test_with_the_immediate_backend_tasks_run_at_once(story):
    """Development and tests: no worker, Wagtail's behaviour (the index is current as soon
    as the save returns)."""
    link = story.territory_links.first()
    ReferenceIndex.objects.filter(object_id=str(story.pk)).delete()
    with transaction.atomic():
        link.save()
        assert ReferenceIndex.objects.filter(object_id=str(story.pk)).exists()
