"""Wagtail's index tasks queued once per object and transaction (core/task_coalescing.py,
docs/upstream.md)."""

from collections import Counter

import pytest
from django.db import transaction
from django.db.transaction import Atomic
from django.test import TestCase, override_settings
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
    # Django 5.2.19: the tests' stand-in for a commit (conftest.py) relies on Atomic keeping
    # its open blocks in ``connection.atomic_blocks`` and TestCase marking its own
    # ``_from_testcase``.
    (
        Atomic.__enter__,
        "f2a91accaf6968281fbff87c88ea9e9579e0901d0615268e411caeac003a2ffc",
        "conftest.commit_index_tasks_at_the_end_of_a_block (atomic_blocks)",
    ),
    (
        Atomic.__exit__.__wrapped__,
        "2a84af4f800c06127f84626ee12305f82c5e1e435c563c88501bd5d8f5c8c9df",
        "conftest.commit_index_tasks_at_the_end_of_a_block (wraps it)",
    ),
    (
        TestCase._enter_atomics,
        "b83dbcd2124e0828ab0c272397ebf1101971fb5c063a90497be7cb71f3366085",
        "conftest.commit_index_tasks_at_the_end_of_a_block (_from_testcase)",
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


def story_references(story):
    return ReferenceIndex.objects.filter(object_id=str(story.pk))


def test_with_the_immediate_backend_tasks_run_at_the_end_of_the_outermost_block(story):
    """Development and tests: no worker. The index is current when the transaction's changes
    are; in a test, at the end of its outermost block of its own (conftest.py)."""
    link = story.territory_links.first()
    story_references(story).delete()
    with transaction.atomic():
        with transaction.atomic():
            link.save()
        link.save()
        assert not story_references(story).exists()
    assert story_references(story).exists()


def test_with_the_immediate_backend_a_save_outside_a_block_is_indexed_at_once(story):
    link = story.territory_links.first()
    story_references(story).delete()
    link.save()
    assert story_references(story).exists()


def test_with_the_immediate_backend_a_block_rolled_back_runs_nothing(story):
    link = story.territory_links.first()
    story_references(story).delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        link.save()
        raise RuntimeError("rolled back")
    with transaction.atomic():
        try:
            with transaction.atomic():
                link.save()
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert not story_references(story).exists()
    # The next block gathers and runs its own.
    with transaction.atomic():
        link.save()
    assert story_references(story).exists()


def test_a_publish_in_a_test_indexes_its_page_once(story, monkeypatch):
    revision = story.save_revision()
    indexed = []
    original = ReferenceIndex.create_or_update_for_object.__func__

    def counted(cls, instance, **kwargs):
        indexed.append(instance)
        return original(cls, instance, **kwargs)

    monkeypatch.setattr(ReferenceIndex, "create_or_update_for_object", classmethod(counted))
    revision.publish()
    # Wagtail's receivers run it at each save of the page and of each of its inline rows.
    assert [(type(page), page.pk) for page in indexed] == [(StoryPage, story.pk)]
