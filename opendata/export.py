"""The story exports: one record per story, with field names taken from the 360Giving
data standard where one fits (https://standard.threesixtygiving.org/) and named plainly
otherwise. ``EXPORT_FIELDS`` drives the CSV columns, the JSON keys and the field table of
the "Open data" page alike, so the documentation cannot drift from the files.

A record is a story's translation group: the Italian story (the source) with its English
translation, when that is live. Text fields come from the Italian story; the title, the
summary and the URL are given in both languages.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.addresses import PageAddresses
from stories.models import (
    HashtagPage,
    ProgrammePage,
    StoryHashtag,
    StoryPage,
    StoryPartner,
    StoryTerritory,
    TerritoryKind,
    TerritoryPage,
)

from .indicators import indicators_value

LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
CURRENCY = "EUR"
# Joins the values of a multi-valued field in a CSV cell (in JSON they are lists).
LIST_SEPARATOR = "; "
SOURCE_LANGUAGE = settings.LANGUAGE_CODE
# ISTAT codes identify Italian regions, provinces and municipalities; districts have none.
GEOGRAPHIC_CODE_TYPES = {
    TerritoryKind.REGION: "ISTAT:region",
    TerritoryKind.PROVINCE: "ISTAT:province",
    TerritoryKind.CITY: "ISTAT:municipality",
}


@dataclass(frozen=True)
class Place:
    title: str
    istat_code: str
    kind: str


@dataclass(frozen=True)
class Programme:
    title: str
    promoter_name: str  # "" without a promoter


@dataclass
class StoryRecord:
    """A story in its source language and, when live, its English translation; for the
    stories' files (``records_in_order``), also what the source story links to, by name."""

    source: StoryPage
    translations: dict  # language code -> StoryPage
    urls: dict  # language code -> absolute URL
    programme: Programme | None = None  # when live
    territories: list = field(default_factory=list)  # Place, of the live territories
    hashtags: list = field(default_factory=list)  # titles of the live hashtags
    partners: list = field(default_factory=list)  # organisations' names

    def translation(self, language):
        return self.translations.get(language)


@dataclass
class ExportField:
    name: str
    description: Any  # lazy text, in the active language when shown
    value: Callable[[StoryRecord], Any]
    standard: bool = True  # a 360Giving field, or one of this site's own


def plain_number(raw):
    """A stored amount (a Decimal, or "1500000.00" in a block) as a number: whole when it is
    whole; None when there is none."""
    if raw in (None, ""):
        return None
    value = Decimal(str(raw))
    return int(value) if value == value.to_integral_value() else value


def _amount(record):
    return plain_number(record.source.funding_eur)


def in_english(attribute):
    """A field's value: the English translation's ``attribute``, empty without one."""

    def value(record):
        page = record.translation("en")
        return getattr(page, attribute) if page is not None else ""

    return value


def last_modified(record):
    """When any page of the record's translation group was last published."""
    return max(
        (page.last_published_at for page in record.translations.values() if page.last_published_at),
        default=None,
    )


