"""Embeddable cards of stories and reports, and the oEmbed endpoint that hands them out.

A partner pastes a story's address into its own site; the site finds our oEmbed endpoint
through the ``<link rel="alternate" type="application/json+oembed">`` in the page's head
(see templates/embeds/discovery_link.html), asks it for the story and gets back an
``<iframe>`` of the card page. The card page is the only thing of ours that other sites
may frame: every other response keeps ``X-Frame-Options`` and ``frame-ancestors 'self'``.

WordPress: since 4.4 it discovers any site this way, with no whitelist, but it keeps only
the ``<iframe>`` of the answer and sandboxes it (``allow-scripts`` only). Inside that
sandbox a link cannot open a tab by itself, so static/js/embed.js speaks WordPress's own
embed messages: it sizes the frame to the card and asks the host page to follow the link.
WordPress fetches the page and the endpoint from its server, which must reach our public
address (it refuses local and private addresses).
"""

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe
from wagtail.images.models import SourceImageIOError
from wagtail.models import Site

from core.middleware import shared_with_other_sites
from core.request_input import whole_number
from core.request_memo import active_locale, restricted_paths
from seo.metadata import plain_text
from stories.models import ReportPage, ReportPublisher, StoryPage
from stories.queries import CARD_IMAGE_SPEC, story_cards

EMBED_MODELS = {"story": StoryPage, "report": ReportPage}
# Size of the card when the consumer sets no limit: the story card carries a 16:9 image.
DEFAULT_WIDTH = 480
TEXT_HEIGHT = {"story": 360, "report": 440}
MAX_DIMENSION = 10_000
ABSTRACT_WORDS = 50
# Thumbnails offered to consumers, largest first; the first that fits maxwidth/maxheight.
THUMBNAIL_SPECS = (
    (640, 360, CARD_IMAGE_SPEC),
    (320, 180, "fill-320x180|format-webp"),
)
MAX_URL_LENGTH = 2000


# --- The card page ----------------------------------------------------------------------


def frameable_policy():
    """The site's Content-Security-Policy, with any site allowed to frame the response."""
    directives = [
        directive.strip()
        for directive in settings.CONTENT_SECURITY_POLICY.split(";")
        if directive.strip() and not directive.strip().startswith("frame-ancestors")
    ]
    return "; ".join([*directives, "frame-ancestors *"])


def embed_url(kind, page):
    """The card's path, in the page's own language."""
    with translation.override(page.locale.language_code):
        return reverse(f"embed_{kind}", kwargs={"page_id": page.pk})


def story_card_page(page_id):
    stories = StoryPage.objects.live().public().filter(pk=page_id)
    return story_cards(stories).select_related("locale", "lead_partner").first()


def report_card_page(page_id):
    return (
        ReportPage.objects.live()
        .public()
        .filter(pk=page_id)
        .select_related("locale", "programme")
        .prefetch_related(
            Prefetch("publishers", ReportPublisher.objects.select_related("organisation"))
        )
        .first()
    )


def oembed_page(kind, page_id):
    """The page with what its oEmbed answer names, in the same queries for every page."""
    if kind == "story":
        stories = StoryPage.objects.select_related("locale", "lead_partner", "hero_image")
        return stories.get(pk=page_id)
    return report_card_page(page_id)


def card_context(kind, page):
    """What the card shows; the same names for stories and reports."""
    programme = page.programme if page.programme and page.programme.live else None
    if kind == "story":
        return {
            "programme": programme,
            "summary": page.summary,
            "hashtags": [link.hashtag for link in page.hashtag_links.all()],
        }
    return {
        "programme": programme,
        "summary": Truncator(plain_text(page.abstract)).words(ABSTRACT_WORDS),
        "publishers": [link.organisation for link in page.publishers.all()],
    }


