"""Translators lose their rights on the whole tree (given by stories 0002) and keep them on
the trees of the translated languages only; later trees are opened by a post_save signal
(editorial.permissions)."""

from django.conf import settings
from django.db import migrations


def limit_translators(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Permission = apps.get_model("auth.Permission")
    translators = Group.objects.filter(name="Translators").first()
    if translators is None:
        return
    GroupPagePermission.objects.filter(group=translators, page__depth=1).delete()
    change_page = Permission.objects.get(
        content_type__app_label="wagtailcore", codename="change_page"
    )
    for home in Page.objects.filter(depth=2).exclude(locale__language_code=settings.LANGUAGE_CODE):
        GroupPagePermission.objects.get_or_create(
            group=translators, page=home, permission=change_page
        )


def restore_whole_tree(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Permission = apps.get_model("auth.Permission")
    translators = Group.objects.filter(name="Translators").first()
    if translators is None:
        return
    GroupPagePermission.objects.filter(group=translators).delete()
    root = Page.objects.get(depth=1)
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=translators,
            page=root,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


class Migration(migrations.Migration):
    dependencies = [("stories", "0002_editorial_groups")]

    operations = [migrations.RunPython(limit_translators, restore_whole_tree)]
