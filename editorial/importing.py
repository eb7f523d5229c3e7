"""Import of stories from a spreadsheet saved as CSV, as drafts for the editors to review.

Three steps, so that a file with a single bad row imports nothing:

1. ``read_csv`` turns the bytes into rows, or raises ``ImportFileError`` when the file as a
   whole cannot be read (not UTF-8, not CSV, wrong columns, empty);
2. ``prepare_import`` checks every row against the Italian tree and returns an
   ``ImportPlan``: its ``errors`` (line number and reason), the stories to create or already
   present, the organisations, territories and programme sections that are missing. It
   writes nothing, so it is also the dry run;
3. ``write_import`` creates the plan in one transaction: everything or nothing.

Text from a cell is stored as it is, as plain text: the templates escape it.
"""

import csv
import datetime
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_relations
from wagtail.coreutils import find_available_slug
from wagtail.log_actions import log
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    OverridableSegment,
    RelatedObjectSegment,
    String,
    StringSegment,
    StringTranslation,
    TranslatableObject,
    Translation,
    TranslationContext,
    TranslationSource,
    get_schema_version,
)
from wagtail_localize.segments import (
    OverridableSegmentValue,
    RelatedObjectSegmentValue,
    StringSegmentValue,
)
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.strings import StringValue

from core.cluster_data import rows_known_to_exist
from core.names import closest_title, fold, one_line
from core.request_input import whole_number
from core.task_coalescing import coalesced_tasks
from editorial.localize_memo import memoised
from stories.models import (
    HashtagPage,
    Organisation,
    OrganisationKind,
    ProgrammePage,
    ProgrammeStoryIndexPage,
    StoryHashtag,
    StoryIndexPage,
    StoryPage,
    StoryPartner,
    StoryTerritory,
    TerritoryIndexPage,
    TerritoryPage,
)

COLUMNS = (
    "title",
    "programme",
    "edition",
    "start_year",
    "end_year",
    "territories",
    "lead_partner",
    "partners",
    "funding_eur",
    "funding_source",
    "funding_date",
    "hashtags",
    "summary_it",
    "summary_en",
)
REQUIRED_CELLS = ("title", "programme", "summary_it")
LIST_SEPARATOR = ";"
# Italian spreadsheets save "CSV" with semicolons; the header tells which one the file uses.
DELIMITERS = (",", ";", "\t")
FIRST_YEAR = 1950
YEARS_AHEAD = 10
TRANSLATION_LANGUAGE = "en"

Progress = Callable[[int, int], None]


class ImportFileError(Exception):
    """The file as a whole cannot be imported; ``messages`` says why."""

    def __init__(self, *messages):
        super().__init__(" ".join(messages))
        self.messages = list(messages)


@dataclass(frozen=True)
class RowError:
    line: int
    reason: str

    def __str__(self):
        return _("Line %(line)s: %(reason)s") % {"line": self.line, "reason": self.reason}


@dataclass
class CsvRow:
    line: int  # the file's line where the row starts; the header is line 1
    cells: dict[str, str]


@dataclass(frozen=True)
class CellMatch:
    """What a name in a cell was found to be: ``target`` the page or organisation it names
    (None when the import will create it), ``how`` the way it was recognised."""

    column: str
    value: str
    target: object | None
    how: str = ""

    def __str__(self):
        if self.target is None:
            return _('"%(value)s" → new, to be created') % {"value": self.value}
        target = getattr(self.target, "title", None) or str(self.target)
        return _('"%(value)s" → %(target)s (%(how)s)') % {
            "value": self.value,
            "target": target,
            "how": self.how,
        }


@dataclass(frozen=True)
class SimilarStory:
    """An existing story whose title is close to a row's."""

    title: str
    programme: str
    ratio: float


@dataclass
class StoryRow:
    """A row that passed every check, with its values parsed and matched."""

    line: int
    title: str
    programme: ProgrammePage
    edition: int | None
    start_year: int | None
    end_year: int | None
    territories: list[str]
    lead_partner: str
    partners: list[str]
    funding_eur: Decimal | None
    funding_source: str
    funding_date: datetime.date | None
    hashtags: list[HashtagPage]
    summary_it: str
    summary_en: str
    already_present: bool = False
    # What the reviewer must add before the draft can be published.
    to_complete: list[str] = field(default_factory=list)
    # What each name of the row's cells matched, in the order of the columns.
    matches: list[CellMatch] = field(default_factory=list)
    # The territories named, each once: an existing page, or None for a name to create.
    places: list[tuple[str, TerritoryPage | None]] = field(default_factory=list)
    # An existing story with a close title ("did you mean …?"); the row is left out unless
    # the import allows similar titles.
    similar_to: SimilarStory | None = None
    skipped_as_similar: bool = False


