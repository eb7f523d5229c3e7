"""The open data files are written once per content version and served as files
(opendata/files.py): every reader of a version gets the same complete file, conditional
GETs and byte ranges work, a new version is served at once, and a reader in the middle of
a download keeps the file it started."""

import csv
import fcntl
import gzip
import io
import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import cache as core_cache
from opendata import files, views
from opendata.datasets import DATASETS
from opendata.tasks import write_data_files
from tests.helpers import add_stories

pytestmark = pytest.mark.django_db

URL = "/data/stories.csv"


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def titles(data):
    text = data.decode("utf-8-sig")
    return [row["Title"] for row in csv.DictReader(io.StringIO(text))]


def folder_of(client, filename="stories.csv"):
    request = client.get(URL).wsgi_request
    return files.file_folder(request, filename)


def test_a_version_is_written_once_then_served_as_a_file_without_queries(client):
    first = client.get(URL)
    assert first.status_code == 200
    data = body(first)
    assert int(first["Content-Length"]) == len(data)
    assert first["Accept-Ranges"] == "bytes" and first["Last-Modified"]
    assert "Accept-Encoding" in first["Vary"]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(URL)
        assert body(again) == data  # the same file, "generated" time and all
    assert len(queries) == 0
    assert again["ETag"] == first["ETag"]


def test_a_new_content_version_is_served_at_once_and_the_old_file_removed(client, italian):
    old = client.get(URL)
    old_data = body(old)
    folder = folder_of(client)
    assert [file.version for file in files.complete_files(folder)] != []
    add_stories(1, italian)
    new = client.get(URL)
    assert new["ETag"] != old["ETag"]
    assert len(titles(body(new))) == len(titles(old_data)) + 1
    # One complete file and its gzip copy remain, with no partial one.
    (current,) = files.complete_files(folder)
    assert sorted(os.listdir(folder)) == [".lock", current.version, current.version + ".gz"]