def embed_card(request, kind, page_id):
    finders = {"story": story_card_page, "report": report_card_page}
    page = finders[kind](page_id)
    if page is None:
        raise Http404
    if page.locale.language_code != translation.get_language():
        # Each language version has its own id: send the reader to the prefix that matches.
        return HttpResponseRedirect(embed_url(kind, page))
    context = {
        "page": page,
        "kind": kind,
        "page_url": request.build_absolute_uri(page.get_url(request)),
        "site_name": str(settings.WAGTAIL_SITE_NAME),
        **card_context(kind, page),
    }
    response = render(request, "embeds/card.html", context)
    response["Content-Security-Policy"] = frameable_policy()
    return shared_with_other_sites(response)


@xframe_options_exempt
@require_safe
def story_embed(request, page_id):
    return embed_card(request, "story", page_id)


@xframe_options_exempt
@require_safe
def report_embed(request, page_id):
    return embed_card(request, "report", page_id)


# --- oEmbed -----------------------------------------------------------------------------


class OEmbedError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(error):
    return JsonResponse({"error": str(error.message)}, status=error.status)


def dimension(request, name):
    """A positive whole number of pixels from the query, or None when absent."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    pixels = whole_number(raw, minimum=1, maximum=MAX_DIMENSION)
    if pixels is None:
        raise OEmbedError(
            400,
            gettext("%(name)s must be a whole number of pixels between 1 and %(max)s.")
            % {"name": name, "max": MAX_DIMENSION},
        )
    return pixels


def our_hostnames(request):
    """Host names our pages are published under: this request's, the configured base URL's
    and every Wagtail site's (Wagtail caches the site list)."""
    names = {request.get_host().split(":")[0], urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname}
    names |= {urlsplit(root.root_url).hostname for root in Site.get_site_root_paths()}
    return {name.lower() for name in names if name}


def site_for_hostname(hostname):
    sites = {urlsplit(root.root_url).hostname: root.site_id for root in Site.get_site_root_paths()}
    site_id = sites.get(hostname)
    queryset = Site.objects.select_related("root_page")
    site = queryset.filter(pk=site_id).first() if site_id else None
    return site or queryset.filter(is_default_site=True).first()


def page_for_url(request, url):
    """The live public story or report a URL of ours names, with its kind and language."""
    not_found = OEmbedError(404, gettext("The URL is not a story or report of this site."))
    if not url:
        raise OEmbedError(400, gettext("The url parameter is required."))
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:
        hostname = None
    if len(url) > MAX_URL_LENGTH or not hostname:
        raise OEmbedError(400, gettext("The url parameter must be an absolute address."))
    if parts.scheme not in ("http", "https") or hostname not in our_hostnames(request):
        raise not_found
    components = [component for component in parts.path.split("/") if component]
    languages = {code for code, _name in settings.LANGUAGES}
    if not components or components[0] not in languages:
        raise not_found
    language, components = components[0], components[1:]
    site = site_for_hostname(hostname)
    if site is None:
        raise not_found
    with translation.override(language):
        root = site.root_page.localized.specific
        try:
            route = root.route(request, components)
        except Http404:
            raise not_found from None
        locale = active_locale()
    page, args, kwargs = route
    kind = next((kind for kind, model in EMBED_MODELS.items() if isinstance(page, model)), None)
    if (
        kind is None
        or args
        or kwargs
        or page.locale_id != locale.pk
        or any(page.path.startswith(path) for path in restricted_paths())
    ):
        raise not_found
    return kind, oembed_page(kind, page.pk), language


@dataclass
class Thumbnail:
    url: str
    width: int
    height: int


def thumbnail(request, page, max_width, max_height):
    image = getattr(page, "hero_image", None)
    if image is None:
        return None
    for width, height, spec in THUMBNAIL_SPECS:
        if width <= (max_width or width) and height <= (max_height or height):
            try:
                rendition = image.get_rendition(spec)
            except SourceImageIOError:
                return None
            return Thumbnail(request.build_absolute_uri(rendition.url), width, height)
    return None


def card_size(kind, max_width, max_height):
    width = min(DEFAULT_WIDTH, max_width or DEFAULT_WIDTH)
    image_height = round(width * 9 / 16) if kind == "story" else 0
    height = image_height + TEXT_HEIGHT[kind]
    return width, min(height, max_height or height)


def authors(kind, page):
    """The organisations behind the page: a story's lead partner, a report's publishers."""
    if kind == "story":
        return [page.lead_partner] if page.lead_partner else []
    return [link.organisation for link in page.publishers.all()]


