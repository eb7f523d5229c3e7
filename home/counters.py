"""The home page's headline counters: stories, programmes, territories, partner
organisations and euro granted, counted from the site's own published content.

Like every figure of the site each counter says where it comes from (the section of the site
it counts, as a link) and the date it refers to (the latest publication among what it counts).
They are shown with the key figure component, in the reader's language and number format.

Three queries for a language (the pages, the organisations, the section pages), kept under the
content version (``core.cache``): any publish, unpublish or edit of an organisation counts them
again, and nothing else does.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from wagtail.models import Page

from core.cache import cached
from stories.models import (
    Organisation,
    ProgrammeIndexPage,
    ProgrammePage,
    StoryIndexPage,
    StoryPage,
    StoryPartner,
    TerritoryIndexPage,
    TerritoryPage,
)


@dataclass(frozen=True)
class Counter:
    """One headline figure, in the shape the key figure component reads
    (templates/components/key_figure.html)."""

    name: str
    label: str
    value: Decimal
    unit: str
    source_name: str
    source_url: str
    reference_date: datetime.date | None
    source_page: None = None


LABELS = {
    "stories": _("Stories of projects told on this site"),
    "programmes": _("Programmes that funded them"),
    "territories": _("Territories where the projects work"),
    "partners": _("Organisations in the projects’ networks"),
    "funding": _("Granted to the projects told here"),
}

SOURCES = {
    "stories": _("the stories published on this site"),
    "programmes": _("the programme pages of this site"),
    "territories": _("the territory pages of this site"),
    "partners": _("lead partners and partners named in the stories"),
    "funding": ngettext_lazy(
        "the grant stated in %(count)d story, each with its own source",
        "the grants stated in %(count)d stories, each with its own source",
        "count",
    ),
}


def _date(moment):
    return timezone.localdate(moment) if moment is not None else None


def count_content(locale_id):
    """The counters' numbers for one language, as plain data (kept in the cache)."""
    types = ContentType.objects.get_for_models(StoryPage, ProgrammePage, TerritoryPage)
    story_type, programme_type, territory_type = (
        types[model].pk for model in (StoryPage, ProgrammePage, TerritoryPage)
    )
    pages = Page.objects.live().public().filter(locale_id=locale_id)
    is_story = Q(content_type_id=story_type)
    is_programme = Q(content_type_id=programme_type)
    is_territory = Q(content_type_id=territory_type)
    totals = pages.aggregate(
        stories=Count("pk", filter=is_story),
        stories_date=Max("last_published_at", filter=is_story),
        funded=Count("pk", filter=is_story & Q(storypage__funding_eur__isnull=False)),
        funding=Sum("storypage__funding_eur", filter=is_story),
        programmes=Count("pk", filter=is_programme),
        programmes_date=Max("last_published_at", filter=is_programme),
        territories=Count("pk", filter=is_territory),
        territories_date=Max("last_published_at", filter=is_territory),
    )
    stories = StoryPage.objects.live().public().filter(locale_id=locale_id)
    totals["partners"] = (
        Organisation.objects.filter(live=True)
        .filter(
            Q(pk__in=stories.values("lead_partner"))
            | Q(pk__in=StoryPartner.objects.filter(page__in=stories).values("organisation"))
        )
        .count()
    )
    # The sections the counters link to, as the reader's language names them.
    sections = {}
    section_types = ContentType.objects.get_for_models(
        StoryIndexPage, ProgrammeIndexPage, TerritoryIndexPage
    )
    names = {
        section_types[StoryIndexPage].pk: "stories",
        section_types[ProgrammeIndexPage].pk: "programmes",
        section_types[TerritoryIndexPage].pk: "territories",
    }
    for section in pages.filter(content_type_id__in=names).order_by("path"):
        sections.setdefault(names[section.content_type_id], section.url)
    totals["sections"] = sections
    return totals


def headline_counters(locale_id):
    """The counters of a language, read once per content version, as ``Counter``s in the
    active language."""
    totals = cached(f"home:counters:{locale_id}", lambda: count_content(locale_id))
    sections = totals["sections"]
    stories_date = _date(totals["stories_date"])

    def counter(name, value, unit="", section="stories", date=stories_date, **source_values):
        source = SOURCES[name]
        return Counter(
            name=name,
            label=str(LABELS[name]),
            value=Decimal(value),
            unit=unit,
            source_name=str(source % source_values if source_values else source),
            source_url=sections.get(section, ""),
            reference_date=date,
        )

    counters = [
        counter("stories", totals["stories"]),
        counter(
            "programmes",
            totals["programmes"],
            section="programmes",
            date=_date(totals["programmes_date"]),
        ),
        counter(
            "territories",
            totals["territories"],
            section="territories",
            date=_date(totals["territories_date"]),
        ),
        counter("partners", totals["partners"]),
    ]
    if totals["funded"]:
        counters.append(counter("funding", totals["funding"], unit="eur", count=totals["funded"]))
    # A counter without anything counted says nothing: left out.
    return [item for item in counters if item.value and item.reference_date]
