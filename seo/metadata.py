"""What a page tells search engines, feed readers and social networks about itself: meta
description, canonical URL, Open Graph and Twitter card, feed links and JSON-LD.

Built from the template context, reusing what the page's ``get_context`` already holds;
the parts that need queries (share image, JSON-LD) are cached with the site's content
version, so a warm page spends no query on them.
"""

import html
import json
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy
from wagtail.images.models import SourceImageIOError
from wagtail.models import Page

from core.addresses import page_address
from core.cache import cached
from core.names import one_line
from downloads.access import restricted_document_ids
from home.models import HomePage
from navigation.alternates import canonical_suffix
from stories.models import HashtagPage, ProgrammePage, ReportPage, StoryPage, TerritoryPage

# JPEG: every network reads it, and it is a fraction of the PNG original.
SHARE_IMAGE_SPEC = "fill-1200x630|format-jpeg|jpegquality-82"
DEFAULT_SHARE_IMAGE = "img/og-default.png"
DEFAULT_SHARE_IMAGE_SIZE = (1200, 630)
DESCRIPTION_LENGTH = 160
# Open Graph wants a territory with the language.
OG_LOCALES = {"it": "it_IT", "en": "en_GB"}
# Fields that sum a page up, by page type; the first one filled in wins.
SUMMARY_FIELDS = ("summary", "intro", "meaning", "description", "abstract")
# Inside <script>, "</script>" or "<!--" in a string would end or confuse the data block.
JSON_LD_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
# Where rich text ends a block, its words must not run into the next block's.
BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|div)>|<br\s*/?>", re.IGNORECASE)

DEFAULT_DESCRIPTION = gettext_lazy(
    "Italian welfare innovation projects told as stories: programmes, territories, "
    "partnerships and the reports behind them."
)


@dataclass
class ShareImage:
    url: str
    width: int
    height: int
    alt: str


@dataclass
class FeedLink:
    title: str
    url: str
    content_type: str
    format_name: str = ""


@dataclass
class PageMeta:
    title: str
    description: str
    canonical: str
    og_type: str
    og_locale: str
    og_locale_alternates: list
    site_name: str
    image: ShareImage
    feeds: list = field(default_factory=list)
    json_ld: str = ""


def site_name():
    return str(settings.WAGTAIL_SITE_NAME)


def plain_text(value):
    """Text of a plain or rich text field, on one line, without tags or entities."""
    text = strip_tags(BLOCK_END.sub(" ", str(value)))
    return one_line(html.unescape(text))


def meta_description(page):
    if page is None:
        return str(DEFAULT_DESCRIPTION)
    if page.search_description.strip():
        return page.search_description.strip()
    for name in SUMMARY_FIELDS:
        text = plain_text(getattr(page, name, "") or "")
        if text:
            return Truncator(text).chars(DESCRIPTION_LENGTH)
    return str(DEFAULT_DESCRIPTION)


def page_url(request, page):
    return page_address(request, page)


def home_url(request):
    """Absolute URL of the active language's home, without a query."""
    return request.build_absolute_uri(reverse("wagtail_serve", args=("",)))


def canonical_url(request, page, languages, suffix=""):
    """The page's own address (with ``suffix``: a listing's ``?page=N``), or the one a
    non-page view names for itself."""
    if isinstance(page, Page) and page.pk:
        url = page_url(request, page)
        return url + suffix if url else ""
    # A non-page view (search, feeds...) names its own URL through ``alternate_urls``.
    for language in languages or ():
        if language["is_current"] and language["is_translation"]:
            return language["url"]
    return ""


def share_image(request, page):
    """The story's hero image cropped for link previews, else the site's own picture."""
    image = getattr(page, "hero_image", None)
    if image is not None:
        try:
            rendition = image.get_rendition(SHARE_IMAGE_SPEC)
        except SourceImageIOError:
            rendition = None
        if rendition is not None:
            return ShareImage(
                url=request.build_absolute_uri(rendition.url),
                width=rendition.width,
                height=rendition.height,
                alt=getattr(page, "hero_image_alt", "") or page.title,
            )
    width, height = DEFAULT_SHARE_IMAGE_SIZE
    return ShareImage(
        url=request.build_absolute_uri(static(DEFAULT_SHARE_IMAGE)),
        width=width,
        height=height,
        alt=gettext("The Welfare stories mark: a # sign in a circle"),
    )


def story_feed_title():
    return gettext("%(site)s: latest stories") % {"site": site_name()}


def hashtag_feed_title(hashtag):
    return gettext("%(site)s: stories tagged %(hashtag)s") % {
        "site": site_name(),
        "hashtag": hashtag.title,
    }


def territory_feed_title(territory):
    return gettext("%(site)s: stories from %(territory)s") % {
        "site": site_name(),
        "territory": territory.title,
    }


def programme_feed_title(programme):
    return gettext("%(site)s: stories of the programme %(programme)s") % {
        "site": site_name(),
        "programme": programme.title,
    }


