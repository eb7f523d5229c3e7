"""Editorial groups: editors write and submit, moderators publish, translators translate.

Wagtail's own migrations create "Editors" and "Moderators" with page permissions on the
root and the "Moderators approval" workflow; this adds the "Translators" group and the
permissions the site's own models need.
"""

from django.db import migrations

ORGANISATION_PERMISSIONS = {
    "Editors": ["add_organisation", "change_organisation", "view_organisation"],
    "Moderators": [
        "add_organisation",
        "change_organisation",
        "delete_organisation",
        "view_organisation",
    ],
    "Translators": ["view_organisation"],
}


def permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return perm


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    ContentType = apps.get_model("contenttypes.ContentType")

    editors, _ = Group.objects.get_or_create(name="Editors")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    translators, _ = Group.objects.get_or_create(name="Translators")

    access_admin = permission(
        apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"
    )
    submit_translation = permission(
        apps,
        "wagtail_localize",
        "translation",
        "submit_translation",
        "Can submit translations",
    )
    for group in (editors, moderators, translators):
        group.permissions.add(access_admin, submit_translation)

    for group_name, codenames in ORGANISATION_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        for codename in codenames:
            action = codename.split("_")[0]
            group.permissions.add(
                permission(
                    apps,
                    "stories",
                    "organisation",
                    codename,
                    f"Can {action} organisation",
                )
            )

    root = Page.objects.get(depth=1)
    page_permissions = {
        editors: ["add_page", "change_page"],
        moderators: [
            "add_page",
            "change_page",
            "publish_page",
            "lock_page",
            "unlock_page",
        ],
        # Translators edit and submit translations; publishing stays with moderators.
        translators: ["add_page", "change_page"],
    }
    for group, codenames in page_permissions.items():
        for codename in codenames:
            perm = permission(
                apps,
                "wagtailcore",
                "page",
                codename,
                f"Can {codename.split('_')[0]} page",
            )
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=perm)

    root_collection = Collection.objects.get(depth=1)
    for model in ("image", "document"):
        app = "wagtailimages" if model == "image" else "wagtaildocs"
        perm = permission(apps, app, model, f"choose_{model}", f"Can choose {model}")
        GroupCollectionPermission.objects.get_or_create(
            group=translators, collection=root_collection, permission=perm
        )

    # Every page goes through moderation before it is published.
    if not WorkflowPage.objects.filter(page=root).exists():
        task_content_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task, _ = GroupApprovalTask.objects.get_or_create(
            name="Moderators approval",
            defaults={"content_type": task_content_type, "active": True},
        )
        task.groups.add(moderators)
        workflow, _ = Workflow.objects.get_or_create(
            name="Moderators approval", defaults={"active": True}
        )
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
        WorkflowPage.objects.create(workflow=workflow, page=root)


def remove_translators(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name="Translators").delete()


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