def test_conditional_gets_answer_304(client):
    first = client.get(URL)
    assert client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    packed = client.get(URL, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert packed["ETag"] != first["ETag"]
    assert client.get(URL, HTTP_IF_NONE_MATCH=packed["ETag"]).status_code == 304
    since = client.get(URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert client.get(URL, HTTP_IF_NONE_MATCH='"another"').status_code == 200


def test_gzip_to_clients_that_take_it_and_the_same_bytes_inside(client):
    plain = body(client.get(URL))
    packed = client.get(URL, HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(body(packed)) == plain
    refused = client.get(URL, HTTP_ACCEPT_ENCODING="gzip;q=0, identity")
    assert not refused.has_header("Content-Encoding") and body(refused) == plain


def test_byte_ranges(client):
    plain = body(client.get(URL))
    size = len(plain)
    part = client.get(URL, HTTP_RANGE="bytes=3-12", HTTP_ACCEPT_ENCODING="gzip")
    assert part.status_code == 206 and not part.has_header("Content-Encoding")
    assert body(part) == plain[3:13]
    assert part["Content-Range"] == f"bytes 3-12/{size}" and part["Content-Length"] == "10"
    assert body(client.get(URL, HTTP_RANGE="bytes=-5")) == plain[-5:]
    assert body(client.get(URL, HTTP_RANGE=f"bytes={size - 2}-")) == plain[-2:]
    beyond = client.get(URL, HTTP_RANGE=f"bytes={size}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{size}"
    # A range of an earlier file gets the whole of this one.
    stale = client.get(URL, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"earlier"')
    assert stale.status_code == 200 and body(stale) == plain
    head = client.head(URL)
    assert head.status_code == 200 and head["Content-Length"] == str(size)


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_RANGE": "bytes=99999999999999999999999-"},
        {"HTTP_RANGE": "bytes=9-3"},
        {"HTTP_RANGE": "bytes=0-1,5-9"},
        {"HTTP_RANGE": "bytes=" + "1" * 5000 + "-"},
        {"HTTP_RANGE": "items=0-1"},
        {"HTTP_IF_NONE_MATCH": '"\x00", W/' + '"x",' * 2000},
        {"HTTP_ACCEPT_ENCODING": "gzip;q=zz, *;q=0" + "," * 3000},
    ],
)
def test_hostile_headers_get_the_whole_file(client, headers):
    response = client.get(URL, **headers)
    assert response.status_code == 200
    data = body(response)
    if response.has_header("Content-Encoding"):
        data = gzip.decompress(data)
    assert titles(data)


@pytest.mark.parametrize(
    "query", ["?a=%00", "?" + "x" * 5000, "?page=-1&p=%ff%fe", "?format=../../etc/passwd"]
)
def test_hostile_query_strings_never_get_a_500(client, query):
    for url in ("/data/stories.json", "/data/territories.csv", "/data/reports.json"):
        assert client.get(url + query).status_code in (200, 400)


def test_while_a_new_version_is_written_readers_get_the_previous_complete_file(client, italian):
    old = client.get(URL)
    old_data = body(old)
    folder = folder_of(client)
    add_stories(1, italian)
    # Another process is writing the new version: it holds the folder's lock.
    descriptor = os.open(folder / files.LOCK_NAME, os.O_RDWR)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        meanwhile = client.get(URL)
        assert meanwhile["ETag"] == old["ETag"] and body(meanwhile) == old_data
        # A reader whose copy is that earlier file is told it has not changed.
        assert client.get(URL, HTTP_IF_NONE_MATCH=old["ETag"]).status_code == 304
    finally:
        os.close(descriptor)
    new = client.get(URL)
    assert len(titles(body(new))) == len(titles(old_data)) + 1


def test_a_download_under_way_keeps_its_file_whole_across_a_publish(client, italian):
    """The fault the files fix: a download in the middle of a publish read rows of two
    versions."""
    expected = body(client.get(URL))
    started = client.get(URL)
    pieces = iter(started.streaming_content)
    first = next(pieces)
    assert len(first) < len(expected)
    add_stories(1, italian)
    newer = body(client.get(URL))  # writes the new version, removes the old file
    assert first + b"".join(pieces) == expected != newer


def test_a_failed_write_leaves_no_partial_file_and_the_next_reader_writes_it(client, monkeypatch):
    folder = folder_of(client)
    good = files.complete_files(folder)[0]
    good.path.unlink()

    def broken(request, dataset, extension, file):
        file.write(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(views, "write_dataset", broken)
    with pytest.raises(OSError):
        client.get(URL)
    assert sorted(os.listdir(folder)) == [".lock", good.version + ".gz"]
    monkeypatch.undo()
    assert titles(body(client.get(URL)))


def test_the_worker_writes_the_read_files_of_a_new_version_for_the_site_address(client, italian):
    # Only the files readers asked for before are written.
    assert write_data_files.call() == 0
    for name in DATASETS:
        for extension in ("csv", "json"):
            client.get(f"/data/{name}.{extension}")
    add_stories(1, italian)
    assert write_data_files.call() == 2 * len(DATASETS)
    # SITE_BASE_URL is http://testserver in the tests, the test client's host.
    with CaptureQueriesContext(connection) as queries:
        for name in DATASETS:
            for extension in ("csv", "json"):
                assert client.get(f"/data/{name}.{extension}").status_code == 200
    assert len(queries) == 0
    assert write_data_files.call() == 2 * len(DATASETS)  # nothing written twice


def test_a_publish_while_a_file_is_written_has_it_written_again(client, monkeypatch):
    written = []

    def publishing_meanwhile(request, dataset, extension, file):
        original(request, dataset, extension, file)
        written.append(dataset.name)
        if len(written) == 1:
            core_cache._bump()  # a publish commits while the rows are read

    original = views.write_dataset
    monkeypatch.setattr(views, "write_dataset", publishing_meanwhile)
    assert titles(body(client.get(URL)))
    assert written == ["stories", "stories"]


def test_content_that_keeps_changing_gets_the_earlier_file_or_a_stream(client, monkeypatch):
    def always_publishing(request, dataset, extension, file):
        file.write(b"rows")
        core_cache._bump()

    monkeypatch.setattr(views, "write_dataset", always_publishing)
    streamed = client.get(URL)
    assert streamed.status_code == 200 and not streamed.has_header("Content-Length")
    assert titles(body(streamed))
    monkeypatch.undo()
    earlier = body(client.get(URL))
    monkeypatch.setattr(views, "write_dataset", always_publishing)
    core_cache._bump()
    assert body(client.get(URL)) == earlier


def test_a_web_worker_leaves_the_writing_to_a_thread_and_serves_the_earlier_file(
    client, italian, settings, monkeypatch
):
    settings.DATA_FILES_IN_BACKGROUND = True
    monkeypatch.setattr(files, "FIRST_READER_WAIT_SECONDS", 0.1)
    started = []
    monkeypatch.setattr(files, "write_in_background", lambda *args: started.append(args))
    # No file on this machine yet, and the thread not done in the time the first reader
    # waits: come back in a moment, with words to say so.
    first = client.get(URL, headers={"accept-language": "en"})
    assert first.status_code == 503 and first["Retry-After"] == "30"
    assert b"being prepared" in first.content
    assert len(started) == 1
    folder, wanted, write = started.pop()
    files.written(folder, wanted, write)  # what the thread does
    kept = client.get(URL)
    assert kept.has_header("Content-Length") and not started
    add_stories(1, italian)
    meanwhile = client.get(URL)
    assert meanwhile["ETag"] == kept["ETag"] and len(started) == 1


def test_the_first_reader_gets_the_file_when_the_thread_writes_it_in_time(
    client, settings, monkeypatch
):
    settings.DATA_FILES_IN_BACKGROUND = True

    def write_at_once(folder, wanted, write):
        files.written(folder, wanted, write)

    monkeypatch.setattr(files, "write_in_background", write_at_once)
    first = client.get(URL)
    assert first.status_code == 200 and first.has_header("Content-Length")


def test_the_writing_thread_writes_the_file_once_per_folder(client):
    folder = folder_of(client)
    wanted = files.DataFile(folder, "1")
    calls = []

    def write(file):
        calls.append(1)
        file.write(b"rows\n")

    files.write_in_background(folder, wanted, write)
    files.write_in_background(folder, wanted, write)  # the same process: one thread
    files.wait_for_background_writers()
    assert wanted.path.read_bytes() == b"rows\n" and calls == [1]
    assert gzip.decompress(wanted.compressed.read_bytes()) == b"rows\n"


# -- Answered early (opendata/middleware.py), when the page cache is on -------------------


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def view_calls(monkeypatch):
    """How many times the view looked for a file."""
    calls = []
    original = views.data_file

    def counted(*args, **kwargs):
        calls.append(args[1])
        return original(*args, **kwargs)

    monkeypatch.setattr(views, "data_file", counted)
    return calls


@pytest.mark.usefixtures("page_cache_on")
@pytest.mark.parametrize("encoding", ["", "gzip"])
def test_a_download_is_answered_early_with_the_same_file_and_headers(client, view_calls, encoding):
    first = client.get(URL, HTTP_ACCEPT_ENCODING=encoding)
    first_body = body(first)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(URL, HTTP_ACCEPT_ENCODING=encoding)
        assert body(again) == first_body
    assert len(view_calls) == 1 and len(queries) == 0
    assert dict(again.items()) == dict(first.items())


@pytest.mark.usefixtures("page_cache_on")
def test_ranges_conditions_head_and_sessions_still_go_to_the_view(client, view_calls, admin_user):
    plain = body(client.get(URL))
    body(client.get(URL))
    assert len(view_calls) == 1
    part = client.get(URL, HTTP_RANGE="bytes=3-12")
    assert part.status_code == 206 and body(part) == plain[3:13]
    head = client.head(URL)
    assert head["Content-Length"] == str(len(plain)) and not head.content
    assert client.get(URL + "?x=1").status_code == 200
    assert len(view_calls) == 4
    # The view's 304, which opens no file.
    etag = client.get(URL)["ETag"]
    not_modified = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304 and not_modified["Access-Control-Allow-Origin"] == "*"
    client.force_login(admin_user)
    assert "private" in client.get(URL)["Cache-Control"]
    assert len(view_calls) == 5


@pytest.mark.usefixtures("page_cache_on")
def test_a_publish_is_downloaded_at_once_and_an_earlier_file_is_not_kept(client, italian):
    old = client.get(URL)
    old_data = body(old)
    body(client.get(URL))
    folder = folder_of(client)
    add_stories(1, italian)
    descriptor = os.open(folder / files.LOCK_NAME, os.O_RDWR)
    try:
        # Another process writes the new version: the earlier file meanwhile, each time.
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        for _ in range(2):
            assert body(client.get(URL)) == old_data
    finally:
        os.close(descriptor)
    new = client.get(URL)
    new_data = body(new)
    assert new["ETag"] != old["ETag"]
    assert len(titles(new_data)) == len(titles(old_data)) + 1
    assert body(client.get(URL)) == new_data
