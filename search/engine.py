"""Finding the live pages of one language that match a reader's query.

The matching runs in the database's full-text index (``search.models``, written by
``search.backend``): on PostgreSQL a stored ``tsvector`` per page with a GIN index, on
SQLite an FTS5 table. Both hold the same words, folded (case and accents do not count) and
stemmed with the Snowball rules of the page's language (``search.text``), so ``famiglia``
finds ``famiglie``, ``comunita`` finds ``Comunità`` and ``communities`` finds ``community``
alike on both. The reader's words go through the same steps with the rules of the reader's
language, the language of every page searched, and only the resulting stems (ASCII letters
and digits, checked) are written into the database's query: nothing typed is ever read as
tsquery or FTS5 syntax.

Pages whose title holds every required word come first, then by the database's rank (title
words weigh ten times the others), then by title. Whether a page is visible (live and
public), its language, title and first publication are the search table's own columns
(kept current by ``search.backend``), so a search is one statement over that table and, on
PostgreSQL, the partial GIN index of the reader's language's visible pages; the pages of a
results page are read through the pages table too (``with_excerpts``), so one unpublished
behind the index's back is not shown. A query that finds nothing gets suggestions from the
vocabulary of the site's words (``search.models.Word``), each run (in one statement) to
check it finds pages.

At scale (``RankedPages``): the results are read a page of ten at a time (``LIMIT``), in the
statement that counts them (the order needs the count: a count capped past ``MAX_COUNTED``
joined to the matches). The rank reads every matching page's words (on PostgreSQL a vector
kept out of the row, compressed, once a story is a few hundred words long): with more than
``MAX_RANKED`` matches, a word nearly every page holds, the title hits still come first (the
title's words are a small column of their own) and the newest pages follow, which costs no
read of the pages' words (on SQLite the others are read down an index of dates, stopping at
the results page's end). A phrase is
looked up by its pairs of words, each a lexeme of the page's vector, rather than checked
against every page holding its words.
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Page

from .backend import SEARCHABLE_PAGE_TYPES
from .models import PageText, Word
from .query import is_connective, parse_query
from .text import edit_distance, folded_words, stemmer_for, tidy, words_with_spans

EXCERPT_LENGTH = 240
EXCERPT_LEAD = 80
MAX_SUGGESTIONS = 3
# Nearest vocabulary words tried for each word that finds nothing.
CANDIDATES_PER_WORD = 3
# However long the query, at most this many words are looked up in the vocabulary and this
# many candidate suggestions are run (all in one statement).
WORDS_TO_CORRECT = 4
SUGGESTION_ATTEMPTS = 24
# Matches counted (and listed, ten a page); past them the reader is told there are more.
MAX_COUNTED = 1000
# Matches ranked by the database (which reads each one's words): past them, title hits
# first, then the newest.
MAX_RANKED = 1000
# The slice of results read with their count unless another is expected: a results page.
FIRST_SLICE = 10
# Terms of a query checked one by one (for suggestions): a 200-character query has at most
# about 70 words, each an index lookup.
TERMS_CHECKED = 32

_STEM = re.compile(r"[a-z0-9]+\Z")


def candidate_pages(language_code):
    return (
        Page.objects.live()
        .public()
        .type(*SEARCHABLE_PAGE_TYPES)
        .filter(locale__language_code=language_code)
    )


# --- The reader's words, as the index's ------------------------------------------------


def stems_of(term, stem):
    """The stems of a query term (a word or a phrase's words), in order."""
    stems = tuple(stem(folded) for word in term for folded in folded_words(word))
    # Folded words are ASCII letters and digits, and so are their stems: the only text of
    # the reader's that reaches the database's query syntax.
    assert all(_STEM.match(value) for value in stems)  # noqa: S101
    return stems


@dataclass(frozen=True)
class IndexQuery:
    """A reader's query in stems: each term one stem or a phrase's stems."""

    required: tuple[tuple[str, ...], ...]
    optional: tuple[tuple[str, ...], ...]
    excluded: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, terms, excluded_terms, stem):
        stemmed = [(term, stems_of(term, stem)) for term in terms]
        stemmed = [(term, stems) for term, stems in stemmed if stems]
        # Connectives ("or", "e", "not"…) count towards the ranking but are not required: a
        # reader who types "welfare or comunità" means the two other words. A query made
        # only of them still requires them.
        required = [stems for term, stems in stemmed if not is_connective(term)]
        optional = [stems for term, stems in stemmed if is_connective(term)]
        if not required:
            required, optional = optional, []
        excluded = [stems for stems in (stems_of(term, stem) for term in excluded_terms) if stems]
        return cls(
            tuple(dict.fromkeys(required)),
            tuple(dict.fromkeys(optional)),
            tuple(dict.fromkeys(excluded)),
        )

    @property
    def stems(self):
        return {stem for term in self.required + self.optional for stem in term}

    def __bool__(self):
        return bool(self.required)


