from django.db import migrations

# SQLite keeps a row's columns in their order, and search_pagetext's body comes before the
# columns a search filters and orders by (language, visible, published_at, title): reading
# them walked each matching page's whole text, 18 of the 46 ms a word most stories hold took
# at 10,000 stories a language. This index holds those columns beside the page id, so that
# SQLiteSyntax.matching (search/engine.py, INDEXED BY) reads them without the rows.
# PostgreSQL keeps the body out of the row instead (migration 0004).
INDEX = "search_pagetext_sqlite_ranking"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON search_pagetext "
            "(page_id, language, visible, published_at, title)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0004_visible_pages_and_phrase_pairs")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
