"""Settings of the restored site's processes in backups/tests: the test settings, with the
media folders the test names (the test settings make fresh ones per process) and the
database of the environment (SQLITE_PATH or DATABASE_URL)."""

import os
from pathlib import Path

from site_cms.settings.test import *  # noqa: F403

MEDIA_ROOT = Path(os.environ["MEDIA_ROOT"])
PRIVATE_MEDIA_ROOT = Path(os.environ["PRIVATE_MEDIA_ROOT"])
