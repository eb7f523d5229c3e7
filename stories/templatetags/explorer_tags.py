"""The story explorer's fragment (templates/components/explorer.html), kept per listing,
filters and page under the content version (``core.cache.cached_variant``), so that a
filtered view costs what a story page does: the filters' counts come from the story index,
and the cards, the form, the map and the downloads are rendered once per variant."""

from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from core.cache import cached_variant

register = template.Library()


class ExplorerCacheNode(template.Node):
    def __init__(self, nodelist, explorer):
        self.nodelist = nodelist
        self.explorer = explorer

    def render(self, context):
        explorer = self.explorer.resolve(context)
        if getattr(context.get("request"), "is_preview", False):
            # An editor's preview shows what is being edited, never what readers were shown.
            html = self.nodelist.render(context)
        else:
            html = cached_variant(
                explorer.fragment_key,
                lambda: self.nodelist.render(context),
                admit=explorer.few_variants,
                address=explorer.address,
            )
        notice = ""
        if explorer.ignored:
            notice = get_template("components/explorer_notice.html").render({"explorer": explorer})
        return mark_safe(html.replace(explorer.notice_marker, notice, 1))  # noqa: S308 - both rendered by templates


@register.tag
def explorercache(parser, token):
    """``{% explorercache explorer %}…{% endexplorercache %}``: the enclosed part, read from
    the cache for the same listing, filters and page; ``explorer.notice_marker`` inside it
    is replaced by this request's notice of ignored values."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes the explorer.")
    nodelist = parser.parse(("endexplorercache",))
    parser.delete_first_token()
    return ExplorerCacheNode(nodelist, parser.compile_filter(bits[1]))
