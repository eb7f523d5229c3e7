"""Names compared the way people write them: regardless of case, accents, apostrophes,
dashes and spacing ("Comunita" is "Comunità", "REGGIO-EMILIA" is "Reggio–Emilia"), and
titles that are close without being the same.

Plain functions on strings: the story import matches its cells with them, the territory
pages check their alternative names with them, the search folds its words with ``fold``;
citations and the proposal form write names on one line with ``one_line``.
"""

import functools
import re
from difflib import SequenceMatcher

from anyascii import anyascii

# Two titles this close (difflib's ratio on their folded forms) are taken for the same
# story written differently: "Wel(l)FARE legami" and "Wel(l)Fare Legami", or a title and
# the same title with its subtitle.
SIMILAR_TITLE_RATIO = 0.85

# Where a title's subtitle starts: "Wel(l)FARE legami: nel Cremonese …", "WILL – …".
_SUBTITLE = re.compile(r"\s*(?::|\s[-\u2013\u2014]\s)")
# Alternative names are written one per line or separated by semicolons.
_NAME_SEPARATOR = re.compile(r"[\n;]")


def one_line(text):
    """``text`` on one line, without stray spaces: line breaks, tabs and runs of spaces
    become one space."""
    return " ".join(str(text).split())


def fold(text):
    """``text`` without case, accents and typographic variants, on one line: transliterated
    to ASCII ("Comunità" is "comunita", "–" is "-", "’" is "'"), as the search folds words."""
    return anyascii(one_line(text)).casefold().replace("`", "'")


def split_names(text):
    """The names in a list written one per line or separated by semicolons, without
    blanks and repeats (compared folded), in their order."""
    names, seen = [], set()
    for name in _NAME_SEPARATOR.split(text or ""):
        name = one_line(name)
        if name and fold(name) not in seen:
            seen.add(fold(name))
            names.append(name)
    return names


def title_forms(title):
    """The folded title and, when it has one, the folded part before its subtitle."""
    folded = fold(title)
    head = _SUBTITLE.split(folded, maxsplit=1)[0].strip()
    return [folded, head] if head and head != folded else [folded]


def title_similarity(first, second):
    """How close two titles are, from 0 to 1: the best difflib ratio between the forms of
    each (whole title, title without its subtitle)."""
    return max(
        SequenceMatcher(None, one, other).ratio()
        for one in title_forms(first)
        for other in title_forms(second)
    )


def closest_title(title, candidates, cutoff=SIMILAR_TITLE_RATIO):
    """The candidate title closest to ``title`` if it is at least ``cutoff`` close, and
    its ratio; ``(None, 0)`` otherwise.

    The same answer as ``title_similarity`` with every candidate, faster: a pair is
    measured only when difflib's cheap upper bounds (the lengths, then the characters in
    common) reach the cutoff and the best ratio so far. An import of 1,000 rows compares
    each with every story of the site."""
    best, best_ratio = None, 0
    forms = title_forms(title)
    for candidate in candidates:
        for one in forms:
            for other in _title_forms(candidate):
                bar = max(cutoff, best_ratio)
                # Lengths alone: 2 * shorter / total bounds the ratio from above.
                if 2 * min(len(one), len(other)) < bar * (len(one) + len(other)):
                    continue
                matcher = SequenceMatcher(None, one, other)
                if matcher.quick_ratio() < bar:
                    continue
                ratio = matcher.ratio()
                if ratio > best_ratio:
                    best, best_ratio = candidate, ratio
    return (best, best_ratio) if best_ratio >= cutoff else (None, 0)


@functools.lru_cache(maxsize=65536)
def _title_forms(title):
    return tuple(title_forms(title))
