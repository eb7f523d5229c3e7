from django import template

from seo import metadata

register = template.Library()


@register.simple_tag(takes_context=True)
def page_meta(context):
    """Head metadata of the page in view: see ``seo.metadata.page_meta``."""
    return metadata.page_meta(context)
