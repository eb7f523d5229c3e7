"""Finding the live pages of one language that match a reader's query.

The matching runs in Python, the same on SQLite and PostgreSQL, over an index of each
language's live public pages: the title and the plain text Wagtail's own index keeps of
every page's search fields (title, summary, StreamField text, partner names...), refreshed
whenever a page is saved or published. Every word of them is folded (case and accents do not
count) and stemmed with the Snowball rules of the page's language (``search.text``),
so ``famiglia`` finds ``famiglie``, ``comunita`` finds ``Comunità`` and ``communities`` finds
``community``. The reader's words go through the same steps with the rules of the reader's
language, the language of every page searched.

The index is built with one query and kept per content version (``core.cache``): it is
rebuilt once after a page is published, unpublished, moved or deleted, never per request.
A query that finds nothing gets suggestions from the index's own vocabulary, each checked to
find results.
"""

import math
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.db.models import CharField, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Cast, Coalesce
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from core.cache import content_version
from home.models import InformationPage
from stories.models import HashtagPage, ProgrammePage, ReportPage, StoryPage, TerritoryPage

from .query import is_connective, parse_query
from .text import Stemmer, edit_distance, folded_words, words_with_spans

SEARCHABLE_PAGE_TYPES = (
    StoryPage,
    ProgrammePage,
    TerritoryPage,
    HashtagPage,
    ReportPage,
    InformationPage,
)

EXCERPT_LENGTH = 240
EXCERPT_LEAD = 80
TITLE_WEIGHT = 5
MAX_SUGGESTIONS = 3
# Nearest vocabulary words tried for each word that finds nothing.
CANDIDATES_PER_WORD = 3
# However long the query, at most this many words are looked up in the vocabulary and this
# many candidate suggestions are run.
WORDS_TO_CORRECT = 4
SUGGESTION_ATTEMPTS = 40


def _indexed_body_column():
    # PostgreSQL keeps tsvectors in "body" and the plain text in "body_text"; SQLite and
    # MySQL keep the plain text in "body".
    names = {field.name for field in IndexEntry._meta.get_fields()}
    return "body_text" if "body_text" in names else "body"


def indexed_body():
    """The page's search text from Wagtail's index, without the title."""
    entry = IndexEntry.objects.filter(
        content_type_id=OuterRef("content_type_id"),
        object_id=Cast(OuterRef("pk"), CharField()),
    )
    text = Subquery(entry.values(_indexed_body_column())[:1], output_field=TextField())
    return Coalesce(text, Value(""), output_field=TextField())


def candidate_pages(language_code):
    return (
        Page.objects.live()
        .public()
        .type(*SEARCHABLE_PAGE_TYPES)
        .filter(locale__language_code=language_code)
    )


def _tidy(text):
    # The index joins a page's fields and blocks with ", ", which leaves ".," and ", ,"
    # behind.
    text = re.sub(r"(?:,\s*){2,}", ", ", text)
    return re.sub(r"([.!?:;])\s*,(?=\s|$)", r"\1", text).strip(" ,")


# --- The index ---------------------------------------------------------------------------


@dataclass
class IndexedPage:
    pk: int
    title: str
    text: str
    title_stems: tuple[str, ...]
    text_stems: tuple[str, ...]


