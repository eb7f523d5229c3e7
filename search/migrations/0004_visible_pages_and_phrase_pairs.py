from django.db import migrations, models

# Search at scale, one table (search/engine.py): what a search asked of the pages table
# (live, public, title, first published) is kept in the search's own rows, so that one
# statement over search_pagetext and the GIN index of the reader's language answers, with
# the count and the first page of results together. ``visible`` is kept current by
# search.backend (publish, unpublish, move, view restrictions); the partial GIN indexes
# hold the visible pages only.
#
# Phrases: each two words that follow one another within the title or within the body are
# also a lexeme of ``vector`` of their own ("comun quartier", no position), so a phrase is
# looked up in the GIN index rather than checked against every page holding its words
# (which reads each page's whole vector). Rows written before this migration get theirs
# here, from the vector's positions (same weight, next position).
LANGUAGES = ("it", "en")

VISIBILITY = """
    UPDATE search_pagetext SET
        title = COALESCE((SELECT p.title FROM wagtailcore_page p
            WHERE p.id = search_pagetext.page_id), ''),
        published_at = (SELECT p.first_published_at FROM wagtailcore_page p
            WHERE p.id = search_pagetext.page_id),
        visible = EXISTS (
            SELECT 1 FROM wagtailcore_page p WHERE p.id = search_pagetext.page_id AND p.live
            AND NOT EXISTS (
                SELECT 1 FROM wagtailcore_pageviewrestriction r
                JOIN wagtailcore_page rp ON rp.id = r.page_id
                WHERE substr(p.path, 1, length(rp.path)) = rp.path
            )
        )
"""

POSITIONS = (
    "SELECT u.lexeme, x.pos, x.w FROM unnest(t.vector) u, unnest(u.positions, u.weights) x(pos, w)"
)
POSTGRESQL = [
    # Rows narrow enough to be read by the thousand: the body and the vector are kept out
    # of the row (TOAST) whatever their size, leaving what a search orders by (the title's
    # words, the title, the date) some 200 bytes a row, about 35 to a block. Rows written
    # from now on (and by the UPDATE below) are stored so.
    "ALTER TABLE search_pagetext SET (toast_tuple_target = 128)",
    # ...but never these, which each match reads.
    "ALTER TABLE search_pagetext ALTER COLUMN title_vector SET STORAGE MAIN",
    "ALTER TABLE search_pagetext ALTER COLUMN title SET STORAGE MAIN",
    f"""UPDATE search_pagetext t SET vector = t.vector || COALESCE((
        SELECT array_to_tsvector(array_agg(DISTINCT a.lexeme || ' ' || b.lexeme))
        FROM ({POSITIONS}) a JOIN ({POSITIONS}) b ON b.pos = a.pos + 1 AND b.w = a.w
    ), ''::tsvector)""",  # noqa: S608
    *(f"DROP INDEX search_pagetext_vector_{code}" for code in LANGUAGES),
    *(
        f"CREATE INDEX search_pagetext_vector_{code} ON search_pagetext USING gin (vector) "
        f"WHERE language = '{code}' AND visible"
        for code in LANGUAGES
    ),
    "ANALYZE search_pagetext",
]
POSTGRESQL_UNDO = [
    "ALTER TABLE search_pagetext RESET (toast_tuple_target)",
    "ALTER TABLE search_pagetext ALTER COLUMN title_vector SET STORAGE EXTENDED",
    "ALTER TABLE search_pagetext ALTER COLUMN title SET STORAGE EXTENDED",
    *(f"DROP INDEX search_pagetext_vector_{code}" for code in LANGUAGES),
    *(
        f"CREATE INDEX search_pagetext_vector_{code} ON search_pagetext USING gin (vector) "
        f"WHERE language = '{code}'"
        for code in LANGUAGES
    ),
    # The pairs (lexemes with a space) out of the vectors.
    """UPDATE search_pagetext SET vector = ts_delete(vector, ARRAY(
        SELECT lexeme FROM unnest(vector) WHERE position(' ' in lexeme) > 0))""",
]


def forwards(apps, schema_editor):
    schema_editor.execute(VISIBILITY)
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_UNDO:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_title_vector_and_language_indexes"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="pagetext",
            name="visible",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="pagetext",
            name="title",
            field=models.CharField(blank=True, default="", max_length=255),
        ),
        migrations.AddField(
            model_name="pagetext",
            name="published_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(forwards, backwards),
    ]
