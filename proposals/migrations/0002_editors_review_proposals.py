"""Editors and moderators read story proposals and set their status; moderators may also
delete one (a reader may ask for their data to be erased). Nobody adds them in the admin:
they come from the public form."""

from django.db import migrations

PERMISSIONS = {
    "Editors": ["view", "change"],
    "Moderators": ["view", "change", "delete"],
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="proposals", model="storyproposal"
    )
    for group in Group.objects.filter(name__in=PERMISSIONS):
        for action in PERMISSIONS[group.name]:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_storyproposal",
                defaults={"name": f"Can {action} story proposal"},
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    for group in Group.objects.filter(name__in=PERMISSIONS):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="proposals",
                codename__in=[f"{action}_storyproposal" for action in PERMISSIONS[group.name]],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0001_initial"),
        ("stories", "0002_editorial_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
