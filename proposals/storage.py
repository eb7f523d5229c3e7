"""Where the files readers send are kept: a folder outside MEDIA_ROOT that no URL serves.

A proposal's PDF is personal material sent to the editors, not content: the web server
never sees the folder (``PRIVATE_MEDIA_ROOT``), and the only way out is the admin view
``proposals.admin_views.ProposalDocumentView``, which checks the editor's permission.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateMediaStorage(FileSystemStorage):
    """File system storage under ``settings.PRIVATE_MEDIA_ROOT``, read at each use (so a
    test may point it elsewhere), with no public URL."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError(
            "Private files have no public URL: link to the admin view that serves them."
        )


private_storage = PrivateMediaStorage()


def get_private_storage():
    """Callable for ``FileField(storage=...)``: migrations refer to it, not to the folder."""
    return private_storage