@dataclass
class SearchIndex:
    """The stems of one language's live public pages, and their vocabulary."""

    language_code: str
    pages: list[IndexedPage] = field(default_factory=list)
    # stem -> {position in pages: (times in the title, times in the text)}
    postings: dict[str, dict[int, tuple[int, int]]] = field(default_factory=dict)
    # folded word -> (how it is most often written, number of pages it is in)
    vocabulary: dict[str, tuple[str, int]] = field(default_factory=dict)

    def __post_init__(self):
        self.stem = Stemmer(self.language_code)

    @classmethod
    def build(cls, language_code, rows):
        index = cls(language_code)
        spellings, page_counts = {}, Counter()
        for pk, title, text in rows:
            text = _tidy(text or "")
            title_stems, text_stems, seen = [], [], set()
            for source, stems in ((title, title_stems), (text, text_stems)):
                for start, end, folded in words_with_spans(source):
                    stems.append(index.stem(folded))
                    spellings.setdefault(folded, Counter())[source[start:end].casefold()] += 1
                    seen.add(folded)
            page_counts.update(seen)
            position = len(index.pages)
            index.pages.append(IndexedPage(pk, title, text, tuple(title_stems), tuple(text_stems)))
            in_title, in_text = Counter(title_stems), Counter(text_stems)
            for stem in in_title.keys() | in_text.keys():
                index.postings.setdefault(stem, {})[position] = (in_title[stem], in_text[stem])
        index.vocabulary = {
            folded: (spellings[folded].most_common(1)[0][0], count)
            for folded, count in page_counts.items()
            if not folded.isdigit()
        }
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

    def finds_anything(self, terms, excluded_terms=()):
        return bool(self._matches(terms, excluded_terms)[0])

    # --- Suggestions ---------------------------------------------------------------------

    def nearest_words(self, folded_word, count=CANDIDATES_PER_WORD):
        """Vocabulary words closest to ``folded_word`` by edit distance, commonest first on a
        tie, as ``(distance, spelling)``."""
        limit = 1 if len(folded_word) <= 4 else 2 if len(folded_word) <= 8 else 3
        own_stem = self.stem(folded_word)
        near = []
        for word, (spelling, pages) in self.vocabulary.items():
            if self.stem(word) == own_stem:
                continue
            distance = edit_distance(folded_word, word, limit)
            if distance <= limit:
                near.append((distance, -pages, spelling))
        seen, nearest = set(), []
        for distance, _pages, spelling in sorted(near):
            stem = self.stems_of((spelling,))
            if stem not in seen:
                seen.add(stem)
                nearest.append((distance, spelling))
            if len(nearest) == count:
                break
        return nearest

    def suggest(self, terms, excluded_terms=()):
        """Up to ``MAX_SUGGESTIONS`` queries close to ``terms`` that find pages, as query
        text: words that find nothing replaced by the nearest words of the site, or, failing
        that, words left out. Each is checked by running it."""
        typed = [_as_typed(term) for term in terms]
        left_out = " ".join(f"-{_as_typed(term)}" for term in excluded_terms)
        options, corrections_left = [], WORDS_TO_CORRECT
        for term, chunk in zip(terms, typed, strict=True):
            folded = folded_words(chunk)
            if self._pages_with(self.stems_of(term)):
                options.append([(0, chunk)])
            elif len(term) > 1:  # a phrase that is nowhere: its words, in any order
                options.append([(1, " ".join(term))])
            elif len(folded) == 1 and corrections_left:
                corrections_left -= 1
                options.append(self.nearest_words(folded[0]))
            else:
                options.append([])
        suggestions, budget = [], [SUGGESTION_ATTEMPTS]

        def offer(chunks, enough=MAX_SUGGESTIONS):
            text = " ".join(chunk for chunk in [*chunks, left_out] if chunk)
            if budget[0] > 0 and text and text not in suggestions and chunks != typed:
                budget[0] -= 1
                query = parse_query(text)
                if query.terms and self.finds_anything(query.terms, query.excluded_terms):
                    suggestions.append(text)
            return len(suggestions) >= enough

        if all(options):
            # The nearest word for each, then the next nearest for one word at a time; one
            # place is kept for a suggestion that leaves words out.
            best = [option[0] for option in options]
            choices = [best] + [
                best[:place] + [alternative] + best[place + 1 :]
                for place, option in enumerate(options)
                for alternative in option[1:]
            ]
            choices.sort(key=lambda choice: sum(distance for distance, _chunk in choice))
            for choice in choices:
                if offer([chunk for _distance, chunk in choice], MAX_SUGGESTIONS - 1):
                    break
        # Leave out the words that find nothing as typed, then one more; or keep only the
        # nearest replacement (not a one- or two-letter word) of one of them.
        found = [
            chunk
            for chunk, option in zip(typed, options, strict=True)
            if option[:1] == [(0, chunk)]
        ]
        fallbacks = [found] if len(found) < len(typed) else []
        if len(found) > 1:
            fallbacks += [found[:place] + found[place + 1 :] for place in range(len(found))]
        fallbacks += [
            [option[0][1]]
            for option in options
            if option and option[0][0] and len(option[0][1]) > 2
        ]
        for chunks in fallbacks:
            if offer(chunks):
                break
        return suggestions


def _as_typed(term):
    return term[0] if len(term) == 1 else '"' + " ".join(term) + '"'


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


def build_search_index(language_code):
    rows = (
        candidate_pages(language_code)
        .annotate(indexed_text=indexed_body())
        .values_list("pk", "title", "indexed_text")
    )
    return SearchIndex.build(language_code, rows)


search_index = IndexPerVersion(build_search_index)


# --- Searching ---------------------------------------------------------------------------


@dataclass
class SearchResults:
    """Matching page keys, best first, and the index that found them (for excerpts and
    suggestions)."""

    index: SearchIndex
    query: object
    page_ids: list[int]

    def __len__(self):
        return len(self.page_ids)

    def suggestions(self):
        if self.page_ids:
            return []
        return self.index.suggest(self.query.terms, self.query.excluded_terms)


def search_pages(query, language_code):
    index = search_index(language_code)
    return SearchResults(index, query, index.search(query.terms, query.excluded_terms))


def excerpt_around_stems(text, stems, stem, length=EXCERPT_LENGTH):
    """A window of ``text`` around the first word whose stem is one of ``stems``, as safe
    HTML with every such word in <mark>."""
    text = _tidy(text)
    if not text:
        return ""
    matches, previous = [], None
    for start, end, folded in words_with_spans(text):
        if (start, end) != previous and stem(folded) in stems:
            matches.append((start, end))
            previous = (start, end)
    first = matches[0][0] if matches else 0
    start = max(0, first - EXCERPT_LEAD)
    if start:
        # Start on a whole word.
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = start + length
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    parts = ["… " if start else ""]
    position = start
    for match_start, match_end in matches:
        if match_start < start or match_end > end:
            continue
        parts += [
            escape(text[position:match_start]),
            f"<mark>{escape(text[match_start:match_end])}</mark>",
        ]
        position = match_end
    parts += [escape(text[position:end]), " …" if end < len(text) else ""]
    return mark_safe("".join(parts))  # noqa: S308


def with_excerpts(page_ids, results):
    """The pages of one results page in order, each with ``excerpt`` (safe HTML) and
    ``type_label``: one query."""
    index = results.index
    # Through the same filter as the index: a page unpublished or restricted since the
    # index was built is left out rather than shown.
    pages = {page.pk: page for page in candidate_pages(index.language_code).filter(pk__in=page_ids)}
    texts = {indexed.pk: indexed.text for indexed in index.pages if indexed.pk in pages}
    stems = {stem for term in results.query.terms for stem in index.stems_of(term)}
    ordered = []
    for pk in page_ids:
        page = pages.get(pk)
        if page is None:  # unpublished since the index was built
            continue
        page.excerpt = excerpt_around_stems(texts.get(pk, ""), stems, index.stem)
        page.type_label = page.specific_class._meta.verbose_name
        ordered.append(page)
    return ordered
