"""Search inside the reports: the pages of the reports' PDFs that match a reader's query.

The text of each page was read when the file was uploaded or replaced
(``downloads.describe``). A reader searches the files offered by the live public reports of
their language (the English version of a report may offer the Italian PDF); each page is
stemmed with the rules of the language the report gives for that file, and so are the
reader's words when they are compared with it, so an Italian PDF is searched in Italian from
either language's search. A file of a restricted report (``downloads.access``, the other
language version's restriction included) or in a restricted collection is never searched.

The pages of the files are matched in memory, in an index built once per content version:
reading a new file, publishing or restricting a report makes a new one.
"""

import math
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection

from core.cache import content_version
from downloads.access import restricted_collections, restricted_document_ids
from downloads.listing import FILE_FIELDS
from downloads.models import DocumentPageText, FileKind
from stories.models import ReportPage

from .engine import excerpt_around_stems
from .query import is_connective
from .text import folded_words, stemmer_for, tidy, words_with_spans

MAX_REPORT_HITS = 10
TITLE_WEIGHT = 5


@dataclass
class IndexedPage:
    pk: int
    title: str
    text: str
    title_stems: tuple[str, ...]
    text_stems: tuple[str, ...]


@dataclass
class SearchIndex:
    """The stems of the pages of one language's files."""

    language_code: str
    pages: list[IndexedPage] = field(default_factory=list)
    # stem -> {position in pages: (times in the title, times in the text)}
    postings: dict[str, dict[int, tuple[int, int]]] = field(default_factory=dict)

    def __post_init__(self):
        self.stem = stemmer_for(self.language_code)

    @classmethod
    def build(cls, language_code, rows):
        index = cls(language_code)
        for pk, title, text in rows:
            text = tidy(text or "")
            title_stems, text_stems = [], []
            for source, stems in ((title, title_stems), (text, text_stems)):
                for _start, _end, folded in words_with_spans(source):
                    stems.append(index.stem(folded))
            position = len(index.pages)
            index.pages.append(IndexedPage(pk, title, text, tuple(title_stems), tuple(text_stems)))
            in_title, in_text = Counter(title_stems), Counter(text_stems)
            for stem in in_title.keys() | in_text.keys():
                index.postings.setdefault(stem, {})[position] = (in_title[stem], in_text[stem])
        return index

    def stems_of(self, term):
        """The stems of a query term (a word or a phrase's words), in order."""
        return tuple(self.stem(folded) for word in term for folded in folded_words(word))

    def _pages_with(self, stems):
        """Positions of the pages containing ``stems``, consecutively if several."""
        if not stems:
            return set()
        found = None
        for stem in set(stems):
            pages = self.postings.get(stem, {}).keys()
            found = set(pages) if found is None else found & pages
            if not found:
                return set()
        if len(stems) > 1:
            found = {
                position
                for position in found
                if _contains_run(self.pages[position].title_stems, stems)
                or _contains_run(self.pages[position].text_stems, stems)
            }
        return found

    def _matches(self, terms, excluded_terms):
        groups = [stems for stems in map(self.stems_of, terms) if stems]
        if not groups:
            return set(), groups
        # Connectives ("or", "e", "not"…) count towards the ranking but are not required: a
        # reader who types "welfare or comunità" means the two other words. A query made
        # only of them still requires them.
        required = [
            stems
            for term, stems in zip(terms, map(self.stems_of, terms), strict=True)
            if stems and not is_connective(term)
        ] or groups
        found = set.intersection(*(self._pages_with(stems) for stems in required))
        for term in excluded_terms:
            found -= self._pages_with(self.stems_of(term))
        return found, groups

    def search(self, terms, excluded_terms=()):
        """Primary keys of the matching pages, best first."""
        found, groups = self._matches(terms, excluded_terms)
        stems = {stem for group in groups for stem in group}

        def score(position):
            total = 0.0
            for stem in stems:
                in_title, in_text = self.postings.get(stem, {}).get(position, (0, 0))
                total += TITLE_WEIGHT * bool(in_title) + (1 + math.log(in_text) if in_text else 0)
            return total

        ranked = sorted(
            found,
            key=lambda position: (
                -score(position),
                self.pages[position].title.casefold(),
                self.pages[position].pk,
            ),
        )
        return [self.pages[position].pk for position in ranked]


def _contains_run(sequence, run):
    first, length = run[0], len(run)
    return any(
        sequence[start : start + length] == run
        for start in range(len(sequence) - length + 1)
        if sequence[start] == first
    )


class IndexPerVersion:
    """An index of each language, for the content version it was built under: rebuilt on
    the first search after a change, shared by every request of the process until the next
    one. The version comes from the shared cache; as a safety, an index is also rebuilt once
    it is as old as any other cached fragment may be. While the cache does not answer, every
    request has a version of its own (core.cache), so each search builds its index."""

    def __init__(self, build):
        self.build = build
        self._indexes = {}
        self._lock = threading.Lock()

    def __call__(self, language_code):
        key = (connection.alias, connection.settings_dict.get("NAME"), language_code)
        version = content_version()
        cached = self._indexes.get(key)
        if (
            cached
            and cached[0] == version
            and time.monotonic() - cached[1] < settings.FRAGMENT_CACHE_SECONDS
        ):
            return cached[2]
        index = self.build(language_code)
        with self._lock:
            self._indexes[key] = (version, time.monotonic(), index)
        return index


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
