from typing import NamedTuple

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import translation
from wagtail.models import Page

from core.addresses import absolute_url, page_address
from core.cache import cached
from core.formatting import format_figure
from core.memo import memoize
from core.request_memo import active_locale, private_pages_q
from home.models import HomePage, InformationPage
from proposals.models import ProposalPage
from stories.queries import heading_anchor

from ..alternates import canonical_suffix, switcher_suffix

register = template.Library()


@register.filter
def figure(value, unit):
    """Render a key figure's value with its unit, in the active language."""
    return format_figure(value, unit)


class SiteSections(NamedTuple):
    """The top of the tree as the active language's reader sees it."""

    homes: dict  # {language code: home page}, every language's
    home: Page | None  # the active language's home
    menu: list  # its section pages shown in menus
    information: list  # its information pages, linked from the footer
    sections: list  # all its section pages (the pages right under the home), in tree order


def site_sections():
    """The homes of every language and the section pages under the active language's home,
    in one query per content version: header, footer, breadcrumbs and the language
    switcher share it."""

    def compute():
        language = translation.get_language()
        pages = list(
            Page.objects.live()
            .filter(
                models.Q(depth=2, content_type=ContentType.objects.get_for_model(HomePage))
                | models.Q(depth=3, locale__language_code=language)
            )
            .exclude(private_pages_q())
            .select_related("locale")
            .order_by("path")
        )
        homes = {page.locale.language_code: page for page in pages if page.depth == 2}
        home = homes.get(language)
        sections = [
            page
            for page in pages
            if page.depth == 3 and home is not None and page.path.startswith(home.path)
        ]
        information_type = ContentType.objects.get_for_model(InformationPage)
        menu = [page for page in sections if page.show_in_menus]
        information = [page for page in sections if page.content_type_id == information_type.pk]
        # A plain tuple in the shared cache: what it holds does not depend on this module.
        return homes, home, menu, information, sections

    language = translation.get_language()
    return memoize(
        ("site_sections", language),
        lambda: SiteSections(*cached(f"site-sections:{language}", compute)),
    )


def _live_translations(page):
    """{language code: live public page} for the page and its translations."""

    def compute():
        siblings = (
            Page.objects.filter(translation_key=page.translation_key)
            .live()
            .exclude(private_pages_q())
            .select_related("locale")
        )
        return {sibling.locale.language_code: sibling for sibling in siblings}

    return memoize(
        ("translations", page.translation_key),
        lambda: cached(f"translations:{page.translation_key}", compute),
    )


@register.simple_tag(takes_context=True)
def page_languages(context):
    """The page's language versions, for the switcher and the hreflang links.

    Returns a list with one entry per site language: ``code``, ``name``, ``url`` (absolute,
    for the switcher: a listing keeps its filters and page number), ``alternate_url`` (for
    hreflang: a listing's page N names its page only), ``is_current`` and
    ``is_translation`` (False when the link falls back to that language's home because the
    page has no live translation in it). A view that is not a page offers its own versions
    through an ``alternate_urls`` context variable ({language code: path}).
    """
    request = context["request"]
    page = context.get("page")
    current = translation.get_language()
    alternate_urls = context.get("alternate_urls") or {}
    translations = {}
    if isinstance(page, Page) and page.pk:
        translations = _live_translations(page)
    homes = site_sections().homes
    entries = []
    for code, name in settings.LANGUAGES:
        url = alternate_urls.get(code)
        is_translation = url is not None
        alternate_url = url
        if url is None:
            target = translations.get(code)
            is_translation = target is not None
            if target is None:
                target = homes.get(code)
            if target is None:
                continue
            url = alternate_url = target.get_url(request)
            if is_translation and url:
                alternate_url = url + canonical_suffix(context)
                # The reader's own language is not linked: its filters need no mapping.
                url = alternate_url if code == current else url + switcher_suffix(context, code)
        entries.append(
            {
                "code": code,
                "name": name,
                "url": absolute_url(request, url) if url else "",
                "alternate_url": absolute_url(request, alternate_url) if alternate_url else "",
                "is_current": code == current,
                "is_translation": is_translation,
            }
        )
    return entries


@register.simple_tag
def main_navigation():
    """The active language's home and its section pages shown in menus, in tree order."""
    sections = site_sections()
    return sections.home, sections.menu


@register.simple_tag
def footer_pages():
    """Information pages (accessibility statement, about...) linked from the footer."""
    return site_sections().information


@register.simple_tag
def proposal_page():
    """The active language's "propose your story" page, or None, for the footer: taken from
    the section pages the header and footer already share, so the link costs no query."""
    content_type = ContentType.objects.get_for_model(ProposalPage)
    return next(
        (page for page in site_sections().sections if page.content_type_id == content_type.pk),
        None,
    )


@register.simple_tag(takes_context=True)
def breadcrumb_trail(context):
    """The pages above the current one, from the home down, without a query: every page
    of this site sits at most two levels under its home."""
    page = context.get("page")
    if not isinstance(page, Page) or page.depth <= 2:
        return []
    top = site_sections()
    if top.home is None or not page.path.startswith(top.home.path):
        return []
    trail = [top.home]
    if page.depth > 3:
        section_path = page.path[: Page.steplen * 3]
        trail += [section for section in top.sections if section.path == section_path]
    # Deeper pages also pass through their sub-section (a story its programme's stories).
    return trail + _pages_between_section_and(page)


def _pages_between_section_and(page):
    """The live public pages between ``page``'s section and ``page``, in tree order: one
    query per content version and parent, none once cached."""
    paths = [page.path[: Page.steplen * depth] for depth in range(4, page.depth)]
    if not paths:
        return []
    language = translation.get_language()

    def compute():
        return list(
            Page.objects.live().filter(path__in=paths).exclude(private_pages_q()).order_by("path")
        )

    return memoize(
        ("breadcrumb", paths[-1]), lambda: cached(f"breadcrumb:{language}:{paths[-1]}", compute)
    )


@register.filter
def in_current_language(page):
    """The live version of a chosen page in the active language, or None.

    A chooser may point at a page that was deleted, unpublished, or chosen in the other
    language: none of those may break the page or lead a reader to the other language.
    """
    if not isinstance(page, Page):
        return None
    locale = active_locale()
    if page.locale_id != locale.pk:
        page = Page.objects.filter(translation_key=page.translation_key, locale=locale).first()
    if page is None or not page.live:
        return None
    return page


@register.filter(name="heading_anchor")
def heading_anchor_filter(text):
    """The id of a body heading, as listed in the story's table of contents."""
    return heading_anchor(text)


@register.simple_tag(takes_context=True)
def absolute_page_url(context, page):
    """The page's address on the host the reader used, as in the canonical link."""
    return page_address(context["request"], page)