# The pages with a feed of their own: (page type, feed's URL name, slug argument, title).
PAGE_FEEDS = [
    (HashtagPage, "hashtag_feed", "hashtag_slug", hashtag_feed_title),
    (TerritoryPage, "territory_feed", "territory_slug", territory_feed_title),
    (ProgrammePage, "programme_feed", "programme_slug", programme_feed_title),
]


def page_feed_title(page):
    for page_type, _url_name, _argument, title in PAGE_FEEDS:
        if isinstance(page, page_type):
            return title(page)
    return story_feed_title()


def own_feeds(page):
    """The feed of the page's own stories (a hashtag's, a territory's, a programme's), as
    (title, URL name, arguments); none for another page."""
    for page_type, url_name, argument, title in PAGE_FEEDS:
        if isinstance(page, page_type):
            return [(title(page), url_name, {argument: page.slug})]
    return []


def feed_links(request, page, *, site_wide=True):
    """The active language's story feeds, and the page's own on a hashtag, territory or
    programme page; ``site_wide=False``: the page's own only."""
    links = []
    feeds = [(story_feed_title(), "story_feed", {})] if site_wide else []
    feeds += own_feeds(page)
    for title, url_name, kwargs in feeds:
        for suffix, label, content_type in (
            ("rss", "RSS", "application/rss+xml"),
            ("atom", "Atom", "application/atom+xml"),
        ):
            url = reverse(f"{url_name}_{suffix}", kwargs=kwargs)
            links.append(
                FeedLink(f"{title} ({label})", request.build_absolute_uri(url), content_type, label)
            )
    return links


# --- JSON-LD ----------------------------------------------------------------------------


def json_ld_script(data):
    """A ``<script type="application/ld+json">`` data block that no string can break out of."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload.translate(JSON_LD_ESCAPES)),
    )


def organization_node(request):
    home = home_url(request)
    return {
        "@type": "Organization",
        "@id": f"{home}#organization",
        "name": site_name(),
        "url": home,
        "logo": request.build_absolute_uri(static(DEFAULT_SHARE_IMAGE)),
    }


def publisher_reference(request):
    organization = organization_node(request)
    return {"@type": "Organization", "@id": organization["@id"], "name": organization["name"]}


def place_schema(request, territory):
    place = {"@type": "Place", "name": territory.title, "url": page_url(request, territory)}
    if territory.latitude is not None and territory.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(territory.latitude),
            "longitude": float(territory.longitude),
        }
    return place


def search_url_template(request):
    """The search view's URL with a placeholder, or None while there is no search view."""
    try:
        url = reverse("search")
    except NoReverseMatch:
        return None
    return request.build_absolute_uri(url) + "?q={search_term_string}"


def home_json_ld(request, page, canonical):
    website = {
        "@type": "WebSite",
        "@id": f"{canonical}#website",
        "name": site_name(),
        "url": canonical,
        "description": meta_description(page),
        "inLanguage": translation.get_language(),
        "publisher": {"@id": organization_node(request)["@id"]},
    }
    search_target = search_url_template(request)
    if search_target:
        website["potentialAction"] = {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": search_target},
            "query-input": "required name=search_term_string",
        }
    return {"@context": "https://schema.org", "@graph": [website, organization_node(request)]}


def author_node(author):
    """A story's author (an Author snippet): a Person, or an Organization for a team, with
    the organisation it belongs to."""
    if author.is_person:
        node = {"@type": "Person", "name": author.name}
        if author.role:
            node["jobTitle"] = author.role
        if author.organisation is not None:
            node["affiliation"] = organisation_node(author.organisation)
        return node
    node = {"@type": "Organization", "name": author.name}
    if author.organisation is not None:
        node["parentOrganization"] = organisation_node(author.organisation)
    return node


def story_json_ld(request, page, canonical, image, hashtags, territories, authors=()):
    published = page.first_published_at
    modified = page.last_published_at or published
    article = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.title,
        "description": meta_description(page),
        "url": canonical,
        "mainEntityOfPage": canonical,
        "image": image.url,
        "inLanguage": translation.get_language(),
        # A story without a byline is the site's own.
        "author": [author_node(author) for author in authors] or publisher_reference(request),
        "publisher": publisher_reference(request),
    }
    if published:
        article["datePublished"] = published.isoformat()
    if modified:
        article["dateModified"] = modified.isoformat()
    if hashtags:
        article["about"] = [
            {"@type": "Thing", "name": hashtag.title, "url": page_url(request, hashtag)}
            for hashtag in hashtags
        ]
    if territories:
        article["contentLocation"] = [place_schema(request, territory) for territory in territories]
    if series := programme_series(request, page.programme):
        article["isPartOf"] = series
    return article


def programme_series(request, programme):
    """The programme a story or report is part of, as a schema.org CreativeWorkSeries;
    None when there is no live programme to point at."""
    if programme is None or not programme.live:
        return None
    return {
        "@type": "CreativeWorkSeries",
        "name": programme.title,
        "url": page_url(request, programme),
    }


