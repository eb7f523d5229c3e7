from django.core.management.base import BaseCommand, CommandError

from demo.loader import DemoLoader, MissingTranslation


class Command(BaseCommand):
    help = "Build the demo site (Italian pages and their English translations). Safe to re-run."

    def handle(self, *args, **options):
        try:
            DemoLoader(log=self.stdout.write).load()
        except MissingTranslation as error:
            raise CommandError(str(error)) from error
