"""``manage.py restore ARCHIVE [--force]``: the database and media files of a backup made by
``manage.py backup``, into a fresh site (backups.archive). Messages follow the site's
LANGUAGE_CODE, as import_stories'."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backups.archive import restore_backup
from backups.database import BackupError

from ._summary import summary


class Command(BaseCommand):
    @property
    def help(self):  # argparse needs a plain string, in the language of the run
        return _(
            "Restore a backup made by the backup command: its checksums are verified, then "
            "it replaces the database and the media files. Stop the web servers and the "
            "worker first."
        )

    def add_arguments(self, parser):
        parser.add_argument("archive", help=_("The backup archive (.tar.gz)."))
        parser.add_argument(
            "--force",
            action="store_true",
            help=_(
                "Replace a site that already holds pages, users or media files (without it, "
                "only a fresh site is restored into)."
            ),
        )
        parser.add_argument("--database", default="default", help=_("The database alias."))

    def handle(self, *args, archive, force, database, verbosity=1, **options):
        started = time.monotonic()
        log = self.stdout.write if verbosity >= 1 else None
        try:
            manifest = restore_backup(archive, alias=database, force=force, log=log)
        except BackupError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(_("The restore failed: %(error)s") % {"error": error}) from None
        if verbosity >= 1:
            self.stdout.write(
                _("Restored the backup of %(created)s in %(seconds).1f s: %(summary)s.")
                % {
                    "created": manifest["created_at"],
                    "seconds": time.monotonic() - started,
                    "summary": summary(manifest),
                }
            )
            pending = manifest["pending_migrations"]
            if pending:
                self.stdout.write(
                    ngettext(
                        "%(count)s migration of this code is not applied yet: run "
                        "manage.py migrate.",
                        "%(count)s migrations of this code are not applied yet: run "
                        "manage.py migrate.",
                        pending,
                    )
                    % {"count": pending}
                )
