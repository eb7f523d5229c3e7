"""The files' part of a backup: the media (images, renditions, documents) and the private
media (files sent with story proposals), read and written through Django's storages.

Going through the storage API makes one code path for both places the site keeps files: the
local folders (MEDIA_ROOT, PRIVATE_MEDIA_ROOT) and an S3-compatible bucket
(site_cms/settings/media_storage.py), whose objects are then copied into the archive and back.
"""

import posixpath
from pathlib import Path

from django.core.files import File
from django.core.files.storage import FileSystemStorage, storages
from django.utils.translation import gettext as _
from storages.backends.s3 import S3Storage

from .database import BackupError

# Storage alias -> folder of the archive.
FOLDERS = {"default": "media", "private": "private-media"}


def nested_folder(outer, inner):
    """The folder of ``outer`` that is ``inner``'s location, or None: with media in a bucket
    the proposals' files are under its "private/" prefix, and belong to the private
    storage only."""
    if isinstance(outer, FileSystemStorage) and isinstance(inner, FileSystemStorage):
        outer_path, inner_path = Path(outer.location), Path(inner.location)
        if inner_path != outer_path and inner_path.is_relative_to(outer_path):
            return inner_path.relative_to(outer_path).as_posix()
    elif isinstance(outer, S3Storage) and isinstance(inner, S3Storage):
        outer_prefix, inner_prefix = outer.location.strip("/"), inner.location.strip("/")
        if outer.bucket_name == inner.bucket_name and inner_prefix != outer_prefix:
            if not outer_prefix:
                return inner_prefix
            if inner_prefix.startswith(outer_prefix + "/"):
                return inner_prefix[len(outer_prefix) + 1 :]
    return None


def site_storages():
    """``{alias: (storage, folders to leave out)}`` for the default and private storages."""
    default, private = storages["default"], storages["private"]
    skip = nested_folder(default, private)
    return {
        "default": (default, {skip} if skip else set()),
        "private": (private, set()),
    }


def storage_files(storage, skip=frozenset(), folder=""):
    """Every file's name in ``storage``, in a stable order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for name in sorted(folders):
        path = posixpath.join(folder, name) if folder else name
        if path not in skip:
            yield from storage_files(storage, skip, path)


def count_files():
    return {
        alias: sum(1 for _name in storage_files(storage, skip))
        for alias, (storage, skip) in site_storages().items()
    }


def clear_storages():
    for storage, skip in site_storages().values():
        for name in list(storage_files(storage, skip)):
            storage.delete(name)


def restore_files(folder, members):
    """Save each archived file (``members``: names in the archive) from the unpacked
    ``folder`` into its storage, under its own name."""
    for alias, (storage, _skip) in site_storages().items():
        prefix = FOLDERS[alias] + "/"
        for member in members:
            if not member.startswith(prefix):
                continue
            name = member[len(prefix) :]
            with open(folder / member, "rb") as content:
                saved = storage.save(name, File(content, name=name))
            if saved != name:
                raise BackupError(
                    _("%(name)s could not be restored under its own name (saved as %(saved)s).")
                    % {"name": name, "saved": saved}
                )
