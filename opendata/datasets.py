"""The open data files beside the stories': territories, key figures and reports.

Each ``Dataset`` names its fields once (``ExportField``, as the stories' ``EXPORT_FIELDS``):
they drive the CSV columns, the JSON keys and the field tables of the "Open data" page, so
the documentation cannot drift from the files. Every file is built in a fixed number of
queries, whatever the content holds, or in a fixed number of queries per chunk of pages when it
grows with the stories (key figures), and streamed (``opendata.views``).

- Territories: one row per territory (the Italian page with its English translation), with
  its kind, ISTAT code, coordinates (WGS 84 decimal degrees), the territory it lies within,
  its population and the number of stories it counts (with those of the territories within
  it, as its page lists them).
- Key figures: one row per figure of a programme or a story (its key figures and the figure
  boxes of its text), in each language, with its source and date as the page shows them.
- Reports: one row per report (the Italian page with its English translation), with its
  authors, publishers and the permanent links of its files.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.addresses import PageAddresses, absolute_url
from stories.models import (
    ProgrammePage,
    ReportAuthor,
    ReportPage,
    ReportPublisher,
    ReportStory,
    StoryPage,
    TerritoryPage,
)
from stories.queries import rolled_up_story_count

from .export import (
    CHUNK_SIZE,
    EXPORT_FIELDS,
    GEOGRAPHIC_CODE_TYPES,
    ExportField,
    group_records,
    in_english,
    last_modified,
    plain_number,
    story_records,
)


@dataclass
class Dataset:
    name: str  # the file's name, and the JSON key of its items
    title: object  # lazy text
    description: object  # lazy text: what one row is
    fields: list
    records: Callable  # request -> records, in the files' order

    @property
    def url_name(self):
        return f"opendata_{self.name.replace('-', '_')}"

    @property
    def json_key(self):
        return self.name.replace("-", "_")


URL_FIELDS = [
    ExportField(
        "URL (Italian)",
        _("Address of the page in Italian."),
        lambda r: r.urls.get("it", ""),
        standard=False,
    ),
    ExportField(
        "URL (English)",
        _("Address of the page in English; empty when there is no translation yet."),
        lambda r: r.urls.get("en", ""),
        standard=False,
    ),
    ExportField(
        "Last Modified",
        _("When the page was last published, in either language (ISO 8601)."),
        last_modified,
        standard=False,
    ),
]


# --- Territories ------------------------------------------------------------------------


def territory_records(request):
    territories = (
        TerritoryPage.objects.live()
        .public()
        .select_related("locale", "part_of")
        .annotate(story_count=rolled_up_story_count(StoryPage.objects.live().public()))
    )
    return group_records(request, territories)


def _part_of(record):
    enclosing = record.source.part_of
    return f"territory-{enclosing.translation_key}" if enclosing is not None else ""


TERRITORY_FIELDS = [
    ExportField(
        "Identifier",
        _("A stable identifier of the territory, the same in both languages."),
        lambda r: f"territory-{r.source.translation_key}",
        standard=False,
    ),
    ExportField("Name", _("Name of the territory in Italian."), lambda r: r.source.title, False),
    ExportField(
        "Name (English)",
        _("Name in English; empty when there is no translation yet."),
        in_english("title"),
        standard=False,
    ),
    ExportField(
        "Kind",
        _("region, province, district (a group of municipalities) or city."),
        lambda r: r.source.kind,
        standard=False,
    ),
    ExportField(
        "Region",
        _("The region it lies in, as a code."),
        lambda r: r.source.region,
        standard=False,
    ),
    ExportField(
        "Geographic Code",
        _("ISTAT code of the region (2 digits), province (3) or municipality (6)."),
        lambda r: r.source.istat_code,
    ),
    ExportField(
        "Geographic Code Type",
        _("Kind of the code: ISTAT:region, ISTAT:province or ISTAT:municipality."),
        lambda r: GEOGRAPHIC_CODE_TYPES.get(r.source.kind, "") if r.source.istat_code else "",
    ),
    ExportField(
        "Latitude",
        _("Latitude in decimal degrees (WGS 84), with a dot."),
        lambda r: r.source.latitude,
        standard=False,
    ),
    ExportField(
        "Longitude",
        _("Longitude in decimal degrees (WGS 84), with a dot."),
        lambda r: r.source.longitude,
        standard=False,
    ),
    ExportField(
        "Part Of",
        _("Identifier of the territory it lies within; empty for the largest ones."),
        _part_of,
        standard=False,
    ),
    ExportField(
        "Population",
        _("How many people live there."),
        lambda r: r.source.population,
        standard=False,
    ),
    ExportField(
        "Population Year",
        _("The year of the population count."),
        lambda r: r.source.population_year,
        standard=False,
    ),
    ExportField(
        "Population Source",
        _("Who counted the population."),
        lambda r: r.source.population_source,
        standard=False,
    ),
    ExportField(
        "Stories",
        _("How many stories it counts, with those of the territories within it."),
        lambda r: r.source.story_count or 0,
        standard=False,
    ),
    *URL_FIELDS,
]


# --- Key figures ------------------------------------------------------------------------


@dataclass
class FigureRecord:
    page: Page
    page_type: str
    position: int
    figure: dict  # the block's raw value: no query per figure for its source report
    url: str
    report_url: str


def _raw_figures(page):
    """The raw values of the page's figures, in the order the page shows them."""
    figures = [block["value"] for block in page.key_figures.raw_data if block["type"] == "figure"]
    body = page.body.raw_data if isinstance(page, StoryPage) else []
    for block in body:
        if block["type"] == "key_figures":
            for item in block["value"].get("figures", []):
                # A ListBlock item is {"type": "item", "value": ..., "id": ...} (or the
                # plain value in data saved before Wagtail 2.16).
                figures.append(item["value"] if "id" in item and "value" in item else item)
    return figures


