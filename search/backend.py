"""The site search's index, written as a Wagtail search backend ("site" in
``WAGTAILSEARCH_BACKENDS``).

Being a backend, it is kept current the way Wagtail's own index is: its signal handlers and
tasks add a page when it is saved (published, unpublished, moved) and remove it when it is
deleted, and ``manage.py update_index`` rebuilds it whole. Only the page types the public
search shows are kept; which of them is live and public is asked of the pages table when
searching (``search.engine``), so a page unpublished or restricted is left out at once,
whenever the worker catches up with the index.

For each page: its language, the plain text of its search fields (the title apart, the
others joined as Wagtail's own index joins them), and its words folded and stemmed with the
rules of its language (``search.text``), stored in the database's full-text index
(``search.models``). The admin keeps searching Wagtail's index ("default").
"""

from django.conf import settings
from django.db import connection, transaction
from django.utils.encoding import force_str
from modelsearch.backends.base import BaseIndex, BaseSearchBackend
from modelsearch.index import RelatedFields, SearchField
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page

from downloads.models import DocumentPageText
from home.models import InformationPage
from stories.models import HashtagPage, ProgrammePage, ReportPage, StoryPage, TerritoryPage

from .models import FilePageText, PageText, Word
from .text import stemmer_for, tidy, words_with_spans

SEARCHABLE_PAGE_TYPES = (
    StoryPage,
    ProgrammePage,
    TerritoryPage,
    HashtagPage,
    ReportPage,
    InformationPage,
)

MAX_WORD_LENGTH = Word._meta.get_field("word").max_length
MAX_SPELLING_LENGTH = Word._meta.get_field("spelling").max_length