@dataclass
class ImportPlan:
    rows: list[StoryRow]
    errors: list[RowError]
    new_organisations: dict[str, Organisation] = field(default_factory=dict)
    new_territories: dict[str, str] = field(default_factory=dict)
    new_sections: list[ProgrammePage] = field(default_factory=list)
    catalogue: "Catalogue | None" = None

    @property
    def to_create(self):
        return [row for row in self.rows if not row.already_present and not row.skipped_as_similar]

    @property
    def already_present(self):
        return [row for row in self.rows if row.already_present]

    @property
    def skipped_as_similar(self):
        return [row for row in self.rows if row.skipped_as_similar]


@dataclass
class ImportResult:
    stories: list[tuple[StoryRow, StoryPage]] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    territories: list[TerritoryPage] = field(default_factory=list)
    sections: list[ProgrammeStoryIndexPage] = field(default_factory=list)
    translations: int = 0


class ImportWriteError(Exception):
    """Saving failed: the transaction was rolled back, nothing was written."""

    def __init__(self, line, reason):
        super().__init__(reason)
        self.line = line
        self.reason = reason


# --- Text helpers -----------------------------------------------------------------------


def name_key(text):
    """Names (titles, organisations, territories) compared regardless of case and spacing."""
    return one_line(text).casefold()


def loose_key(text):
    """Names compared also regardless of accents and dashes: "Comunita" finds "Comunità"."""
    return fold(text)


def hashtag_key(text):
    return loose_key(text.strip().lstrip("#"))


def split_list(cell):
    """A ``;``-separated cell: items without stray spaces, no empty items, no repeats."""
    items, seen = [], set()
    for item in cell.split(LIST_SEPARATOR):
        item = one_line(item)
        if item and name_key(item) not in seen:
            seen.add(name_key(item))
            items.append(item)
    return items


def human_list(items):
    return ", ".join(items) if items else _("none")


# --- Parsing single values (plain functions: a value, or ValueError with the reason) ----


def is_code(name):
    """An ISTAT code: ASCII digits ("²" and "١٢" pass ``str.isdigit()``)."""
    return whole_number(name) is not None


def parse_year(column, value):
    # ASCII digits only: int() also reads "٢٠٢٠" and " 2020", and refuses 4,300 digits.
    year = whole_number(value.strip())
    if year is None:
        raise ValueError(
            _('"%(column)s" is not a year: "%(value)s".') % {"column": column, "value": value}
        )
    last = datetime.date.today().year + YEARS_AHEAD
    if not FIRST_YEAR <= year <= last:
        raise ValueError(
            _('"%(column)s" %(year)s is not between %(first)s and %(last)s.')
            % {"column": column, "year": year, "first": FIRST_YEAR, "last": last}
        )
    return year


AMOUNT_FIELD = StoryPage._meta.get_field("funding_eur")


def parse_amount(value):
    """An amount in euro as spreadsheets write it: 1500000, 1.500.000, 1 500 000,50,
    1,500,000.00, with or without "€"."""
    text = re.sub(r"[\s\u00a0\u202f€]|EUR", "", value, flags=re.IGNORECASE)
    not_a_number = ValueError(
        _('"funding_eur" is not an amount in euro: "%(value)s".') % {"value": value}
    )
    if not re.fullmatch(r"-?[\d.,]*\d[\d.,]*", text):
        raise not_a_number
    if "." in text and "," in text:
        # The separator written last is the decimal one.
        thousands = "," if text.rfind(".") > text.rfind(",") else "."
        text = text.replace(thousands, "").replace(",", ".")
    elif text.count(",") == 1 and not re.fullmatch(r"-?\d{1,3},\d{3}", text):
        text = text.replace(",", ".")  # an Italian decimal comma
    elif re.fullmatch(r"-?\d{1,3}([.,]\d{3})+", text):
        text = re.sub(r"[.,]", "", text)  # thousands groups: 1.500.000 or 1,500,000
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise not_a_number from None
    if amount < 0:
        raise ValueError(_('"funding_eur" cannot be negative: "%(value)s".') % {"value": value})
    digits = AMOUNT_FIELD.max_digits - AMOUNT_FIELD.decimal_places
    if amount != round(amount, AMOUNT_FIELD.decimal_places) or amount >= 10**digits:
        raise ValueError(
            _('"funding_eur" must be less than %(limit)s, with at most two decimals: "%(value)s".')
            % {"limit": 10**digits, "value": value}
        )
    return amount


def parse_date(value):
    """An ISO date (YYYY-MM-DD) or the Italian DD/MM/YYYY."""
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return datetime.date.fromisoformat(value)
    except ValueError:
        pass
    raise ValueError(
        _('"funding_date" is not a date (YYYY-MM-DD or DD/MM/YYYY): "%(value)s".')
        % {"value": value}
    )


