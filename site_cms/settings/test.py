import secrets
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .caches import memory_caches

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The local disk, whatever the environment says: core/tests/test_s3_media.py points these at
# its own S3 server.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "proposals.storage.PrivateMediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A fresh folder per run, so parallel runs (SQLite and PostgreSQL) never share files. Only
# named here: the first file stored makes it, and the root conftest.py removes it when the
# test session ends (a run without the database stores nothing, and leaves nothing behind).
MEDIA_ROOT = Path(tempfile.gettempdir()) / f"welfare-test-media-{secrets.token_hex(8)}"
# Beside it, not inside: created only when a test stores a proposal's file.
PRIVATE_MEDIA_ROOT = MEDIA_ROOT.with_name(f"{MEDIA_ROOT.name}-private")
# Emptied before each test (conftest.py): the content version is the same in every test.
DATA_FILES_ROOT = MEDIA_ROOT.with_name(f"{MEDIA_ROOT.name}-data-files")
# Written in the request, so that a test reads the new file at once (one test writes in the
# background: opendata/tests/test_data_files.py).
DATA_FILES_IN_BACKGROUND = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Serve static files straight from the source folders, as in development, looked up when
# asked for: otherwise WhiteNoise lists every static file (Wagtail's admin included) each
# time its middleware is built, which each test's client does again (4% of the suite's CPU).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# wagtail-localize's offline translator (it reverses the words), so tests never call a service.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
}
# Each test process keeps its own caches in memory (conftest empties them before each test);
# tests of the shared caches configure them (core/tests/test_cache_backends.py).
CACHES = memory_caches()
# No whole-page cache, so that tests count the queries of rendering; core/tests/
# test_page_cache.py turns it on.
PAGE_CACHE_SECONDS = 0
# A test database is thrown away: PostgreSQL need not wait for each commit to reach the disk
# (building the demo took 46 -> 37 s).
if DATABASES["default"]["ENGINE"] == "core.postgresql":  # noqa: F405
    DATABASES["default"]["OPTIONS"]["options"] = "-c synchronous_commit=off"  # noqa: F405
# Django's test Client.login() authenticates without a request, which axes refuses: the
# lockout is off here, and the tests of the lockout turn it on (core/tests/test_lockout.py).
AXES_ENABLED = False
