"""The background worker (``manage.py run_worker``): scheduled publishing and queued tasks.

Every ``WORKER_INTERVAL`` seconds it

1. unpublishes the pages (and other draft-state objects) whose expiry date has passed and
   publishes the revisions whose go-live date has come, as Wagtail's ``publish_scheduled``
   command does, so the usual signals follow (content version, proxy purge);
2. runs the tasks queued in the database (django-tasks-db's ``DatabaseBackend``): Wagtail's
   search-index and reference-index updates, image focal points and file deletions, the
   proposal e-mails, the proxy purges; until none is ready.

One log line per thing done. SIGTERM or SIGINT stops it after the task in hand, within
a fifth of a second when it is waiting (a second signal stops it at once). A database that
does not answer is logged and tried again on the next round, so the worker outlives a
database restart.

Several workers may run tasks side by side (each claims its task under a row lock); run
one for scheduled publishing, as publishing a revision twice at the same moment is not
guarded against.
"""

import logging
import signal
import sys
import time

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist
from django.db import InterfaceError, OperationalError, connections, transaction
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskContext, task_backends
from django_tasks.signals import task_finished, task_started
from django_tasks.utils import get_random_id
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from wagtail.models import DraftStateMixin, Page, Revision

logger = logging.getLogger("site_cms.worker")

# How often the worker looks for work, in seconds: a scheduled page goes live, and a queued
# e-mail or index update is done, within this time. Each round costs a few small indexed
# queries (one per draft-state model, one for revisions, one for tasks).
DEFAULT_INTERVAL = 5.0
# A database that does not answer ends the round (run_round); any other error in publishing
# one item is logged and the others, and the queued tasks, go on: one broken revision must
# not hold back every e-mail and index update.
DATABASE_ERRORS = (OperationalError, InterfaceError)


def unpublish_expired():
    """Unpublish what is live past its expiry date; returns how many."""
    models = [Page] + [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]
    done = 0
    for model in models:
        expired = model.objects.filter(live=True, expire_at__lt=timezone.now())
        for obj in list(expired.order_by("expire_at")):
            try:
                obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
            except DATABASE_ERRORS:
                raise
            except Exception:
                logger.exception("Could not unpublish %s %s on its expiry date", model, obj.pk)
                continue
            logger.info(
                "Unpublished on its expiry date: %s %s %r (expired %s)",
                type(obj).__name__,
                obj.pk,
                str(obj),
                obj.expire_at.isoformat(),
            )
            done += 1
    return done


def publish_due():
    """Publish the revisions whose go-live date has come; returns how many."""
    done = 0
    due = Revision.objects.filter(approved_go_live_at__lt=timezone.now())
    for revision in list(due.order_by("approved_go_live_at")):
        go_live_at = revision.approved_go_live_at
        try:
            revision.publish(log_action="wagtail.publish.scheduled")
        except DATABASE_ERRORS:
            raise
        except Exception:
            logger.exception("Could not publish revision %s on its go-live date", revision.pk)
            continue
        logger.info(
            "Published on its go-live date: %s %s %r (due %s)",
            revision.content_type.model_class().__name__,
            revision.object_id,
            revision.object_str,
            go_live_at.isoformat(),
        )
        done += 1
    return done


def publish_scheduled():
    return unpublish_expired() + publish_due()


class Worker:
    def __init__(self, interval=DEFAULT_INTERVAL, backend_name=DEFAULT_TASK_BACKEND_ALIAS):
        self.interval = interval
        self.backend_name = backend_name
        self.worker_id = get_random_id()
        self.stopping = False
        backend = task_backends[backend_name]
        # With the immediate backend (development, tests) tasks run where they are queued:
        # only scheduled publishing is left to do here.
        self.runs_tasks = isinstance(backend, DatabaseBackend)

    # --- Stopping ----------------------------------------------------------------------

    def install_signal_handlers(self):
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self.stop)

    def stop(self, signum, frame):
        # Only a flag: a signal handler must not take locks the interrupted code may hold.
        if self.stopping:
            sys.exit(1)
        self.stopping = signal.Signals(signum).name

    def sleep(self, seconds):
        """Wait for the next round, waking up at once when asked to stop."""
        deadline = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < deadline:
            time.sleep(min(0.2, deadline - time.monotonic()))

    # --- Work --------------------------------------------------------------------------

    def run(self, once=False):
        logger.info(
            "Worker %s started: every %ss, scheduled publishing%s",
            self.worker_id,
            self.interval,
            " and queued tasks" if self.runs_tasks else " (tasks run where they are queued)",
        )
        while not self.stopping:
            self.run_round()
            if once:
                break
            self.sleep(self.interval)
        reason = f" on {self.stopping}" if self.stopping else ""
        logger.info("Worker %s stopped%s", self.worker_id, reason)

    def run_round(self):
        """Scheduled publishing, then every task that is ready. Returns how many things
        were done."""
        done = 0
        try:
            done += publish_scheduled()
            while self.runs_tasks and not self.stopping:
                if not self.run_next_task():
                    break
                done += 1
        except DATABASE_ERRORS as error:
            logger.warning("The database does not answer (%s); trying again later", error)
        finally:
            # As after a request: drop connections that broke or outlived CONN_MAX_AGE
            # (never one inside a transaction: a round run by a test).
            for conn in connections.all(initialized_only=True):
                if not conn.in_atomic_block:
                    conn.close_if_unusable_or_obsolete()
        return done

    def run_next_task(self):
        """Claim the next ready task and run it; False when none is ready."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        # PostgreSQL locks the row (SKIP LOCKED: two workers never claim the same task);
        # SQLite's transactions here begin IMMEDIATE (settings), which holds the database's
        # write lock from the start, so a second worker waits and then sees the task taken.
        with transaction.atomic(using=tasks.db):
            try:
                db_result = tasks.get_locked()
            except OperationalError as error:
                if "is locked" not in str(error):
                    raise
                return False  # SQLite busy with a writer for too long: next round
            if db_result is None:
                return False
            db_result.claim(self.worker_id)
        self.run_task(db_result)
        return True

    def run_task(self, db_result):
        """Run a claimed task, record its outcome, send django-tasks' signals and log one
        line (with the traceback when it failed)."""
        started = time.monotonic()
        backend_type = type(task_backends[self.backend_name])
        task_result = None
        try:
            task = db_result.task
            task_result = db_result.task_result
            task_started.send(sender=backend_type, task_result=task_result)
            arguments = [TaskContext(task_result=task_result)] if task.takes_context else []
            return_value = task.call(*arguments, *task_result.args, **task_result.kwargs)
            db_result.set_successful(return_value)
        except ObjectDoesNotExist as error:
            # The object was deleted before its task ran (Wagtail queues an index update on
            # every save): nothing left to do, not an error worth a report.
            db_result.set_failed(error)
            logger.warning("Task failed: %s id=%s: %s", db_result.task_path, db_result.id, error)
        except BaseException as error:
            # BaseException too: a second stop signal (SystemExit) must not leave the task
            # claimed and running for ever; it is recorded as failed, then the worker stops.
            db_result.set_failed(error)
            if not isinstance(error, Exception):
                raise
            logger.error(
                "Task failed: %s id=%s in %.2fs",
                db_result.task_path,
                db_result.id,
                time.monotonic() - started,
                exc_info=error,
            )
        else:
            logger.info(
                "Task done: %s id=%s in %.2fs",
                db_result.task_path,
                db_result.id,
                time.monotonic() - started,
            )
        if task_result is not None:  # None: the task's code could not even be imported
            task_finished.send(sender=backend_type, task_result=db_result.task_result)
