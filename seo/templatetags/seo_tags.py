from django import template

from seo import metadata

register = template.Library()


@register.simple_tag(takes_context=True)
def page_meta(context):
    """Head metadata of the page in view: see ``seo.metadata.page_meta``."""
    return metadata.page_meta(context)


@register.simple_tag(takes_context=True)
def breadcrumb_json_ld(context, trail):
    """The breadcrumb shown on the page (navigation's ``breadcrumb_trail``) as schema.org
    ``BreadcrumbList`` JSON-LD: the same pages in the same order, with the page in view last."""
    request = context["request"]
    page = context.get("page")
    items = []
    for position, crumb in enumerate([*trail, page], start=1):
        item = {"@type": "ListItem", "position": position, "name": crumb.title}
        url = metadata.page_url(request, crumb) if crumb.pk else ""
        if url:
            item["item"] = url
        items.append(item)
    return metadata.json_ld_script(
        {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}
    )


@register.inclusion_tag("components/page_feeds.html")
def page_feeds(request, page):
    """The visible links to the page's own feeds (a territory's, a programme's stories), the
    same the head lists as ``<link rel="alternate">``."""
    return {"feeds": metadata.feed_links(request, page, site_wide=False)}
