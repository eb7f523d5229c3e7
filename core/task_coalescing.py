"""Wagtail's index tasks queued once per object and transaction, not once per save.

Each save of a page queues Wagtail's reference-index task and modelsearch's search-index
task, and each save of one of its inline rows (territories, hashtags, partners...) queues
the reference-index task again, which then indexes the row's page. A publish queued 13
tasks for one page, an imported story 24, all run by the worker for two or three objects.

``install()`` puts a ``CoalescedTask`` in place of each task in the module whose signal
receiver enqueues it (``wagtail.signal_handlers``, ``modelsearch.signal_handlers``). Inside
a transaction, what they enqueue is gathered and queued when the transaction commits: each
task once per object, an inline row's reference-index task as its page's (the rows' pages
read in one query per row model). A transaction rolled back queues nothing, as before.
``coalesced_tasks()`` gathers them in a block of its own and queues them at its end: the
import uses it, so that each story is indexed once, not at each save, commit or not.

Outside a transaction the tasks are queued at once, as Wagtail does. The immediate backend
(development, tests) runs them when they are queued: at the commit, so the index is current
when the transaction's changes are. A test's transaction is rolled back rather than
committed: there they run at the end of the test's outermost block of its own
(conftest.py), and at once outside such a block.
"""

import threading
from contextlib import contextmanager

from django.apps import apps
from django.db import connection, transaction
from django_tasks.backends.immediate import ImmediateBackend
from modelcluster.fields import ParentalKey
from modelsearch import signal_handlers as search_handlers
from wagtail import signal_handlers as wagtail_handlers

_ATTRIBUTE = "_coalesced_tasks"
_scopes = threading.local()


class Batch:
    """The tasks gathered in a transaction or a ``coalesced_tasks()`` block; called, it
    queues each once."""

    def __init__(self):
        self.pending = {}  # CoalescedTask: set of argument tuples

    def add(self, coalesced, args):
        self.pending.setdefault(coalesced, set()).add(args)

    def __call__(self):
        pending, self.pending = self.pending, {}
        for coalesced, calls in pending.items():
            for args in sorted(coalesced.resolve(calls)):
                coalesced.task.enqueue(*args)


def _transaction_batch():
    """The batch of the current transaction, registered once on commit. A savepoint rolled
    back may have taken the batch's callback with it (when registered inside it): then
    every object added so far was rolled back too, and a new batch starts."""
    state = getattr(connection, _ATTRIBUTE, None)
    if state is not None:
        seen, batch = state
        if seen is connection.run_on_commit or any(
            entry[1] is batch for entry in connection.run_on_commit
        ):
            setattr(connection, _ATTRIBUTE, (connection.run_on_commit, batch))
            return batch
    batch = Batch()
    # Robust: the transaction is committed; a task that cannot be queued is logged by
    # Django rather than raised to the view that saved.
    transaction.on_commit(batch, robust=True)
    # Django appends to this list; it puts a new one in place at a commit or a rollback.
    setattr(connection, _ATTRIBUTE, (connection.run_on_commit, batch))
    return batch


def current_batch(task):
    scopes = getattr(_scopes, "stack", None)
    if scopes:
        return scopes[-1]
    if not connection.in_atomic_block:
        return None
    if isinstance(task.get_backend(), ImmediateBackend) and not _commits(connection):
        return None
    return _transaction_batch()


def _commits(connection):
    """Whether a block open now commits: with only a test case's own atomic blocks open
    there is no commit to wait for (conftest.py runs a test's batches where it would be)."""
    return any(not block._from_testcase for block in connection.atomic_blocks)


def run_gathered_batches(connection):
    """Queue the batches gathered in the transaction now, as its commit would, and take
    them off its commit callbacks (the tests' stand-in for a commit, conftest.py)."""
    batches = [entry[1] for entry in connection.run_on_commit if isinstance(entry[1], Batch)]
    if batches:
        setattr(connection, _ATTRIBUTE, None)
        connection.run_on_commit[:] = [
            entry for entry in connection.run_on_commit if not isinstance(entry[1], Batch)
        ]
        for batch in batches:
            batch()


@contextmanager
def coalesced_tasks():
    """Gather the coalesced tasks enqueued in the block; queue each once at its end (not
    when the block raises: its transaction is rolled back)."""
    batch = Batch()
    stack = _scopes.__dict__.setdefault("stack", [])
    stack.append(batch)
    try:
        yield batch
    finally:
        stack.pop()
    batch()


def same_arguments(calls):
    return calls


def page_of_inline_rows(calls):
    """``update_reference_index_task`` indexes an inline row's parent (following its first
    ``ParentalKey``, up to an object without one), or nothing when it has none: the same,
    with the parents' keys read in one query per row model."""
    resolved, by_model = set(), {}
    for app_label, model_name, pk in calls:
        by_model.setdefault((app_label, model_name), set()).add(pk)
    while by_model:
        (app_label, model_name), pks = by_model.popitem()
        model = apps.get_model(app_label, model_name)
        parental_keys = [
            field for field in model._meta.get_fields() if isinstance(field, ParentalKey)
        ]
        if not parental_keys:
            resolved.update((app_label, model_name, pk) for pk in pks)
            continue
        key = parental_keys[0]
        parent = key.related_model._meta
        # A row deleted since (or rolled back) has no page to index, as its own task
        # would have failed to find it.
        rows = model._base_manager.filter(pk__in=pks).values_list(key.attname, flat=True)
        parents = {str(parent_pk) for parent_pk in rows if parent_pk is not None}
        if parents:
            by_model.setdefault((parent.app_label, parent.model_name), set()).update(parents)
    return resolved


class CoalescedTask:
    """Stands in for ``task`` where a signal receiver enqueues it; everything but
    ``enqueue`` is the task's own."""

    def __init__(self, task, resolve=same_arguments):
        self.task = task
        self.resolve = resolve

    def __getattr__(self, name):
        return getattr(self.task, name)

    def enqueue(self, *args, **kwargs):
        batch = None if kwargs else current_batch(self.task)
        if batch is None:
            return self.task.enqueue(*args, **kwargs)
        batch.add(self, tuple(args))
        return None


def install():
    """Called by ``CoreConfig.ready``. Raises when an upgrade moved what it replaces."""
    for module, name, resolve in (
        (wagtail_handlers, "update_reference_index_task", page_of_inline_rows),
        (search_handlers, "insert_or_update_object_task", same_arguments),
    ):
        task = getattr(module, name, None)
        if task is None or not hasattr(task, "enqueue"):
            raise RuntimeError(
                f"{module.__name__}.{name} is not a task any more: see core.task_coalescing"
            )
        if not isinstance(task, CoalescedTask):
            setattr(module, name, CoalescedTask(task, resolve))
