"""Editors and moderators may look at the download counts (nobody may edit them)."""

from django.db import migrations

GROUPS = ["Editors", "Moderators"]


def grant_view(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="downloads", model="downloadcount"
    )
    view, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_downloadcount",
        defaults={"name": "Can view download count"},
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(view)


class Migration(migrations.Migration):
    dependencies = [
        ("downloads", "0001_initial"),
        ("stories", "0002_editorial_groups"),
    ]

    operations = [migrations.RunPython(grant_view, migrations.RunPython.noop)]
