from django import template

from stories import seo

register = template.Library()


@register.simple_tag(takes_context=True)
def page_meta(context):
    """Head metadata of the page in view: see ``stories.seo.page_meta``."""
    return seo.page_meta(context)
