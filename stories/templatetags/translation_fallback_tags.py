"""Marks the parts of a translated page still shown in the source language
(stories.translation_fallback)."""

from django import template
from django.utils.html import format_html

from stories.translation_fallback import NONE, untranslated_parts

register = template.Library()


@register.simple_tag(takes_context=True)
def page_untranslated_parts(context):
    """What of the page in view is shown in the source language; nothing in previews, which
    show a draft rather than the published revision."""
    page = context.get("page")
    request = context.get("request")
    if page is None or getattr(request, "is_preview", False):
        return NONE
    return untranslated_parts(page)


@register.simple_tag
def lang_if_untranslated(parts, *names):
    """`` lang="it"`` (the source language) when the part named by ``names`` (a field, then
    a block id...) is untranslated, to put inside the element's opening tag."""
    if parts and parts.covers(*names):
        return format_html(' lang="{}"', parts.language)
    return ""
