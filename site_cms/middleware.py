from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers


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
    """Lets browsers and shared caches keep what an anonymous reader gets, for a few minutes.

    Only a successful GET or HEAD outside the admin, from a request without a session
    cookie (so never for editors, previews or a reader who unlocked a password-protected
    page), whose response sets no cookie and chose no caching policy of its own. Listed
    before the session and CSRF middleware, so it sees the cookies they add.
    """

    max_age = 300

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not request.path.startswith(settings.CONTENT_SECURITY_POLICY_EXEMPT_PREFIXES)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not response.cookies
            and not response.has_header("Cache-Control")
        ):
            patch_cache_control(response, public=True, max_age=self.max_age)
            # A reader who logs in later must not get this copy from a shared cache.
            patch_vary_headers(response, ["Cookie"])
        return response