def key_figure_records(request):
    """The figures of every programme, then of every story, streamed: the pages are read
    ``CHUNK_SIZE`` at a time, the reports the figures cite once (there are few)."""
    addresses = PageAddresses(request)
    reports = list(ReportPage.objects.live().public().select_related("locale"))
    by_id = {report.pk: report for report in reports}
    # The report in the figure's language, as the page shows it.
    translations = {(report.translation_key, report.locale_id): report for report in reports}
    for model, page_type in ((ProgrammePage, "programme"), (StoryPage, "story")):
        pages = model.objects.live().public().select_related("locale").order_by("path")
        for page in pages.iterator(chunk_size=CHUNK_SIZE):
            url = addresses.of(page)
            for position, figure in enumerate(_raw_figures(page), start=1):
                chosen = by_id.get(figure.get("source_page"))
                report = (
                    translations.get((chosen.translation_key, page.locale_id)) if chosen else None
                )
                yield FigureRecord(
                    page=page,
                    page_type=page_type,
                    position=position,
                    figure=figure,
                    url=url,
                    report_url=addresses.of(report) if report else "",
                )


KEY_FIGURE_FIELDS = [
    ExportField(
        "Page Identifier",
        _(
            "Identifier of the programme or story that shows the figure, as in the other "
            "files (story-… in the stories file)."
        ),
        lambda r: f"{r.page_type}-{r.page.translation_key}",
        standard=False,
    ),
    ExportField("Page Type", _("programme or story."), lambda r: r.page_type, standard=False),
    ExportField(
        "Language",
        _("Language of the page and of the figure's words: it or en."),
        lambda r: r.page.locale.language_code,
        standard=False,
    ),
    ExportField(
        "Position",
        _("Order of the figure on the page, from 1."),
        lambda r: r.position,
        standard=False,
    ),
    ExportField(
        "Label",
        _("What the figure measures."),
        lambda r: r.figure.get("label", ""),
        standard=False,
    ),
    ExportField(
        "Value",
        _("The number, with a dot before decimals."),
        lambda r: plain_number(r.figure.get("value")),
        standard=False,
    ),
    ExportField(
        "Unit",
        _(
            "What the number counts (eur, projects, partners, inhabitants…); empty for a "
            "plain number."
        ),
        lambda r: "" if r.figure.get("unit") in (None, "none") else r.figure["unit"],
        standard=False,
    ),
    ExportField(
        "Reference Date",
        _("The date the figure refers to, as YYYY-MM-DD."),
        lambda r: r.figure.get("reference_date"),
        standard=False,
    ),
    ExportField(
        "Source:Name",
        _("The document or body that published the figure."),
        lambda r: r.figure.get("source_name", ""),
        standard=False,
    ),
    ExportField(
        "Source:URL",
        _("A link to that source, when it is online."),
        lambda r: r.figure.get("source_url", ""),
        standard=False,
    ),
    ExportField(
        "Source:Report URL",
        _("The report of this site the figure comes from, in the page's language."),
        lambda r: r.report_url,
        standard=False,
    ),
    ExportField(
        "Page URL",
        _("Address of the page that shows the figure."),
        lambda r: r.url,
        standard=False,
    ),
]


# --- Reports ----------------------------------------------------------------------------


