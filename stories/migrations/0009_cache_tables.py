"""The tables of Django's database cache, the shared cache when REDIS_URL is not set
(site_cms/settings/caches.py). Created here, whatever the settings, so that ``migrate`` is
all a new database needs, and a later switch from Redis to the database cache finds them."""

from importlib import import_module

from django.db import migrations

# The functions moved to the squashed migration, which new databases run instead of this one.
squashed = import_module("stories.migrations.0001_squashed_0009_cache_tables")
create_tables = squashed.create_tables
drop_tables = squashed.drop_tables


class Migration(migrations.Migration):
    dependencies = [("stories", "0008_territory_alternative_names")]

    operations = [migrations.RunPython(create_tables, drop_tables)]
