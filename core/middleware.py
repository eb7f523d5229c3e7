from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers


class ContentSecurityPolicyMiddleware:
    """Sends the site's Content-Security-Policy on every public response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(settings.CONTENT_SECURITY_POLICY_EXEMPT_PREFIXES):
            response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
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
            request.path.startswith(settings.CONTENT_SECURITY_POLICY_EXEMPT_PREFIXES)
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
