"""Site-wide error views."""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views import defaults

from core.storage import StorageUnavailable, is_outage

# The database cannot be reached (down, wrong address, unreadable file): a page that says
# so and when to try again, instead of "server error". 30 s is about what a database
# restart or a failover takes.
DATABASE_ERRORS = (OperationalError, InterfaceError)
# The object storage of the media (S3, MinIO) cannot be reached, times out, or answers with a
# server error of its own (core.storage.is_outage): a page that says so too. A file it
# answers is missing is not one of these: django-storages turns that into
# FileNotFoundError, which Wagtail shows as a missing image.
DATABASE_UNAVAILABLE = _(
    "The site cannot reach its database right now. Please try again in a minute."
)
STORAGE_UNAVAILABLE = _(
    "The site cannot reach the storage of its images and documents right now. "
    "Please try again in a minute."
)
UNAVAILABLE_RETRY_AFTER = 30


def server_error(request):
    """``handler500``: Django calls it while handling the exception that ended the request,
    whether raised in a view or in a middleware, for readers and the admin alike."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        return unavailable(request, DATABASE_UNAVAILABLE)
    if storage_unavailable(error):
        return unavailable(request, STORAGE_UNAVAILABLE)
    # Not Django's view: its CSRF check reads the form again, which may be what failed.
    return HttpResponseServerError(render_to_string(defaults.ERROR_500_TEMPLATE_NAME))


def bad_request(request, exception=None):
    """``handler400``: a request Django refuses (a bad Host header, a body it cannot parse).
    Not Django's view, whose CSRF check reads the form again: when the form was what Django
    refused, the error page itself failed, with a 500."""
    return bad_request_page(request)


def bad_request_page(request, message=None):
    """A 400 page in the reader's language, made from the request's path and headers only
    (no database, no form, no Host), since any of them may be what was wrong."""
    with translation.override(reader_language(request)):
        html = render_to_string(
            "400.html", {"language_code": translation.get_language(), "message": message}
        )
    response = HttpResponseBadRequest(html)
    response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY
    add_never_cache_headers(response)
    return response


def reader_language(request):
    """The language of the path's prefix, else the one the browser asks for."""
    return translation.get_language_from_path(
        request.path_info
    ) or translation.get_language_from_request(request)


def storage_unavailable(error):
    """What MediaStorage raised, or botocore's own error from a call outside it."""
    return isinstance(error, StorageUnavailable) or is_outage(error)


def unavailable(request, reason):
    """A 503 page in the reader's language that gives the ``reason``, made without the
    database or the storage: no site settings, menus or user, only the template and the
    request's path and headers."""
    with translation.override(reader_language(request)):
        html = render_to_string(
            "503.html", {"language_code": translation.get_language(), "reason": reason}
        )
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(UNAVAILABLE_RETRY_AFTER)
    add_never_cache_headers(response)
    return response