def _prepare(value):
    # As Wagtail's database backends join a field's parts (lists, StreamField blocks).
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return ", ".join(_prepare(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(_prepare(item) for item in value.values())
    return "" if value is None else force_str(value)


def _field_texts(obj, fields):
    for field in fields:
        if isinstance(field, SearchField):
            yield field.field_name, _prepare(field.get_value(obj))
        elif isinstance(field, RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            if hasattr(related, "all"):
                related = list(related.all())
            elif callable(related):
                related = [related()]
            else:
                related = [related]
            for item in related:
                for _name, text in _field_texts(item, field.fields):
                    yield field.field_name, text


def page_texts(page):
    """``(title, body)``: the page's title and the text of its other search fields."""
    body = [
        text.strip()
        for name, text in _field_texts(page, page.get_search_fields())
        if name != "title" and text.strip()
    ]
    return page.title, tidy(", ".join(body))


def stems(text, stem):
    return " ".join(stem(folded) for _start, _end, folded in words_with_spans(text))


def _vocabulary(language_code, texts, into):
    for text in texts:
        for start, end, folded in words_with_spans(text):
            if folded.isdigit() or len(folded) > MAX_WORD_LENGTH or (language_code, folded) in into:
                continue
            spelling = text[start:end].casefold()[:MAX_SPELLING_LENGTH]
            into[(language_code, folded)] = spelling


def index_pages(pages):
    """Write the entries of ``pages`` (specific instances), replacing any they had."""
    pages = [page for page in pages if isinstance(page, SEARCHABLE_PAGE_TYPES)]
    if not pages:
        return
    languages = dict(Locale.objects.values_list("pk", "language_code"))
    entries, vectors, vocabulary = [], [], {}
    for page in pages:
        language_code = languages.get(page.locale_id, "")
        stem = stemmer_for(language_code)
        title, body = page_texts(page)
        entries.append(PageText(page_id=page.pk, language=language_code, body=body))
        vectors.append((page.pk, stems(title, stem), stems(body, stem)))
        _vocabulary(language_code, (title, body), vocabulary)
    with transaction.atomic():
        PageText.objects.bulk_create(
            entries,
            update_conflicts=True,
            unique_fields=["page"],
            update_fields=["language", "body"],
        )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.executemany(
                    "UPDATE search_pagetext SET vector = "
                    "setweight(to_tsvector('simple', %s), 'A') || "
                    "setweight(to_tsvector('simple', %s), 'B'), "
                    "title_vector = to_tsvector('simple', %s) WHERE page_id = %s",
                    [(title, body, title, pk) for pk, title, body in vectors],
                )
            else:
                cursor.executemany(
                    "DELETE FROM search_pagetext_fts WHERE rowid = %s",
                    [(pk,) for pk, _title, _body in vectors],
                )
                cursor.executemany(
                    "INSERT INTO search_pagetext_fts (rowid, title, body) VALUES (%s, %s, %s)",
                    vectors,
                )
        Word.objects.bulk_create(
            [
                Word(language=language_code, word=word, spelling=spelling)
                for (language_code, word), spelling in vocabulary.items()
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )


def index_file_pages(document_ids):
    """Write the entries of the PDF pages of ``document_ids``, one per site language,
    replacing any they had."""
    FilePageText.objects.filter(page_text__document_id__in=document_ids).delete()
    texts = dict(
        DocumentPageText.objects.filter(document_id__in=document_ids).values_list("pk", "text")
    )
    if not texts:
        return
    entries = FilePageText.objects.bulk_create(
        FilePageText(page_text_id=pk, language=language_code)
        for pk in texts
        for language_code, _name in settings.LANGUAGES
    )
    rows = [
        (entry.pk, stems(tidy(texts[entry.page_text_id]), stemmer_for(entry.language)))
        for entry in entries
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.executemany(
                "UPDATE search_filepagetext SET vector = to_tsvector('simple', %s) WHERE id = %s",
                [(body, pk) for pk, body in rows],
            )
        else:
            cursor.executemany(
                "INSERT INTO search_filepagetext_fts (rowid, body) VALUES (%s, %s)", rows
            )


def file_pages_written(sender, document, **kwargs):
    """Receiver of ``downloads.signals.page_texts_written``: a PDF read again (uploaded or
    replaced) is searched with its new text at once."""
    index_file_pages([document.pk])


def index_all_pages(chunk_size=500):
    """Index every searchable page, as ``update_index`` does for this backend."""
    for model in SEARCHABLE_PAGE_TYPES:
        objects = model.get_indexed_objects().order_by("pk")
        last = 0
        while chunk := list(objects.filter(pk__gt=last)[:chunk_size]):
            index_pages(chunk)
            last = chunk[-1].pk


def index_if_empty(using="default", **kwargs):
    """After ``migrate``: a site that had pages and PDFs before this index existed gets them
    all indexed once (four queries when there is nothing to do)."""
    if (
        not PageText.objects.using(using).exists()
        and Page.objects.using(using).type(*SEARCHABLE_PAGE_TYPES).exists()
    ):
        index_all_pages()
    if not FilePageText.objects.using(using).exists():
        documents = DocumentPageText.objects.using(using).values_list("document_id", flat=True)
        if documents.exists():
            index_file_pages(list(documents.order_by().distinct()))


class SiteIndex(BaseIndex):
    def get_key(self):
        return "site"

    def add_items(self, model, items):
        if issubclass(model, SEARCHABLE_PAGE_TYPES):
            index_pages(items)
        elif issubclass(model, get_document_model()):
            # A document's PDF pages (read in a task of their own, which also indexes them
            # when it is done: downloads.signals).
            index_file_pages([item.pk for item in items])

    def delete_item(self, item):
        # Also done by the cascade when a page is deleted; this covers a backend call alone.
        # Images, documents and snippets are indexed by Wagtail, not here: their keys are
        # no pages' keys.
        if isinstance(item, SEARCHABLE_PAGE_TYPES):
            PageText.objects.filter(page_id=item.pk).delete()

    def reset(self):
        PageText.objects.all().delete()
        FilePageText.objects.all().delete()
        Word.objects.all().delete()


class SiteIndexRebuilder:
    """``update_index`` rewrites every page's entry in place (searches keep working while
    it runs), then forgets the pages deleted without Django's cascade (plain SQL)."""

    def __init__(self, index):
        self.index = index

    def start(self):
        return self.index

    def finish(self):
        PageText.objects.exclude(page_id__in=Page.objects.values("pk")).delete()
        FilePageText.objects.exclude(
            page_text_id__in=DocumentPageText.objects.values("pk")
        ).delete()


class SiteSearchBackend(BaseSearchBackend):
    index_class = SiteIndex
    rebuilder_class = SiteIndexRebuilder

    def _search(self, *args, **kwargs):
        raise NotImplementedError("The site search queries this index with search.engine.")


SearchBackend = SiteSearchBackend
