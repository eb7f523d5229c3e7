from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.generated import (
    GenerationRefused,
    delete_generated_stories,
    generate_stories,
    generated_stories,
)


class Command(BaseCommand):
    help = (
        "For benchmarks only: add COUNT live Italian stories with their English translations "
        "on top of the demo, written in bulk (see demo/generated.py). --delete removes them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--count",
            type=int,
            default=10_000,
            help="Stories wanted in each language (those generated already count).",
        )
        parser.add_argument("--delete", action="store_true", help="Remove the generated stories.")
        parser.add_argument(
            "--force", action="store_true", help="Run even with the production settings."
        )
        parser.add_argument("--seed", type=int, default=15, help="Seed of the random choices.")
        parser.add_argument(
            "--no-index",
            dest="update_index",
            action="store_false",
            help="Leave the search index as it is (tests).",
        )

    def handle(self, *args, count, delete, force, seed, update_index, **options):
        if settings.SETTINGS_MODULE.endswith(".production") and not force:
            raise CommandError(
                "These are the production settings: generated stories are for benchmarks. "
                "Add --force to add them anyway."
            )
        log = self.stdout.write if options["verbosity"] else lambda message: None
        if delete:
            deleted = delete_generated_stories(update_index=update_index, log=log)
            log(f"Deleted {deleted} generated pages.")
            return
        if not 0 < count <= 50_000:
            raise CommandError("--count takes a number from 1 to 50000.")
        existing = generated_stories("it").count()
        if existing >= count:
            log(f"{existing} generated stories in each language already: nothing to add.")
            return
        try:
            made = generate_stories(count - existing, seed=seed, update_index=update_index, log=log)
        except GenerationRefused as error:
            raise CommandError(str(error)) from error
        log(f"Generated {made} stories in each language ({count} in all).")
