"""Media in an S3-compatible bucket are backed up and restored through the storage API:
objects are downloaded into the archive and uploaded back under the same keys, the
proposals' files (the bucket's "private/" prefix) under the private storage only.

Against moto's S3 server, as core/tests/test_s3_media.py (whose server fixture this borrows).
The files' part does not depend on the database: it runs in the SQLite pass only.
"""

import tarfile
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection

from backups.archive import create_backup, unpack
from backups.media import restore_files, site_storages, storage_files
from core.tests.test_s3_media import keys, s3_endpoint, s3_environment  # noqa: F401 (fixture)
from site_cms.settings.media_storage import media_storages_from_env

# No test transaction: the backup's copy of the database reads what is committed, through
# a connection of its own, which a test's open write transaction on SQLite would block.
pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the files' part is the same on every database: the SQLite pass runs it",
)


@pytest.fixture
def use_bucket(s3_endpoint, settings):  # noqa: F811 (the borrowed fixture)
    """Points the default and private storages at a new bucket; returns a function that
    does it again, for a second bucket."""

    def use(name):
        config = media_storages_from_env(s3_environment(s3_endpoint, name))
        settings.STORAGES = {
            **settings.STORAGES,
            "default": config["default"],
            "private": config["private"],
        }
        storage = storages["default"]
        storage.connection.meta.client.create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-south-1"}
        )
        return storage

    return use


def test_objects_of_a_bucket_go_into_the_archive_and_back(
    use_bucket, tmp_path, django_db_setup, django_db_blocker
):
    source = use_bucket(f"backup-source-{uuid.uuid4().hex[:8]}")
    files = {
        "images/story.png": b"\x89PNG image",
        "original_images/story.png": b"\x89PNG original",
        "documents/report.pdf": b"%PDF-1.4 report",
    }
    for name, content in files.items():
        storages["default"].save(name, ContentFile(content))
    storages["private"].save("proposals/2026/12/proposal.pdf", ContentFile(b"%PDF-1.4 mine"))
    assert keys(source) == sorted([*files, "private/proposals/2026/12/proposal.pdf"])
    # The bucket's private/ prefix belongs to the private storage only.
    (_default, skip) = site_storages()["default"]
    assert skip == {"private"}

    with django_db_blocker.unblock():
        path, manifest = create_backup(tmp_path)
    with tarfile.open(path) as tar:
        members = set(tar.getnames())
    assert {f"media/{name}" for name in files} <= members
    assert "private-media/proposals/2026/12/proposal.pdf" in members
    assert not any(member.startswith("media/private/") for member in members)
    assert manifest["media_files"] == {"default": 3, "private": 1}

    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    unpack(path, unpacked)
    target = use_bucket(f"backup-target-{uuid.uuid4().hex[:8]}")
    restore_files(unpacked, manifest["files"])
    assert keys(target) == keys(source)
    for name, content in files.items():
        with storages["default"].open(name, "rb") as restored:
            assert restored.read() == content
    assert list(storage_files(storages["private"])) == ["proposals/2026/12/proposal.pdf"]
    with storages["private"].open("proposals/2026/12/proposal.pdf", "rb") as restored:
        assert restored.read() == b"%PDF-1.4 mine"
