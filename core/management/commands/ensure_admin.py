import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

CREDENTIALS_FILE = Path(settings.BASE_DIR) / ".admin-credentials"


class Command(BaseCommand):
    help = (
        "Create the local admin account once and print its login. The password is kept in "
        ".admin-credentials (git-ignored) so a second run prints the same login."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))

    def handle(self, *args, port, **options):
        username = os.environ.get("ADMIN_USERNAME", "admin")
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        password = self.saved_password(username)
        if user is None:
            password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
            user_model.objects.create_superuser(
                username=username, email=f"{username}@localhost", password=password
            )
            CREDENTIALS_FILE.write_text(f"{username}\n{password}\n")
            CREDENTIALS_FILE.chmod(0o600)
            action = "Created"
        else:
            action = "Reusing"
            if password is None or not user.check_password(password):
                password = "(unchanged: the password you set for this account)"
        self.stdout.write(
            self.style.SUCCESS(
                f"{action} admin account. Log in at http://127.0.0.1:{port}/admin/ "
                f"as '{username}' with password: {password}"
            )
        )

    def saved_password(self, username):
        if not CREDENTIALS_FILE.exists():
            return None
        lines = CREDENTIALS_FILE.read_text().splitlines()
        if len(lines) >= 2 and lines[0] == username:
            return lines[1]
        return None