def iframe_html(request, kind, page, width, height):
    """The ``<iframe>`` of the card that partners paste into their pages."""
    return format_html(
        '<iframe src="{}" width="{}" height="{}" title="{}" loading="lazy" '
        'frameborder="0" style="border:0;max-width:100%"></iframe>',
        request.build_absolute_uri(embed_url(kind, page)),
        width,
        height,
        page.title,
    )


def oembed_data(request, kind, page, max_width, max_height):
    width, height = card_size(kind, max_width, max_height)
    data = {
        "type": "rich",
        "version": "1.0",
        "title": page.title,
        "provider_name": str(settings.WAGTAIL_SITE_NAME),
        "provider_url": request.build_absolute_uri(reverse("wagtail_serve", args=("",))),
        "html": iframe_html(request, kind, page, width, height),
        "width": width,
        "height": height,
    }
    organisations = authors(kind, page)
    if organisations:
        data["author_name"] = ", ".join(organisation.name for organisation in organisations)
        if len(organisations) == 1 and organisations[0].website:
            data["author_url"] = organisations[0].website
    else:
        data["author_name"] = data["provider_name"]
        data["author_url"] = data["provider_url"]
    image = thumbnail(request, page, max_width, max_height)
    if image is not None:
        data |= {
            "thumbnail_url": image.url,
            "thumbnail_width": image.width,
            "thumbnail_height": image.height,
        }
    return data


@require_safe
def oembed(request):
    """oEmbed 1.0 (https://oembed.com/) for the stories and reports of this site, in JSON.

    Answers in the language of the page the URL names. Errors: 400 for a missing or
    malformed parameter, 404 for a URL that is not a live public story or report of ours,
    501 for a format other than JSON.
    """
    try:
        # An empty format is no format asked for: JSON, as when the parameter is absent.
        if (request.GET.get("format") or "json") != "json":
            raise OEmbedError(501, gettext("Only the json format is available."))
        max_width = dimension(request, "maxwidth")
        max_height = dimension(request, "maxheight")
        kind, page, language = page_for_url(request, request.GET.get("url", "").strip())
        with translation.override(language):
            data = oembed_data(request, kind, page, max_width, max_height)
    except OEmbedError as error:
        return error_response(error)
    return shared_with_other_sites(JsonResponse(data, json_dumps_params={"ensure_ascii": False}))


def card_kind(request, page):
    """The kind of card ("story" or "report") of a live public page, else None (previews
    and pages of other types have none)."""
    kind = next((kind for kind, model in EMBED_MODELS.items() if isinstance(page, model)), None)
    if kind is None or not page.pk:
        return None
    if getattr(request, "is_preview", False) or not page.live:
        return None
    if any(page.path.startswith(path) for path in restricted_paths()):
        return None
    return kind


def embed_code(request, page):
    """What a partner pastes to show the page's card (the ``<iframe>`` oEmbed hands out, at
    its default size), and the card's kind; ("", None) for a page that has no card."""
    kind = card_kind(request, page)
    if kind is None:
        return "", None
    width, height = card_size(kind, None, None)
    return iframe_html(request, kind, page, width, height), kind


def discovery_url(request, page):
    """Our oEmbed endpoint's address for a page, or None for a page that has no card."""
    if card_kind(request, page) is None:
        return None
    page_url = request.build_absolute_uri(page.get_url(request))
    query = urlencode({"url": page_url, "format": "json"})
    with translation.override(page.locale.language_code):
        endpoint = reverse("oembed")
    return f"{request.build_absolute_uri(endpoint)}?{query}"


# Included inside i18n_patterns: /it/embed/story/12/, /en/embed/report/40/, /en/oembed/.
# The endpoint has a language prefix too: without one, LocaleMiddleware would turn each of
# its 404 answers into a redirect.
urlpatterns = [
    path("oembed/", oembed, name="oembed"),
    path("embed/story/<db_id:page_id>/", story_embed, name="embed_story"),
    path("embed/report/<db_id:page_id>/", report_embed, name="embed_report"),
]
