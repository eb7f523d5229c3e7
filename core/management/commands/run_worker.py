import logging
import os

from django.core.management.base import BaseCommand, CommandError

from core.worker import DEFAULT_INTERVAL, Worker


def positive_seconds(value):
    seconds = float(value)
    if not seconds > 0:
        raise ValueError(value)
    return seconds


class Command(BaseCommand):
    help = (
        "Publish and unpublish pages on their scheduled dates and run the tasks queued in the "
        "database, every WORKER_INTERVAL seconds, until SIGTERM or Ctrl-C (core/worker.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=positive_seconds,
            default=None,
            help=f"seconds between rounds (default: WORKER_INTERVAL, else {DEFAULT_INTERVAL:g})",
        )
        parser.add_argument(
            "--once", action="store_true", help="do one round and exit (for cron or a timer)"
        )

    def handle(self, *args, interval, once, **options):
        if interval is None:
            try:
                interval = positive_seconds(os.environ.get("WORKER_INTERVAL", DEFAULT_INTERVAL))
            except ValueError as error:
                raise CommandError("WORKER_INTERVAL must be a number of seconds above 0") from error
        # The worker logs every task itself, with its traceback when it fails; django-tasks'
        # own lines (started, finished) would only repeat it.
        logging.getLogger("django_tasks").setLevel(logging.CRITICAL)
        worker = Worker(interval=interval)
        if not once:
            worker.install_signal_handlers()
        worker.run(once=once)
