"""The tables of Django's database cache, the shared cache when REDIS_URL is not set
(site_cms/settings/caches.py). Created here, whatever the settings, so that ``migrate`` is
all a new database needs, and a later switch from Redis to the database cache finds them."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

# The same names as site_cms.settings.caches.DATABASE_CACHE_TABLES
# (core/tests/test_cache_backends.py checks that they stay equal).
TABLES = ("site_cache", "site_cache_renditions")


def create_tables(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    for table in TABLES:
        # Django's own statement (createcachetable); an existing table is left alone.
        command.create_table(schema_editor.connection.alias, table, dry_run=False)


def drop_tables(apps, schema_editor):
    existing = schema_editor.connection.introspection.table_names()
    quote = schema_editor.quote_name
    for table in TABLES:
        if table in existing:
            schema_editor.execute(f"DROP TABLE {quote(table)}")


class Migration(migrations.Migration):
    dependencies = [("stories", "0008_territory_alternative_names")]

    operations = [migrations.RunPython(create_tables, drop_tables)]
