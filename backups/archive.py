"""One backup archive: a gzip-compressed tar holding

- ``database.sqlite3`` or ``database.pgdump`` (backups.database),
- ``media/…`` and ``private-media/…``, the files of the two storages (backups.media),
- ``manifest.json``, written last: the SHA-256 and size of every other member, when and from
  which database vendor it was made, the applied migrations and the rows of each model's table.

The checksums find an archive damaged in storage or in transit; they are no signature (who can
rewrite the archive can rewrite its manifest too): keep archives where only the site's
operators can write.
"""

import hashlib
import io
import json
import os
import platform
import shutil
import tarfile
import tempfile
import time
import zlib
from datetime import UTC
from pathlib import Path

import django
import wagtail
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from . import database, media
from .database import BackupError

FORMAT = 1
MANIFEST = "manifest.json"
ARCHIVE_PREFIX = "welfare-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
CHUNK = 1024 * 1024


class HashingReader:
    """A file read through, counting the SHA-256 and the size of what was read."""

    def __init__(self, file):
        self.file = file
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size=-1):
        data = self.file.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def file_digest(path):
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def archive_name(moment):
    return f"{ARCHIVE_PREFIX}{moment:%Y%m%dT%H%M%SZ}{ARCHIVE_SUFFIX}"


def create_backup(destination, alias="default"):
    """Write the archive (a file, or a new dated file in a folder) and return
    ``(path, manifest)``. The archive appears under its name only when complete."""
    started = timezone.now()
    destination = Path(destination)
    if destination.is_dir():
        destination = destination / archive_name(started.astimezone(UTC))
    if not destination.parent.is_dir():
        raise BackupError(
            _("The folder %(folder)s does not exist.") % {"folder": destination.parent}
        )
    for folder in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        if destination.resolve().is_relative_to(Path(folder).resolve()):
            # Each backup would hold the ones before it.
            raise BackupError(
                _("Write backups outside the media folders, not in %(folder)s.")
                % {"folder": folder}
            )
    partial = destination.with_name(destination.name + ".partial")
    # Beside the archive: the database's copy needs the room the archive will take anyway.
    with tempfile.TemporaryDirectory(prefix=".backup-", dir=destination.parent) as work:
        snapshot = database.snapshot_database(alias, Path(work))
        # The archive holds password hashes and readers' proposals: for its owner only.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with (
                os.fdopen(descriptor, "wb") as raw,
                tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar,
            ):
                files = {}
                member = database.MEMBERS[snapshot.vendor]
                with open(snapshot.path, "rb") as copy:
                    files[member] = add_member(tar, member, copy, snapshot.path.stat().st_size)
                # After the database: every file its rows name is there (a file uploaded
                # meanwhile may be too, unused).
                file_counts = {}
                for alias_name, (storage, skip) in media.site_storages().items():
                    file_counts[alias_name] = 0
                    for name in media.storage_files(storage, skip):
                        member = f"{media.FOLDERS[alias_name]}/{name}"
                        with storage.open(name, "rb") as content:
                            files[member] = add_member(tar, member, content, storage.size(name))
                        file_counts[alias_name] += 1
                manifest = {
                    "format": FORMAT,
                    "created_at": started.isoformat(),
                    "database": {
                        "vendor": snapshot.vendor,
                        "member": database.MEMBERS[snapshot.vendor],
                        **snapshot.details,
                    },
                    "migrations": snapshot.migrations,
                    "counts": snapshot.counts,
                    "media_files": file_counts,
                    "versions": {
                        "python": platform.python_version(),
                        "django": django.__version__,
                        "wagtail": wagtail.__version__,
                    },
                    "files": files,
                }
                data = json.dumps(manifest, indent=2).encode()
                add_member(tar, MANIFEST, io.BytesIO(data), len(data))
            os.replace(partial, destination)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return destination, manifest


def add_member(tar, name, file, size):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, time.time(), 0o600
    reader = HashingReader(file)
    tar.addfile(info, reader)
    return {"sha256": reader.sha256.hexdigest(), "size": reader.size}


def prune(folder, keep):
    """Delete all but the ``keep`` newest archives this command named in ``folder``."""
    archives = sorted(
        path for path in Path(folder).glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}") if path.is_file()
    )
    removed = archives[:-keep] if keep > 0 else []
    for path in removed:
        path.unlink()
    return removed


