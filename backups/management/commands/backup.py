"""``manage.py backup DESTINATION [--keep N]``: the database and every media file in one
archive (backups.archive). Messages follow the site's LANGUAGE_CODE, as import_stories'."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from backups.archive import create_backup, prune
from backups.database import BackupError

from ._summary import summary


class Command(BaseCommand):
    @property
    def help(self):  # argparse needs a plain string, in the language of the run
        return _(
            "Back up the database and the media files (images, documents, proposals' files) "
            "in one archive with a manifest of checksums."
        )

    def add_arguments(self, parser):
        parser.add_argument(
            "destination",
            help=_("The archive to write, or a folder to write a dated archive in."),
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help=_(
                "Then delete all but this many newest dated archives in the folder "
                "(0, the default: delete none)."
            ),
        )
        parser.add_argument("--database", default="default", help=_("The database alias."))

    def handle(self, *args, destination, keep, database, verbosity=1, **options):
        started = time.monotonic()
        try:
            path, manifest = create_backup(destination, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(
                _("The backup could not be written: %(error)s") % {"error": error}
            ) from None
        if verbosity >= 1:
            self.stdout.write(
                _("Backup written to %(path)s (%(size).1f MB) in %(seconds).1f s: %(summary)s.")
                % {
                    "path": path,
                    "size": path.stat().st_size / 1e6,
                    "seconds": time.monotonic() - started,
                    "summary": summary(manifest),
                }
            )
        if keep > 0:
            for old in prune(path.parent, keep):
                if verbosity >= 1:
                    self.stdout.write(_("Deleted the older backup %(path)s.") % {"path": old})
