"""Organisations are moderated like pages: drafts, revisions, locking and the site's
"Moderators approval" workflow (the one on the root page).

The organisations that exist stay live (the new ``live`` field defaults to true) and get a
first revision, so their history and comparisons start from what readers see. Moderators
publish, lock and unlock them; editors keep adding and changing them, as drafts.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone
from modelcluster.models import get_serializable_data_for_fields

MODERATOR_PERMISSIONS = ("publish_organisation", "lock_organisation", "unlock_organisation")


def content_type(apps, app_label, model):
    ContentType = apps.get_model("contenttypes.ContentType")
    return ContentType.objects.get_or_create(app_label=app_label, model=model)[0]


def moderate_organisations(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Organisation = apps.get_model("stories.Organisation")
    Revision = apps.get_model("wagtailcore.Revision")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore.WorkflowContentType")
    organisation_type = content_type(apps, "stories", "organisation")

    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is not None:
        for codename in MODERATOR_PERMISSIONS:
            perm, _ = Permission.objects.get_or_create(
                content_type=organisation_type,
                codename=codename,
                defaults={"name": f"Can {codename.split('_')[0]} organisation"},
            )
            moderators.permissions.add(perm)

    site_workflow = WorkflowPage.objects.filter(page__depth=1).select_related("workflow").first()
    if site_workflow is not None:
        WorkflowContentType.objects.get_or_create(
            content_type=organisation_type, defaults={"workflow": site_workflow.workflow}
        )

    now = timezone.now()
    for organisation in Organisation.objects.filter(latest_revision__isnull=True):
        organisation.first_published_at = organisation.last_published_at = now
        revision = Revision.objects.create(
            content_type=organisation_type,
            base_content_type=organisation_type,
            object_id=str(organisation.pk),
            created_at=now,
            object_str=organisation.name,
            content=get_serializable_data_for_fields(organisation),
        )
        organisation.latest_revision = organisation.live_revision = revision
        organisation.save(
            update_fields=[
                "latest_revision",
                "live_revision",
                "first_published_at",
                "last_published_at",
            ]
        )


def unmoderate_organisations(apps, schema_editor):
    Revision = apps.get_model("wagtailcore.Revision")
    WorkflowContentType = apps.get_model("wagtailcore.WorkflowContentType")
    organisation_type = content_type(apps, "stories", "organisation")
    WorkflowContentType.objects.filter(content_type=organisation_type).delete()
    Revision.objects.filter(base_content_type=organisation_type).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0001_squashed_0009_cache_tables"),
        ("wagtailcore", "0098_apitoken"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="expire_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="expiry date/time"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="expired",
            field=models.BooleanField(default=False, editable=False, verbose_name="expired"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="first_published_at",
            field=models.DateTimeField(
                blank=True, db_index=True, null=True, verbose_name="first published at"
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="go_live_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="go live date/time"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="has_unpublished_changes",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="has unpublished changes"
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="last_published_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="last published at"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="latest_revision",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailcore.revision",
                verbose_name="latest revision",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="live",
            field=models.BooleanField(default=True, editable=False, verbose_name="live"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="live_revision",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailcore.revision",
                verbose_name="live revision",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="locked",
            field=models.BooleanField(default=False, editable=False, verbose_name="locked"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="locked_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="locked at"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="locked_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="locked_%(class)ss",
                to=settings.AUTH_USER_MODEL,
                verbose_name="locked by",
            ),
        ),
        migrations.AlterField(
            model_name="programmepage",
            name="promoter",
            field=models.ForeignKey(
                help_text="The foundation or body that runs the programme.",
                limit_choices_to={"live": True},
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="stories.organisation",
                verbose_name="promoter",
            ),
        ),
        migrations.AlterField(
            model_name="reportpublisher",
            name="organisation",
            field=models.ForeignKey(
                help_text="Choose it among the organisations; if it is missing, add it there first.",
                limit_choices_to={"live": True},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="stories.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.AlterField(
            model_name="storypage",
            name="lead_partner",
            field=models.ForeignKey(
                blank=True,
                help_text="The organisation that leads the network (capofila).",
                limit_choices_to={"live": True},
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="stories.organisation",
                verbose_name="lead partner",
            ),
        ),
        migrations.AlterField(
            model_name="storypartner",
            name="organisation",
            field=models.ForeignKey(
                help_text="Choose it among the organisations; if it is missing, add it there first.",
                limit_choices_to={"live": True},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="stories.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.RunPython(moderate_organisations, unmoderate_organisations),
    ]