def report_records(request):
    reports = (
        ReportPage.objects.live()
        .public()
        .select_related("locale", "programme")
        .prefetch_related(
            Prefetch("authors", queryset=ReportAuthor.objects.order_by("sort_order")),
            Prefetch(
                "publishers",
                queryset=ReportPublisher.objects.select_related("organisation").order_by(
                    "sort_order"
                ),
            ),
            Prefetch(
                "story_links",
                queryset=ReportStory.objects.filter(story__live=True)
                .select_related("story")
                .order_by("sort_order"),
            ),
        )
    )
    records = group_records(request, reports)
    for record in records:
        report = record.source
        present = {
            "page": True,
            "report": report.full_report_id is not None,
            "abstract": report.abstract_document_id is not None,
        }
        record.permalinks = {
            kind: absolute_url(request, reverse(f"permalinks:{kind}", args=[report.permanent_code]))
            for kind, shown in present.items()
            if shown and report.permanent_code
        }
    return records


def _permalink(kind):
    return lambda record: record.permalinks.get(kind, "")


def _author(author):
    return f"{author.name} ({author.affiliation})" if author.affiliation else author.name


REPORT_FIELDS = [
    ExportField(
        "Identifier",
        _("A stable identifier of the report, the same in both languages."),
        lambda r: f"report-{r.source.translation_key}",
        standard=False,
    ),
    ExportField("Title", _("Title of the report in Italian."), lambda r: r.source.title, False),
    ExportField(
        "Title (English)",
        _("Title in English; empty when there is no translation yet."),
        in_english("title"),
        standard=False,
    ),
    ExportField(
        "Publication Date",
        _("When the report was published, as YYYY-MM-DD."),
        lambda r: r.source.publication_date,
        standard=False,
    ),
    ExportField(
        "Grant Programme:Title",
        _("The programme the report is about."),
        lambda r: (
            r.source.programme.title if r.source.programme and r.source.programme.live else ""
        ),
    ),
    ExportField(
        "Authors",
        _("The authors, each with their affiliation in brackets."),
        lambda r: [_author(author) for author in r.source.authors.all()],
        standard=False,
    ),
    ExportField(
        "Publishers",
        _("The organisations that published the report."),
        lambda r: [link.organisation.name for link in r.source.publishers.all()],
        standard=False,
    ),
    ExportField(
        "Full Report Language",
        _("Language of the full report's file: it or en."),
        lambda r: r.source.full_report_language if r.source.full_report_id else "",
        standard=False,
    ),
    ExportField(
        "Full Report Permalink",
        _("Permanent link to the full report's file (PDF)."),
        _permalink("report"),
        standard=False,
    ),
    ExportField(
        "Abstract Language",
        _("Language of the short abstract's file: it or en."),
        lambda r: r.source.abstract_language if r.source.abstract_document_id else "",
        standard=False,
    ),
    ExportField(
        "Abstract Permalink",
        _("Permanent link to the short abstract's file (PDF)."),
        _permalink("abstract"),
        standard=False,
    ),
    ExportField(
        "Permalink",
        _("Permanent link to the report's page, in the reader's language."),
        _permalink("page"),
        standard=False,
    ),
    ExportField(
        "Related Stories",
        _("Identifiers of the stories the report talks about, as in the stories file."),
        lambda r: [f"story-{link.story.translation_key}" for link in r.source.story_links.all()],
        standard=False,
    ),
    *URL_FIELDS,
]


STORIES = Dataset(
    "stories",
    _("Stories"),
    _("One row per story: the Italian story with its English translation."),
    EXPORT_FIELDS,
    story_records,
)
TERRITORIES = Dataset(
    "territories",
    _("Territories"),
    _(
        "One row per territory: the Italian page with its English translation, its ISTAT "
        "code and its coordinates."
    ),
    TERRITORY_FIELDS,
    territory_records,
)
KEY_FIGURES = Dataset(
    "key-figures",
    _("Key figures"),
    _(
        "One row per figure shown on a programme or a story, in each language, with its "
        "source and the date it refers to."
    ),
    KEY_FIGURE_FIELDS,
    key_figure_records,
)
REPORTS = Dataset(
    "reports",
    _("Reports"),
    _(
        "One row per report: the Italian page with its English translation, its authors, "
        "publishers and the permanent links of its files."
    ),
    REPORT_FIELDS,
    report_records,
)

DATASETS = {dataset.name: dataset for dataset in (STORIES, TERRITORIES, KEY_FIGURES, REPORTS)}
# The files the "Open data" page documents after the stories'.
MORE_DATASETS = [TERRITORIES, KEY_FIGURES, REPORTS]
