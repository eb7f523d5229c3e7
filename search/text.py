"""Words as the search compares them: folded and stemmed by the rules of the page's language.

A word is folded (lower-cased, accents and other marks transliterated to ASCII, so that
``Comunità``, ``comunita`` and ``COMUNITÀ`` are one word) and then reduced to its Snowball
stem for the language of the page it belongs to (``famiglia`` and ``famiglie`` share an
Italian stem, ``community`` and ``communities`` an English one). The query goes through the
same steps with the rules of the reader's language, which is the language of every page
searched, so both sides always agree whatever the database.
"""

import re
import threading

import snowballstemmer

from core.names import fold

_WORD = re.compile(r"\w+")
_FOLDED_PART = re.compile(r"[a-z0-9]+")

STEMMER_LANGUAGES = {"it": "italian", "en": "english"}
# Several times a site's vocabulary (about 1,200 words in the demo).
MEMO_SIZE = 50_000


def words_with_spans(text):
    """Each word of ``text`` as ``(start, end, folded)``; a word whose transliteration has
    several parts (``ﬁ``, ``œ``…) gives one entry per part, all with the word's span."""
    for match in _WORD.finditer(text):
        for part in _FOLDED_PART.findall(fold(match[0])):
            yield match.start(), match.end(), part


def folded_words(text):
    return [folded for _start, _end, folded in words_with_spans(text)]


class Stemmer:
    """Snowball stems of folded words for one language, with a memo: a site's vocabulary is
    small and stemming the same word twice is wasted work. A Snowball stemmer keeps its
    state while it works, so threads take turns."""

    def __init__(self, language_code):
        self._stemmer = snowballstemmer.stemmer(STEMMER_LANGUAGES.get(language_code, "english"))
        self._lock = threading.Lock()
        self._memo = {}

    def __call__(self, folded_word):
        stem = self._memo.get(folded_word)
        if stem is None:
            # Digits-only words (years, codes) are kept as they are.
            if folded_word.isdigit():
                stem = folded_word
            else:
                with self._lock:
                    stem = self._stemmer.stemWord(folded_word)
            # Words of the index, and of queries while there is room: what readers type
            # must not grow the memo without bound.
            if len(self._memo) < MEMO_SIZE:
                self._memo[folded_word] = stem
        return stem


_stemmers = {}


def stemmer_for(language_code):
    """The ``Stemmer`` of a language, one per process: its memo is shared by every search and
    every page indexed."""
    stemmer = _stemmers.get(language_code)
    if stemmer is None:
        stemmer = _stemmers.setdefault(language_code, Stemmer(language_code))
    return stemmer


def tidy(text):
    """A page's search text without the stray commas left where Wagtail's index joins its
    fields and blocks with ", " (".," and ", ,")."""
    text = re.sub(r"(?:,\s*){2,}", ", ", text)
    return re.sub(r"([.!?:;])\s*,(?=\s|$)", r"\1", text).strip(" ,")


def edit_distance(first, second, limit):
    """Levenshtein distance between two words, or ``limit + 1`` as soon as it is certain to
    exceed ``limit`` (suggestions only care about near words)."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous = list(range(len(second) + 1))
    for row, a in enumerate(first, 1):
        current = [row]
        for column, b in enumerate(second, 1):
            current.append(
                min(previous[column] + 1, current[column - 1] + 1, previous[column - 1] + (a != b))
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]