def resolve_edition(value, programme, editions):
    """The edition number, given its number or its year."""
    known = ", ".join(
        f"{edition.number} ({edition.year})" if edition.year else str(edition.number)
        for edition in editions
    )
    wrong = ValueError(
        _(
            '"edition" %(value)s is neither the number nor the year of an edition of '
            "%(programme)s (editions: %(editions)s)."
        )
        % {"value": value, "programme": programme.title, "editions": known or _("none")}
    )
    wanted = whole_number(value.strip())
    if wanted is None:
        raise wrong
    for edition in editions:
        if edition.number == wanted:
            return edition.number
    of_the_year = [edition.number for edition in editions if edition.year == wanted]
    if len(of_the_year) > 1:
        raise ValueError(
            _(
                '"edition" %(year)s: %(programme)s had several editions that year; '
                "give the edition's number."
            )
            % {"year": wanted, "programme": programme.title}
        )
    if of_the_year:
        return of_the_year[0]
    raise wrong


# --- Organisation kinds -----------------------------------------------------------------

# First match wins, on the name without accents and in lower case. Associations come last
# because most partners of a network are third-sector bodies: the editor corrects the rest.
KIND_RULES = [
    (OrganisationKind.MUNICIPALITY, r"^(comune|citta|unione (dei |di )?comuni)\b"),
    (OrganisationKind.UNIVERSITY, r"\b(universita|university|politecnico)\b"),
    (OrganisationKind.FOUNDATION, r"^fondazione\b|\bfoundation\b"),
    (OrganisationKind.CONSORTIUM, r"^consorzio\b"),
    (OrganisationKind.COOPERATIVE, r"\b(cooperativa|cooperative|coop)\b"),
    (
        OrganisationKind.PUBLIC_BODY,
        r"^(provincia|regione|camera di commercio|azienda|asst|ats|asl|ausl|ulss|"
        r"ufficio di piano|comunita montana|comunita sociale|ministero|prefettura)\b",
    ),
    (OrganisationKind.COMPANY, r"\b(s\.?r\.?l|s\.?p\.?a|s\.?n\.?c|s\.?a\.?s|ltd|inc)\b\.?$"),
]


def guess_organisation_kind(name):
    key = loose_key(name)
    for kind, pattern in KIND_RULES:
        if re.search(pattern, key):
            return kind
    return OrganisationKind.ASSOCIATION


# --- Reading the file -------------------------------------------------------------------


def header_names(cells):
    return [one_line(cell).lower() for cell in cells]


def pick_delimiter(first_line):
    def known_columns(delimiter):
        cells = next(csv.reader([first_line], delimiter=delimiter), [])
        return len(set(header_names(cells)) & set(COLUMNS))

    return max(DELIMITERS, key=known_columns)


