from django.db import migrations

# Search at scale (search/engine.py): the title's words in a column of their own, small
# enough to stay in the row, so that "does the title hold the words" costs no read of the
# page's whole vector (stored apart, compressed, once a story is a few hundred words long);
# and the pages' vectors indexed per language (a partial GIN index each, in place of the
# index of all), so that a search reads the entries of the reader's language only. The
# site's languages (settings.LANGUAGES) as they are: a language added to them needs an
# index of its own, in a migration like this one.
LANGUAGES = ("it", "en")

POSTGRESQL = [
    "ALTER TABLE search_pagetext ADD COLUMN title_vector tsvector NOT NULL DEFAULT ''::tsvector",
    # The title is the vector's weight-A part (search/backend.py), here without a weight.
    "UPDATE search_pagetext SET title_vector = setweight(ts_filter(vector, '{a}'), 'D')",
    *(
        f"CREATE INDEX search_pagetext_vector_{code} ON search_pagetext USING gin (vector) "
        f"WHERE language = '{code}'"
        for code in LANGUAGES
    ),
    "DROP INDEX search_pagetext_vector",
    "ANALYZE search_pagetext",
]
POSTGRESQL_UNDO = [
    "CREATE INDEX search_pagetext_vector ON search_pagetext USING gin (vector)",
    *(f"DROP INDEX search_pagetext_vector_{code}" for code in LANGUAGES),
    "ALTER TABLE search_pagetext DROP COLUMN title_vector",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_file_page_text"),
    ]

    operations = [
        migrations.RunPython(run(POSTGRESQL), run(POSTGRESQL_UNDO)),
    ]