EXPORT_FIELDS = [
    ExportField(
        "Identifier",
        _("A stable identifier of the story, the same in both languages."),
        lambda record: f"story-{record.source.translation_key}",
    ),
    ExportField("Title", _("Title of the story in Italian."), lambda r: r.source.title),
    ExportField(
        "Title (English)",
        _("Title of the English translation; empty when there is none yet."),
        in_english("title"),
        standard=False,
    ),
    ExportField("Description", _("What the project does, in Italian."), lambda r: r.source.summary),
    ExportField(
        "Description (English)",
        _("What the project does, in English."),
        in_english("summary"),
        standard=False,
    ),
    ExportField(
        "Grant Programme:Title",
        _("The programme that funded the project."),
        lambda r: r.programme.title if r.programme else "",
    ),
    ExportField(
        "Grant Programme:Edition",
        _("Number of the programme's edition (call) that selected the project."),
        lambda r: r.source.edition,
        standard=False,
    ),
    ExportField(
        "Start Year",
        _("Year the project started."),
        lambda r: r.source.start_year,
        standard=False,
    ),
    ExportField(
        "End Year",
        _("Year the project ended; empty while it runs or when unknown."),
        lambda r: r.source.end_year,
        standard=False,
    ),
    ExportField(
        "Funding Org:Name",
        _("The organisation that promotes the programme and grants the funds."),
        lambda r: r.programme.promoter_name if r.programme else "",
    ),
    ExportField(
        "Recipient Org:Name",
        _("The lead partner of the project's network."),
        lambda r: r.source.lead_partner.name if r.source.lead_partner else "",
    ),
    ExportField(
        "Partner Org:Name",
        _("The other organisations of the network."),
        lambda r: r.partners,
        standard=False,
    ),
    ExportField(
        "Currency",
        _("Currency of the amount: EUR, when an amount is given."),
        lambda r: CURRENCY if r.source.funding_eur is not None else "",
    ),
    ExportField(
        "Amount Awarded",
        _("What the programme granted to the project, in euro, with a dot before cents."),
        _amount,
    ),
    ExportField(
        "Amount Is Approximate",
        _("true when the source gives a rounded amount."),
        lambda r: r.source.funding_is_approximate if r.source.funding_eur is not None else None,
        standard=False,
    ),
    ExportField(
        "Award Date",
        _("The date the amount refers to, as YYYY-MM-DD."),
        lambda r: r.source.funding_reference_date,
    ),
    ExportField(
        "Funding Source:Name",
        _("Where the amount comes from."),
        lambda r: r.source.funding_source_name,
        standard=False,
    ),
    ExportField(
        "Funding Source:URL",
        _("A link to that source."),
        lambda r: r.source.funding_source_url,
        standard=False,
    ),
    ExportField(
        "Beneficiary Location:Name",
        _("The places where the project works."),
        lambda r: [territory.title for territory in r.territories],
    ),
    ExportField(
        "Beneficiary Location:Geographic Code",
        _("ISTAT code of each place, in the same order; empty for a district."),
        lambda r: [territory.istat_code for territory in r.territories],
    ),
    ExportField(
        "Beneficiary Location:Geographic Code Type",
        _("Kind of each code: ISTAT:region, ISTAT:province or ISTAT:municipality."),
        lambda r: [
            GEOGRAPHIC_CODE_TYPES.get(territory.kind, "") if territory.istat_code else ""
            for territory in r.territories
        ],
    ),
    ExportField(
        "Hashtags",
        _("The site's hashtags that describe the story."),
        lambda r: r.hashtags,
        standard=False,
    ),
    ExportField(
        "URL (Italian)",
        _("Address of the story in Italian."),
        lambda r: r.urls.get("it", ""),
        standard=False,
    ),
    ExportField(
        "URL (English)",
        _("Address of the story in English; empty when there is no translation yet."),
        lambda r: r.urls.get("en", ""),
        standard=False,
    ),
    ExportField(
        "Last Modified",
        _("When the story was last published, in either language (ISO 8601)."),
        last_modified,
    ),
    # Results over time: see opendata.indicators.
    ExportField(
        "Indicators",
        _(
            "Results over time, in Italian: for each indicator its name, unit, baseline and "
            "target (value and date, or null) and the measured values, each with its date, "
            "value, source name and source URL. In the CSV file, the same list written as JSON."
        ),
        indicators_value,
        standard=False,
    ),
]


class LinkedNames:
    """What the stories' files name of the pages and organisations a story links to, read as
    plain values: the programmes, territories and hashtags once per file (they are few,
    whatever the number of stories), the links a chunk of stories at a time. Reading them as
    pages, through each story's inline relations, built some twelve objects per story: at
    10,000 stories two thirds of the file's time."""

    def __init__(self):
        self.programmes = {
            pk: Programme(title, promoter or "")
            for pk, title, promoter in ProgrammePage.objects.live().values_list(
                "pk", "title", "promoter__name"
            )
        }
        self.places = {
            pk: Place(title, istat_code, kind)
            for pk, title, istat_code, kind in TerritoryPage.objects.live().values_list(
                "pk", "title", "istat_code", "kind"
            )
        }
        self.hashtags = dict(HashtagPage.objects.live().values_list("pk", "title"))

    def fill(self, records):
        """Sets the programme, territories, hashtags and partners of each record's source, in
        the editor's order: three queries, whatever the number of records."""
        by_page = {record.source.pk: record for record in records}
        for record in records:
            record.programme = self.programmes.get(record.source.programme_id)
        for page_id, territory_id in self._links(StoryTerritory, "territory_id", by_page):
            if territory_id in self.places:
                by_page[page_id].territories.append(self.places[territory_id])
        for page_id, hashtag_id in self._links(StoryHashtag, "hashtag_id", by_page):
            if hashtag_id in self.hashtags:
                by_page[page_id].hashtags.append(self.hashtags[hashtag_id])
        for page_id, name in self._links(StoryPartner, "organisation__name", by_page):
            by_page[page_id].partners.append(name)

    @staticmethod
    def _links(link_model, target, page_ids):
        return (
            link_model.objects.filter(page_id__in=list(page_ids))
            .order_by("page_id", "sort_order", "pk")
            .values_list("page_id", target)
        )