def organisation_node(organisation):
    """An Organisation snippet (a partner or publisher) as a schema.org Organization."""
    node = {"@type": "Organization", "name": organisation.name}
    if organisation.website:
        node["url"] = organisation.website
    return node


def report_json_ld(request, page, canonical, authors, publishers):
    publishers = [organisation_node(organisation) for organisation in publishers]
    people = [
        {
            "@type": "Person",
            "name": author.name,
            **(
                {"affiliation": {"@type": "Organization", "name": author.affiliation}}
                if author.affiliation
                else {}
            ),
        }
        for author in authors
    ]
    report = {
        "@context": "https://schema.org",
        "@type": "Report",
        "name": page.title,
        "headline": page.title,
        "abstract": plain_text(page.abstract),
        "description": meta_description(page),
        "url": canonical,
        "mainEntityOfPage": canonical,
        "inLanguage": translation.get_language(),
        # A report without named people is signed by the organisations that publish it.
        "author": people or publishers or publisher_reference(request),
        "publisher": publishers or publisher_reference(request),
    }
    if page.publication_date:
        report["datePublished"] = page.publication_date.isoformat()
    files = [
        (page.full_report, page.full_report_language),
        (page.abstract_document, page.abstract_language),
    ]
    media = [
        {
            "@type": "MediaObject",
            "name": document.title,
            "contentUrl": request.build_absolute_uri(document.url),
            "encodingFormat": "application/pdf",
            "inLanguage": language,
        }
        for document, language in files
        # A file that a view-restricted page uses is not public, even from a public page.
        if document is not None and document.pk not in restricted_document_ids()
    ]
    if media:
        report["associatedMedia"] = media
    if series := programme_series(request, page.programme):
        report["isPartOf"] = series
    return report


def linked_pages(context, name, links, attribute):
    """Pages behind a story's inline links (hashtags, territories). The page's context
    usually holds the same links as a queryset the template evaluates too: evaluating that
    one lets the two share a single query."""
    return [getattr(link, attribute, link) for link in context.get(name, links)]


def story_authors(context, page):
    """The story's authors: those its context holds (a draft's or a preview's too), else
    the saved ones."""
    if "authors" in context:
        return context["authors"]
    links = page.author_links.select_related("author__organisation").order_by("sort_order")
    return [link.author for link in links]


def json_ld(request, page, canonical, image, context):
    """The page's JSON-LD as a dict, or None for page types that have none."""
    if isinstance(page, HomePage):
        return home_json_ld(request, page, canonical)
    if isinstance(page, StoryPage):
        hashtag_links = page.hashtag_links.filter(hashtag__live=True).select_related("hashtag")
        territory_links = page.territory_links.filter(territory__live=True).select_related(
            "territory"
        )
        return story_json_ld(
            request,
            page,
            canonical,
            image,
            hashtags=linked_pages(context, "hashtag_links", hashtag_links, "hashtag"),
            territories=linked_pages(context, "territory_links", territory_links, "territory"),
            authors=story_authors(context, page),
        )
    if isinstance(page, ReportPage):
        authors = context.get("authors", page.authors.all())
        publishers = context.get("publishers", page.publishers.select_related("organisation"))
        # The context may hold the organisations or the links to them.
        publishers = [getattr(item, "organisation", item) for item in publishers]
        return report_json_ld(request, page, canonical, authors, publishers)
    return None


# --- Everything together ----------------------------------------------------------------


def page_meta(context):
    """All the head metadata of the page (or non-page view) being rendered."""
    request = context["request"]
    page = context.get("page")
    if not isinstance(page, Page) or not page.pk:
        page = None
    languages = context.get("languages") or []
    current = translation.get_language()
    canonical = canonical_url(request, page, languages, canonical_suffix(context))
    if getattr(request, "is_preview", False):
        # A draft's metadata must never be kept for the published page.
        image, data = _image_and_json_ld(request, page, canonical, context)
    elif page is not None and canonical:
        # The image and JSON-LD cost queries; they change only with published content,
        # which moves the content version the cache is keyed on.
        image, data = cached(
            f"page-meta:{page.pk}:{current}:{canonical}",
            lambda: _image_and_json_ld(request, page, canonical, context),
        )
    else:
        image, data = share_image(request, None), None
    return PageMeta(
        title=(page.seo_title or page.title) if page else site_name(),
        description=meta_description(page),
        canonical=canonical,
        og_type="article" if isinstance(page, StoryPage | ReportPage) else "website",
        og_locale=OG_LOCALES.get(current, current),
        og_locale_alternates=[
            OG_LOCALES.get(language["code"], language["code"])
            for language in languages
            if language["is_translation"] and not language["is_current"]
        ],
        site_name=site_name(),
        image=image,
        feeds=feed_links(request, page),
        json_ld=json_ld_script(data) if data else "",
    )


def _image_and_json_ld(request, page, canonical, context):
    image = share_image(request, page)
    data = json_ld(request, page, canonical, image, context) if page and canonical else None
    return image, data
