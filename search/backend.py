"""The site search's index, written as a Wagtail search backend ("site" in
``WAGTAILSEARCH_BACKENDS``).

Being a backend, it is kept current the way Wagtail's own index is: its signal handlers and
tasks add a page when it is saved (published, unpublished, moved) and remove it when it is
deleted, and ``manage.py update_index`` rebuilds it whole. Only the page types the public
search shows are kept. Whether each is visible (live, and public: no view restriction on
it or above it), its title and first publication are kept beside its words, so that a
search reads this table alone (``search.engine``); they are written with the page's entry
and, at once, in the same transaction, by the receivers below when a page is published,
unpublished or moved and when a view restriction is added, changed or removed (whenever
the worker catches up with the words). The results shown are read through the pages table
as well, so a page changed behind Django's back (plain SQL) is left out all the same.

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
from wagtail.models import Locale, Page, PageViewRestriction

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


def pairs(*stemmed_texts):
    """Each two stems that follow one another in one of ``stemmed_texts``, as "a b": the
    lexemes a phrase is looked up by (``search.engine``), in no order."""
    found = set()
    for text in stemmed_texts:
        words = text.split()
        found.update(f"{first} {second}" for first, second in zip(words, words[1:], strict=False))
    return sorted(found)


def _visibility_sql(where):
    page, restriction = Page._meta.db_table, PageViewRestriction._meta.db_table
    # The same on SQLite and PostgreSQL: a page is public when no restricted page's path
    # begins its own (Wagtail's PageQuerySet.public()).
    return f"""
        UPDATE search_pagetext SET
            title = COALESCE((SELECT p.title FROM {page} p
                WHERE p.id = search_pagetext.page_id), ''),
            published_at = (SELECT p.first_published_at FROM {page} p
                WHERE p.id = search_pagetext.page_id),
            visible = EXISTS (
                SELECT 1 FROM {page} p WHERE p.id = search_pagetext.page_id AND p.live
                AND NOT EXISTS (
                    SELECT 1 FROM {restriction} r JOIN {page} rp ON rp.id = r.page_id
                    WHERE substr(p.path, 1, length(rp.path)) = rp.path
                )
            )
        WHERE {where}
    """  # noqa: S608 (table names only)


def refresh_visibility(page_ids):
    """Write again whether each of ``page_ids`` is visible, its title and first
    publication, from the pages table: one statement."""
    page_ids = list(page_ids)
    if page_ids:
        placeholders = ", ".join(["%s"] * len(page_ids))
        with connection.cursor() as cursor:
            cursor.execute(_visibility_sql(f"page_id IN ({placeholders})"), page_ids)


def refresh_subtree_visibility(page):
    """The same for ``page`` and every page below it (moved, or restricted): one statement."""
    with connection.cursor() as cursor:
        cursor.execute(
            _visibility_sql(
                f"page_id IN (SELECT id FROM {Page._meta.db_table} WHERE path LIKE %s)"
            ),
            # Paths are digits and capital letters: no wildcard of LIKE's.
            (page.path + "%",),
        )


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
                    "setweight(to_tsvector('simple', %s), 'B') || "
                    "array_to_tsvector(%s::text[]), "
                    "title_vector = to_tsvector('simple', %s) WHERE page_id = %s",
                    [(title, body, pairs(title, body), title, pk) for pk, title, body in vectors],
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
        refresh_visibility(page.pk for page in pages)
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


def page_visibility_changed(sender, instance, **kwargs):
    """Receiver of ``page_published`` and ``page_unpublished``: the page is found, or not,
    from now on (its words are written again by the index's own tasks)."""
    refresh_visibility([instance.pk])


def page_moved(sender, instance, **kwargs):
    """Receiver of ``post_page_move``: under another page, the page and those below it may
    now be restricted, or no longer."""
    refresh_subtree_visibility(instance)


def view_restriction_changed(sender, instance, **kwargs):
    """Receiver of ``post_save`` and ``post_delete`` of ``PageViewRestriction``: the
    restricted pages are found no longer, or again."""
    page = Page.objects.filter(pk=instance.page_id).only("path").first()
    if page is not None:
        refresh_subtree_visibility(page)


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
