"""The open data files (``/data/<name>.csv|json``), written once per content version and
served as files.

Making ``stories.csv`` reads every story: seconds of a worker at 2,000 stories, tens of
seconds at 10,000. So each file is written once per content version (``core.cache``), for
each site address it names (its rows hold absolute URLs on the request's host), to a folder
on this machine's disk (``DATA_FILES_ROOT``), with a gzip copy beside it, and every reader
gets that file: Content-Length, ETag, Last-Modified, conditional GETs, one byte range, and
the gzip copy to a client that accepts it.

- **Who writes it.** The first reader of a version, under a lock (``fcntl.flock``) that the
  web workers of the machine share. Meanwhile the others get the newest complete file of an
  earlier version, with its own ETag, or wait for this one when there is none.
- **Never a mix of versions.** The rows are read in one snapshot of the database on
  PostgreSQL (a repeatable-read transaction); on SQLite a file is written again when the
  content version changed while it was written (``write_file``). It is written to a
  temporary file and renamed into place whole, so a reader holds either the old file or
  the new one. Older files are removed once a newer one is in place (a reader still sending
  one keeps it open).
- **Why the local disk.** It is a cache of what the database holds, rebuilt at will: each
  machine writes its own copy, once per version, and serves it with the kernel's
  ``sendfile``. The media bucket would share one copy between the web servers, at the price
  of a round trip to the object store for every download and a stream through the worker;
  the shared cache (Redis, or the database cache) is no place for files of tens of MB.
"""

import fcntl
import gzip
import hashlib
import logging
import os
import re
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection, connections, transaction
from wagtail.models import Site

from core.cache import fresh_content_version

logger = logging.getLogger(__name__)

COMPRESSED_SUFFIX = ".gz"
TEMPORARY_SUFFIX = ".partial"
LOCK_NAME = ".lock"
# Bytes written or read at a time.
BLOCK_SIZE = 64 * 1024


def root_folder():
    """This site's folder: one per database, so that two sites of a machine (or the tests'
    parallel runs) never read each other's files."""
    database = settings.DATABASES["default"]
    identity = "|".join(str(database.get(key) or "") for key in ("ENGINE", "NAME", "HOST", "PORT"))
    return Path(settings.DATA_FILES_ROOT) / hashlib.sha256(identity.encode()).hexdigest()[:16]


def usable_folder(folder):
    """``folder``, made if need be, when it is this process's own real directory; None
    otherwise (a folder in a shared /tmp that another user made, or one that cannot be
    written): the file is then streamed as it is made, as before."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = folder.lstat()
    except OSError:
        logger.warning("Open data files cannot be kept in %s", folder, exc_info=True)
        return None
    if not folder.is_dir() or folder.is_symlink() or status.st_uid != os.getuid():
        logger.warning("Open data files are not kept in %s: not this user's folder", folder)
        return None
    return folder


def folder_path(request, filename):
    base = request.build_absolute_uri("/")
    address = hashlib.sha256(base.encode()).hexdigest()[:16]
    return root_folder() / address / filename


def file_folder(request, filename):
    """The folder of ``filename``'s versions for the site address the request used."""
    root = usable_folder(root_folder())
    return None if root is None else usable_folder(folder_path(request, filename))


def has_been_read(request, filename):
    """Whether a reader of this machine has asked for ``filename`` at this address."""
    return folder_path(request, filename).is_dir()


VERSION_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


def version_name(version):
    """The file name of a content version (a number; anything else is hashed)."""
    text = str(version)
    return text if VERSION_NAME.fullmatch(text) else hashlib.sha256(text.encode()).hexdigest()


class DataFile:
    """A complete file of one version: its path, the gzip copy's, its version."""

    def __init__(self, folder, name):
        self.path = folder / name
        self.compressed = folder / (name + COMPRESSED_SUFFIX)
        self.version = name


def complete_files(folder):
    """The complete files in ``folder``, newest first."""
    files = []
    for entry in os.scandir(folder):
        if entry.name.startswith(".") or entry.name.endswith(COMPRESSED_SUFFIX):
            continue
        try:
            files.append((entry.stat().st_mtime_ns, entry.name))
        except FileNotFoundError:  # removed by the writer meanwhile
            continue
    return [DataFile(folder, name) for _mtime, name in sorted(files, reverse=True)]


