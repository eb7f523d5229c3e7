from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class PermalinkAwareLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, except for two kinds of path without a language prefix.

    Permalinks (/r/...): Django answers a 404 without a prefix by redirecting to the same
    path under one, which the catch-all page route always accepts; a permalink's own 404
    page says what is missing (an unknown code, a file not in that language), so it is
    kept.

    The admin (/admin/...) speaks the site's language, LANGUAGE_CODE, whatever the
    browser asks for: Wagtail falls back to the active language when a user has chosen
    none in their account settings (which offer it as "the server language"), and a
    user's choice there still wins. Its 404s stay 404s too, rather than becoming a
    redirect to a public page under /it/admin/."""

    def process_request(self, request):
        super().process_request(request)
        if is_admin_path(request):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        match = getattr(request, "resolver_match", None)
        is_permalink = match is not None and match.namespace == "permalinks"
        if response.status_code == 404 and (is_permalink or is_admin_path(request)):
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            patch_vary_headers(response, ["Accept-Language"])
            return response
        return super().process_response(request, response)


def is_admin_path(request):
    return request.path_info.startswith(reverse("wagtailadmin_home"))