class PostgresSyntax:
    """tsquery text over the ``vector`` column (title words weight A, body words B, each
    two following words as a lexeme "a b") and the ``title_vector`` column (the title's
    words alone)."""

    def __init__(self, weighted=True):
        # The pages' vectors weigh the title A and the body B and hold the pairs of words;
        # the PDF pages' have neither.
        self.weighted = weighted

    def term(self, stems, weight=""):
        if len(stems) == 1:
            return f"'{stems[0]}'{':' + weight if weight else ''}"
        if not self.weighted:
            return "(" + " <-> ".join(f"'{stem}'" for stem in stems) + ")"
        # A phrase stays within the title or within the body, as on SQLite.
        weights = [weight] if weight else ["A", "B"]
        return (
            "("
            + " | ".join(
                "(" + " <-> ".join(f"'{stem}':{each}" for stem in stems) + ")" for each in weights
            )
            + ")"
        )

    def matching_term(self, stems):
        """A term as the GIN index can answer it: a phrase by its pairs of words (each a
        lexeme of the page's vector), which for two words is the phrase itself; a longer
        one is then checked word by word (``<->``) on the pages holding all its pairs only,
        rather than on every page holding its words."""
        if len(stems) == 1 or not self.weighted:
            return self.term(stems)
        pairs = [f"'{first} {second}'" for first, second in zip(stems, stems[1:], strict=False)]
        if len(stems) > 2:
            pairs.append(self.term(stems))
        return "(" + " & ".join(pairs) + ")"

    def match(self, query):
        parts = [self.matching_term(stems) for stems in query.required]
        parts += [f"!{self.matching_term(stems)}" for stems in query.excluded]
        return " & ".join(parts)

    def in_title(self, query):
        # Over ``title_vector``, which has no weights.
        title = PostgresSyntax(weighted=False)
        return " & ".join(title.term(stems) for stems in query.required)

    def rank(self, query):
        return " | ".join(self.term(stems) for stems in query.required + query.optional)

    def optional(self, query):
        title = PostgresSyntax(weighted=False)
        return " | ".join(title.term(stems) for stems in query.optional)

    def matching(self, query, language_code):
        """FROM and WHERE of the visible pages of ``language_code`` matching ``query``, as
        the partial GIN index of the language is made (``language = … AND visible``), with
        the columns the order needs (``page_id``, ``title``, ``published_at``,
        ``title_vector``, ``vector``) and no other table."""
        sql = """
            FROM search_pagetext
            WHERE language = %s AND visible AND vector @@ %s::tsquery
        """
        # Read as written (stems, already folded), not through to_tsquery's parser, which
        # would take a pair's lexeme ("comun quartier") for a phrase of two.
        return sql, (language_code, self.match(query))

    def ranked(self, query, language_code, start, stop):
        """The statement of the slice ``[start:stop]`` of the results, each row
        ``(page_id, total)``: the matches are counted (up to one more than both
        ``MAX_COUNTED`` and ``MAX_RANKED``: the order needs the count, which chooses the
        rank) and ordered in one statement. Keys: every required word in the title (the
        small ``title_vector``, read in the row), a connective in the title, then, with at
        most ``MAX_RANKED`` matches, ``ts_rank`` over the whole vector (title words weigh
        ten times the others); with more, the title's rank and the newest first, which
        reads no page's whole vector."""
        matching, params = self.matching(query, language_code)
        keys = ["title_vector @@ to_tsquery('simple', %s) DESC"]
        key_params = [self.in_title(query)]
        if query.optional:
            keys.append("title_vector @@ to_tsquery('simple', %s) DESC")
            key_params.append(self.optional(query))
        title = PostgresSyntax(weighted=False)
        keys += [
            "CASE WHEN total <= %s THEN"
            " ts_rank('{0, 0, 0.1, 1}', vector, to_tsquery('simple', %s)) END DESC",
            "CASE WHEN total > %s THEN ts_rank(title_vector, to_tsquery('simple', %s)) END DESC",
            "CASE WHEN total > %s THEN published_at END DESC NULLS LAST",
            "title",
            "page_id",
        ]
        key_params += [
            MAX_RANKED,
            self.rank(query),
            MAX_RANKED,
            " | ".join(title.term(s) for s in query.required + query.optional),
            MAX_RANKED,
        ]
        # The count first, on its own (a bitmap scan of the index that reads no column,
        # stopping past what is worth counting), then joined to every match: cheaper than
        # a window count, which keeps every match's columns aside until it is done.
        count = f"(SELECT count(*) AS total FROM (SELECT 1 {matching} LIMIT %s) capped) counted"
        with_count = matching.replace("search_pagetext", f"search_pagetext, {count}", 1)
        sql = f"""
            SELECT page_id, total {with_count}
            ORDER BY {", ".join(keys)}
            LIMIT %s OFFSET %s
        """  # noqa: S608 (the statement's own text only)
        cap = max(MAX_COUNTED, MAX_RANKED) + 1
        return sql, (*params, cap, *params, *key_params, stop - start, start)

    def exists(self, query, language_code):
        matching, params = self.matching(query, language_code)
        return f"EXISTS (SELECT 1 {matching})", params


