"""Serving a PDF the way browsers, PDF viewers and download managers expect.

Neither Django (FileResponse, django.views.static) nor WhiteNoise (static files only)
answers byte ranges for files kept in the media storage, and Wagtail's document view
serves whole files only; so the small part missing, one byte range per request
(RFC 9110, section 14), is written here. Conditional requests use Django's own
``get_conditional_response``. A request for several ranges gets the whole file, as the
RFC allows.

Files are read through the storage API, on the local disk or in an S3-compatible bucket.
A storage that can (core.storage.MediaStorage) gives the size and date in one request
and streams the bytes asked for: a range fetches only that range from the bucket, and a
whole file goes out in chunks as it arrives, never held whole in memory.
"""

import re
from urllib.parse import quote

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.text import slugify

from core.request_input import LARGEST, whole_number

CHUNK_SIZE = 64 * 1024
# ASCII digits only: \d would take "١" (Arabic-Indic one) too.
RANGE_PATTERN = re.compile(r"^bytes=([0-9]*)-([0-9]*)$")


class UnsatisfiableRange(Exception):
    pass


def requested_range(header, size):
    """``(first, last)`` byte positions (inclusive) asked for by a Range header, or None
    when the whole file is to be sent: no header, several ranges, or a header this site
    does not understand (which the RFC says to ignore)."""
    if not header or "," in header:
        return None
    match = RANGE_PATTERN.match(header.replace(" ", ""))
    if not match or match.groups() == ("", ""):
        return None
    first, last = (_byte_position(digits) if digits else None for digits in match.groups())
    if first is not None:
        if last is not None and last < first:
            return None
        if first >= size:
            raise UnsatisfiableRange
        return first, min(last, size - 1) if last is not None else size - 1
    # "bytes=-N": the last N bytes.
    if last == 0 or size == 0:
        raise UnsatisfiableRange
    return max(size - last, 0), size - 1


def _byte_position(digits):
    """A position or length in bytes; one too long for a 64-bit integer is beyond any file
    (``int()`` alone would refuse a number of over 4,300 digits)."""
    position = whole_number(digits.lstrip("0") or "0")
    return LARGEST if position is None else position


def content_disposition(name):
    """``inline`` with a plain ASCII name for every client and the exact UTF-8 name for
    those that read ``filename*`` (RFC 6266)."""
    stem = name.removesuffix(".pdf")
    ascii_name = f"{slugify(stem) or 'document'}.pdf"
    exact_name = f"{slugify(stem, allow_unicode=True) or 'document'}.pdf"
    return f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(exact_name)}"


def _stat(storage, name):
    if hasattr(storage, "stat"):
        return storage.stat(name)
    return storage.size(name), storage.get_modified_time(name)


def _open(storage, name, start, end):
    """A file-like object positioned at ``start``; on object storage, one reading only
    bytes ``start`` to ``end``."""
    if hasattr(storage, "stream"):
        return storage.stream(name, start, end)
    file = storage.open(name, "rb")
    file.seek(start)
    return file


def _read(file, length):
    with file:
        while length > 0:
            chunk = file.read(min(CHUNK_SIZE, length))
            if not chunk:
                break
            length -= len(chunk)
            yield chunk


def _if_range_allows(request, etag, last_modified):
    """A Range header only counts when If-Range, if sent, still names this file."""
    validator = request.headers.get("If-Range")
    if not validator:
        return True
    if validator.startswith(('"', 'W/"')):
        return validator == etag
    return parse_http_date_safe(validator) == last_modified


def pdf_response(request, document, filename, public=True, on_download=None):
    """The PDF of ``document`` for a GET or HEAD, honouring conditional and range
    requests. ``on_download()`` is called when a reader starts downloading the file:
    a GET answered with the whole file or its first bytes, not a HEAD, not a 304, not
    the later pieces a PDF viewer asks for."""
    storage, name = document.file.storage, document.file.name
    size, modified = _stat(storage, name)
    last_modified = int(modified.timestamp())
    # Wagtail keeps a SHA-1 of the content: a replaced file gets a new ETag at once.
    etag = quote_etag(document.file_hash or f"{size:x}-{last_modified:x}")

    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        try:
            byte_range = None
            if _if_range_allows(request, etag, last_modified):
                byte_range = requested_range(request.headers.get("Range"), size)
        except UnsatisfiableRange:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        response = _file_response(request, storage, name, size, byte_range)
        starts_download = request.method == "GET" and (byte_range is None or byte_range[0] == 0)
        if starts_download and on_download is not None:
            on_download()
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Accept-Ranges"] = "bytes"
    if response.status_code in (200, 206):
        response["Content-Type"] = "application/pdf"
        response["Content-Disposition"] = content_disposition(filename)
        response["X-Content-Type-Options"] = "nosniff"
    if not public:
        patch_cache_control(response, private=True, no_cache=True)
    return response


def _file_response(request, storage, name, size, byte_range):
    if byte_range is None:
        if request.method == "HEAD":
            response = HttpResponse()
        elif hasattr(storage, "stream"):
            response = StreamingHttpResponse(_read(storage.stream(name), size))
        else:
            response = FileResponse(storage.open(name, "rb"))
        response["Content-Length"] = str(size)
        return response
    start, end = byte_range
    length = end - start + 1
    if request.method == "HEAD":
        response = HttpResponse(status=206)
    else:
        response = StreamingHttpResponse(
            _read(_open(storage, name, start, end), length), status=206
        )
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(length)
    return response
