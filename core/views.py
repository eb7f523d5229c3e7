"""Site-wide error views."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views import defaults

# The database cannot be reached (down, wrong address, unreadable file): a page that says
# so and when to try again, instead of "server error". 30 s is about what a database
# restart or a failover takes.
DATABASE_ERRORS = (OperationalError, InterfaceError)
DATABASE_UNAVAILABLE_RETRY_AFTER = 30


def server_error(request):
    """``handler500``: Django calls it while handling the exception that ended the request,
    whether raised in a view or in a middleware, for readers and the admin alike."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        return database_unavailable(request)
    return defaults.server_error(request)


def database_unavailable(request):
    """A 503 page in the reader's language, made without the database: no site settings,
    menus or user, only the template and the request's path and headers."""
    language = translation.get_language_from_path(
        request.path_info
    ) or translation.get_language_from_request(request)
    with translation.override(language):
        html = render_to_string("503_database.html", {"language_code": translation.get_language()})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(DATABASE_UNAVAILABLE_RETRY_AFTER)
    add_never_cache_headers(response)
    return response
