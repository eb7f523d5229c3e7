"""Queries the story pages, the explorer and other apps share: live pages of a language,
story cards, linked pages in the editor's order, pagination, the territory roll-up, and the
anchors of body headings.

The page models use these helpers, so this module imports none of them: the few models a
query needs are named by label (``apps.get_model``) and looked up when it runs.
"""

from django.apps import apps
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.utils.text import slugify
from wagtail.images import get_image_model

from core.request_input import whole_number

from .territories import CountDistinct, TerritoryTree, within_q

STORIES_PER_PAGE = 12
# Rendition used by story cards and prefetched with them, so a listing costs no query per card.
CARD_IMAGE_SPEC = "fill-640x360|format-webp"


def live_in_locale(model, locale):
    """Live public pages of ``model`` in ``locale`` (a Locale or its id)."""
    locale_id = getattr(locale, "pk", locale)
    return model.objects.live().public().filter(locale_id=locale_id)


def heading_anchor(text):
    """The fragment identifier of a body heading: readable, and the same in the table of
    contents and on the heading itself."""
    return f"s-{slugify(text) or 'section'}"


def body_headings(body):
    """A body's headings with their anchors, in order."""
    return [
        {"text": block.value["text"], "level": block.value["level"]}
        | {"anchor": heading_anchor(block.value["text"])}
        for block in body
        if block.block_type == "heading"
    ]


# The story's StreamFields: the body, action lines, key figures and indicators.
CARD_UNUSED_FIELDS = ("body", "action_lines", "key_figures", "indicators")


def story_cards(queryset):
    """Stories with everything a card shows, fetched in a fixed number of queries."""
    rendition_model = get_image_model().get_rendition_model()
    # The image comes with the story (a join); its card rendition in one more query, stored
    # where Wagtail's own prefetch_renditions() puts it. A card shows none of the story's
    # blocks: their JSON is left in the database.
    return (
        queryset.select_related("programme", "hero_image")
        .defer(*CARD_UNUSED_FIELDS)
        .prefetch_related(
            Prefetch(
                "hero_image__renditions",
                queryset=rendition_model.objects.filter(filter_spec=CARD_IMAGE_SPEC),
                to_attr="prefetched_renditions",
            ),
            Prefetch(
                "hashtag_links",
                queryset=live_links(apps.get_model("stories.StoryHashtag"), "hashtag"),
            ),
            Prefetch(
                "territory_links",
                queryset=live_links(apps.get_model("stories.StoryTerritory"), "territory"),
            ),
        )
    )


def live_links(link_model, target):
    """A story's inline links (territories, hashtags) whose target page is live, in the
    editor's order, with the target fetched in the same query."""
    return (
        link_model.objects.filter(**{f"{target}__live": True})
        .select_related(target)
        .order_by("sort_order")
    )


def paginate(request, queryset, per_page=STORIES_PER_PAGE):
    """The page ``?page=`` asks for: the first for anything but a page number in ASCII
    digits ("١٠٠" is none, though ``int()`` reads it), the last for a number beyond it."""
    return Paginator(queryset, per_page).get_page(whole_number(request.GET.get("page")))


def territory_tree(locale_id):
    """Which territories of a language lie within which, in one query."""
    territories = apps.get_model("stories.TerritoryPage").objects.filter(locale_id=locale_id)
    return TerritoryTree(territories.values_list("pk", "part_of_id"))


def rolled_up_story_count(stories):
    """For a query over territory pages: how many of ``stories`` are linked to each
    territory or to a territory within it, each story once (a subquery, no query of its
    own)."""
    links = apps.get_model("stories.StoryTerritory").objects.filter(
        within_q("_id", models.OuterRef("pk")), page_id__in=stories.values("pk")
    )
    return models.Subquery(
        links.order_by().annotate(count=CountDistinct("page_id")).values("count")
    )
