from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError

from core.storage import MediaStorage, prepare_bucket


class Command(BaseCommand):
    help = (
        "With media on object storage (AWS_STORAGE_BUCKET_NAME): create the bucket when "
        "missing and give it the policy that lets anyone read images, and nothing else. "
        "Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-create",
            action="store_false",
            dest="create",
            help="Only set the policy of an existing bucket.",
        )

    def handle(self, *args, create, **options):
        storage = storages["default"]
        if not isinstance(storage, MediaStorage):
            raise CommandError("AWS_STORAGE_BUCKET_NAME is not set: media are on the local disk.")
        created = prepare_bucket(storage, create=create)
        action = "Created bucket" if created else "Bucket"
        self.stdout.write(
            f"{action} {storage.bucket_name}: images readable by anyone, documents and "
            "proposals private."
        )
