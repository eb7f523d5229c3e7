"""Search inside the reports: the pages of the reports' PDFs that match a reader's query.

The text of each page was read when the file was uploaded or replaced
(``downloads.describe``). A reader searches the files offered by the live public reports of
their language (the English version of a report may offer the Italian PDF); each page is
stemmed with the rules of the language the report gives for that file, and so are the
reader's words when they are compared with it, so an Italian PDF is searched in Italian from
either language's search. A file of a restricted report (``downloads.access``, the other
language version's restriction included) or in a restricted collection is never searched.

Like the pages' index (``search.engine``), the index is built once per content version:
reading a new file, publishing or restricting a report makes a new one.
"""

from dataclasses import dataclass, field

from downloads.access import restricted_collections, restricted_document_ids
from downloads.listing import FILE_FIELDS
from downloads.models import DocumentPageText, FileKind
from stories.models import ReportPage

from .engine import IndexPerVersion, SearchIndex, excerpt_around_stems

MAX_REPORT_HITS = 10


@dataclass
class FileOffer:
    report_id: int
    kind: str
    language_code: str


@dataclass
class ReportFilesIndex:
    """One ``SearchIndex`` per language of the files; each of its entries is a page of a
    PDF (key: the ``DocumentPageText``)."""

    indexes: dict[str, SearchIndex] = field(default_factory=dict)
    # DocumentPageText pk -> (document id, page number)
    pages: dict[int, tuple[int, int]] = field(default_factory=dict)
    # document id -> the reports offering it
    offers: dict[int, list[FileOffer]] = field(default_factory=dict)
    # DocumentPageText pk -> its entry in its language's index (text for the excerpts)
    entries: dict[int, object] = field(default_factory=dict)


def build_report_files_index(language_code):
    offers = {}
    reports = (
        ReportPage.objects.live()
        .public()
        .filter(locale__language_code=language_code)
        .order_by("pk")
    )
    fields = [
        name for _kind, document, language, _label in FILE_FIELDS for name in (document, language)
    ]
    restricted = restricted_document_ids()
    for report_id, *values in reports.values_list("pk", *fields):
        for (kind, *_rest), document_id, file_language in zip(
            FILE_FIELDS, values[::2], values[1::2], strict=True
        ):
            if document_id and document_id not in restricted:
                offers.setdefault(document_id, []).append(FileOffer(report_id, kind, file_language))
    index = ReportFilesIndex(offers=offers)
    if not offers:
        return index
    rows = (
        DocumentPageText.objects.filter(document_id__in=offers)
        .exclude(document__collection__in=restricted_collections())
        .order_by("document_id", "page_number")
        .values_list("pk", "document_id", "page_number", "text")
    )
    by_language = {}
    for pk, document_id, page_number, text in rows.iterator():
        index.pages[pk] = (document_id, page_number)
        file_language = offers[document_id][0].language_code
        by_language.setdefault(file_language, []).append((pk, "", text))
    index.indexes = {
        file_language: SearchIndex.build(file_language, language_rows)
        for file_language, language_rows in by_language.items()
    }
    index.entries = {
        entry.pk: entry
        for language_index in index.indexes.values()
        for entry in language_index.pages
    }
    return index


# Kept per content version, as the pages' index (``search.engine.search_index``).
report_files_index = IndexPerVersion(build_report_files_index)


@dataclass
class ReportPageHit:
    """One page of a report's PDF that matches."""

    report: ReportPage
    kind: str
    label: str
    document: object
    language_code: str
    page_number: int
    excerpt: str

    @property
    def file_url(self):
        return f"{self.document.url}#page={self.page_number}"


@dataclass
class ReportHits:
    total: int
    hits: list[ReportPageHit]


def search_report_files(query, language_code, limit=MAX_REPORT_HITS):
    """The pages of the reports' PDFs matching ``query`` (a ``ReaderQuery``), best first:
    how many in all, and the first ``limit`` with an excerpt each. At most one query."""
    index = report_files_index(language_code)
    # Files in the reader's language first, then the others.
    languages = sorted(index.indexes, key=lambda code: (code != language_code, code))
    found = []
    for file_language in languages:
        language_index = index.indexes[file_language]
        found += [
            (language_index, pk) for pk in language_index.search(query.terms, query.excluded_terms)
        ]
    wanted = []
    for language_index, pk in found:
        document_id, page_number = index.pages[pk]
        for offer in index.offers[document_id]:
            wanted.append((language_index, pk, document_id, page_number, offer))
    if not wanted:
        return ReportHits(0, [])
    shown = wanted[:limit]
    reports = ReportPage.objects.live().public().select_related("full_report", "abstract_document")
    reports = reports.in_bulk({offer.report_id for *_rest, offer in shown})
    document_fields = {kind: document for kind, document, _language, _label in FILE_FIELDS}
    hits = []
    stems_by_index = {}
    for language_index, pk, document_id, page_number, offer in shown:
        report = reports.get(offer.report_id)
        document = getattr(report, document_fields[offer.kind], None) if report else None
        if document is None or document.pk != document_id:
            continue  # changed since the index was built
        entry = index.entries[pk]
        stems = stems_by_index.get(id(language_index))
        if stems is None:
            stems = {stem for term in query.terms for stem in language_index.stems_of(term)}
            stems_by_index[id(language_index)] = stems
        hits.append(
            ReportPageHit(
                report=report,
                kind=offer.kind,
                label=FileKind(offer.kind).label,
                document=document,
                language_code=offer.language_code,
                page_number=page_number,
                excerpt=excerpt_around_stems(entry.text, stems, language_index.stem),
            )
        )
    return ReportHits(len(wanted), hits)
