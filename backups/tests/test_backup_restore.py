"""Backup and restore of the whole site, on the database of the run (SQLite, or PostgreSQL
with DATABASE_URL).

The demo the root conftest.py built (committed in the test database), with a proposal and
its private file, a download count and a user added for the occasion, is backed up by the
``backup`` command. A process of another site, with a fresh database and fresh media folders,
restores it with the ``restore`` command, restores it again (refused: the site holds content
now) and again with --force, and reads it: it must give the same rows, timestamps, files and
public answers as the original (site_snapshot), which the test reads meanwhile.
"""

import io
import json
import os
import re
import resource
import subprocess
import sys
import tarfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone, translation
from wagtail.models import Page

from backups.archive import MANIFEST, prune
from downloads.models import DownloadCount
from proposals.models import StoryProposal
from stories.models import ReportPage
from tests.helpers import postgres_url

from .site_snapshot import RESTORED_SITE_SCRIPT, snapshot

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def add_extras():
    """What the demo lacks: a proposal with its file (private media), a download count and a
    user, committed so that the backup, which reads committed data, holds them."""
    proposal = StoryProposal.objects.create(
        language="en",
        name="Sara Conti",
        organisation="Rete di quartiere Bergamo Sud",
        email="sara@example.org",
        territory="Bergamo",
        summary="Neighbours who drive each other to the clinic.",
        document=ContentFile(b"%PDF-1.4 proposal\n%%EOF\n", name="idea.pdf"),
    )
    download = DownloadCount.objects.create(
        report=ReportPage.objects.live().first(),
        kind="report",
        language="it",
        day=timezone.localdate(),
        count=7,
    )
    user = get_user_model().objects.create_user("redattrice-backup", password="not-used-here")
    return [proposal, download, user]


def restored_site_environment(folder):
    """The environment of a process of a fresh site: its own database and media folders."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SQLITE_PATH", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="backups.tests.restored_settings",
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_MEDIA_ROOT=str(folder / "private-media"),
    )
    if connection.vendor == "postgresql":
        database = settings.DATABASES["default"]
        name = f"{database['NAME']}_restored"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = postgres_url(database, name)
    else:
        env["SQLITE_PATH"] = str(folder / "restored.sqlite3")
    return env


def restore_and_read(archive, env):
    """The restored site's process (RESTORED_SITE_SCRIPT): what it printed, its wall and CPU
    seconds."""
    cpu = cpu_seconds(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", RESTORED_SITE_SCRIPT, str(archive)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    # The last line, after the log's.
    printed = json.loads(result.stdout.splitlines()[-1])
    return printed, time.monotonic() - started, cpu_seconds(resource.RUSAGE_CHILDREN) - cpu


def cpu_seconds(who):
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def process_and_children_cpu():
    return time.process_time() + cpu_seconds(resource.RUSAGE_CHILDREN)


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("backups")
    archives = folder / "archives"
    archives.mkdir()
    with django_db_blocker.unblock(), ThreadPoolExecutor(1) as executor:
        extras = add_extras()
        try:
            # CPU: of this process and of pg_dump's.
            cpu, started = process_and_children_cpu(), time.monotonic()
            call_command("backup", str(archives), stdout=io.StringIO())
            backup = (time.monotonic() - started, process_and_children_cpu() - cpu)
            (archive,) = archives.iterdir()
            env = restored_site_environment(folder)
            # The restored site is made and read by a process of its own, meanwhile.
            restored = executor.submit(restore_and_read, archive, env)
            # Downloading the documents counts them: the snapshot's writes are undone.
            cpu, started = time.process_time(), time.monotonic()
            with transaction.atomic():
                original = snapshot()
                transaction.set_rollback(True)
            reading = (time.monotonic() - started, time.process_time() - cpu)
        finally:
            for extra in extras:
                extra.delete()
        restored, seconds, cpu = restored.result()
    print(
        f"\n[backups] {connection.vendor}: archive {archive.stat().st_size / 1e6:.2f} MB; "
        f"backup {backup[0]:.1f} s ({backup[1]:.1f} s CPU); restore into a fresh site "
        f"{restored['restore_seconds'][0]:.1f} s ({restored['restore_seconds'][1]:.1f} s CPU); "
        f"original site read {reading[0]:.1f} s ({reading[1]:.1f} s CPU); restored site's "
        f"process (3 restores, read) {seconds:.1f} s ({cpu:.1f} s CPU)"
    )
    yield SimpleNamespace(archive=archive, original=original, **restored)
    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            name = settings.DATABASES["default"]["NAME"]
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}_restored"')


def test_the_restored_site_has_every_row_file_and_answer_of_the_original(site):
    original, restored = site.original, site.snapshot
    assert original["named"]["proposals"] == 1
    assert original["named"]["downloads"] == 7
    assert original["named"]["pages per language"].keys() == {"it", "en"}
    assert restored["named"] == original["named"]
    assert restored["rows"] == original["rows"]
    assert any(name.startswith("private/proposals/") for name in original["files"])
    assert restored["files"] == original["files"]
    # Every live page in both languages, the sitemap, feeds, open data, documents' bytes.
    assert len(original["answers"]) > original["named"]["live pages"]
    assert all(status == 200 for status, _digest in original["answers"].values())
    different = sorted(
        url
        for url in original["answers"]
        if restored["answers"].get(url) != original["answers"][url]
    )
    assert different == []
    assert restored["answers"].keys() == original["answers"].keys()


def test_timestamps_keep_their_microseconds(site):
    original, restored = site.original["timestamps"], site.snapshot["timestamps"]
    assert restored == original
    revisions = [row[1] for row in original["wagtailcore.revision"]]
    # Written by timezone.now(): nearly all have a fraction of a second, and an offset.
    with_microseconds = [value for value in revisions if "." in value]
    assert len(with_microseconds) > len(revisions) / 2
    assert all(value.endswith("+00:00") for value in revisions)


def test_the_manifest_lists_every_member_with_its_checksum(site):
    with tarfile.open(site.archive) as tar:
        names = set(tar.getnames())
        manifest = json.load(tar.extractfile(MANIFEST))
    assert names - {MANIFEST} == set(manifest["files"])
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"].values())
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["database"]["member"] in names
    assert ["wagtailcore", "0001_initial"] in manifest["migrations"]
    assert manifest["counts"]["wagtailcore.page"] == site.original["named"]["pages"]
    assert manifest["counts"]["proposals.storyproposal"] == 1
    assert manifest["media_files"]["private"] == 1
    assert manifest["created_at"].endswith("+00:00")


def test_a_site_with_content_is_replaced_only_with_force(site):
    assert "The site is not empty" in site.refusal
    assert "--force" in site.refusal

    def numbers(output):  # of the last line, "Restored the backup of … : 103 pages, …"
        return re.findall(r"\d+", output.splitlines()[-1].rsplit(": ", 1)[-1])

    # The snapshot compared with the original's is of the site the forced restore replaced.
    assert numbers(site.forced) == numbers(site.restore_output)
    assert numbers(site.forced)[0] == str(site.original["named"]["pages"])


def rewrite(archive, target, change):
    """A copy of ``archive`` with each member's bytes passed through ``change(name, data)``."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as copy:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


