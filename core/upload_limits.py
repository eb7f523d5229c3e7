"""Request bodies are capped before they are read: a 200 MB upload must not be written to
disk (Django spools files over 2.5 MB to a temporary file) before a form says it is too big.

- ``RequestBodyLimitMiddleware``, listed near the top, answers 413 with a readable page to
  a request whose Content-Length is over ``REQUEST_BODY_MAX_SIZE``, before anything reads
  its body. Django's own ``DATA_UPLOAD_MAX_MEMORY_SIZE`` leaves files out.
- ``BodyLimitUploadHandler``, the first upload handler, counts what the multipart parser
  actually reads and stops it past the same limit, for a body whose length was not declared
  or not checked (a view reached without the middleware, another server interface). The
  request then ends without running the rest of the view, and the middleware answers 413.

The forms' own limits sit below this one, so that their messages are the ones readers see:
``UPLOADED_FILE_MAX_SIZE`` (10 MB) for documents and images (``WAGTAILDOCS_MAX_UPLOAD_SIZE``,
``WAGTAILIMAGES_MAX_UPLOAD_SIZE``) and proposals' files (``proposals.forms.DOCUMENT_MAX_SIZE``),
with room for the form's other fields.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class RequestBodyTooLarge(RequestDataTooBig, MultiPartParserError):
    """Raised by the upload handler. As a ``MultiPartParserError`` Django marks the request's
    data as unreadable (a later ``request.POST`` is empty, not a second read); as a
    ``RequestDataTooBig`` it ends the request with a 400 where the middleware is missing."""


def body_limit():
    return settings.REQUEST_BODY_MAX_SIZE


def declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def too_large_response(request):
    """413 in the reader's language, made from the request's path and headers only."""
    language = translation.get_language_from_path(
        request.path_info
    ) or translation.get_language_from_request(request)
    with translation.override(language):
        html = render_to_string(
            "413.html",
            {
                "language_code": translation.get_language(),
                "limit": filesizeformat(body_limit()),
                "file_limit": filesizeformat(settings.UPLOADED_FILE_MAX_SIZE),
            },
        )
    response = HttpResponse(html, status=413)
    add_never_cache_headers(response)
    return response


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if declared_length(request) > body_limit():
            return too_large_response(request)
        response = self.get_response(request)
        if getattr(request, "body_limit_exceeded", False):
            return too_large_response(request)
        return response


class BodyLimitUploadHandler(FileUploadHandler):
    """Counts the bytes of every file in the request; past the limit, stops reading (the
    rest of the body is never consumed) and fails the request."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.received = 0
        if content_length > body_limit():
            self.stop()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > body_limit():
            self.stop()
        return raw_data

    def file_complete(self, file_size):
        return None

    def stop(self):
        if self.request is not None:
            self.request.body_limit_exceeded = True
        raise RequestBodyTooLarge(f"Request body over REQUEST_BODY_MAX_SIZE ({body_limit()} bytes)")
