"""``manage.py prune_revisions [--keep N] [--days D] [--dry-run]``: delete old revisions.

What is kept is said in ``editorial.revisions``: the latest N of each page or snippet, those
newer than D days, and every live, latest, scheduled, moderated or commented revision.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from editorial.management.commands.import_stories import ProgressBar
from editorial.revisions import DEFAULT_DAYS, DEFAULT_KEEP, prune_revisions

# Bounds of the options: a typing slip must not prune a year of history in one go.
MAX_KEEP = 1000
MAX_DAYS = 36500


class Command(BaseCommand):
    @property
    def help(self):  # argparse needs a plain string, in the language of the run
        return _(
            "Delete old revisions of pages and snippets, keeping the latest of each and "
            "every live, scheduled, moderated or commented revision."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep",
            type=int,
            default=DEFAULT_KEEP,
            help=_(
                "Revisions kept for each page or snippet, the latest ones (default: %(default)s)."
            ),
        )
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS,
            help=_("Revisions newer than this many days are all kept (default: %(default)s)."),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Say how many revisions would be deleted; delete nothing."),
        )

    def handle(self, *args, keep, days, dry_run=False, verbosity=1, **options):
        if not 1 <= keep <= MAX_KEEP:
            raise CommandError(_("--keep must be between 1 and %(max)s.") % {"max": MAX_KEEP})
        if not 0 <= days <= MAX_DAYS:
            raise CommandError(_("--days must be between 0 and %(max)s.") % {"max": MAX_DAYS})
        progress = ProgressBar(self.stderr, _("Deleting")) if verbosity >= 1 else None
        result = prune_revisions(keep=keep, days=days, dry_run=dry_run, progress=progress)
        if dry_run:
            message = _("Dry run: %(deleted)s revisions would be deleted, %(kept)s kept.")
        else:
            message = _("%(deleted)s revisions deleted, %(kept)s kept.")
        if verbosity >= 1:
            self.stdout.write(message % {"deleted": result.deleted, "kept": result.kept})
