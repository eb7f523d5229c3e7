"""An index on Wagtail's page table by URL path, for ``HomePage.route``.

The home finds a page by its whole URL path in one query (``url_path = … AND path LIKE …``).
Wagtail indexes no ``url_path``, and the ``LIKE`` on the tree path uses no index either: with
10,000 stories in each language every page request read the whole page table, 3.3 ms on
SQLite and 20 ms on PostgreSQL; with the index, a few microseconds. Listed in
docs/upstream.md: the table is Wagtail's.
"""

from django.db import migrations

INDEX = "home_wagtailcore_page_url_path"


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_information_body_open_data_reference"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (url_path)",
            reverse_sql=f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