class SQLiteSyntax:
    """FTS5 query text over ``search_pagetext_fts`` (columns ``title`` and ``body``)."""

    def __init__(self, weighted=True):
        pass

    @staticmethod
    def term(stems):
        # A quoted string of stems is a phrase: its words in this order in one column.
        return '"' + " ".join(stems) + '"'

    def match(self, query):
        text = "(" + " AND ".join(self.term(stems) for stems in query.required)
        if query.optional:
            # Always true, but it makes bm25 count the connectives too.
            either = (query.required[0], *query.optional)
            text += " AND (" + " OR ".join(self.term(stems) for stems in either) + ")"
        text += ")"
        return text + "".join(f" NOT {self.term(stems)}" for stems in query.excluded)

    def in_title(self, query):
        return "title : (" + " AND ".join(self.term(stems) for stems in query.required) + ")"

    def optional(self, query):
        return "title : (" + " OR ".join(self.term(stems) for stems in query.optional) + ")"

    def matching(self, query, language_code):
        """FROM and WHERE of the visible pages of ``language_code`` matching ``query``
        (``t``: ``page_id``, ``title``, ``published_at``)."""
        # The index of the columns read here (migration search/0005): without it each
        # match's row is read through its whole text.
        sql = """
            FROM search_pagetext_fts f
            JOIN search_pagetext t INDEXED BY search_pagetext_sqlite_ranking
                ON t.page_id = f.rowid
            WHERE f.search_pagetext_fts MATCH %s AND t.language = %s AND t.visible
        """
        return sql, (self.match(query), language_code)

    def ranked(self, query, language_code, start, stop):
        """As PostgreSQL's: ``(page_id, total)`` rows of the slice ``[start:stop]``, the
        matches counted (up to one more than ``MAX_COUNTED`` and ``MAX_RANKED``) and
        ordered in one statement. Keys: every required word in the title, a connective in
        the title (each one FTS5 query of the titles), then, with at most ``MAX_RANKED``
        matches, bm25 (title words weigh ten times the others); with more, the newest
        first, and bm25 is not computed (it reads each match's word counts).

        The count chooses the arms that are read (the others have ``LIMIT 0``, which
        SQLite checks before reading anything):

        - with at most ``MAX_RANKED`` matches, every match read and sorted;
        - with more, the matches with a required word or a connective in their title
          (few: most matches hold the words in their text only), sorted; then the others,
          read down the index of the visible pages by date (migration search/0006), each
          looked up in the set of matches, stopping at the slice's end. A word nearly
          every one of 10,000 stories holds took 7.7 ms read and sorted whole, 3.4 ms this
          way (its first page)."""
        matching, matching_params = self.matching(query, language_code)
        match, titles = self.match(query), self.in_title(query)
        match_set = "(SELECT rowid FROM search_pagetext_fts WHERE search_pagetext_fts MATCH %s)"
        keys = f"t.page_id IN {match_set} AS required_in_title, "
        key_params = [titles]
        if query.optional:
            keys += f"t.page_id IN {match_set} AS connective_in_title"
            key_params.append(self.optional(query))
            titles += f" OR {self.optional(query)}"
        else:
            keys += "0 AS connective_in_title"
        title_hits_params = (f"({match}) AND ({titles})", language_code)
        ranked_limit = "CASE WHEN (SELECT total FROM counted) <= %s THEN %s ELSE 0 END"
        newest_limit = "CASE WHEN (SELECT total FROM counted) > %s THEN %s ELSE 0 END"
        # The arms have the same columns: the ranked one no date, the others no rank, so
        # the order of the whole is the ranked arm's or the newest-first arms'.
        sql = f"""
            WITH counted AS MATERIALIZED (
                SELECT count(*) AS total FROM (SELECT 1 {matching} LIMIT %s)
            )
            SELECT page_id, (SELECT total FROM counted) FROM (
                SELECT * FROM (
                    SELECT t.page_id, {keys}, bm25(search_pagetext_fts, 10.0, 1.0) AS relevance,
                        NULL AS published_at, t.title
                    {matching}
                    ORDER BY required_in_title DESC, connective_in_title DESC, relevance,
                        t.title, t.page_id
                    LIMIT {ranked_limit}
                )
                UNION ALL
                SELECT * FROM (
                    SELECT t.page_id, {keys}, NULL, t.published_at, t.title
                    {matching}
                    ORDER BY required_in_title DESC, connective_in_title DESC,
                        t.published_at DESC, t.title, t.page_id
                    LIMIT {newest_limit}
                )
                UNION ALL
                SELECT * FROM (
                    SELECT t.page_id, 0, 0, NULL, t.published_at, t.title
                    FROM search_pagetext t INDEXED BY search_pagetext_sqlite_newest
                    WHERE t.language = %s AND t.visible = 1
                        AND t.page_id IN {match_set} AND t.page_id NOT IN {match_set}
                    ORDER BY t.published_at DESC, t.title, t.page_id
                    LIMIT {newest_limit}
                )
            )
            ORDER BY required_in_title DESC, connective_in_title DESC, relevance,
                published_at DESC, title, page_id
            LIMIT %s OFFSET %s
        """  # noqa: S608 (the statement's own text only)
        cap = max(MAX_COUNTED, MAX_RANKED) + 1
        return sql, (
            *matching_params,
            cap,
            # every match, ranked
            *key_params,
            *matching_params,
            MAX_RANKED,
            stop,
            # the title hits, newest first
            *key_params,
            *title_hits_params,
            MAX_RANKED,
            stop,
            # the others, newest first
            language_code,
            match,
            titles,
            MAX_RANKED,
            stop,
            stop - start,
            start,
        )

    def exists(self, query, language_code):
        matching, params = self.matching(query, language_code)
        return f"EXISTS (SELECT 1 {matching})", params