def extract_file(tar, member, folder, archive):
    """Write a regular file of the archive under ``folder``, refusing a name that is
    absolute or climbs out of it. Done here rather than by tarfile's "data" filter, which
    Python 3.11 has only from 3.11.4 (Debian 12's python3 is 3.11.2)."""
    root = Path(folder).resolve()
    target = (root / member.name).resolve()
    if root not in target.parents:
        raise BackupError(
            _("%(archive)s holds %(name)s, which would be written outside its folder.")
            % {"archive": archive, "name": member.name}
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    with tar.extractfile(member) as source, target.open("wb") as copy:
        shutil.copyfileobj(source, copy)


def unpack(archive, folder):
    """Extract the archive into ``folder``, check every member against the manifest and
    return the manifest. Nothing outside ``folder`` is written."""
    archive = Path(archive)
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar:
                if member.isdir():
                    continue
                if not member.isfile():
                    raise BackupError(
                        _("%(archive)s holds %(name)s, which is not a regular file.")
                        % {"archive": archive, "name": member.name}
                    )
                extract_file(tar, member, folder, archive)
    except FileNotFoundError:
        raise BackupError(_("%(archive)s does not exist.") % {"archive": archive}) from None
    except (OSError, EOFError, zlib.error, tarfile.TarError) as error:
        raise BackupError(
            _("%(archive)s is not a readable backup archive (%(error)s).")
            % {"archive": archive, "error": error}
        ) from None
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
        expected = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError):
        raise BackupError(
            _("%(archive)s has no readable manifest: it is not a backup of this site.")
            % {"archive": archive}
        ) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("%(archive)s is in a format this version cannot read (%(format)s).")
            % {"archive": archive, "format": manifest.get("format")}
        )
    present = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}
    present.discard(MANIFEST)
    damaged = sorted(present.symmetric_difference(expected))
    damaged += sorted(
        name
        for name in present & set(expected)
        if (folder / name).stat().st_size != expected[name]["size"]
        or file_digest(folder / name) != expected[name]["sha256"]
    )
    if damaged:
        raise BackupError(
            _(
                "%(archive)s is damaged or was altered: %(members)s do not match the "
                "manifest's checksums. Nothing was restored."
            )
            % {"archive": archive, "members": ", ".join(damaged[:5])}
        )
    return manifest


def unknown_migrations(applied):
    """The archive's applied migrations that this code does not have: a backup made by a
    newer version of the site."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.replacements.values():
        known.update(migration.replaces)
    return sorted(f"{app}.{name}" for app, name in applied if (app, name) not in known)


def pending_migrations(connection):
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def site_contents(connection):
    """What the site holds that a restore would replace: ``{what: how many}``, empty for a
    fresh site. A database that was only migrated counts as fresh: its one page beyond the
    root is the home page the migration made, never edited (no revision, no child)."""
    tables = set(connection.introspection.table_names())
    contents = {}
    if Page._meta.db_table in tables:
        pages = Page.objects.filter(depth__gt=1).exclude(
            depth=2, numchild=0, latest_revision__isnull=True
        )
        contents["pages"] = pages.count()
    user_model = get_user_model()
    if user_model._meta.db_table in tables:
        contents["users"] = user_model.objects.count()
    contents["media files"] = sum(media.count_files().values())
    return {what: count for what, count in contents.items() if count}


def restore_backup(archive, alias="default", force=False, log=None):
    """Replace the site's database and files with the archive's; return the manifest."""
    log = log or (lambda message: None)
    connection = connections[alias]
    with tempfile.TemporaryDirectory(prefix="welfare-restore-") as work:
        folder = Path(work)
        manifest = unpack(archive, folder)
        log(_("Checksums verified: %(count)s files.") % {"count": len(manifest["files"])})
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(
                _(
                    "This is a backup of a %(archived)s database and the site's database is "
                    "%(current)s: the copy of one cannot be loaded into the other. Restore it "
                    "into a %(archived)s database (SQLite: SQLITE_PATH, without "
                    "DATABASE_URL; PostgreSQL: DATABASE_URL)."
                )
                % {
                    "archived": database.VENDOR_NAMES.get(vendor, vendor),
                    "current": database.VENDOR_NAMES.get(connection.vendor, connection.vendor),
                }
            )
        unknown = unknown_migrations(manifest["migrations"])
        if unknown:
            raise BackupError(
                _(
                    "This backup was made by a newer version of the site: its database has "
                    "migrations this code does not know (%(migrations)s). Restore it with "
                    "the code of that version."
                )
                % {"migrations": ", ".join(unknown[:5])}
            )
        if not force:
            contents = site_contents(connection)
            if contents:
                held = ", ".join(f"{count} {what}" for what, count in contents.items())
                raise BackupError(
                    _(
                        "The site is not empty (%(contents)s): a restore would replace all of "
                        "it. Back it up first, then run the restore again with --force."
                    )
                    % {"contents": held}
                )
        database.restore_database(connection, folder / manifest["database"]["member"], manifest)
        log(_("Database restored."))
        media.clear_storages()
        media.restore_files(folder, manifest["files"])
        files = media.count_files()
        log(
            _("Files restored: %(media)s media files, %(private)s private files.")
            % {"media": files["default"], "private": files["private"]}
        )
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        counts = database.table_counts(cursor, tables, connection.ops.quote_name)
    different = sorted(
        label
        for label in set(counts) | set(manifest["counts"])
        if counts.get(label) != manifest["counts"].get(label)
    )
    if different:
        raise BackupError(
            _("The restored database does not hold what the backup counted: %(tables)s.")
            % {"tables": ", ".join(different[:5])}
        )
    if media.count_files() != manifest["media_files"]:
        raise BackupError(_("The restored files are not those the backup counted."))
    # Fragments, renditions' and the content version's entries of the replaced site.
    for cache_alias in settings.CACHES:
        try:
            caches[cache_alias].clear()
        except Exception as error:  # noqa: BLE001 - a cache down must not undo the restore
            log(
                _("The %(cache)s cache could not be emptied (%(error)s): empty it by hand.")
                % {"cache": cache_alias, "error": error}
            )
    manifest["pending_migrations"] = len(pending_migrations(connection))
    return manifest