def translation_groups(stories):
    """``{translation_key: {language code: story}}`` of ``stories``."""
    groups = defaultdict(dict)
    for story in stories:
        groups[story.translation_key][story.locale.language_code] = story
    return groups


def group_record(addresses, translations):
    """The record of one translation group (``{language code: story}``); ``addresses`` a
    ``core.addresses.PageAddresses``."""
    source = translations.get(SOURCE_LANGUAGE) or next(iter(translations.values()))
    urls = {language: addresses.of(story) for language, story in translations.items()}
    return StoryRecord(source=source, translations=translations, urls=urls)


def group_records(request, pages):
    """One record per translation group of ``pages``, sorted by the source's title: for
    the files whose rows do not grow with the stories (territories, reports)."""
    addresses = PageAddresses(request)
    groups = translation_groups(pages.order_by("pk")).values()
    records = [group_record(addresses, group) for group in groups]
    records.sort(key=lambda record: (record.source.title.casefold(), record.source.pk))
    return records


def ordered_translation_keys(pages):
    """The translation keys of ``pages`` in the files' order (the source's title, then its
    id), read as plain values in one query."""
    sources = {}
    rows = pages.order_by("pk").values_list(
        "translation_key", "locale__language_code", "title", "pk"
    )
    for key, language, title, pk in rows:
        current = sources.get(key)
        # The source language's version, else the first (as group_record picks it).
        if current is None or (language == SOURCE_LANGUAGE and current[0] != SOURCE_LANGUAGE):
            sources[key] = (language, title.casefold(), pk)
    return sorted(sources, key=lambda key: sources[key][1:])


# Stories read at a time by the files that list them all: a fixed number of queries per
# chunk, and no more than a chunk of stories in memory.
CHUNK_SIZE = 200


def story_records(request):
    """Every story's record, streamed: the order is read first, then the stories a chunk at
    a time."""
    keys = ordered_translation_keys(StoryPage.objects.live().public())
    yield from records_in_order(request, keys, CHUNK_SIZE)


def records_in_order(request, translation_keys, chunk_size):
    """The records of ``translation_keys``, in that order, read ``chunk_size`` groups at a
    time: a fixed number of queries per chunk, whatever each group holds."""
    addresses = PageAddresses(request)
    names = LinkedNames()
    # The text of the story, its action lines and key figures are in no column. The view
    # restrictions are read once, here.
    stories = (
        StoryPage.objects.live()
        .public()
        .select_related("locale", "lead_partner")
        .defer("body", "action_lines", "key_figures")
        .order_by("pk")
    )
    for start in range(0, len(translation_keys), chunk_size):
        chunk = translation_keys[start : start + chunk_size]
        groups = translation_groups(stories.filter(translation_key__in=chunk))
        records = [group_record(addresses, groups[key]) for key in chunk if key in groups]
        names.fill(records)
        yield from records


def json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def csv_value(value, decimal_mark="."):
    """A cell of the CSV files; ``decimal_mark`` "," for the Italian spreadsheet's file."""
    if value is None:
        return ""
    if hasattr(value, "csv_text"):
        return value.csv_text()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(csv_value(item, decimal_mark) for item in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (Decimal, float)):
        return str(value).replace(".", decimal_mark)
    return str(value)
