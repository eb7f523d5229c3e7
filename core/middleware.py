from functools import wraps

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext_lazy as _

from .request_input import has_control_characters
from .views import bad_request_page


def shared_with_other_sites(response):
    """Lets other sites load ``response`` into their pages: an embed card in their frame, a
    PDF or an image in their page, open data read by their scripts (with CORS). Every other
    response is ``Cross-Origin-Resource-Policy: same-origin``."""
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def shared_view(view):
    """A view whose responses other sites may load (``shared_with_other_sites``)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return shared_with_other_sites(view(request, *args, **kwargs))

    return wrapped


class SecurityHeadersMiddleware:
    """The headers Django's SecurityMiddleware does not send: the Content-Security-Policy,
    Permissions-Policy and Cross-Origin-Resource-Policy. A view that set one of them keeps
    its own (the embed cards' frameable policy).

    The admin's looser policy goes only to signed-in users: what anyone may reach there (the
    sign-in, lockout and password reset pages) runs no inline script and keeps the public
    one. Listed after the authentication middleware, for ``request.user``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        user = getattr(request, "user", None)
        if request.path.startswith(settings.ADMIN_PATH_PREFIXES) and user and user.is_authenticated:
            policy = settings.ADMIN_CONTENT_SECURITY_POLICY
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        return response


class PublicCacheControlMiddleware:
    """Says who may keep each response, unless the view chose a policy of its own.

    - A successful GET or HEAD outside the admin, from a request without a session cookie
      (so never for editors, previews or a reader who unlocked a password-protected page),
      whose response sets no cookie: ``public, max-age=0, s-maxage=N``. Browsers revalidate
      every time (an ETag makes that a 304), so they never show a stale copy; shared caches
      keep it ``FRONTEND_CACHE_SECONDS`` (a day) when a purge backend is configured, which
      removes it on every publish, and revalidate too (``N`` = 0) when none is, since nothing
      would tell them of a change. ``Vary: Cookie``: a reader who logs in later must not
      get this copy.
    - The admin, a request with a session, and any response that sets a cookie (forms with
      a CSRF token, the password form of a protected page): never kept anywhere
      (``private, no-store``).
    - Errors and redirects: no header (the VCL keeps only what is marked public).

    Listed before the session and CSRF middleware, so it sees the cookies they add.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if (
            request.path.startswith(settings.ADMIN_PATH_PREFIXES)
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or response.cookies
        ):
            add_never_cache_headers(response)
        elif request.method in ("GET", "HEAD") and response.status_code == 200:
            patch_cache_control(
                response, public=True, max_age=0, s_maxage=settings.FRONTEND_CACHE_SECONDS
            )
            patch_vary_headers(response, ["Cookie"])
        return response


FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# The open data API answers its own parameters, in JSON (opendata.parameters).
API_PREFIX = "/api/"


class RequestInputMiddleware:
    """Refuses, before any view or middleware reads it, input that no page of the site can
    take and that would otherwise fail deep inside one (a 500):

    - a control character (NUL...) in the path or a query parameter: 400. The API is left
      to answer its own addresses and parameters in JSON (opendata.parameters).
    - a form declaring a charset other than UTF-8: 400. Django refuses such a body each time
      ``request.POST`` is read, and its CSRF check reads it again inside the 400 and 500
      handlers, so the error page itself failed: a bare 500 on every URL that checks CSRF.

    Cookies holding a control character (``"\\000..."`` is a NUL once unquoted) are dropped,
    as if never sent: a session key with a NUL would reach the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(has_control_characters(value) for value in request.COOKIES.values()):
            request.COOKIES = {
                name: value
                for name, value in request.COOKIES.items()
                if not has_control_characters(value)
            }
        if not request.path_info.startswith(API_PREFIX) and (
            has_control_characters(request.path_info)
            or any(has_control_characters(text) for text in query_texts(request.GET))
        ):
            return bad_request_page(
                request, _("The address contains characters that no address of this site has.")
            )
        if request.method == "POST" and not is_utf8_form(request):
            return bad_request_page(
                request, _("The form was not sent in UTF-8, the only encoding this site reads.")
            )
        return self.get_response(request)


def query_texts(query):
    for name, values in query.lists():
        yield name
        yield from values


def is_utf8_form(request):
    if request.content_type not in FORM_CONTENT_TYPES:
        return True
    charset = request.content_params.get("charset")
    return charset is None or charset.strip().strip('"').lower() in ("utf-8", "utf8")
