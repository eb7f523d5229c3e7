"""Media on S3-compatible object storage, against a real server speaking the S3 protocol.

No S3-compatible server ships in Debian or on PyPI here, so these tests start moto's server
mode (``python -m moto.server``): a separate process answering S3's HTTP API on a free
port, which enforces bucket policies and object ACLs for requests without credentials. The
site is configured exactly as for AWS S3 or MinIO, from the same environment variables
(endpoint URL, keys, bucket, region; path-style addressing) through
``site_cms.settings.media_storage``, and the bucket is prepared by the site's own
``prepare_media_bucket`` command. Images, their renditions and documents are uploaded
through the admin, as an editor would.
"""

import io
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path

import pytest
import requests
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction

from core.storage import MediaStorage, PrivateMediaStorage
from downloads.serving import CHUNK_SIZE
from downloads.tests.pdf_files import simple_pdf, stream
from proposals.models import StoryProposal
from site_cms.settings.media_storage import media_origin, media_storages_from_env
from stories.models import ReportPage, StoryPage

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """A moto S3 server of this module's own, on a free port."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                # The first request loads moto's S3 backend: slow on a busy machine.
                requests.get(endpoint, timeout=10)
                break
            except (requests.ConnectionError, requests.Timeout):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto's S3 server did not start") from None
                time.sleep(0.1)
        yield endpoint
    finally:
        process.terminate()
        process.wait(timeout=10)


def s3_environment(endpoint, bucket):
    return {
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "site-media-key",
        "AWS_SECRET_ACCESS_KEY": "site-media-secret",
        "AWS_S3_REGION_NAME": "eu-south-1",
    }


@pytest.fixture
def bucket(s3_endpoint, settings):
    """The site's media in a new bucket of the S3 server, prepared by the site's command."""
    name = f"media-{uuid.uuid4().hex[:12]}"
    config = media_storages_from_env(s3_environment(s3_endpoint, name))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": config["default"],
        "private": config["private"],
    }
    settings.MEDIA_URL = config["media_url"]
    call_command("prepare_media_bucket", stdout=io.StringIO())
    return storages["default"]


def keys(storage, prefix=""):
    listing = storage.connection.meta.client.list_objects_v2(
        Bucket=storage.bucket_name, Prefix=prefix
    )
    return sorted(entry["Key"] for entry in listing.get("Contents", []))


def stored_bytes(storage, key):
    return storage.connection.meta.client.get_object(Bucket=storage.bucket_name, Key=key)[
        "Body"
    ].read()


def anonymous_get(url):
    """A plain GET, as a browser would send: no credentials, no signature."""
    return requests.get(url, timeout=10)


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def png_bytes(size=(900, 600), colour=(180, 60, 40)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def pdf_bytes(marker, size=200_000):
    """A PDF by the site's checks, larger than several serving chunks."""
    filler = b"".join(b"% " + os.urandom(30).hex().encode() + b"\n" for _ in range(size // 63))
    page = f"BT ({marker}) Tj ET\n".encode() + filler
    return simple_pdf(b"", b"/Contents 4 0 R", stream(page))


class ImageSources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.sources.append(attrs.get("src"))
            for candidate in (attrs.get("srcset") or "").split(","):
                if candidate.strip():
                    self.sources.append(candidate.split()[0])


def image_sources(response):
    parser = ImageSources()
    parser.feed(response.content.decode())
    return parser.sources


class GetObjectLog:
    """What the S3 server answered to each GetObject the storage sent."""

    def __init__(self, storage):
        self.calls = []
        self.events = storage.connection.meta.client.meta.events
        self.events.register("after-call.s3.GetObject", self.record)

    def record(self, parsed, **kwargs):
        self.calls.append((parsed.get("ContentRange"), parsed["ContentLength"]))

    def close(self):
        self.events.unregister("after-call.s3.GetObject", self.record)


@pytest.fixture
def get_object_log(bucket):
    log = GetObjectLog(bucket)
    yield log
    log.close()


def upload_document(admin_client, title, content, filename):
    response = admin_client.post(
        "/admin/documents/add/",
        {"title": title, "file": SimpleUploadedFile(filename, content), "collection": 1},
    )
    assert response.status_code == 302, response.content[:2000]
    return get_document_model().objects.get(title=title)


def live_report(document):
    report = ReportPage.objects.live().filter(locale__language_code="it").first()
    report.full_report = document
    report.save_revision().publish()
    return report


# --- settings --------------------------------------------------------------------------


def load_settings(**env):
    clean_env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
    clean_env.update(
        env,
        SECRET_KEY="a-long-random-value",
        ALLOWED_HOSTS="example.org",
        SITE_BASE_URL="https://example.org",
    )
    clean_env["DJANGO_SETTINGS_MODULE"] = "site_cms.settings.production"
    script = (
        "import json; import site_cms.settings.production as s; "
        "print(json.dumps([s.STORAGES['default']['BACKEND'], s.STORAGES['private']['BACKEND'],"
        " s.MEDIA_URL, s.CONTENT_SECURITY_POLICY]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_settings_choose_the_storage_from_the_environment():
    default, private, media_url, policy = json.loads(load_settings())
    assert default == "django.core.files.storage.FileSystemStorage"
    assert private == "proposals.storage.PrivateMediaStorage"
    assert media_url == "/media/" and "img-src 'self' data:;" in policy

    minio = s3_environment("http://minio:9000", "welfare-media")
    default, private, media_url, policy = json.loads(load_settings(**minio))
    assert default == "core.storage.MediaStorage"
    assert private == "core.storage.PrivateMediaStorage"
    assert media_url == "http://minio:9000/welfare-media/"
    assert "img-src 'self' data: http://minio:9000;" in policy


def test_image_addresses_name_the_cdn_or_the_bucket():
    minio = s3_environment("http://minio:9000", "welfare-media")
    config = media_storages_from_env(minio)
    options = config["default"]["OPTIONS"]
    assert options["addressing_style"] == "path" and options["querystring_auth"] is False
    assert options["file_overwrite"] is False and options["default_acl"] is None
    assert config["private"]["OPTIONS"]["location"] == "private"

    cdn = media_storages_from_env({**minio, "AWS_S3_CUSTOM_DOMAIN": "media.example.org"})
    assert cdn["media_url"] == "https://media.example.org/"
    assert media_origin(cdn["media_url"]) == "https://media.example.org"
    assert cdn["default"]["OPTIONS"]["endpoint_url"] == "http://minio:9000"

    aws = {"AWS_STORAGE_BUCKET_NAME": "welfare-media", "AWS_S3_REGION_NAME": "eu-south-1"}
    config = media_storages_from_env(aws)
    assert config["media_url"] == "https://welfare-media.s3.eu-south-1.amazonaws.com/"
    assert config["default"]["OPTIONS"]["addressing_style"] is None
    assert media_storages_from_env({}) is None
    with pytest.raises(ImproperlyConfigured):
        media_storages_from_env({**minio, "AWS_S3_ENDPOINT_URL": "minio:9000"})


def test_the_bucket_command_needs_a_bucket():
    with pytest.raises(CommandError, match="AWS_STORAGE_BUCKET_NAME"):
        call_command("prepare_media_bucket")


# --- images ----------------------------------------------------------------------------


def test_an_uploaded_image_and_its_renditions_are_served_from_the_bucket(
    client, admin_client, bucket, settings
):
    assert isinstance(bucket, MediaStorage)
    content = png_bytes()
    response = admin_client.post(
        "/admin/images/add/",
        {
            "title": "Portineria",
            "file": SimpleUploadedFile("portineria.png", content, "image/png"),
            "collection": 1,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    image = get_image_model().objects.get(title="Portineria")
    assert keys(bucket, "original_images/") == [image.file.name]
    assert stored_bytes(bucket, image.file.name) == content
    # The original is public too: the API gives its address (download_url).
    original = anonymous_get(image.file.url)
    assert original.status_code == 200 and original.content == content

    story = StoryPage.objects.live().filter(locale__language_code="it").first()
    story.hero_image = image
    story.save_revision().publish()
    response = client.get(story.url)
    assert response.status_code == 200
    # Browsers may load images from the bucket (the settings add its origin to img-src).
    # (The demo's other images have their files on the local disk, not in this bucket.)
    prefix = f"{settings.MEDIA_URL}images/portineria."
    from_bucket = {src for src in image_sources(response) if src.startswith(prefix)}
    renditions = {rendition.url: rendition for rendition in image.renditions.all()}
    assert len(from_bucket) == 2 and from_bucket <= set(renditions)  # hero and its small size
    for url in from_bucket:
        served = anonymous_get(url)
        assert served.status_code == 200
        assert served.headers["Content-Type"] == "image/webp"
        rendition = renditions[url]
        assert served.content == stored_bytes(bucket, rendition.file.name)
        assert PillowImage.open(io.BytesIO(served.content)).size == (
            rendition.width,
            rendition.height,
        )
    rendition_keys = keys(bucket, "images/")
    assert rendition_keys == sorted(rendition.file.name for rendition in renditions.values())

    # Another app server: no cached rendition and a connection of its own. The database
    # rows name the objects the first server made, so it makes no new rendition.
    caches["renditions"].clear()
    other_server = MediaStorage(**settings.STORAGES["default"]["OPTIONS"])
    image = get_image_model().objects.get(pk=image.pk)
    for rendition in renditions.values():
        again = image.get_rendition(rendition.filter_spec)
        assert again.url == rendition.url
        assert other_server.exists(again.file.name)
    assert keys(other_server, "images/") == rendition_keys


# --- documents -------------------------------------------------------------------------


def test_documents_are_streamed_with_their_headers_and_ranges(
    client, admin_client, bucket, get_object_log
):
    content = pdf_bytes("report")
    document = upload_document(admin_client, "Rapporto S3", content, "rapporto-s3.pdf")
    assert keys(bucket, "documents/") == [document.file.name]
    report = live_report(document)

    for url in (document.url, f"/r/{report.permanent_code}/report/"):
        get_object_log.calls.clear()
        response = client.get(url)
        assert response.status_code == 200
        assert response.streaming
        chunks = list(response.streaming_content)
        assert b"".join(chunks) == content
        # Sent as it arrives from the bucket, a chunk at a time, after one GET of the object.
        assert len(chunks) > 1 and max(map(len, chunks)) <= CHUNK_SIZE
        assert get_object_log.calls == [(None, len(content))]
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Length"] == str(len(content))
        assert response["Content-Disposition"].startswith('inline; filename="')
        assert response["ETag"] == f'"{document.file_hash}"'
        assert response["Last-Modified"] and response["Accept-Ranges"] == "bytes"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304

        get_object_log.calls.clear()
        response = client.get(url, HTTP_RANGE="bytes=150000-150099")
        assert response.status_code == 206
        assert response["Content-Range"] == f"bytes 150000-150099/{len(content)}"
        assert body(response) == content[150000:150100]
        # Only the range left the bucket.
        assert get_object_log.calls == [(f"bytes 150000-150099/{len(content)}", 100)]

        response = client.get(url, HTTP_RANGE="bytes=-10")
        assert response.status_code == 206 and body(response) == content[-10:]
        response = client.head(url, HTTP_RANGE="bytes=0-9")
        assert response.status_code == 206 and response["Content-Length"] == "10"
        assert client.get(url, HTTP_RANGE=f"bytes={len(content)}-").status_code == 416


def test_documents_are_never_readable_from_the_bucket(client, admin_client, bucket):
    content = pdf_bytes("private")
    document = upload_document(admin_client, "Rapporto riservato", content, "riservato.pdf")
    live_report(document)
    assert client.get(document.url).status_code == 200
    # The object's own address, with no credentials: refused by the bucket. (moto does not
    # check anonymous listings of a bucket; S3 and MinIO refuse them without a policy.)
    assert anonymous_get(document.file.url).status_code == 403
    # The object is the document's (read with the site's keys).
    assert stored_bytes(bucket, document.file.name) == content


def test_draft_and_private_reports_keep_their_documents(client, admin_client, bucket):
    document = upload_document(admin_client, "Rapporto in bozza", pdf_bytes("draft"), "bozza.pdf")
    report = live_report(document)
    permalink = f"/r/{report.permanent_code}/report/"

    # A reader who may not see the report is asked to sign in, as for the page itself.
    restriction = PageViewRestriction.objects.create(page=report, restriction_type="login")
    response = client.get(document.url)
    assert response.status_code == 302 and "login" in response["Location"]
    restriction.delete()
    assert client.get(document.url).status_code == 200

    for version in ReportPage.objects.filter(translation_key=report.translation_key):
        version.unpublish()
    assert client.get(document.url).status_code == 404
    assert client.get(permalink).status_code == 404
    response = admin_client.get(document.url)
    assert response.status_code == 200 and "private" in response["Cache-Control"]

    loose = upload_document(admin_client, "Nessun rapporto", pdf_bytes("loose"), "sciolto.pdf")
    assert client.get(loose.url).status_code == 404
    assert admin_client.get(loose.url).status_code == 200


def test_replacing_a_document_in_the_admin_serves_the_new_file(client, admin_client, bucket):
    first = pdf_bytes("first")
    document = upload_document(admin_client, "Rapporto sostituito", first, "sostituito.pdf")
    report = live_report(document)
    permalink = f"/r/{report.permanent_code}/report/"
    before = client.get(permalink)
    assert body(before) == first

    second = pdf_bytes("second", size=90_000)
    response = admin_client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": "Rapporto sostituito",
            "file": SimpleUploadedFile("sostituito-2025.pdf", second),
            "collection": 1,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    document.refresh_from_db()
    assert keys(bucket, "documents/") == [document.file.name]
    for url in (permalink, document.url):
        response = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
        assert response.status_code == 200
        assert body(response) == second
        assert response["ETag"] != before["ETag"]
        assert response["Content-Length"] == str(len(second))


def test_same_file_names_never_replace_each_other(admin_client, bucket):
    first = upload_document(admin_client, "Primo", pdf_bytes("one", 2000), "rapporto.pdf")
    second = upload_document(admin_client, "Secondo", pdf_bytes("two", 2000), "rapporto.pdf")
    assert first.file.name != second.file.name
    assert b"(one)" in stored_bytes(bucket, first.file.name)
    assert b"(two)" in stored_bytes(bucket, second.file.name)


# --- proposals -------------------------------------------------------------------------


def test_proposals_files_stay_private_in_the_bucket(client, admin_client, bucket):
    content = pdf_bytes("proposal", 3000)
    proposal = StoryProposal.objects.create(
        language="it",
        name="Giulia Rossi",
        organisation="Cooperativa Il Ponte",
        email="giulia@example.org",
        territory="Rhodense",
        summary="Una rete di portinerie di quartiere.",
        document=ContentFile(content, name="progetto.pdf"),
    )
    storage = proposal.document.storage
    assert isinstance(storage._wrapped, PrivateMediaStorage)
    key = f"private/{proposal.document.name}"
    assert keys(bucket, "private/") == [key]
    assert keys(bucket, "proposals/") == []
    with pytest.raises(ValueError):
        proposal.document.url  # noqa: B018 (no public address exists)
    public_address = f"{bucket.endpoint_url}/{bucket.bucket_name}/{key}"
    assert anonymous_get(public_address).status_code == 403

    response = admin_client.get(reverse("story_proposals:document", args=[proposal.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert body(response) == content

    proposal.delete()
    assert keys(bucket, "private/") == []
