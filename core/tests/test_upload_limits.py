"""Request bodies capped before they are read (core.upload_limits), and images capped in
pixels before they are decoded (WAGTAILIMAGES_MAX_IMAGE_PIXELS, Pillow's MAX_IMAGE_PIXELS)."""

import functools
import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.test import RequestFactory
from django.utils import translation
from PIL import Image
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from core.upload_limits import BodyLimitUploadHandler, RequestBodyTooLarge
from tests.helpers import proposal_page

MB = 1024 * 1024
BOUNDARY = "limit-test-boundary"


class EndlessUpload(io.RawIOBase):
    """A multipart body with one file that never ends, as a client that sends 200 MB (or
    more) would; counts what the server reads, and makes nothing in memory."""

    def __init__(self):
        self.head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            'filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n'
        ).encode()
        self.read_bytes = 0

    def readable(self):
        return True

    def read(self, size=-1):
        size = 64 * 1024 if size is None or size < 0 else size
        chunk = (self.head + b"0" * size)[:size]
        self.head = self.head[len(chunk) :]
        self.read_bytes += len(chunk)
        return chunk


def endless_post(client, path, length=200 * MB, **extra):
    stream = EndlessUpload()
    # Given as WSGI variables: the client sets them itself only for a body it holds.
    response = client.generic(
        "POST",
        path,
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": stream},
        **extra,
    )
    return response, stream


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["proposal", "/admin/documents/add/"])
def test_a_declared_large_body_gets_413_before_a_byte_is_read(admin_client, settings, path):
    path = proposal_page("it").url if path == "proposal" else path
    response, stream = endless_post(admin_client, path, HTTP_ACCEPT_LANGUAGE="it")
    assert response.status_code == 413
    assert stream.read_bytes == 0
    html = response.content.decode()
    with translation.override("it"):
        # {% translate %} writes the catalogue's text as it is (l'invio), unescaped.
        assert translation.gettext("Too large to send") in html
        assert filesizeformat(settings.REQUEST_BODY_MAX_SIZE) in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_413_page_speaks_english_under_en(client):
    response, _stream = endless_post(client, proposal_page("en").url)
    assert response.status_code == 413
    assert "Too large to send" in response.content.decode()
    assert 'lang="en"' in response.content.decode()


@pytest.mark.django_db
def test_a_body_just_under_the_limit_reaches_the_form(client, settings):
    """The proposal form answers itself (its own 10 MB message) below the cap."""
    response, stream = endless_post(
        client, proposal_page("en").url, length=settings.REQUEST_BODY_MAX_SIZE
    )
    # The form's own answer: the file (cut short by the client) is refused with a message.
    assert response.status_code == 400, response.status_code
    assert stream.read_bytes == settings.REQUEST_BODY_MAX_SIZE


@pytest.mark.django_db
def test_without_the_middleware_the_upload_handler_stops_the_parser(client, settings):
    settings.MIDDLEWARE = [
        name
        for name in settings.MIDDLEWARE
        if name != "core.upload_limits.RequestBodyLimitMiddleware"
    ]
    response, stream = endless_post(client, proposal_page("en").url)
    # Django's answer to RequestDataTooBig: the view never ran, nothing was read or stored.
    assert response.status_code == 400
    assert stream.read_bytes == 0


def test_the_handler_counts_what_it_reads():
    """For a body whose length nobody checked: it stops once the files pass the limit."""
    request = RequestFactory().post("/")
    handler = BodyLimitUploadHandler(request)
    handler.handle_raw_input(None, {}, 0, BOUNDARY)
    chunk = b"0" * MB
    with pytest.raises(RequestBodyTooLarge):
        for start in range(0, 100 * MB, MB):
            assert handler.receive_data_chunk(chunk, start) == chunk
    assert handler.received == 13 * MB
    assert request.body_limit_exceeded


def test_a_chunked_body_without_length_is_never_read():
    """Django reads a body only up to its Content-Length: one sent in chunks, with no length,
    is not read at all (a proxy in front, nginx, sends the length)."""
    stream = EndlessUpload()
    request = RequestFactory().generic(
        "POST",
        "/",
        CONTENT_TYPE=f"multipart/form-data; boundary={BOUNDARY}",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": stream},
    )
    assert "CONTENT_LENGTH" not in request.META
    assert not request.FILES and stream.read_bytes == 0


# --- Images -------------------------------------------------------------------------------


@functools.cache
def png(width, height):
    """A black PNG of any size, written directly: one bit a pixel, every row compressed
    together, so an 11000 x 11000 image costs a few kilobytes and no decoding here."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = (b"\x00" + b"\x00" * ((width + 7) // 8)) * height
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def test_pillow_refuses_an_image_over_the_limit_before_decoding_it(settings):
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    # Pillow's error falls at twice its MAX_IMAGE_PIXELS: at the site's limit.
    assert Image.MAX_IMAGE_PIXELS * 2 == settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    for width, height in ((11000, 11000), (7000, 6000)):
        with pytest.raises(Image.DecompressionBombError):
            Image.open(io.BytesIO(png(width, height)))
    # Under the site's limit but over Pillow's own: opened, with Pillow's warning.
    with pytest.warns(Image.DecompressionBombWarning):
        assert Image.open(io.BytesIO(png(6000, 6000))).size == (6000, 6000)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [(11000, 11000), (7000, 6000)], ids=["121-mpx", "42-mpx"])
def test_admin_refuses_an_image_with_too_many_pixels(admin_client, size):
    images = get_image_model().objects
    before = images.count()
    upload = SimpleUploadedFile("enorme.png", png(*size), "image/png")
    response = admin_client.post(
        "/admin/images/add/", {"title": "Enorme", "file": upload, "collection": 1}
    )
    assert response.status_code == 200
    assert "40000000" in response.content.decode()
    assert images.count() == before

    upload = SimpleUploadedFile("enorme.png", png(*size), "image/png")
    response = admin_client.post(
        "/admin/images/multiple/add/", {"files[]": upload, "collection": 1}
    )
    assert response.json()["success"] is False
    assert "40000000" in response.json()["error_message"]
    assert images.count() == before


@pytest.mark.django_db
def test_admin_accepts_an_ordinary_image(admin_client):
    upload = SimpleUploadedFile("piccola.png", get_test_image_file().file.getvalue())
    images = get_image_model().objects
    before = images.count()
    response = admin_client.post(
        "/admin/images/add/",
        {"title": "Piccola", "file": upload, "collection": 1},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert images.count() == before + 1
