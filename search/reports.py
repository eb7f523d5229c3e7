"""Search inside the reports: the pages of the reports' PDFs that match a reader's query.

The text of each page was read when the file was uploaded or replaced
(``downloads.describe``) and indexed then (``search.backend.index_file_pages``), once per
site language. A reader searches the files offered by the live public reports of their
language (the English version of a report may offer the Italian PDF); each page is matched
with the rules of the language the report gives for that file, and so are the reader's
words, so an Italian PDF is searched in Italian from either language's search. A file of a
restricted report (``downloads.access``, the other language version's restriction included)
or in a restricted collection is never searched. The matching runs in the database's
full-text index, like the pages' (``search.engine``).
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef

from downloads.access import restricted_collections, restricted_document_ids
from downloads.listing import FILE_FIELDS
from downloads.models import DocumentPageText, FileKind
from stories.models import ReportPage

from .engine import IndexQuery, excerpt_around_stems, syntax
from .text import stemmer_for

MAX_REPORT_HITS = 10


@dataclass
class FileOffer:
    report_id: int
    kind: str
    language_code: str


def file_offers(language_code):
    """document id -> the live public reports of the language offering it (two queries,
    with the restricted documents')."""
    offers = {}
    # Read from the reports' own table, each looked up among the pages: a join from the
    # pages would make SQLite (which keeps no statistics) walk every page of the language,
    # 10.7 ms at 10,000 stories a language for three reports. ReportPage's public() reads
    # the restricted pages once per request (core.request_memo).
    visible = (
        ReportPage.objects.live()
        .public()
        .filter(pk=OuterRef("pk"), locale__language_code=language_code)
    )
    reports = ReportPage.objects.filter(Exists(visible)).order_by("pk")
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
    return offers


def _matching_pages(query, file_language, document_ids):
    """``(page text id, document id, page number)`` of the pages of ``document_ids``
    matching ``query`` with ``file_language``'s rules, best first: one query."""
    allowed = DocumentPageText.objects.filter(document_id__in=document_ids).exclude(
        document__collection__in=restricted_collections()
    )
    allowed_sql, allowed_params = allowed.values("pk").query.sql_with_params()
    words = syntax(weighted=False)
    table = DocumentPageText._meta.db_table
    if connection.vendor == "postgresql":
        sql = f"""
            SELECT d.id, d.document_id, d.page_number FROM search_filepagetext f
            JOIN {table} d ON d.id = f.page_text_id
            WHERE f.language = %s AND f.vector @@ to_tsquery('simple', %s)
                AND d.id IN ({allowed_sql})
            ORDER BY ts_rank(f.vector, to_tsquery('simple', %s)) DESC, d.document_id,
                d.page_number
        """  # noqa: S608 (table names and the compiled SQL of a queryset only)
        params = (file_language, words.match(query), *allowed_params, words.rank(query))
    else:
        sql = f"""
            SELECT d.id, d.document_id, d.page_number FROM search_filepagetext_fts x
            JOIN search_filepagetext f ON f.id = x.rowid
            JOIN {table} d ON d.id = f.page_text_id
            WHERE x.search_filepagetext_fts MATCH %s AND f.language = %s
                AND d.id IN ({allowed_sql})
            ORDER BY bm25(search_filepagetext_fts), d.document_id, d.page_number
        """  # noqa: S608 (table names and the compiled SQL of a queryset only)
        params = (words.match(query), file_language, *allowed_params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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
    how many in all, and the first ``limit`` with an excerpt each. A few queries, however
    many files and pages."""
    offers = file_offers(language_code)
    by_language = {}
    for document_id, document_offers in offers.items():
        by_language.setdefault(document_offers[0].language_code, []).append(document_id)
    # Files in the reader's language first, then the others.
    wanted = []
    for file_language in sorted(by_language, key=lambda code: (code != language_code, code)):
        stem = stemmer_for(file_language)
        index_query = IndexQuery.of(query.terms, query.excluded_terms, stem)
        if not index_query:
            continue
        for pk, document_id, page_number in _matching_pages(
            index_query, file_language, by_language[file_language]
        ):
            for offer in offers[document_id]:
                wanted.append((index_query, stem, pk, document_id, page_number, offer))
    if not wanted:
        return ReportHits(0, [])
    shown = wanted[:limit]
    texts = dict(
        DocumentPageText.objects.filter(pk__in={pk for _q, _s, pk, *_rest in shown}).values_list(
            "pk", "text"
        )
    )
    reports = ReportPage.objects.live().public().select_related("full_report", "abstract_document")
    reports = reports.in_bulk({offer.report_id for *_rest, offer in shown})
    document_fields = {kind: document for kind, document, _language, _label in FILE_FIELDS}
    hits = []
    for index_query, stem, pk, document_id, page_number, offer in shown:
        report = reports.get(offer.report_id)
        document = getattr(report, document_fields[offer.kind], None) if report else None
        if document is None or document.pk != document_id:
            continue  # changed since the offers were read
        hits.append(
            ReportPageHit(
                report=report,
                kind=offer.kind,
                label=FileKind(offer.kind).label,
                document=document,
                language_code=offer.language_code,
                page_number=page_number,
                excerpt=excerpt_around_stems(texts.get(pk, ""), index_query.stems, stem),
            )
        )
    return ReportHits(len(wanted), hits)