@contextmanager
def folder_lock(folder, wait):
    """The folder's lock, shared by the processes of this machine; yields False when it is
    held elsewhere and ``wait`` is false."""
    descriptor = os.open(folder / LOCK_NAME, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(descriptor)  # releases the lock


def data_file(request, filename, version, write, background=None):
    """The complete file of ``filename`` to serve: this ``version``'s, written now by
    ``write(binary file)`` if no process has; or, while another process writes it, the
    newest earlier one. None when the files cannot be kept on this machine, or when the
    content kept changing while it was written and there is no earlier file.

    With ``background`` (``DATA_FILES_IN_BACKGROUND`` by default) a web worker does not
    write in the request: a file of 10,000 stories takes longer than gunicorn lets a sync
    worker hold a request (``GUNICORN_TIMEOUT``). It starts a thread that writes it and
    answers with the newest earlier file; when this machine has none yet, with the new one
    if it is written within ``FIRST_READER_WAIT_SECONDS``, else ``BEING_WRITTEN`` (streaming
    the rows meanwhile would race the thread for the same worker, past the timeout)."""
    folder = file_folder(request, filename)
    if folder is None:
        return None
    wanted = DataFile(folder, version_name(version))
    if wanted.path.exists():
        return wanted
    if settings.DATA_FILES_IN_BACKGROUND if background is None else background:
        write_in_background(folder, wanted, write)
        earlier = complete_files(folder)
        if earlier:
            return earlier[0]
        # Nothing to serve meanwhile: the machine's first reader waits a while, well within
        # the request timeout, since most sites' files take a fraction of a second.
        deadline = time.monotonic() + FIRST_READER_WAIT_SECONDS
        while time.monotonic() < deadline:
            if wanted.path.exists():
                return wanted
            time.sleep(0.05)
        return BEING_WRITTEN
    with folder_lock(folder, wait=False) as locked:
        if locked:
            return written(folder, wanted, write)
        earlier = complete_files(folder)
        if earlier:
            return earlier[0]
    # Nothing to serve meanwhile: wait for the writer, then write this version if it wrote
    # another.
    with folder_lock(folder, wait=True):
        return written(folder, wanted, write)


# data_file's answer when the file is being written, this machine has no earlier one, and
# the writer took longer than the first reader waits.
BEING_WRITTEN = object()
FIRST_READER_WAIT_SECONDS = 10

# Folders this process has a thread writing in.
_writing = set()
_writing_lock = threading.Lock()
_threads = []


def write_in_background(folder, wanted, write):
    """A thread that writes ``wanted`` unless this process is writing in ``folder`` already
    or another process holds its lock (that one's file will do until the next reader)."""
    with _writing_lock:
        if folder in _writing:
            return
        _writing.add(folder)

    def run():
        try:
            with folder_lock(folder, wait=False) as locked:
                if locked:
                    written(folder, wanted, write)
        except Exception:
            logger.exception("The open data file %s could not be written", wanted.path)
        finally:
            with _writing_lock:
                _writing.discard(folder)
            # The thread's own database connection.
            connections.close_all()

    thread = threading.Thread(target=run, name=f"data-file-{folder.name}", daemon=True)
    _threads[:] = [alive for alive in _threads if alive.is_alive()] + [thread]
    thread.start()


def wait_for_background_writers():
    """For tests and commands: returns once every writing thread of this process is done."""
    for thread in list(_threads):
        thread.join()


def written(folder, wanted, write):
    """``wanted``, written unless it is already, under the folder's lock."""
    if wanted.path.exists():
        return wanted
    try:
        write_file(folder, wanted, write)
    except ContentChanged:
        earlier = complete_files(folder)
        return earlier[0] if earlier else None
    return wanted


# Times a file is written again when the content changed while it was written.
WRITE_ATTEMPTS = 3


class ContentChanged(Exception):
    """The content version changed while a file was written: it may hold two versions."""


def write_file(folder, wanted, write):
    """Writes ``wanted`` and its gzip copy under the folder's lock, then removes the older
    versions. A publish while it is written (the content version read again at the end, past
    this request's memo) has it written again: the bump and the publish's commit are
    visible together with the database cache, and the bump follows the commit at once with
    Redis. Raises ``ContentChanged`` when the content keeps changing."""
    for _attempt in range(WRITE_ATTEMPTS):
        if write_once(folder, wanted, write, fresh_content_version()):
            break
    else:
        raise ContentChanged(wanted.path)
    for older in complete_files(folder):
        if older.version != wanted.version:
            older.path.unlink(missing_ok=True)
            older.compressed.unlink(missing_ok=True)


def write_once(folder, wanted, write, started):
    """One writing of ``wanted``; kept (True) when the content version is still ``started``
    at its end."""
    for entry in os.scandir(folder):
        # Left by a writer that died: no one else writes while the lock is held.
        if entry.name.endswith(TEMPORARY_SUFFIX):
            os.unlink(entry.path)
    partial = wanted.path.with_name(wanted.path.name + TEMPORARY_SUFFIX)
    compressed_partial = wanted.compressed.with_name(wanted.compressed.name + TEMPORARY_SUFFIX)
    try:
        with (
            open(partial, "wb") as plain,
            open(compressed_partial, "wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as packed,
        ):
            write(Tee(plain, packed))
        if fresh_content_version() != started:
            return False
        # The gzip copy first: a complete file always has its copy.
        os.replace(compressed_partial, wanted.compressed)
        os.replace(partial, wanted.path)
        return True
    finally:
        for path in (partial, compressed_partial):
            path.unlink(missing_ok=True)


class Tee:
    """Writes to two binary files at once."""

    def __init__(self, *files):
        self.files = files

    def write(self, data):
        for file in self.files:
            file.write(data)


@contextmanager
def one_snapshot():
    """On PostgreSQL, every query inside reads the database as it was at the first one (a
    repeatable-read transaction): a publish committed meanwhile is not half in the file.
    Inside a transaction already (tests), that transaction's view is kept.

    Not on SQLite: a read transaction held for the seconds a file takes turns into the
    database's write lock as soon as anything inside writes (the database cache culls its
    old entries on a write, outside its own error handling), and every editor's save then
    waits for the file. There ``write_file`` keeps a file only if the content version did
    not change while it was written."""
    if connection.in_atomic_block or connection.vendor != "postgresql":
        yield
        return
    # Wagtail keeps the site roots in the cache; read them before the snapshot.
    Site.get_site_root_paths()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def file_blocks(path, start=0, length=None):
    """The bytes of ``path`` from ``start``, ``length`` of them (all without), a block at a
    time."""
    with open(path, "rb") as file:
        file.seek(start)
        left = length
        while left is None or left > 0:
            block = file.read(BLOCK_SIZE if left is None else min(BLOCK_SIZE, left))
            if not block:
                return
            if left is not None:
                left -= len(block)
            yield block
