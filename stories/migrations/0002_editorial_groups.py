"""Editorial groups: editors write and submit, moderators publish, translators translate.

Wagtail's own migrations create "Editors" and "Moderators" with page permissions on the
root and the "Moderators approval" workflow; this adds the "Translators" group and the
permissions the site's own models need.
"""

from importlib import import_module

from django.db import migrations

# The functions moved to the squashed migration, which new databases run instead of this one.
squashed = import_module("stories.migrations.0001_squashed_0009_cache_tables")
create_groups = squashed.create_groups
remove_translators = squashed.remove_translators


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0001_initial"),
        ("home", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_groups, remove_translators)]
