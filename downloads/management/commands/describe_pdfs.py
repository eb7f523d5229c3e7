import time

from django.core.management.base import BaseCommand
from wagtail.documents import get_document_model

from downloads.describe import describe_document, is_described


class Command(BaseCommand):
    help = (
        "Read every document's PDF not read yet (page count, cover, text of each page for "
        "the search inside the reports). --all reads them all again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Read every file again, even those read already."
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        read = unreadable = 0
        for document in get_document_model().objects.order_by("pk").iterator():
            if not options["all"] and is_described(document):
                continue
            details = describe_document(document, force=options["all"])
            read += details is not None
            unreadable += details is not None and not details.readable
        if options["verbosity"]:
            self.stdout.write(
                f"{read} documents described ({unreadable} unreadable) "
                f"in {time.perf_counter() - started:.2f} s."
            )
