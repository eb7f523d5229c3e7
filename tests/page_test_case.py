from django.conf import settings
from django.http import Http404
from wagtail.test.utils import WagtailPageTestCase

LANGUAGE_PREFIXES = {code for code, _name in settings.LANGUAGES}


class I18nPageTestCase(WagtailPageTestCase):
    """WagtailPageTestCase for a site served under i18n_patterns.

    Wagtail's ``assertPageIsRoutable`` routes the whole URL path from the site root and so
    trips over the ``/it/`` or ``/en/`` prefix; this version drops the prefix first, as
    LocaleMiddleware does for a real request.
    """

    def assertPageIsRoutable(self, page, route_path="/", msg=None):  # noqa: N802 (unittest style)
        components = [part for part in page.get_url(self.dummy_request).split("/") if part]
        if components and components[0] in LANGUAGE_PREFIXES:
            components = components[1:]
        components += [part for part in route_path.split("/") if part]
        try:
            page.get_site().root_page.localized.specific.route(self.dummy_request, components)
        except Http404 as error:
            raise self.failureException(
                msg or f"Failed to route to {page.url} for {type(page).__name__} {page}"
            ) from error