def test_an_altered_archive_is_refused(site, tmp_path):
    def alter(name, data):
        return data + b"\n" if name.startswith("media/documents/") else data

    tampered = rewrite(site.archive, tmp_path / "tampered.tar.gz", alter)
    with (
        translation.override("en"),
        pytest.raises(CommandError, match="damaged or was altered: media/documents/"),
    ):
        call_command("restore", str(tampered), "--force", stdout=io.StringIO())
    assert Page.objects.filter(depth__gt=1).exists()


def test_a_backup_of_the_other_database_vendor_is_refused(site, tmp_path):
    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"

    def relabel(name, data):
        if name != MANIFEST:
            return data
        manifest = json.loads(data)
        manifest["database"]["vendor"] = other
        return json.dumps(manifest).encode()

    relabelled = rewrite(site.archive, tmp_path / "other.tar.gz", relabel)
    with (
        translation.override("en"),
        pytest.raises(CommandError, match="backup of a (SQLite|PostgreSQL) database"),
    ):
        call_command("restore", str(relabelled), "--force", stdout=io.StringIO())


def test_a_truncated_archive_is_refused(site, tmp_path):
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(site.archive.read_bytes()[: site.archive.stat().st_size // 2])
    with (
        translation.override("en"),
        pytest.raises(CommandError, match="not a readable backup archive"),
    ):
        call_command("restore", str(truncated), stdout=io.StringIO())


def test_a_backup_is_not_written_into_the_media_folders():
    with (
        translation.override("en"),
        pytest.raises(CommandError, match="outside the media folders"),
    ):
        call_command("backup", str(settings.MEDIA_ROOT), stdout=io.StringIO())
    assert not any(Path(settings.MEDIA_ROOT).glob("welfare-backup-*"))


def test_keep_deletes_the_oldest_dated_archives_only(tmp_path):
    names = [f"welfare-backup-2026120{day}T031500Z.tar.gz" for day in range(1, 5)]
    for name in [*names, "notes.txt"]:
        (tmp_path / name).write_bytes(b"")
    removed = prune(tmp_path, keep=2)
    assert [path.name for path in removed] == names[:2]
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted([*names[2:], "notes.txt"])
