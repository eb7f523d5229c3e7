"""``manage.py import_stories FILE [--dry-run]``: stories from a CSV file, as drafts.

The work is done in ``editorial.importing``; this command reads the file, shows progress and
reports. Messages follow the site's LANGUAGE_CODE (Italian), as Django leaves it active.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from editorial.importing import ImportFileError, ImportWriteError, prepare_import, write_import

BAR_WIDTH = 30


class ProgressBar:
    """A one-line progress bar on stderr, redrawn in place at each hundredth (a redraw per
    row wrote a thousand lines into a log for a 1,000-row file)."""

    def __init__(self, stream, label):
        self.stream = stream
        self.label = label
        self.drawn = None

    def __call__(self, done, total):
        step = 100 * done // total if total else 100
        if step == self.drawn and done < total:
            return
        self.drawn = step
        filled = BAR_WIDTH * done // total if total else BAR_WIDTH
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        ending = "\n" if done >= total else ""
        self.stream.write(
            f"\r{self.label} [{bar}] {done}/{total}", style_func=lambda text: text, ending=ending
        )
        self.stream.flush()


class Command(BaseCommand):
    @property
    def help(self):  # argparse needs a plain string, in the language of the run
        return _(
            "Import stories from a CSV file as drafts for review, with the organisations and "
            "territories they name. A file with a bad row imports nothing."
        )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("The CSV file (UTF-8)."))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Check the file and say what would be created; write nothing."),
        )
        parser.add_argument(
            "--allow-similar",
            action="store_true",
            help=_(
                "Also create the stories whose title is close to an existing story's "
                "(without it they are reported and skipped)."
            ),
        )

    def handle(self, *args, file, dry_run=False, allow_similar=False, verbosity=1, **options):
        self.verbosity = verbosity
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": error.strerror}
            ) from None
        try:
            plan = prepare_import(
                data, progress=self.progress_bar(_("Checking")), allow_similar=allow_similar
            )
        except ImportFileError as error:
            raise CommandError(
                _("%(file)s: %(problem)s") % {"file": file, "problem": " ".join(error.messages)}
            ) from None

        if plan.errors:
            for error in plan.errors:
                self.stderr.write(str(error))
            bad_rows = len({error.line for error in plan.errors})
            raise CommandError(
                ngettext(
                    "%(count)s bad row: nothing was imported.",
                    "%(count)s bad rows: nothing was imported.",
                    bad_rows,
                )
                % {"count": bad_rows}
            )

        if dry_run:
            self.report_plan(plan)
            return
        try:
            result = write_import(plan, progress=self.progress_bar(_("Importing")))
        except ImportWriteError as error:
            message = (
                _("Line %(line)s could not be saved: %(reason)s")
                if error.line
                else _("The import could not be saved: %(reason)s")
            )
            raise CommandError(
                message % {"line": error.line, "reason": error.reason}
                + " "
                + _("Nothing was imported.")
            ) from None
        self.report_result(plan, result)

    def progress_bar(self, label):
        return ProgressBar(self.stderr, label) if self.verbosity >= 1 else None

    def say(self, message):
        if self.verbosity >= 1:
            self.stdout.write(message)

    def report_present(self, plan):
        for row in plan.already_present:
            self.say(
                _('Line %(line)s: "%(title)s" is already present in %(programme)s: skipped.')
                % {"line": row.line, "title": row.title, "programme": row.programme.title}
            )

    def report_similar(self, plan, matches=True):
        for row in plan.rows:
            if row.similar_to is None:
                continue
            similar = {
                "line": row.line,
                "title": row.title,
                "similar": row.similar_to.title,
                "programme": row.similar_to.programme,
            }
            if row.skipped_as_similar:
                message = _(
                    'Line %(line)s: "%(title)s" is close to the existing story "%(similar)s" '
                    "(%(programme)s): did you mean that one? Skipped; to create it all the "
                    "same, run again with --allow-similar."
                )
            else:
                message = _(
                    'Line %(line)s: "%(title)s" is close to the existing story "%(similar)s" '
                    "(%(programme)s), created all the same as --allow-similar was given."
                )
            self.say(message % similar)
            if row.skipped_as_similar and matches:
                self.report_matches(row)

    def report_matches(self, row):
        """What each name in the row's cells was found to be."""
        for match in row.matches:
            self.say(
                _("Line %(line)s, %(column)s: %(match)s")
                % {"line": row.line, "column": match.column, "match": match}
            )

    def report_to_complete(self, row):
        for note in row.to_complete:
            self.say(_("Line %(line)s, to complete: %(note)s") % {"line": row.line, "note": note})

    def report_plan(self, plan):
        for row in plan.to_create:
            self.say(
                _('Line %(line)s: "%(title)s" would be created as a draft in %(programme)s.')
                % {"line": row.line, "title": row.title, "programme": row.programme.title}
            )
            self.report_matches(row)
            self.report_to_complete(row)
        self.report_present(plan)
        self.report_similar(plan)
        for organisation in plan.new_organisations.values():
            self.say(
                _('New organisation: "%(name)s" (%(kind)s).')
                % {"name": organisation.name, "kind": organisation.get_kind_display()}
            )
        for name in plan.new_territories.values():
            self.say(_('New territory, as a draft: "%(name)s".') % {"name": name})
        for programme in plan.new_sections:
            self.say(
                _("New section for the stories of %(programme)s, as a draft.")
                % {"programme": programme.title}
            )
        self.summarise(
            [
                (_("Stories to create as drafts"), len(plan.to_create)),
                (_("Stories already present"), len(plan.already_present)),
                (_("Stories skipped as close to an existing one"), len(plan.skipped_as_similar)),
                (_("Organisations to create"), len(plan.new_organisations)),
                (_("Territories to create as drafts"), len(plan.new_territories)),
                (_("Story sections to create as drafts"), len(plan.new_sections)),
            ]
        )
        self.say(_("Dry run: nothing was written."))

    def report_result(self, plan, result):
        for row, story in result.stories:
            self.say(
                _('Line %(line)s: "%(title)s" created as a draft in %(programme)s (page %(id)s).')
                % {
                    "line": row.line,
                    "title": row.title,
                    "programme": row.programme.title,
                    "id": story.pk,
                }
            )
            self.report_to_complete(row)
        self.report_present(plan)
        self.report_similar(plan, matches=False)
        for organisation in result.organisations:
            self.say(
                _('Organisation created: "%(name)s" (%(kind)s).')
                % {"name": organisation.name, "kind": organisation.get_kind_display()}
            )
        for territory in result.territories:
            self.say(
                _('Territory created as a draft: "%(name)s" (page %(id)s).')
                % {"name": territory.title, "id": territory.pk}
            )
        for section in result.sections:
            self.say(
                _("Section for the stories of %(programme)s created as a draft (page %(id)s).")
                % {"programme": section.programme.title, "id": section.pk}
            )
        self.summarise(
            [
                (_("Stories created as drafts"), len(result.stories)),
                (_("Stories already present"), len(plan.already_present)),
                (_("Stories skipped as close to an existing one"), len(plan.skipped_as_similar)),
                (_("English translations started"), result.translations),
                (_("Organisations created"), len(result.organisations)),
                (_("Territories created as drafts"), len(result.territories)),
                (_("Story sections created as drafts"), len(result.sections)),
            ]
        )

    def summarise(self, counts):
        for label, count in counts:
            self.say(_("%(label)s: %(count)s") % {"label": label, "count": count})
