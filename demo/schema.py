"""Plain data types the demo content is written in.

Every reader-facing text is a ``Bi`` pair: the Italian source and its English
translation. The loader builds the Italian pages from ``.it`` and feeds ``.en``
to wagtail-localize as the translation of each Italian string.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Bi:
    it: str
    en: str


@dataclass(frozen=True)
class KeyFigure:
    """A figure with its provenance. ``value`` is a plain decimal string ("36500000")."""

    label: Bi
    value: str
    unit: str  # one of stories.blocks.UNIT_CHOICES keys
    date: str  # ISO date the figure refers to, e.g. "2018-12-31"
    source_name: Bi  # name of the source document or body
    source_url: str = ""  # external link, only a real, well-known address
    source_report: str = ""  # key of a Report below, when our own report is the source
    approximate: bool = False  # the source gives a rounded figure ("about ...")


@dataclass(frozen=True)
class Organisation:
    key: str
    name: str
    kind: str  # municipality, foundation, cooperative, consortium, university,
    # association, company, public_body
    website: str = ""


@dataclass(frozen=True)
class Author:
    """Who signs a story: an organisation's team or the site's own desk, never an invented
    person."""

    key: str
    name: Bi
    kind: str  # person or team
    organisation: str = ""  # Organisation key
    role: Bi = Bi("", "")


@dataclass(frozen=True)
class IndicatorValue:
    date: str  # ISO date
    value: str  # a plain decimal string
    source_name: Bi
    source_url: str = ""


@dataclass(frozen=True)
class Indicator:
    """A result over time: ``baseline`` and ``target`` are (value, ISO date) pairs."""

    name: Bi
    unit: str  # one of stories.blocks.UNIT_CHOICES keys
    values: list[IndicatorValue]
    baseline: tuple[str, str] | None = None
    target: tuple[str, str] | None = None


@dataclass(frozen=True)
class Territory:
    key: str
    title: Bi
    slug: Bi
    kind: str  # region, province, city, district
    region: str  # lombardia, piemonte, emilia_romagna, veneto
    istat_code: str  # "" when the place has no single ISTAT code (districts)
    latitude: float
    longitude: float
    description: Bi
    population: int | None = None
    population_year: int | None = None
    population_source: Bi | None = None
    part_of: str = ""  # key of the territory it lies within (listed before it)
    # Other names the sources use for it ("Rho" for the Rho area), the same in both languages.
    alternative_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hashtag:
    code: str  # comunita, innovazione, partnership, risorse
    title: Bi
    slug: Bi
    meaning: Bi


@dataclass(frozen=True)
class Edition:
    number: int
    year: int | None = None
    budget_eur: int | None = None
    call_deadline: str = ""  # ISO datetime, e.g. "2016-04-28T18:00"
    ideas_received: int | None = None
    ideas_shortlisted: int | None = None
    projects_funded: int | None = None
    local_resources_eur: int | None = None
    figures_through_edition: int | None = None  # the figures cover editions up to this one
    source_name: Bi | None = None


@dataclass(frozen=True)
class Programme:
    key: str
    title: Bi
    slug: Bi
    promoter: str  # Organisation key
    start_year: int
    end_year: int | None
    summary: Bi
    description: list[Bi]  # paragraphs
    editions: list[Edition] = field(default_factory=list)
    key_figures: list[KeyFigure] = field(default_factory=list)
    # Introduction of the section that holds the programme's stories.
    stories_intro: Bi = Bi("", "")


@dataclass(frozen=True)
class Image:
    key: str
    title: str
    motif: str  # network, circles, bars, map, blocks: what the generator draws
    seed: int


@dataclass(frozen=True)
class ActionLine:
    title: Bi
    description: Bi


@dataclass(frozen=True)
class Partner:
    organisation: str  # Organisation key
    role: Bi


# Body blocks of a story, in order. Each is (block_type, value):
#   ("heading", Bi)
#   ("paragraph", [Bi, ...])                       one or more paragraphs
#   ("quote", {"text": Bi, "attribution": Bi})
#   ("image", {"image": image_key, "alt": Bi, "caption": Bi, "credit": str})
#   ("key_figures", [KeyFigure, ...])
#   ("callout", {"title": Bi, "text": Bi})
#   ("related_report", {"report": report_key})
#   ("open_data_reference", None)  (information pages only)
BodyBlock = tuple[str, object]


@dataclass(frozen=True)
class Story:
    key: str
    title: Bi
    slug: Bi
    programme: str  # Programme key
    edition: int | None
    start_year: int | None
    end_year: int | None
    territories: list[str]  # Territory keys
    lead_partner: str  # Organisation key, "" if none
    partners: list[Partner]
    hashtags: list[str]  # 1 to 4 Hashtag codes
    summary: Bi
    hero_image: str  # Image key
    hero_alt: Bi
    action_lines: list[ActionLine]
    key_figures: list[KeyFigure]
    body: list[BodyBlock]
    search_description: Bi
    # The programme's grant to the project, when the sources give it.
    funding: KeyFigure | None = None
    authors: list[str] = field(default_factory=list)  # Author keys, in byline order
    indicators: list[Indicator] = field(default_factory=list)


@dataclass(frozen=True)
class PdfSection:
    heading: str
    paragraphs: list[str]


@dataclass(frozen=True)
class Report:
    key: str
    title: Bi
    slug: Bi
    programme: str  # Programme key
    publication_date: str  # ISO date, "" when the sources give none
    authors: list[str]
    publishers: list[str]  # Organisation keys
    abstract: list[Bi]  # paragraphs of the abstract shown on the page
    stories: list[str]  # Story keys
    file_language: str  # "it" or "en": the language the PDF files are written in
    pdf_title: str  # title printed on the PDF cover, in file_language
    pdf_abstract: list[str]  # paragraphs of the short abstract PDF, in file_language
    pdf_sections: list[PdfSection]  # chapters of the full report PDF, in file_language
    search_description: Bi


@dataclass(frozen=True)
class Page:
    """Home and index pages."""

    title: Bi
    slug: Bi
    intro: Bi
    search_description: Bi


@dataclass(frozen=True)
class InformationPage:
    """A page about the site itself, linked from the footer."""

    key: str
    title: Bi
    slug: Bi
    intro: Bi
    search_description: Bi
    last_reviewed: str  # ISO date
    body: list[BodyBlock]
