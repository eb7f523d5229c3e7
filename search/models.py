"""What the site search matches against, kept in the database (``search.backend`` writes it).

One row per searchable page with the page's language and its plain text (for the excerpts).
Beside it, outside Django's fields because each database spells it its own way (migration
0001), the page's words folded and stemmed by the rules of its language (``search.text``):
on PostgreSQL a stored ``tsvector`` column ``vector`` (title weight A, body B, and each two
words that follow one another in the title or the body as a lexeme of their own, "comun
quartier", for phrases) with a GIN index for each site language, of the visible pages only
(partial, ``WHERE language = … AND visible``: migrations 0003 and 0004), and a
``title_vector`` of the title's words alone, small enough to stay in the row, which orders
title hits first without reading the page's whole vector; on SQLite the FTS5 table
``search_pagetext_fts`` (columns ``title`` and ``body``, rowid = the page's id), emptied of
a page's row by a trigger when its row goes.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PageText(models.Model):
    # No constraint in the database: rows of pages deleted by plain SQL (as
    # generate_stories --delete does) are left behind, never shown (the results are read
    # through the pages table) and removed by update_index.
    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        db_constraint=False,
    )
    language = models.CharField(max_length=12)
    # The search fields other than the title, as plain text: the excerpts are cut from it.
    body = models.TextField(blank=True)
    # What a search would otherwise ask of the pages table, kept here so that one statement
    # over this table and its GIN index answers (search.backend keeps them current): live
    # and public (no view restriction on the page or above it), the title and when the page
    # was first published (the order of the results).
    visible = models.BooleanField(default=False)
    title = models.CharField(max_length=255, blank=True, default="")
    published_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("page text for the site search")
        verbose_name_plural = _("page texts for the site search")

    def __str__(self):
        return f"{self.language}: {self.page_id}"


class Word(models.Model):
    """A word of the site's pages, folded, with how it is written: what suggestions for a
    search that finds nothing are made of. Words are added as pages are indexed and never
    taken away (a suggestion is offered only after it has been run and found pages), so the
    vocabulary is one indexed lookup however many pages there are."""

    language = models.CharField(max_length=12)
    word = models.CharField(max_length=40)
    spelling = models.CharField(max_length=60)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["language", "word"], name="search_word_unique")
        ]
        verbose_name = _("search vocabulary word")
        verbose_name_plural = _("search vocabulary words")

    def __str__(self):
        return f"{self.language}: {self.spelling}"


class FilePageText(models.Model):
    """A page of a report's PDF (``downloads.DocumentPageText``) as the search inside the
    reports matches it, once per site language: which language's rules apply is the
    report's to say (and may differ between the reports offering a file), so the search
    picks the row of the file's language. Its words are kept beside it as the pages' are
    (``search_filepagetext.vector`` on PostgreSQL, without weights; the FTS5 table
    ``search_filepagetext_fts``, column ``body``, rowid = this row's id, on SQLite)."""

    # No constraint in the database, as for PageText; update_index removes what is left.
    page_text = models.ForeignKey(
        "downloads.DocumentPageText",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )
    language = models.CharField(max_length=12)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page_text", "language"], name="search_file_page_text_unique"
            )
        ]
        verbose_name = _("PDF page text for the site search")
        verbose_name_plural = _("PDF page texts for the site search")

    def __str__(self):
        return f"{self.language}: {self.page_text_id}"
