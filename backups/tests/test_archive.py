"""What ``restore`` unpacks stays in its folder, whatever names a hostile archive holds."""

import io
import tarfile

import pytest
from django.utils import translation

from backups.archive import unpack
from backups.database import BackupError


def archive_holding(path, name, kind=tarfile.REGTYPE, linkname=""):
    with tarfile.open(path, "w:gz") as tar:
        info = tarfile.TarInfo(name)
        info.type, info.linkname = kind, linkname
        data = b"escaped" if kind == tarfile.REGTYPE else b""
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize("name", ["../escaped.txt", "media/../../escaped.txt", "ABSOLUTE"])
def test_a_name_out_of_the_folder_is_refused_and_nothing_is_written(tmp_path, name):
    folder = tmp_path / "unpacked"
    folder.mkdir()
    name = str(tmp_path / "escaped.txt") if name == "ABSOLUTE" else name
    archive = archive_holding(tmp_path / "hostile.tar.gz", name)
    with translation.override("en"), pytest.raises(BackupError, match="outside its folder"):
        unpack(archive, folder)
    assert not (tmp_path / "escaped.txt").exists()
    assert not any(folder.iterdir())


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE])
def test_a_link_is_refused(tmp_path, kind):
    folder = tmp_path / "unpacked"
    folder.mkdir()
    archive = archive_holding(tmp_path / "hostile.tar.gz", "media/passwd", kind, "/etc/passwd")
    with translation.override("en"), pytest.raises(BackupError, match="not a regular file"):
        unpack(archive, folder)
    assert not any(folder.rglob("*"))
