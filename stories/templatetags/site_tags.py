from django import template
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale, Page

from stories.formatting import format_figure

register = template.Library()


@register.filter
def figure(value, unit):
    """Render a key figure's value with its unit, in the active language."""
    return format_figure(value, unit)


def _language_names():
    return dict(settings.LANGUAGES)


def _home_for(language_code):
    from home.models import HomePage

    return HomePage.objects.live().filter(locale__language_code=language_code).first()


@register.simple_tag(takes_context=True)
def page_languages(context):
    """The page's language versions, for the switcher and the hreflang links.

    Returns a list with one entry per site language: ``code``, ``name``, ``url`` (absolute),
    ``is_current`` and ``is_translation`` (False when the link falls back to that
    language's home because the page has no live translation in it).
    """
    request = context["request"]
    page = context.get("page")
    current = translation.get_language()
    translations = {}
    if isinstance(page, Page) and page.pk:
        siblings = (
            Page.objects.filter(translation_key=page.translation_key)
            .live()
            .public()
            .select_related("locale")
        )
        translations = {p.locale.language_code: p for p in siblings}
    entries = []
    for code, name in settings.LANGUAGES:
        target = translations.get(code)
        is_translation = target is not None
        if target is None:
            target = _home_for(code)
        if target is None:
            continue
        url = target.get_url(request)
        entries.append(
            {
                "code": code,
                "name": name,
                "url": request.build_absolute_uri(url) if url else "",
                "is_current": code == current,
                "is_translation": is_translation,
            }
        )
    return entries


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """Section pages of the current language's home, in tree order."""
    from home.models import HomePage

    cache = context.render_context
    if "main_navigation" not in cache:
        language = translation.get_language()
        home = HomePage.objects.live().filter(locale__language_code=language).first()
        items = []
        if home is not None:
            items = list(home.get_children().live().public().in_menu())
        cache["main_navigation"] = (home, items)
    return cache["main_navigation"]


@register.filter
def in_current_language(page):
    """The live version of a chosen page in the active language, or None.

    A chooser may point at a page that was deleted, unpublished, or chosen in the other
    language: none of those may break the page or lead a reader to the other language.
    """
    if not isinstance(page, Page):
        return None
    locale = Locale.get_active()
    if page.locale_id != locale.pk:
        page = Page.objects.filter(translation_key=page.translation_key, locale=locale).first()
    if page is None or not page.live:
        return None
    return page
