from django.middleware.locale import LocaleMiddleware
from django.utils.cache import patch_vary_headers


class PermalinkAwareLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except for permalinks (/r/...), which have no language
    prefix on purpose. Django answers a 404 without a prefix by redirecting to the same
    path under one, which the catch-all page route always accepts; a permalink's own 404
    page says what is missing (an unknown code, a file not in that language), so it is
    kept."""

    def process_response(self, request, response):
        match = getattr(request, "resolver_match", None)
        if response.status_code == 404 and match is not None and match.namespace == "permalinks":
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            patch_vary_headers(response, ["Accept-Language"])
            return response
        return super().process_response(request, response)