def decode(data):
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            _(
                "This is a spreadsheet workbook, not a CSV file: save it from the spreadsheet "
                'as "CSV UTF-8".'
            )
        )
    if b"\x00" in data:
        raise ImportFileError(_("This is not a CSV text file: it contains binary data."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            _(
                "The file is not UTF-8 text (line %(line)s): save it from the spreadsheet as "
                '"CSV UTF-8".'
            )
            % {"line": line}
        ) from None


def check_header(names):
    if not set(names) & set(COLUMNS):
        raise ImportFileError(
            _("Line 1 is not the header of a story file. The columns are: %(columns)s.")
            % {"columns": ", ".join(COLUMNS)}
        )
    problems = []
    missing = [column for column in COLUMNS if column not in names]
    if missing:
        problems.append(
            _("The header lacks the columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    unknown = [
        name or _("(column %(number)s, without a name)") % {"number": number}
        for number, name in enumerate(names, start=1)
        if name not in COLUMNS
    ]
    if unknown:
        problems.append(
            _("The header has columns the import does not know: %(columns)s.")
            % {"columns": ", ".join(unknown)}
        )
    repeated = sorted({name for name in names if name in COLUMNS and names.count(name) > 1})
    if repeated:
        problems.append(
            _("The header names these columns more than once: %(columns)s.")
            % {"columns": ", ".join(repeated)}
        )
    if problems:
        raise ImportFileError(*problems)


def read_csv(data):
    """The file's rows and the rows whose cells do not match the header."""
    text = decode(data)
    if not text.strip():
        raise ImportFileError(_("The file is empty."))
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=pick_delimiter(text.splitlines()[0]),
        strict=True,
    )
    rows, errors, last_line = [], [], 0
    try:
        names = header_names(next(reader))
        check_header(names)
        last_line = reader.line_num
        for cells in reader:
            line, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue  # blank lines, or rows left empty in the spreadsheet
            if len(cells) != len(names):
                errors.append(
                    RowError(
                        line,
                        _("It has %(found)s cells, the header has %(expected)s columns.")
                        % {"found": len(cells), "expected": len(names)},
                    )
                )
                continue
            rows.append(CsvRow(line, dict(zip(names, cells, strict=True))))
    except csv.Error as error:
        raise ImportFileError(
            _("Line %(line)s is not valid CSV (%(error)s).")
            % {"line": last_line + 1, "error": error}
        ) from None
    if not rows and not errors:
        raise ImportFileError(_("The file has a header but no stories."))
    return rows, errors


# --- Checking rows against the site -----------------------------------------------------


def max_length(model, field_name):
    return model._meta.get_field(field_name).max_length


LIMITS = {
    "title": max_length(StoryPage, "title"),
    "summary_it": max_length(StoryPage, "summary"),
    "summary_en": max_length(StoryPage, "summary"),
    "funding_source": max_length(StoryPage, "funding_source_name"),
    "lead_partner": max_length(Organisation, "name"),
    "partners": max_length(Organisation, "name"),
    "territories": max_length(TerritoryPage, "title"),
}


class Catalogue:
    """What the rows are matched against, read once: the source (Italian) tree's
    programmes with their editions and story sections, hashtags, territories and stories,
    and the organisations."""

    def __init__(self):
        self.locale = Locale.get_default()
        programmes = (
            ProgrammePage.objects.filter(locale=self.locale)
            .prefetch_related("editions")
            .order_by("title")
        )
        self.programmes = {}
        self.editions = {}
        for programme in programmes:
            self.programmes.setdefault(loose_key(programme.title), programme)
            self.programmes.setdefault(loose_key(programme.slug), programme)
            self.editions[programme.pk] = list(programme.editions.all())
        self.programme_titles = [programme.title for programme in programmes]
        self.hashtags = {
            hashtag_key(page.title): page
            for page in HashtagPage.objects.filter(locale=self.locale).order_by("path")
        }
        # Territories by title first, then by alternative name, so a title always wins.
        places = list(TerritoryPage.objects.filter(locale=self.locale).order_by("path"))
        self.territories = {}
        for page in places:
            for title in (page.draft_title, page.title):
                self.territories.setdefault(fold(title), (page, _("title")))
        for page in places:
            for name in page.alternative_name_list:
                self.territories.setdefault(fold(name), (page, _("alternative name")))
        self.territories_by_code = {}
        # A spreadsheet drops the leading zeros of "019" (a province) or "03" (a region):
        # a code without them matches when only one territory's code reads that way.
        self.territories_by_number = {}
        for page in places:
            if page.istat_code:
                self.territories_by_code.setdefault(page.istat_code, page)
                number = page.istat_code.lstrip("0")
                self.territories_by_number.setdefault(number, set()).add(page)
        self.organisations = {}
        for organisation in Organisation.objects.order_by("name"):
            self.organisations.setdefault(fold(organisation.name), organisation)
        self.stories = set()
        self.story_titles = {}  # title: its programme's title, to find close titles
        programme_titles = {programme.pk: programme.title for programme in programmes}
        rows = StoryPage.objects.filter(locale=self.locale).values_list(
            "programme_id", "title", "draft_title"
        )
        for programme_id, *titles in rows.iterator():
            for title in titles:
                self.stories.add((programme_id, name_key(title)))
                self.story_titles.setdefault(title, programme_titles.get(programme_id, ""))
        self.sections = {
            section.programme_id: section
            for section in ProgrammeStoryIndexPage.objects.filter(locale=self.locale)
        }

    def programme(self, name):
        return self.programmes.get(loose_key(name))

    def hashtag(self, name):
        return self.hashtags.get(hashtag_key(name))

    def territory(self, name):
        """``(page, how it was recognised)`` for a territory's name or ISTAT code, or
        ``(None, "")``; names are compared regardless of case and accents."""
        if is_code(name):
            page = self.territories_by_code.get(name)
            if page is None:
                same_number = self.territories_by_number.get(name.lstrip("0"), set())
                page = next(iter(same_number)) if len(same_number) == 1 else None
            return (page, _("ISTAT code")) if page else (None, "")
        return self.territories.get(fold(name), (None, ""))

    def organisation(self, name):
        return self.organisations.get(fold(name))

    def similar_story(self, title):
        """The existing story whose title is closest to ``title``, if close enough."""
        found, ratio = closest_title(title, self.story_titles)
        if found is None:
            return None
        return SimilarStory(found, self.story_titles[found], ratio)


def check_row(row, catalogue):
    """A ``StoryRow`` and the reasons the row cannot be imported (none when it can)."""
    cells = {column: row.cells[column].strip() for column in COLUMNS}
    reasons = []

    def parsed(parse, *args):
        try:
            return parse(*args)
        except ValueError as error:
            reasons.append(str(error))
            return None

    for column in REQUIRED_CELLS:
        if not cells[column]:
            reasons.append(_('"%(column)s" is empty.') % {"column": column})
    title = one_line(cells["title"])
    lists = {column: split_list(cells[column]) for column in ("territories", "partners")}
    for column, limit in LIMITS.items():
        for value in lists.get(column, [cells[column]]):
            if len(value) > limit:
                reasons.append(
                    _('"%(column)s" is longer than %(limit)s characters (%(length)s).')
                    % {"column": column, "limit": limit, "length": len(value)}
                )

    programme = catalogue.programme(cells["programme"]) if cells["programme"] else None
    if cells["programme"] and programme is None:
        reasons.append(
            _(
                'Unknown programme "%(name)s": the import does not create programmes '
                "(known: %(known)s)."
            )
            % {"name": cells["programme"], "known": human_list(catalogue.programme_titles)}
        )
    edition = None
    if cells["edition"] and programme is not None:
        edition = parsed(
            resolve_edition, cells["edition"], programme, catalogue.editions[programme.pk]
        )

    years = {}
    for column in ("start_year", "end_year"):
        years[column] = parsed(parse_year, column, cells[column]) if cells[column] else None
    if years["start_year"] and years["end_year"] and years["end_year"] < years["start_year"]:
        reasons.append(
            _("The end year %(end)s comes before the start year %(start)s.")
            % {"end": years["end_year"], "start": years["start_year"]}
        )

    funding = parsed(parse_amount, cells["funding_eur"]) if cells["funding_eur"] else None
    funding_date = parsed(parse_date, cells["funding_date"]) if cells["funding_date"] else None
    to_complete = []
    if cells["funding_eur"]:
        # A grant is published with its source and date (StoryPage.clean); a draft may wait
        # for them, so the reviewer is told rather than the row refused.
        for column in ("funding_source", "funding_date"):
            if not cells[column]:
                to_complete.append(
                    _(
                        '"%(column)s" is empty: add it before publishing, as an amount needs '
                        "its source and date."
                    )
                    % {"column": column}
                )

    lead_partners = split_list(cells["lead_partner"])
    if len(lead_partners) > 1:
        reasons.append(_('"lead_partner" names more than one organisation.'))

    matches = []
    if programme is not None:
        matches.append(CellMatch("programme", cells["programme"], programme, _("title")))
    places, seen_places = [], set()
    for name in lists["territories"]:
        page, how = catalogue.territory(name)
        if page is None and is_code(name):
            reasons.append(_('No territory has the ISTAT code "%(code)s".') % {"code": name})
            continue
        matches.append(CellMatch("territories", name, page, how))
        key = page.pk if page is not None else fold(name)
        if key not in seen_places:  # "Cremona" and "Provincia di Cremona" are one place
            seen_places.add(key)
            places.append((name, page))
    for column, names in (("lead_partner", lead_partners), ("partners", lists["partners"])):
        for name in names:
            organisation = catalogue.organisation(name)
            matches.append(CellMatch(column, name, organisation, _("name")))

    hashtags = []
    for name in split_list(cells["hashtags"]):
        hashtag = catalogue.hashtag(name)
        if hashtag is None:
            reasons.append(
                _('Unknown hashtag "%(name)s" (known: %(known)s).')
                % {
                    "name": name,
                    "known": human_list([page.title for page in catalogue.hashtags.values()]),
                }
            )
        else:
            matches.append(CellMatch("hashtags", name, hashtag, _("title")))
            if hashtag not in hashtags:
                hashtags.append(hashtag)
    if reasons:
        return None, reasons
    return (
        StoryRow(
            line=row.line,
            title=title,
            programme=programme,
            edition=edition,
            start_year=years["start_year"],
            end_year=years["end_year"],
            territories=lists["territories"],
            lead_partner=lead_partners[0] if lead_partners else "",
            partners=lists["partners"],
            funding_eur=funding,
            funding_source=one_line(cells["funding_source"]),
            funding_date=funding_date,
            hashtags=hashtags,
            summary_it=cells["summary_it"],
            summary_en=cells["summary_en"],
            already_present=(programme.pk, name_key(title)) in catalogue.stories,
            to_complete=to_complete,
            matches=matches,
            places=places,
        ),
        [],
    )


def prepare_import(data, progress=None, allow_similar=False):
    """Read and check the whole file; write nothing. Raises ``ImportFileError``.

    A row whose title is close to an existing story's (``core.names``) is left out,
    and named in the plan, unless ``allow_similar``."""
    csv_rows, errors = read_csv(data)
    catalogue = Catalogue()
    rows, first_line_of = [], {}
    for done, csv_row in enumerate(csv_rows, start=1):
        story_row, reasons = check_row(csv_row, catalogue)
        errors += [RowError(csv_row.line, reason) for reason in reasons]
        if story_row is not None:
            key = (story_row.programme.pk, name_key(story_row.title))
            if key in first_line_of:
                errors.append(
                    RowError(
                        csv_row.line,
                        _("Same title and programme as line %(line)s.")
                        % {"line": first_line_of[key]},
                    )
                )
            else:
                first_line_of[key] = csv_row.line
                rows.append(story_row)
                if not story_row.already_present:
                    story_row.similar_to = catalogue.similar_story(story_row.title)
                    story_row.skipped_as_similar = bool(story_row.similar_to) and not allow_similar
                    # A later row of the same file is compared with this one too.
                    catalogue.story_titles.setdefault(story_row.title, story_row.programme.title)
        if progress:
            progress(done, len(csv_rows))
    errors.sort(key=lambda error: error.line)
    plan = ImportPlan(rows=rows, errors=errors, catalogue=catalogue)
    for row in plan.to_create:
        for name in filter(None, [row.lead_partner, *row.partners]):
            if catalogue.organisation(name) is None:
                plan.new_organisations.setdefault(
                    fold(name), Organisation(name=name, kind=guess_organisation_kind(name))
                )
        for name, page in row.places:
            if page is None:
                plan.new_territories.setdefault(fold(name), name)
        if row.programme.pk not in catalogue.sections and row.programme not in plan.new_sections:
            plan.new_sections.append(row.programme)
    return plan


# --- Writing ----------------------------------------------------------------------------


def add_draft(parent, page, user=None):
    """Add ``page`` under ``parent`` as a draft, as the admin's "Save draft" does."""
    base_slug = slugify(page.title)[:200] or page._meta.model_name
    page.slug = find_available_slug(parent, base_slug)
    page.live = False
    rows = {
        relation.get_accessor_name(): list(getattr(page, relation.get_accessor_name()).all())
        for relation in get_all_child_relations(page)
    }
    parent.add_child(instance=page)
    # modelcluster forgets the inline rows it saves, and reads them back at the next use:
    # the revision and the translation source serialise the rows just saved instead.
    for name, items in rows.items():
        setattr(page, name, items)
    revision = page.save_revision(user=user, log_action=False)
    log(instance=page, action="wagtail.create", user=user, revision=revision, content_changed=True)
    return page


def index_page(model, locale):
    page = model.objects.filter(locale=locale).order_by("path").first()
    if page is None:
        raise ImportWriteError(
            None,
            _('The site has no "%(page_type)s" page in the source language.')
            % {"page_type": model._meta.verbose_name},
        )
    return page


def start_translation(page, locale):
    """The wagtail-localize records the admin's "Translate" action creates for ``page``."""
    source, _created = TranslationSource.update_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    return translation


def inline_rows(instance):
    """The inline rows of ``instance`` (a page as built, or read from a revision), from
    memory."""
    for relation in get_all_child_relations(instance):
        yield from getattr(instance, relation.get_accessor_name()).all()


def held_objects(page):
    """{(model, pk): object} of the objects that ``page`` as built (not saved yet) and its
    inline rows name through their foreign keys."""
    held = {}
    for obj in (page, *inline_rows(page)):
        for key in obj._meta.concrete_fields:
            if key.many_to_one and not isinstance(key, ParentalKey) and key.is_cached(obj):
                value = key.get_cached_value(obj)
                if value is not None and value.pk is not None:
                    held[(key.related_model, value.pk)] = value
    return held


def set_held_objects(instance, held):
    """The objects of ``held`` set on the foreign keys of ``instance`` and its inline rows
    that name them, as if they had been read."""
    for obj in (instance, *inline_rows(instance)):
        for key in obj._meta.concrete_fields:
            if not key.many_to_one or isinstance(key, ParentalKey) or key.is_cached(obj):
                continue
            value = held.get((key.related_model, getattr(obj, key.attname)))
            if isinstance(value, key.related_model):
                key.set_cached_value(obj, value)


class NewSources:
    """``TranslationSource.update_or_create_from_instance`` for pages created by the import
    (without a source yet), its segments written in a few queries rather than a
    ``get_or_create`` (and a savepoint) for each segment, its context and its string: the
    same records, with the same values. A page whose segments include a kind this does not
    write (templates, from rich text) has them refreshed by wagtail-localize itself."""

    def __init__(self):
        self.schema_versions = {}
        self.objects = {}  # (content type id, translation key): TranslatableObject

    def schema_version(self, app_label):
        if app_label not in self.schema_versions:
            self.schema_versions[app_label] = get_schema_version(app_label)
        return self.schema_versions[app_label]

    def create(self, page, held=None):
        """The source of ``page``; ``held`` ({(model, pk): object}): the objects its
        foreign keys name that the caller holds already, not read again to extract its
        segments. The source's string segments are in ``source.import_string_segments``
        ({path: segment}; None when wagtail-localize wrote them)."""
        page = page.specific
        translatable, _created = TranslatableObject.objects.get_or_create_from_instance(page)
        source = TranslationSource.objects.create(
            object=translatable,
            locale=page.locale,
            specific_content_type=ContentType.objects.get_for_model(page.__class__),
            object_repr=str(page)[:200],
            content_json=page.to_json(),
            schema_version=self.schema_version(page._meta.app_label),
            last_updated_at=timezone.now(),
        )
        instance = source.as_instance()
        set_held_objects(instance, held or {})
        segments = extract_segments(instance)
        kinds = (StringSegmentValue, RelatedObjectSegmentValue, OverridableSegmentValue)
        source.import_string_segments = None
        source.import_related_segments = None
        if not all(isinstance(segment, kinds) for segment in segments):
            source.refresh_segments()
            return source
        contexts = self.contexts(source, instance, [segment.path for segment in segments])
        strings = self.strings(
            source.locale_id,
            [s.string.data for s in segments if isinstance(s, StringSegmentValue)],
        )
        objects = self.related_objects(
            [s for s in segments if isinstance(s, RelatedObjectSegmentValue)]
        )
        string_segments, related_segments, overridable_segments = [], [], []
        for segment in segments:
            context = contexts[segment.path]
            if isinstance(segment, StringSegmentValue):
                string_segments.append(
                    StringSegment(
                        source=source,
                        context=context,
                        order=segment.order,
                        string=strings[String._get_data_hash(segment.string.data)],
                        attrs=json.dumps(segment.attrs, cls=DjangoJSONEncoder),
                    )
                )
            elif isinstance(segment, RelatedObjectSegmentValue):
                related_segments.append(
                    RelatedObjectSegment(
                        source=source,
                        context=context,
                        order=segment.order,
                        object=objects[(segment.content_type.pk, segment.translation_key)],
                    )
                )
            else:
                overridable_segments.append(
                    OverridableSegment(
                        source=source,
                        context=context,
                        order=segment.order,
                        data_json=json.dumps(segment.data, cls=DjangoJSONEncoder),
                    )
                )
        StringSegment.objects.bulk_create(string_segments)
        RelatedObjectSegment.objects.bulk_create(related_segments)
        OverridableSegment.objects.bulk_create(overridable_segments)
        source.import_string_segments = {
            segment.context.path: segment for segment in string_segments
        }
        source.import_related_segments = related_segments
        return source

    def contexts(self, source, instance, paths):
        """{path: TranslationContext} of the source's object, with each new one's
        ``field_path`` filled in (as ``refresh_segments`` has it done)."""
        found = {
            context.path: context
            for context in TranslationContext.objects.filter(
                object_id=source.object_id, path__in=set(paths)
            )
        }
        new = []
        for path in dict.fromkeys(paths):
            if path in found:
                continue
            context = TranslationContext(
                object_id=source.object_id,
                path=path,
                path_id=TranslationContext._get_path_id(path),
            )
            # get_field_path saves what it works out: here the context is created with it.
            context.save = lambda *args, **kwargs: None
            context.get_field_path(instance)
            del context.save
            new.append(context)
            found[path] = context
        TranslationContext.objects.bulk_create(new)
        for context in found.values():
            if not context.field_path:
                context.get_field_path(instance)
        return found

    def strings(self, locale_id, texts):
        """{data hash: String} of the texts in the source's locale, the missing ones created."""
        hashes = {String._get_data_hash(text): text for text in texts}
        found = {
            string.data_hash: string
            for string in String.objects.filter(locale_id=locale_id, data_hash__in=hashes)
        }
        new = [
            String(locale_id=locale_id, data_hash=data_hash, data=text)
            for data_hash, text in hashes.items()
            if data_hash not in found
        ]
        String.objects.bulk_create(new)
        found.update((string.data_hash, string) for string in new)
        return found

    def related_objects(self, segments):
        wanted = {(s.content_type.pk, s.translation_key): s for s in segments}
        missing = [key for key in wanted if key not in self.objects]
        if missing:
            for translatable in TranslatableObject.objects.filter(
                translation_key__in={key for _type, key in missing}
            ):
                self.objects[(translatable.content_type_id, translatable.translation_key)] = (
                    translatable
                )
        for key, segment in wanted.items():
            if key not in self.objects:
                self.objects[key], _created = TranslatableObject.objects.get_or_create(
                    content_type=segment.content_type, translation_key=segment.translation_key
                )
        return self.objects


class DraftTranslator:
    """Makes draft translations into ``locale`` the way the admin's "Translate" action
    does, but touches no page that already has one (re-syncing it would put a new draft on
    live pages) and translates untranslated parents instead of making them aliases."""

    def __init__(self, locale, user=None):
        self.locale = locale
        self.user = user
        self.started = set()
        # Pages known to have a translation, and the objects (translation keys) that
        # rows linked to already: most rows name the same programmes, territories and
        # hashtags, looked up once each rather than once per row.
        self.translated = set()
        self.linked = set()
        self.new_sources = NewSources()

    def ensure(self, page):
        if page.pk in self.started or page.pk in self.translated:
            return
        if page.has_translation(self.locale):
            self.translated.add(page.pk)
            return
        self.translate(page.specific)

    def translate(self, page, strings=None, parent=None, new=False, held=None):
        """Translate ``page`` (under ``parent``, read when not given) as a draft, with
        ``strings`` ({field: text}) translated. ``new``: a page the import created, which
        has no translation source yet, ``held`` the objects it names (``held_objects``)."""
        self.started.add(page.pk)
        parent = parent or page.get_parent()
        if not parent.is_root():
            self.ensure(parent)
        string_segments, related_segments = {}, None
        if new:
            source = self.new_sources.create(page, held)
            translation = Translation.objects.create(source=source, target_locale=self.locale)
            string_segments = source.import_string_segments or {}
            related_segments = source.import_related_segments
        else:
            translation = start_translation(page, self.locale)
        if related_segments is None:
            related_segments = translation.source.relatedobjectsegment_set.select_related("object")
        # Pages it links to first, so the translation links to their translations.
        for segment in related_segments:
            if segment.object_id in self.linked:
                continue
            related = segment.object.get_instance_or_none(translation.source.locale)
            if isinstance(related, Page):
                self.ensure(related)
            self.linked.add(segment.object_id)
        for path, text in (strings or {}).items():
            self.translate_string(translation.source, path, text, string_segments.get(path))
        translation.save_target(user=self.user, publish=False)
        return translation

    def translate_string(self, source, path, text, segment=None):
        if segment is None:
            segment = (
                StringSegment.objects.filter(source=source, context__path=path)
                .select_related("string", "context")
                .get()
            )
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=self.locale,
            context=segment.context,
            defaults={
                "data": StringValue.from_plaintext(text).data,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "tool_name": "",
                "last_translated_by": self.user,
            },
        )