def syntax(weighted=True):
    if connection.vendor == "postgresql":
        return PostgresSyntax(weighted)
    return SQLiteSyntax(weighted)


# --- Searching ---------------------------------------------------------------------------


class PageSearch:
    """Searches among the live public pages of one language: one query for the pages'
    restrictions, then one per search."""

    def __init__(self, language_code):
        self.language_code = language_code
        self.stem = stemmer_for(language_code)
        self.candidates = candidate_pages(language_code)
        self.syntax = syntax()

    def query(self, terms, excluded_terms=()):
        return IndexQuery.of(terms, excluded_terms, self.stem)

    def ranked(self, terms, excluded_terms=()):
        """The matching pages, best first, as ``RankedPages`` (read a slice at a time)."""
        return RankedPages(self, self.query(terms, excluded_terms))

    def search(self, terms, excluded_terms=()):
        """Primary keys of the matching pages, best first (the first ``MAX_COUNTED``)."""
        with reading_the_index():
            return list(self.ranked(terms, excluded_terms)[:MAX_COUNTED])

    def finding(self, queries):
        """For each of ``queries`` (``IndexQuery``), whether it finds a page: one statement."""
        queries = list(queries)
        if not queries:
            return []
        parts, params = [], []
        for query in queries:
            if not query:
                parts.append("0 = 1")
                continue
            sql, part_params = self.syntax.exists(query, self.language_code)
            parts.append(sql)
            params += part_params
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            return [bool(value) for value in cursor.fetchone()]

    # --- Suggestions ---------------------------------------------------------------------

    def nearest_words(self, folded_words_wanted, count=CANDIDATES_PER_WORD):
        """For each folded word, the vocabulary words closest to it by edit distance (not
        its own stem), as ``(distance, spelling)``: one query for them all. Candidates
        share the word's first or second letter and are about as long."""
        if not folded_words_wanted:
            return {}
        conditions = Q()
        for word in folded_words_wanted:
            limit = _distance_limit(word)
            conditions |= Q(length__gte=len(word) - limit, length__lte=len(word) + limit) & (
                Q(first=word[:1]) | Q(second=word[1:2])
            )
        rows = list(
            Word.objects.filter(language=self.language_code)
            .annotate(
                length=Length("word"), first=Substr("word", 1, 1), second=Substr("word", 2, 1)
            )
            .filter(conditions)
            .values_list("word", "spelling")
        )
        nearest = {}
        for wanted in folded_words_wanted:
            limit, own_stem = _distance_limit(wanted), self.stem(wanted)
            near = []
            for word, spelling in rows:
                if self.stem(word) == own_stem:
                    continue
                distance = edit_distance(wanted, word, limit)
                if distance <= limit:
                    near.append((distance, abs(len(word) - len(wanted)), word, spelling))
            seen, found = set(), []
            for distance, _length, _word, spelling in sorted(near):
                stems = stems_of((spelling,), self.stem)
                if stems not in seen:
                    seen.add(stems)
                    found.append((distance, spelling))
                if len(found) == count:
                    break
            nearest[wanted] = found
        return nearest

    def suggest(self, terms, excluded_terms=()):
        """Up to ``MAX_SUGGESTIONS`` queries close to ``terms`` that find pages, as query
        text: words that find nothing replaced by the nearest words of the site, or, failing
        that, words left out. Each is checked by running it; three queries in all."""
        typed = [_as_typed(term) for term in terms]
        left_out = " ".join(f"-{_as_typed(term)}" for term in excluded_terms)
        checked = terms[:TERMS_CHECKED]
        found_alone = self.finding(self.query((term,)) for term in checked)
        found_alone += [False] * (len(terms) - len(checked))
        to_correct = []
        for term, chunk, found in zip(terms, typed, found_alone, strict=True):
            folded = folded_words(chunk)
            if not found and len(term) == 1 and len(folded) == 1:
                to_correct.append(folded[0])
        nearest = self.nearest_words(list(dict.fromkeys(to_correct[:WORDS_TO_CORRECT])))
        options = []
        for term, chunk, found in zip(terms, typed, found_alone, strict=True):
            folded = folded_words(chunk)
            if found:
                options.append([(0, chunk)])
            elif len(term) > 1:  # a phrase that is nowhere: its words, in any order
                options.append([(1, " ".join(term))])
            elif len(folded) == 1 and folded[0] in nearest:
                options.append(nearest[folded[0]])
            else:
                options.append([])

        # The candidates in the order they are offered: the nearest word for each, then the
        # next nearest for one word at a time (one place is kept for a suggestion that
        # leaves words out); then the words that find nothing as typed left out, then one
        # more; or only the nearest replacement (not a one- or two-letter word) of one.
        first_round = []
        if all(options):
            best = [option[0] for option in options]
            choices = [best] + [
                best[:place] + [alternative] + best[place + 1 :]
                for place, option in enumerate(options)
                for alternative in option[1:]
            ]
            choices.sort(key=lambda choice: sum(distance for distance, _chunk in choice))
            first_round = [[chunk for _distance, chunk in choice] for choice in choices]
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

        def text_of(chunks):
            return " ".join(chunk for chunk in [*chunks, left_out] if chunk)

        candidates = []
        for chunks in first_round + fallbacks:
            text = text_of(chunks)
            if text and chunks != typed and text not in candidates:
                candidates.append(text)
        candidates = candidates[:SUGGESTION_ATTEMPTS]
        parsed = [parse_query(text) for text in candidates]
        finds = self.finding(self.query(query.terms, query.excluded_terms) for query in parsed)
        finds = dict(zip(candidates, finds, strict=True))

        suggestions = []
        for chunks in first_round:
            text = text_of(chunks)
            if finds.get(text) and text not in suggestions:
                suggestions.append(text)
            if len(suggestions) >= MAX_SUGGESTIONS - 1:
                break
        for chunks in fallbacks:
            text = text_of(chunks)
            if finds.get(text) and text not in suggestions:
                suggestions.append(text)
            if len(suggestions) >= MAX_SUGGESTIONS:
                break
        return suggestions


