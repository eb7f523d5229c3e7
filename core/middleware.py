from functools import wraps

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers


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
