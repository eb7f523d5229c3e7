"""Tasks that change what readers see, run later by the worker.

Wagtail updates its search index (and its reference index) in tasks. Run at once
(development, tests) they finish before the page's publish signal bumps the content
version. Run by the worker (production) they finish after it, so the public search, which
builds its index once per content version from Wagtail's (``search.engine``),
could keep the page's old text, or miss a new page, until the next publish. So when such a
task, run by a worker, has changed the index entries of its object, the content version is
bumped again; a task that changed nothing (a draft saved) bumps nothing.
"""

import logging

from django.db.models import Count, Max
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import TaskResultStatus
from wagtail.models import ReferenceIndex
from wagtail.search.models import IndexEntry
from wagtail.search.tasks import insert_or_update_object_task
from wagtail.tasks import update_reference_index_task

from .cache import bump_content_version

logger = logging.getLogger(__name__)


def search_index_entries(app_label, model_name, pk):
    """The index rows of the object (those of other models with the same key too: they do
    not change meanwhile)."""
    return list(IndexEntry.objects.filter(object_id=str(pk)).order_by("pk").values())


def reference_index_state(app_label, model_name, pk):
    """The reference index is rewritten for the object's parent when the object is a child
    (an inline): rows are only ever added or deleted, so their count and highest key say
    whether anything changed."""
    return ReferenceIndex.objects.aggregate(rows=Count("pk"), last=Max("pk"))


WATCHED_TASKS = {
    insert_or_update_object_task.module_path: search_index_entries,
    update_reference_index_task.module_path: reference_index_state,
}

_before = {}


def _watched(sender, task_result):
    # django-tasks' backends send their class; django-tasks-db's db_worker sends
    # task_started with the backend instance.
    backend_class = sender if isinstance(sender, type) else type(sender)
    if issubclass(backend_class, ImmediateBackend):
        return None
    return WATCHED_TASKS.get(task_result.task.module_path)


def remember_index_before_task(sender, task_result, **kwargs):
    state = _watched(sender, task_result)
    if state is not None:
        _before[task_result.id] = state(*task_result.args)


def bump_if_task_changed_index(sender, task_result, **kwargs):
    state = _watched(sender, task_result)
    if state is None or task_result.id not in _before:
        return
    before = _before.pop(task_result.id)
    if task_result.status == TaskResultStatus.SUCCESSFUL and state(*task_result.args) != before:
        bump_content_version()
        logger.debug(
            "Content version bumped: %s changed the index (task %s)",
            task_result.task.name,
            task_result.id,
        )
