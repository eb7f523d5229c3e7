"""Where the files readers send are kept: never where a URL serves them.

A proposal's PDF is personal material sent to the editors, not content. It is kept by the
``"private"`` storage of ``STORAGES``: a folder outside MEDIA_ROOT that the web server never
sees (``PRIVATE_MEDIA_ROOT``, the default), or, with media on object storage, a prefix of
the bucket that no policy makes public (core.storage.PrivateMediaStorage), so that every
app server reaches it. The only way out is the admin view
``proposals.admin_views.ProposalDocumentView``, which checks the editor's permission.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty


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


class ConfiguredPrivateStorage(LazyObject):
    """``storages["private"]``, looked up on first use (as Django's ``default_storage``)."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = ConfiguredPrivateStorage()


@receiver(setting_changed)
def forget_private_storage(*, setting, **kwargs):
    """A test that changes ``STORAGES`` gets the storage it configured."""
    if setting == "STORAGES":
        private_storage._wrapped = empty


def get_private_storage():
    """Callable for ``FileField(storage=...)``: migrations refer to it, not to the folder."""
    return private_storage
