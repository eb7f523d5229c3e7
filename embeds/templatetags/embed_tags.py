from django import template

from embeds.cards import discovery_url, embed_code

register = template.Library()


@register.simple_tag(takes_context=True)
def oembed_discovery_url(context):
    """The oEmbed endpoint's address for the page being rendered, or "" without a card."""
    request = context.get("request")
    if request is None:
        return ""
    return discovery_url(request, context.get("page")) or ""


@register.simple_tag(takes_context=True)
def card_embed_code(context, page):
    """``{"code": the card's <iframe> HTML, "kind": "story" or "report"}`` for ``page``;
    an empty code for a page that has no card (preview, draft, private, other type)."""
    request = context.get("request")
    code, kind = embed_code(request, page) if request is not None else ("", None)
    return {"code": code, "kind": kind}
