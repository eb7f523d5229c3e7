from django import template

from embeds.cards import discovery_url

register = template.Library()


@register.simple_tag(takes_context=True)
def oembed_discovery_url(context):
    """The oEmbed endpoint's address for the page being rendered, or "" without a card."""
    request = context.get("request")
    if request is None:
        return ""
    return discovery_url(request, context.get("page")) or ""
