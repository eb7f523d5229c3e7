"""Finding the live pages of one language that match a reader's query.

Wagtail's database backend keeps one index table with a single PostgreSQL text search
configuration, so it cannot stem Italian pages as Italian and English pages as English. Its
index rows do keep the plain text of every page's search fields (title, summary, StreamField
text, partner names...), refreshed whenever a page is saved or published. The search reads
that text and, on PostgreSQL, builds the tsvector at query time with the configuration of the
reader's language: only that language's pages are searched, so each is stemmed by its own
rules. SQLite has no stemming: there every word must start a word of the page.
"""

import re

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from home.models import InformationPage
from stories.models import HashtagPage, ProgrammePage, ReportPage, StoryPage, TerritoryPage

SEARCHABLE_PAGE_TYPES = (
    StoryPage,
    ProgrammePage,
    TerritoryPage,
    HashtagPage,
    ReportPage,
    InformationPage,
)
SEARCH_CONFIGS = {"it": "italian", "en": "english"}

# Private-use characters that mark matches inside PostgreSQL's headline; the query parser
# strips them from what the reader types, and the excerpt is escaped before they become
# <mark> tags, so neither the query nor the content can inject markup.
MATCH_START = "\ue000"
MATCH_END = "\ue001"
_MARKED = re.compile(f"{MATCH_START}(.*?){MATCH_END}", re.DOTALL)

EXCERPT_LENGTH = 240
EXCERPT_LEAD = 80


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


def search_pages(query, language_code):
    """Matching pages, best first; each carries ``raw_excerpt`` or ``indexed_text`` for
    ``with_excerpts``."""
    pages = candidate_pages(language_code)
    if connection.vendor == "postgresql":
        return _postgres_search(pages, query, SEARCH_CONFIGS.get(language_code, "simple"))
    return _word_start_search(pages, query)


def _postgres_search(pages, query, config):
    from django.contrib.postgres.search import (
        SearchHeadline,
        SearchQuery,
        SearchRank,
        SearchVector,
    )

    # websearch_to_tsquery accepts any text: quotes make phrases, "-" excludes, "or"
    # alternates, and stray operators or punctuation are ignored instead of raising errors.
    ts_query = SearchQuery(query.text, search_type="websearch", config=config)
    body = indexed_body()
    document = SearchVector("title", weight="A", config=config) + SearchVector(
        body, weight="B", config=config
    )
    return (
        pages.annotate(document=document)
        .filter(document=ts_query)
        .annotate(
            rank=SearchRank(F("document"), ts_query),
            raw_excerpt=SearchHeadline(
                body,
                ts_query,
                config=config,
                start_sel=MATCH_START,
                stop_sel=MATCH_END,
                min_words=15,
                max_words=35,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "title", "pk")
    )


def _word_start_pattern(word):
    # Python's re, which Django registers as SQLite's REGEXP, knows Unicode word boundaries.
    return r"\b" + re.escape(word)


def _word_start_search(pages, query):
    pages = pages.annotate(indexed_text=indexed_body())
    score = Value(0, output_field=IntegerField())
    for word in query.words:
        pattern = _word_start_pattern(word)
        in_title = Q(title__iregex=pattern)
        in_text = Q(indexed_text__iregex=pattern)
        pages = pages.filter(in_title | in_text)
        # A word in the title counts more than one in the text.
        score += Case(When(in_title, then=Value(3)), default=Value(0))
        score += Case(When(in_text, then=Value(1)), default=Value(0))
    for word in query.excluded_words:
        pattern = _word_start_pattern(word)
        pages = pages.exclude(Q(title__iregex=pattern) | Q(indexed_text__iregex=pattern))
    return pages.annotate(score=score).order_by("-score", "title", "pk")


def _tidy(text):
    # The index joins a page's fields and blocks with ", ", which leaves ".," and ", ,"
    # behind.
    text = re.sub(r"(?:,\s*){2,}", ", ", text)
    return re.sub(r"([.!?:;])\s*,(?=\s|$)", r"\1", text).strip(" ,")


def highlight_headline(headline):
    """PostgreSQL's headline as safe HTML: escaped text, matches in <mark>."""
    html = _MARKED.sub(r"<mark>\1</mark>", escape(_tidy(headline)))
    return mark_safe(html.replace(MATCH_START, "").replace(MATCH_END, ""))  # noqa: S308


def excerpt_around_words(text, words, length=EXCERPT_LENGTH):
    """A window of ``text`` around the first word that starts with one of ``words``, as safe
    HTML with every such word in <mark>."""
    text = _tidy(text)
    if not text:
        return ""
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, first.start() - EXCERPT_LEAD) if first else 0
    if start:
        # Start on a whole word.
        space = text.find(" ", start, first.start())
        start = space + 1 if space != -1 else start
    end = start + length
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    window = text[start:end]
    parts = ["… " if start else ""]
    position = 0
    for match in pattern.finditer(window):
        parts += [escape(window[position : match.start()]), f"<mark>{escape(match[0])}</mark>"]
        position = match.end()
    parts += [escape(window[position:]), " …" if end < len(text) else ""]
    return mark_safe("".join(parts))  # noqa: S308


def with_excerpts(pages, query):
    """The pages of one results page, each with ``excerpt`` (safe HTML) and ``type_label``."""
    results = list(pages)
    for page in results:
        if hasattr(page, "raw_excerpt"):
            page.excerpt = highlight_headline(page.raw_excerpt)
        else:
            page.excerpt = excerpt_around_words(page.indexed_text, query.words)
        page.type_label = page.specific_class._meta.verbose_name
    return results