def build_story(row, organisations, new_territories, locale):
    # The locale given, rather than looked up at each save (the page's and each row's).
    story = StoryPage(
        locale=locale,
        title=row.title,
        programme=row.programme,
        edition=row.edition,
        start_year=row.start_year,
        end_year=row.end_year,
        lead_partner=organisations[fold(row.lead_partner)] if row.lead_partner else None,
        summary=row.summary_it,
        funding_eur=row.funding_eur,
        funding_source_name=row.funding_source,
        funding_reference_date=row.funding_date,
    )
    story.territory_links = [
        StoryTerritory(
            territory=page or new_territories[fold(name)], sort_order=position, locale=locale
        )
        for position, (name, page) in enumerate(row.places)
    ]
    story.hashtag_links = [
        StoryHashtag(hashtag=hashtag, sort_order=position, locale=locale)
        for position, hashtag in enumerate(row.hashtags)
    ]
    story.partner_links = [
        StoryPartner(organisation=organisations[fold(name)], sort_order=position, locale=locale)
        for position, name in enumerate(row.partners)
    ]
    return story


def translation_locale():
    if TRANSLATION_LANGUAGE == settings.LANGUAGE_CODE:
        return None
    return Locale.objects.filter(language_code=TRANSLATION_LANGUAGE).first()


