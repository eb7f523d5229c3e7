"""The locator map of a territory page or a story (stories.maps.build_locator_map)."""

from django import template

from stories.maps import build_locator_map

register = template.Library()


@register.simple_tag
def locator_map(places):
    """The locator map of a territory page, or of a story's territory links (each holding
    its ``territory``); None when there is nothing to place."""
    if not places:
        return None
    items = [places] if hasattr(places, "latitude") else list(places)
    return build_locator_map([getattr(item, "territory", item) for item in items])