def _distance_limit(word):
    return 1 if len(word) <= 4 else 2 if len(word) <= 8 else 3


def _as_typed(term):
    return term[0] if len(term) == 1 else '"' + " ".join(term) + '"'


def _read(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


@contextmanager
def reading_the_index():
    """Where ``RankedPages`` are read: on PostgreSQL, a transaction without sequential
    scans. For a word most pages hold, the planner prefers reading the whole table to the
    GIN index, not counting that testing each row then reads its vector (kept out of the
    row, compressed): 450 to 700 ms at 10,000 stories a language, against 30 through the
    index, which needs no vector to find a word. The setting is the transaction's
    (``set_config(…, true)``, as ``SET LOCAL``): the search's own, or, inside another
    transaction, set back as it was once the search is done."""
    if connection.vendor != "postgresql":
        yield
        return
    nested = connection.in_atomic_block
    with transaction.atomic(savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'),"
                " set_config('enable_seqscan', 'off', true)"
            )
            previous = cursor.fetchone()[0]
        yield
        # (After an error the outer transaction is rolled back, and the setting with it.)
        if nested:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('enable_seqscan', %s, true)", (previous,))


class RankedPages:
    """The pages matching a query, best first, read from the index a slice at a time (what
    a ``Paginator`` asks of its object list). One statement counts the matches and reads
    the slice expected first (``expect``; the first ``FIRST_SLICE`` unless told), so a
    results page costs one search statement; another slice is one more. At most
    ``MAX_COUNTED`` are counted and listed (a word nearly every page holds is not worth
    paging through: the reader is told there are more).

    Matches are ranked by the database (``ts_rank``, ``bm25``), title hits first, when
    there are at most ``MAX_RANKED``; with more, the rank would cost a read of every
    matching page's words, so title hits come first, then the newest pages."""

    def __init__(self, search, query):
        self.search = search
        self.query = query
        self.limit = MAX_COUNTED
        self._total = None
        self._window = (0, FIRST_SLICE)
        self._window_ids = None

    def expect(self, start, stop):
        """Read ``[start:stop]`` with the count (before counting; a slice past the
        counted matches is read from the first instead)."""
        if self._total is None and 0 <= start < stop and start < self.limit:
            self._window = (start, stop)

    def _slice(self, start, stop):
        sql, params = self.search.syntax.ranked(self.query, self.search.language_code, start, stop)
        rows = _read(sql, params)
        if rows:
            self._total = rows[0][1]
        elif start == 0:
            self._total = 0
        return [row[0] for row in rows]

    def _counted(self):
        """How many pages match (all of them, counted in the same pass as the order)."""
        if self._total is None:
            if not self.query:
                self._total = 0
                return 0
            self._window_ids = self._slice(*self._window)
            if self._total is None:  # the slice expected is past the last match
                self._window = (0, FIRST_SLICE)
                self._window_ids = self._slice(*self._window)
        return self._total

    def count(self):
        return min(self._counted(), self.limit)

    def __len__(self):
        return self.count()

    @property
    def more(self):
        """Whether more pages match than are counted and listed."""
        return self._counted() > self.limit

    def __getitem__(self, index):
        if not isinstance(index, slice):
            page_ids = self[index : index + 1]
            if not page_ids:
                raise IndexError(index)
            return page_ids[0]
        start, stop, step = index.indices(self.count())
        if step != 1:
            raise ValueError("RankedPages takes slices without a step.")
        if stop <= start:
            return []
        first, last = self._window
        if first <= start and stop <= last:
            return self._window_ids[start - first : stop - first]
        return self._slice(start, stop)


@dataclass
class SearchResults:
    """The matching pages, best first (``RankedPages``), and the search that found them
    (for excerpts and suggestions)."""

    search: PageSearch
    query: object
    pages: RankedPages

    def __len__(self):
        return self.pages.count()

    def suggestions(self):
        if self.pages.count():
            return []
        with reading_the_index():
            return self.search.suggest(self.query.terms, self.query.excluded_terms)


def search_pages(query, language_code):
    search = PageSearch(language_code)
    return SearchResults(search, query, search.ranked(query.terms, query.excluded_terms))


# --- Excerpts ----------------------------------------------------------------------------


def excerpt_around_stems(text, stems, stem, length=EXCERPT_LENGTH):
    """A window of ``text`` around the first word whose stem is one of ``stems``, as safe
    HTML with every such word in <mark>."""
    text = tidy(text)
    if not text:
        return ""
    matches, previous = [], None
    for start, end, folded in words_with_spans(text):
        # The window starts at most at the first match: words past it are not read (a
        # story's whole text is thousands of words, stemmed one by one).
        if matches and start > matches[0][0] + length:
            break
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
    search = results.search
    body = PageText.objects.filter(page_id=OuterRef("pk")).values("body")[:1]
    # Through the same filter as the search: a page unpublished or restricted since is left
    # out rather than shown.
    pages = {
        page.pk: page
        for page in search.candidates.filter(pk__in=page_ids).annotate(search_body=Subquery(body))
    }
    stems = search.query(results.query.terms).stems
    ordered = []
    for pk in page_ids:
        page = pages.get(pk)
        if page is None:
            continue
        page.excerpt = excerpt_around_stems(page.search_body or "", stems, search.stem)
        page.type_label = page.specific_class._meta.verbose_name
        ordered.append(page)
    return ordered