def write_import(plan, progress=None, user=None):
    """Create what ``plan`` lists, in one transaction. Raises ``ImportWriteError`` (after
    rolling everything back) when anything cannot be saved."""
    assert not plan.errors, "a plan with bad rows is never written"
    catalogue, result = plan.catalogue, ImportResult()
    english = translation_locale()
    translator = DraftTranslator(english, user) if english else None
    line = None
    try:
        # Wagtail's index tasks queued (or, without a worker, run) once per page at the end,
        # not at each of the dozen saves of a story and its translation.
        # The programmes, territories... each story's revisions name are checked once.
        # The pages the stories link to, and their translations, are looked up once each.
        with transaction.atomic(), coalesced_tasks(), rows_known_to_exist(), memoised():
            organisations = dict(catalogue.organisations)
            for key, organisation in plan.new_organisations.items():
                organisation.full_clean()
                organisation.save()
                log(instance=organisation, action="wagtail.create", user=user)
                organisations[key] = organisation
                result.organisations.append(organisation)

            territories = {}
            if plan.new_territories:
                parent = index_page(TerritoryIndexPage, catalogue.locale)
                for key, name in plan.new_territories.items():
                    territories[key] = add_draft(parent, TerritoryPage(title=name), user)
                    result.territories.append(territories[key])

            sections = dict(catalogue.sections)
            if plan.new_sections:
                parent = index_page(StoryIndexPage, catalogue.locale)
                for programme in plan.new_sections:
                    section = ProgrammeStoryIndexPage(title=programme.title, programme=programme)
                    sections[programme.pk] = add_draft(parent, section, user)
                    result.sections.append(section)

            to_create = plan.to_create
            for done, row in enumerate(to_create, start=1):
                line = row.line
                story = build_story(row, organisations, territories, catalogue.locale)
                held = held_objects(story)
                section = sections[row.programme.pk]
                add_draft(section, story, user)
                if translator and row.summary_en:
                    translator.translate(
                        story, {"summary": row.summary_en}, parent=section, new=True, held=held
                    )
                    result.translations += 1
                result.stories.append((row, story))
                if progress:
                    progress(done, len(to_create))
    except ValidationError as error:
        reasons = [f"{field}: {' '.join(messages)}" for field, messages in error_items(error)]
        raise ImportWriteError(line, " ".join(reasons)) from error
    except DatabaseError as error:
        raise ImportWriteError(line, str(error)) from error
    return result


def error_items(error):
    if hasattr(error, "error_dict"):
        return [(field, [str(m) for m in e]) for field, e in error.message_dict.items()]
    return [("", error.messages)]
