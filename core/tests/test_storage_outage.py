"""While the media's object storage cannot be reached, readers and editors get a 503 page
that says so in their language, never a 500.

The storage is the site's S3 configuration (``site_cms.settings.media_storage``) pointed at
a port where nothing listens (every request refused, as when the storage's host is down),
or at a host that takes the connection and never answers.
"""

import socket
import time

import pytest
from botocore.exceptions import ClientError
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.images import get_image_model

from core.tests.test_s3_media import free_port, png_bytes, s3_environment
from core.views import storage_unavailable
from site_cms.settings.media_storage import media_storages_from_env
from stories.models import ReportPage, StoryPage

pytestmark = pytest.mark.django_db


def use_storage_at(settings, endpoint, **options):
    config = media_storages_from_env(s3_environment(endpoint, "site"))
    for name in ("default", "private"):
        config[name]["OPTIONS"].update(options)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": config["default"],
        "private": config["private"],
    }
    settings.MEDIA_URL = config["media_url"]


@pytest.fixture
def unreachable_storage(settings):
    use_storage_at(settings, f"http://127.0.0.1:{free_port()}")


@pytest.fixture
def silent_storage(settings):
    """A bucket whose host takes the connection and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        # One second rather than the site's ten, tried twice.
        use_storage_at(settings, f"http://127.0.0.1:{listener.getsockname()[1]}", read_timeout=1)
        yield


def assert_storage_unavailable_page(response, language, words):
    assert response.status_code == 503, response.content[:500]
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    assert words in body


@pytest.mark.parametrize(
    "language, words",
    [
        ("it", "non riesce a raggiungere l’archivio delle sue immagini"),
        ("en", "cannot reach the storage of its images and documents"),
    ],
)
def test_a_page_whose_image_must_be_resized_says_the_storage_is_unavailable(
    unreachable_storage, language, words
):
    # The demo's renditions were made on the local disk, and its pages' fragments are
    # cached: the page must make its own.
    get_image_model().get_rendition_model().objects.all().delete()
    for cache in caches.all():
        cache.clear()
    story = StoryPage.objects.live().filter(locale__language_code=language).first()
    reader = Client(raise_request_exception=False)

    response = reader.get(story.url)

    assert_storage_unavailable_page(response, language, words)


def test_a_bucket_that_does_not_answer_in_time_gives_the_same_page_not_a_placeholder(
    silent_storage,
):
    """botocore's timeouts are OSErrors, which Wagtail takes for a missing image and draws
    a placeholder for: a 200 that every cache would keep."""
    get_image_model().get_rendition_model().objects.all().delete()
    for cache in caches.all():
        cache.clear()
    story = StoryPage.objects.live().filter(locale__language_code="en").first()
    reader = Client(raise_request_exception=False)

    started = time.monotonic()
    response = reader.get(story.url)

    assert_storage_unavailable_page(response, "en", "cannot reach the storage")
    assert time.monotonic() - started < 15


def test_a_report_file_says_the_storage_is_unavailable(unreachable_storage):
    report = ReportPage.objects.live().filter(full_report__isnull=False).first()
    reader = Client(raise_request_exception=False)

    response = reader.get(f"/r/{report.permanent_code}/report/", HTTP_ACCEPT_LANGUAGE="en")

    assert_storage_unavailable_page(response, "en", "cannot reach the storage")


def test_an_editor_uploading_an_image_is_told_and_no_image_is_half_saved(
    unreachable_storage, admin_user
):
    editor = Client(raise_request_exception=False)
    editor.force_login(admin_user)
    images = get_image_model().objects.count()

    response = editor.post(
        "/admin/images/add/",
        {"title": "Portineria", "file": SimpleUploadedFile("p.png", png_bytes()), "collection": 1},
        HTTP_ACCEPT_LANGUAGE="it",
    )

    assert_storage_unavailable_page(response, "it", "non riesce a raggiungere")
    assert get_image_model().objects.count() == images


def client_error(status):
    return ClientError(
        {"Error": {"Code": str(status)}, "ResponseMetadata": {"HTTPStatusCode": status}},
        "GetObject",
    )


def test_only_the_storage_s_own_failures_count_as_unavailable():
    assert storage_unavailable(client_error(503))
    assert storage_unavailable(client_error(500))
    # Refused or missing: the site's own doing, a 500 to look into (or a 404 upstream).
    assert not storage_unavailable(client_error(403))
    assert not storage_unavailable(client_error(404))
    assert not storage_unavailable(ValueError("not the storage"))
