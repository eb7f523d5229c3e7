"""What the reader typed, made safe to search with.

Nothing typed in the search box may break the page: control characters are dropped, the
length is capped, and the words are read with loose rules: a leading ``-`` leaves a word
(or a quoted phrase) out, words in double quotes must follow each other, and every other
character is only a word separator, never a syntax error. There are no operators: ``or``,
``and`` and ``not`` are words, and like the other connectives in ``CONNECTIVES`` they help a
page rank higher without being required of it (unless nothing else was typed).
"""

import re
import unicodedata
from dataclasses import dataclass, field

from core.names import one_line

MAX_QUERY_LENGTH = 200

# Control, format, surrogate and private-use characters: none of them is something to search
# for, and a NUL byte is refused outright by PostgreSQL.
_UNSEARCHABLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co"}
_WORD = re.compile(r"\w+")
# A quoted phrase (the closing quote may be missing), or a run of characters without spaces.
_CHUNK = re.compile(r'(-?)"([^"]*)"?|(\S+)')


# Short linking words of both languages, which readers type between the words they mean
# ("welfare or comunità"); English ones too on Italian pages, where they are typed out of habit.
CONNECTIVES = frozenset(
    [
        "a",
        "an",
        "and",
        "but",
        "e",
        "ed",
        "i",
        "il",
        "in",
        "la",
        "le",
        "lo",
        "nor",
        "not",
        "o",
        "od",
        "of",
        "or",
        "non",
        "the",
        "to",
        "un",
        "una",
        "uno",
    ]
)


def is_connective(term):
    """Whether ``term`` (a word, or a phrase's words) is a single connective."""
    return len(term) == 1 and term[0] in CONNECTIVES


@dataclass(frozen=True)
class ReaderQuery:
    text: str = ""
    was_shortened: bool = False
    had_unsearchable_characters: bool = False
    words: tuple[str, ...] = field(default=())
    excluded_words: tuple[str, ...] = field(default=())
    # What each result must contain, in the order typed: one word, or the words of a
    # phrase; and what it must not contain.
    terms: tuple[tuple[str, ...], ...] = field(default=())
    excluded_terms: tuple[tuple[str, ...], ...] = field(default=())

    @property
    def is_empty(self):
        return not self.text

    @property
    def can_search(self):
        """A search needs at least one word to look for: one made only of excluded words or
        punctuation would list everything, or nothing, without telling the reader why."""
        return bool(self.words)


def _drop_unsearchable(raw):
    kept = []
    for character in raw:
        if character.isspace():
            kept.append(" ")
        elif unicodedata.category(character) not in _UNSEARCHABLE_CATEGORIES:
            kept.append(character)
    return "".join(kept)


def _shorten(text):
    shortened = text[:MAX_QUERY_LENGTH]
    # Cut at the last space so that no half word is searched for.
    if text[MAX_QUERY_LENGTH : MAX_QUERY_LENGTH + 1].strip() and " " in shortened:
        shortened = shortened.rsplit(" ", 1)[0]
    return shortened.strip()


def _unique(words):
    return tuple(dict.fromkeys(word.casefold() for word in words))


def parse_query(raw):
    """Clean ``raw`` (a query string value, possibly hostile) into a ``ReaderQuery``."""
    raw = raw or ""
    cleaned = _drop_unsearchable(raw)
    had_unsearchable = any(
        not character.isspace() and unicodedata.category(character) in _UNSEARCHABLE_CATEGORIES
        for character in raw
    )
    text = one_line(cleaned)
    was_shortened = len(text) > MAX_QUERY_LENGTH
    if was_shortened:
        text = _shorten(text)

    terms, excluded = [], []
    for match in _CHUNK.finditer(text):
        excluding, phrase, chunk = match.groups()
        if phrase is not None:
            phrase_words = tuple(word.casefold() for word in _WORD.findall(phrase))
            groups = [phrase_words] if phrase_words else []
        else:
            excluding = chunk.startswith("-")
            groups = [(word.casefold(),) for word in _WORD.findall(chunk)]
        (excluded if excluding else terms).extend(groups)
    terms, excluded = _unique_terms(terms), _unique_terms(excluded)
    return ReaderQuery(
        text=text,
        was_shortened=was_shortened,
        had_unsearchable_characters=had_unsearchable,
        words=_unique(word for term in terms for word in term),
        excluded_words=_unique(word for term in excluded for word in term),
        terms=terms,
        excluded_terms=excluded,
    )


def _unique_terms(terms):
    return tuple(dict.fromkeys(terms))
