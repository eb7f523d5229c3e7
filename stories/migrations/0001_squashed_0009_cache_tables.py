"""The stories app's first nine migrations in one, for new databases.

A new database runs this one: the tables in their final shape at once, instead of nine
steps whose operations (0006 alone alters over eighty fields) Django replays one by one
(a fresh SQLite ``migrate`` took 15.6 s of CPU before, 13.9 s after). A database that has
applied any of 0001-0009 goes on with those (``replaces``): they stay until every
installation has migrated past 0009; then they can be deleted, with the import of
this module's functions that 0002 and 0009 make.

0005 filled the permanent codes of existing reports: a new database has none, so it has
no step here. The editorial groups (0002) and the cache tables (0009) are created by the
functions below, which those two migrations use as well.
"""

import uuid

import django.db.models.deletion
import modelcluster.fields
import modelsearch.index
import wagtail.fields
from django.conf import settings
from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations, models

import core.fields

# The same names as site_cms.settings.caches.DATABASE_CACHE_TABLES (a test checks that they
# stay equal).
TABLES = ("site_cache", "site_cache_renditions")

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
    replaces = [
        ("stories", "0001_initial"),
        ("stories", "0002_editorial_groups"),
        ("stories", "0003_story_funding"),
        ("stories", "0004_programme_edition_figures"),
        ("stories", "0005_report_permanent_code"),
        ("stories", "0006_programme_story_sections"),
        ("stories", "0007_territory_part_of"),
        ("stories", "0008_territory_alternative_names"),
        ("stories", "0009_cache_tables"),
    ]

    dependencies = [
        ("home", "0002_create_homepage"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.CreateModel(
            name="HashtagIndexPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "intro",
                    models.TextField(
                        blank=True,
                        help_text="One or two sentences shown under the title.",
                        verbose_name="introduction",
                    ),
                ),
            ],
            options={
                "verbose_name": "hashtag index",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="HashtagPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        choices=[
                            ("comunita", "#Comunità"),
                            ("innovazione", "#Innovazione"),
                            ("partnership", "#Partnership"),
                            ("risorse", "#Risorse"),
                        ],
                        help_text="Which of the four hashtags this page presents.",
                        max_length=20,
                        verbose_name="hashtag",
                    ),
                ),
                (
                    "meaning",
                    models.TextField(
                        help_text="What the hashtag marks in a story, in two or three sentences.",
                        verbose_name="meaning",
                    ),
                ),
            ],
            options={
                "verbose_name": "hashtag",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="Organisation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="The full name, as the organisation writes it, e.g. 'Comune di Cremona'.",
                        max_length=200,
                        unique=True,
                        verbose_name="name",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("municipality", "Municipality"),
                            ("foundation", "Foundation"),
                            ("cooperative", "Cooperative"),
                            ("consortium", "Consortium"),
                            ("university", "University"),
                            ("association", "Association"),
                            ("company", "Company"),
                            ("public_body", "Public body"),
                        ],
                        help_text="What sort of body it is.",
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "website",
                    models.URLField(
                        blank=True,
                        help_text="Its home page, starting with https://.",
                        verbose_name="website",
                    ),
                ),
            ],
            options={
                "verbose_name": "organisation",
                "verbose_name_plural": "organisations",
                "ordering": ["name"],
            },
            bases=(modelsearch.index.Indexed, models.Model),
        ),
        migrations.CreateModel(
            name="ProgrammeIndexPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "intro",
                    models.TextField(
                        blank=True,
                        help_text="One or two sentences shown under the title.",
                        verbose_name="introduction",
                    ),
                ),
            ],
            options={
                "verbose_name": "programme index",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="ReportIndexPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "intro",
                    models.TextField(
                        blank=True,
                        help_text="One or two sentences shown under the title.",
                        verbose_name="introduction",
                    ),
                ),
            ],
            options={
                "verbose_name": "report index",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="StoryIndexPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "intro",
                    models.TextField(
                        blank=True,
                        help_text="One or two sentences shown under the title.",
                        verbose_name="introduction",
                    ),
                ),
            ],
            options={
                "verbose_name": "story index",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="TerritoryIndexPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "intro",
                    models.TextField(
                        blank=True,
                        help_text="One or two sentences shown under the title.",
                        verbose_name="introduction",
                    ),
                ),
            ],
            options={
                "verbose_name": "territory index",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="ProgrammePage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "start_year",
                    models.PositiveSmallIntegerField(
                        help_text="The year the programme started.", verbose_name="start year"
                    ),
                ),
                (
                    "end_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Leave empty while it is running.",
                        null=True,
                        verbose_name="end year",
                    ),
                ),
                (
                    "summary",
                    models.TextField(
                        help_text="Two lines at most.", max_length=400, verbose_name="summary"
                    ),
                ),
                (
                    "description",
                    wagtail.fields.RichTextField(
                        help_text="What the programme wants to change and how it works, in a few paragraphs.",
                        verbose_name="description",
                    ),
                ),
                (
                    "key_figures",
                    wagtail.fields.StreamField(
                        [("figure", 7)],
                        blank=True,
                        block_lookup={
                            0: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "E.g. 'Local resources drawn'.",
                                    "label": "What it measures",
                                    "max_length": 120,
                                },
                            ),
                            1: (
                                "wagtail.blocks.DecimalBlock",
                                (),
                                {
                                    "decimal_places": 2,
                                    "help_text": "A plain number, e.g. 1500000.",
                                    "label": "Value",
                                },
                            ),
                            2: (
                                "wagtail.blocks.ChoiceBlock",
                                [],
                                {
                                    "choices": [
                                        ("eur", "euro"),
                                        ("projects", "projects"),
                                        ("ideas", "project ideas"),
                                        ("cities", "cities"),
                                        ("municipalities", "municipalities"),
                                        ("inhabitants", "inhabitants"),
                                        ("years", "years"),
                                        ("partners", "partners"),
                                        ("none", "no unit"),
                                    ],
                                    "help_text": "What the number counts; readers see it after the number.",
                                    "label": "Unit",
                                },
                            ),
                            3: (
                                "wagtail.blocks.DateBlock",
                                (),
                                {
                                    "help_text": "The date the figure refers to.",
                                    "label": "Refers to",
                                },
                            ),
                            4: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "The document or body that published the figure.",
                                    "label": "Source",
                                    "max_length": 200,
                                },
                            ),
                            5: (
                                "wagtail.blocks.URLBlock",
                                (),
                                {
                                    "help_text": "Link to the source, if it is online.",
                                    "label": "Source link",
                                    "required": False,
                                },
                            ),
                            6: (
                                "wagtail.blocks.PageChooserBlock",
                                (),
                                {
                                    "help_text": "Choose the report when the figure comes from one of ours.",
                                    "label": "Source report on this site",
                                    "page_type": ["stories.ReportPage"],
                                    "required": False,
                                },
                            ),
                            7: (
                                "wagtail.blocks.StructBlock",
                                [
                                    [
                                        ("label", 0),
                                        ("value", 1),
                                        ("unit", 2),
                                        ("reference_date", 3),
                                        ("source_name", 4),
                                        ("source_url", 5),
                                        ("source_page", 6),
                                    ]
                                ],
                                {},
                            ),
                        },
                        help_text="Each figure with its source and the date it refers to.",
                        verbose_name="key figures",
                    ),
                ),
                (
                    "promoter",
                    models.ForeignKey(
                        help_text="The foundation or body that runs the programme.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="stories.organisation",
                        verbose_name="promoter",
                    ),
                ),
            ],
            options={
                "verbose_name": "programme",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="ProgrammeStoryIndexPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "intro",
                    models.TextField(
                        blank=True,
                        help_text="One or two sentences shown under the title.",
                        verbose_name="introduction",
                    ),
                ),
                (
                    "programme",
                    core.fields.TranslatedPageForeignKey(
                        help_text="Every story in this section belongs to this programme.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="story_folders",
                        to="stories.programmepage",
                        verbose_name="programme",
                    ),
                ),
            ],
            options={
                "verbose_name": "programme's stories",
                "verbose_name_plural": "programmes' stories",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="ReportPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "abstract",
                    wagtail.fields.RichTextField(
                        help_text="What the report found, for a reader who will not open the PDF.",
                        verbose_name="abstract",
                    ),
                ),
                (
                    "full_report_language",
                    models.CharField(
                        choices=[("it", "Italian"), ("en", "English")],
                        default="it",
                        help_text="The language the PDF is written in.",
                        max_length=2,
                        verbose_name="language of the full report",
                    ),
                ),
                (
                    "abstract_language",
                    models.CharField(
                        choices=[("it", "Italian"), ("en", "English")],
                        default="it",
                        help_text="The language the PDF is written in.",
                        max_length=2,
                        verbose_name="language of the short abstract",
                    ),
                ),
                (
                    "publication_date",
                    models.DateField(
                        blank=True,
                        help_text="Leave empty when the publisher gives no date.",
                        null=True,
                        verbose_name="publication date",
                    ),
                ),
                (
                    "permanent_code",
                    models.CharField(
                        blank=True,
                        db_index=True,
                        editable=False,
                        max_length=6,
                        verbose_name="permanent code",
                    ),
                ),
                (
                    "abstract_document",
                    models.ForeignKey(
                        blank=True,
                        help_text="A short summary in PDF, if the publisher made one.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtaildocs.document",
                        verbose_name="short abstract (PDF)",
                    ),
                ),
                (
                    "full_report",
                    models.ForeignKey(
                        blank=True,
                        help_text="Upload or choose the PDF of the whole report.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtaildocs.document",
                        verbose_name="full report (PDF)",
                    ),
                ),
                (
                    "programme",
                    core.fields.TranslatedPageForeignKey(
                        blank=True,
                        help_text="The programme the report studies, if any.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="reports",
                        to="stories.programmepage",
                        verbose_name="programme",
                    ),
                ),
            ],
            options={
                "verbose_name": "report",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="ReportAuthor",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "name",
                    models.CharField(
                        help_text="First name and surname.", max_length=200, verbose_name="name"
                    ),
                ),
                (
                    "affiliation",
                    models.CharField(
                        blank=True,
                        help_text="Where the author works, e.g. 'Università Cattolica'.",
                        max_length=200,
                        verbose_name="affiliation",
                    ),
                ),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="authors",
                        to="stories.reportpage",
                    ),
                ),
            ],
            options={
                "verbose_name": "author",
                "verbose_name_plural": "authors",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="ReportPublisher",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "organisation",
                    models.ForeignKey(
                        help_text="Choose it among the organisations; if it is missing, add it there first.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="stories.organisation",
                        verbose_name="organisation",
                    ),
                ),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="publishers",
                        to="stories.reportpage",
                    ),
                ),
            ],
            options={
                "verbose_name": "publishing organisation",
                "verbose_name_plural": "publishing organisations",
                "ordering": ["sort_order"],
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="StoryPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "edition",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Number of the programme's edition.",
                        null=True,
                        verbose_name="edition",
                    ),
                ),
                (
                    "start_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="The year the project started.",
                        null=True,
                        verbose_name="start year",
                    ),
                ),
                (
                    "end_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Leave empty while it is running.",
                        null=True,
                        verbose_name="end year",
                    ),
                ),
                (
                    "summary",
                    models.TextField(
                        help_text="What the project does, in one or two lines.",
                        max_length=400,
                        verbose_name="summary",
                    ),
                ),
                (
                    "hero_image_alt",
                    models.CharField(
                        blank=True,
                        help_text="Describe the image for people who cannot see it.",
                        max_length=250,
                        verbose_name="hero image alternative text",
                    ),
                ),
                (
                    "funding_eur",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="What the programme granted to the project.",
                        max_digits=14,
                        null=True,
                        verbose_name="funding (euro)",
                    ),
                ),
                (
                    "funding_is_approximate",
                    models.BooleanField(
                        default=False,
                        help_text="The source gives a rounded figure.",
                        verbose_name="approximate amount",
                    ),
                ),
                (
                    "funding_reference_date",
                    models.DateField(
                        blank=True,
                        help_text="The date of the grant.",
                        null=True,
                        verbose_name="funding refers to",
                    ),
                ),
                (
                    "funding_source_name",
                    models.CharField(
                        blank=True,
                        help_text="The document or body that published the figure.",
                        max_length=200,
                        verbose_name="funding source",
                    ),
                ),
                (
                    "funding_source_url",
                    models.URLField(
                        blank=True,
                        help_text="Link to the source, if it is online.",
                        verbose_name="funding source link",
                    ),
                ),
                (
                    "action_lines",
                    wagtail.fields.StreamField(
                        [("action_line", 2)],
                        blank=True,
                        block_lookup={
                            0: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "Its name, e.g. 'Community labs'.",
                                    "label": "Action line",
                                    "max_length": 120,
                                },
                            ),
                            1: (
                                "wagtail.blocks.TextBlock",
                                (),
                                {
                                    "help_text": "One or two sentences: who takes part and what for.",
                                    "label": "What it does",
                                },
                            ),
                            2: (
                                "wagtail.blocks.StructBlock",
                                [[("title", 0), ("description", 1)]],
                                {},
                            ),
                        },
                        help_text="The project's lines of work, in the order the project presents them.",
                        verbose_name="action lines",
                    ),
                ),
                (
                    "key_figures",
                    wagtail.fields.StreamField(
                        [("figure", 7)],
                        blank=True,
                        block_lookup={
                            0: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "E.g. 'Local resources drawn'.",
                                    "label": "What it measures",
                                    "max_length": 120,
                                },
                            ),
                            1: (
                                "wagtail.blocks.DecimalBlock",
                                (),
                                {
                                    "decimal_places": 2,
                                    "help_text": "A plain number, e.g. 1500000.",
                                    "label": "Value",
                                },
                            ),
                            2: (
                                "wagtail.blocks.ChoiceBlock",
                                [],
                                {
                                    "choices": [
                                        ("eur", "euro"),
                                        ("projects", "projects"),
                                        ("ideas", "project ideas"),
                                        ("cities", "cities"),
                                        ("municipalities", "municipalities"),
                                        ("inhabitants", "inhabitants"),
                                        ("years", "years"),
                                        ("partners", "partners"),
                                        ("none", "no unit"),
                                    ],
                                    "help_text": "What the number counts; readers see it after the number.",
                                    "label": "Unit",
                                },
                            ),
                            3: (
                                "wagtail.blocks.DateBlock",
                                (),
                                {
                                    "help_text": "The date the figure refers to.",
                                    "label": "Refers to",
                                },
                            ),
                            4: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "The document or body that published the figure.",
                                    "label": "Source",
                                    "max_length": 200,
                                },
                            ),
                            5: (
                                "wagtail.blocks.URLBlock",
                                (),
                                {
                                    "help_text": "Link to the source, if it is online.",
                                    "label": "Source link",
                                    "required": False,
                                },
                            ),
                            6: (
                                "wagtail.blocks.PageChooserBlock",
                                (),
                                {
                                    "help_text": "Choose the report when the figure comes from one of ours.",
                                    "label": "Source report on this site",
                                    "page_type": ["stories.ReportPage"],
                                    "required": False,
                                },
                            ),
                            7: (
                                "wagtail.blocks.StructBlock",
                                [
                                    [
                                        ("label", 0),
                                        ("value", 1),
                                        ("unit", 2),
                                        ("reference_date", 3),
                                        ("source_name", 4),
                                        ("source_url", 5),
                                        ("source_page", 6),
                                    ]
                                ],
                                {},
                            ),
                        },
                        help_text="Each figure with its source and the date it refers to.",
                        verbose_name="key figures",
                    ),
                ),
                (
                    "body",
                    wagtail.fields.StreamField(
                        [
                            ("heading", 2),
                            ("paragraph", 3),
                            ("quote", 6),
                            ("image", 11),
                            ("key_figures", 22),
                            ("callout", 25),
                            ("related_report", 28),
                        ],
                        blank=True,
                        block_lookup={
                            0: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "A few words, e.g. 'How the network works'. No two headings alike.",
                                    "label": "Heading",
                                    "max_length": 150,
                                },
                            ),
                            1: (
                                "wagtail.blocks.ChoiceBlock",
                                [],
                                {
                                    "choices": [("h2", "Section"), ("h3", "Subsection")],
                                    "help_text": "Section for a main part; subsection for a part inside a section.",
                                    "label": "Level",
                                },
                            ),
                            2: ("wagtail.blocks.StructBlock", [[("text", 0), ("level", 1)]], {}),
                            3: (
                                "stories.blocks.ParagraphBlock",
                                (),
                                {
                                    "features": [
                                        "bold",
                                        "italic",
                                        "link",
                                        "document-link",
                                        "ol",
                                        "ul",
                                    ],
                                    "help_text": "Short paragraphs read best: three or four sentences each.",
                                    "icon": "pilcrow",
                                    "label": "Paragraph",
                                },
                            ),
                            4: (
                                "wagtail.blocks.TextBlock",
                                (),
                                {
                                    "help_text": "The exact words, without quotation marks.",
                                    "label": "Quote",
                                },
                            ),
                            5: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "Name and role, e.g. 'Anna Bianchi, social worker'.",
                                    "label": "Who said it",
                                    "max_length": 200,
                                    "required": False,
                                },
                            ),
                            6: (
                                "wagtail.blocks.StructBlock",
                                [[("text", 4), ("attribution", 5)]],
                                {},
                            ),
                            7: (
                                "wagtail.images.blocks.ImageChooserBlock",
                                (),
                                {
                                    "help_text": "A photo at least 960 pixels wide, without text on it.",
                                    "label": "Image",
                                },
                            ),
                            8: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "Describe the image for people who cannot see it.",
                                    "label": "Alternative text",
                                    "max_length": 250,
                                },
                            ),
                            9: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "One line on what the photo shows, where and when.",
                                    "label": "Caption",
                                    "max_length": 250,
                                    "required": False,
                                },
                            ),
                            10: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "Who took the photo, e.g. 'Photo: Comune di Cremona'.",
                                    "label": "Credit",
                                    "max_length": 150,
                                    "required": False,
                                },
                            ),
                            11: (
                                "wagtail.blocks.StructBlock",
                                [[("image", 7), ("alt_text", 8), ("caption", 9), ("credit", 10)]],
                                {},
                            ),
                            12: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "Optional, e.g. 'The project in numbers'.",
                                    "label": "Title",
                                    "max_length": 120,
                                    "required": False,
                                },
                            ),
                            13: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "E.g. 'Local resources drawn'.",
                                    "label": "What it measures",
                                    "max_length": 120,
                                },
                            ),
                            14: (
                                "wagtail.blocks.DecimalBlock",
                                (),
                                {
                                    "decimal_places": 2,
                                    "help_text": "A plain number, e.g. 1500000.",
                                    "label": "Value",
                                },
                            ),
                            15: (
                                "wagtail.blocks.ChoiceBlock",
                                [],
                                {
                                    "choices": [
                                        ("eur", "euro"),
                                        ("projects", "projects"),
                                        ("ideas", "project ideas"),
                                        ("cities", "cities"),
                                        ("municipalities", "municipalities"),
                                        ("inhabitants", "inhabitants"),
                                        ("years", "years"),
                                        ("partners", "partners"),
                                        ("none", "no unit"),
                                    ],
                                    "help_text": "What the number counts; readers see it after the number.",
                                    "label": "Unit",
                                },
                            ),
                            16: (
                                "wagtail.blocks.DateBlock",
                                (),
                                {
                                    "help_text": "The date the figure refers to.",
                                    "label": "Refers to",
                                },
                            ),
                            17: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "The document or body that published the figure.",
                                    "label": "Source",
                                    "max_length": 200,
                                },
                            ),
                            18: (
                                "wagtail.blocks.URLBlock",
                                (),
                                {
                                    "help_text": "Link to the source, if it is online.",
                                    "label": "Source link",
                                    "required": False,
                                },
                            ),
                            19: (
                                "wagtail.blocks.PageChooserBlock",
                                (),
                                {
                                    "help_text": "Choose the report when the figure comes from one of ours.",
                                    "label": "Source report on this site",
                                    "page_type": ["stories.ReportPage"],
                                    "required": False,
                                },
                            ),
                            20: (
                                "wagtail.blocks.StructBlock",
                                [
                                    [
                                        ("label", 13),
                                        ("value", 14),
                                        ("unit", 15),
                                        ("reference_date", 16),
                                        ("source_name", 17),
                                        ("source_url", 18),
                                        ("source_page", 19),
                                    ]
                                ],
                                {},
                            ),
                            21: (
                                "wagtail.blocks.ListBlock",
                                (20,),
                                {
                                    "help_text": "One or more figures, each with its own source and date.",
                                    "label": "Figures",
                                    "min_num": 1,
                                },
                            ),
                            22: (
                                "wagtail.blocks.StructBlock",
                                [[("title", 12), ("figures", 21)]],
                                {},
                            ),
                            23: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "A few words, e.g. 'How to take part'.",
                                    "label": "Title",
                                    "max_length": 120,
                                },
                            ),
                            24: (
                                "wagtail.blocks.RichTextBlock",
                                (),
                                {
                                    "features": ["bold", "italic", "link"],
                                    "help_text": "Two or three sentences at most.",
                                    "label": "Text",
                                },
                            ),
                            25: ("wagtail.blocks.StructBlock", [[("title", 23), ("text", 24)]], {}),
                            26: (
                                "wagtail.blocks.PageChooserBlock",
                                (),
                                {
                                    "help_text": "Choose the report page; readers in English get its translation.",
                                    "label": "Report",
                                    "page_type": ["stories.ReportPage"],
                                },
                            ),
                            27: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "One short line.",
                                    "label": "Why read it",
                                    "max_length": 200,
                                    "required": False,
                                },
                            ),
                            28: (
                                "wagtail.blocks.StructBlock",
                                [[("report", 26), ("note", 27)]],
                                {},
                            ),
                        },
                        help_text="The story itself: paragraphs, headings, quotes, images and figures.",
                        verbose_name="body",
                    ),
                ),
                (
                    "hero_image",
                    models.ForeignKey(
                        blank=True,
                        help_text="A landscape photo at least 1200 pixels wide, without text on it.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="wagtailimages.image",
                        verbose_name="hero image",
                    ),
                ),
                (
                    "lead_partner",
                    models.ForeignKey(
                        blank=True,
                        help_text="The organisation that leads the network (capofila).",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="stories.organisation",
                        verbose_name="lead partner",
                    ),
                ),
                (
                    "programme",
                    core.fields.TranslatedPageForeignKey(
                        help_text="Set by the programme section the story sits in.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="stories",
                        to="stories.programmepage",
                        verbose_name="programme",
                    ),
                ),
            ],
            options={
                "verbose_name": "story",
                "verbose_name_plural": "stories",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="TerritoryPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("region", "Region"),
                            ("province", "Province"),
                            ("city", "City"),
                            ("district", "District"),
                        ],
                        help_text="A district is a group of municipalities (ambito), e.g. the Rho area.",
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                (
                    "region",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("lombardia", "Lombardy"),
                            ("piemonte", "Piedmont"),
                            ("emilia_romagna", "Emilia-Romagna"),
                            ("veneto", "Veneto"),
                        ],
                        help_text="The region it lies in.",
                        max_length=20,
                        verbose_name="region",
                    ),
                ),
                (
                    "istat_code",
                    models.CharField(
                        blank=True,
                        help_text="Region (2 digits), province (3) or municipality (6). Empty for districts.",
                        max_length=6,
                        verbose_name="ISTAT code",
                    ),
                ),
                (
                    "alternative_names",
                    models.TextField(
                        blank=True,
                        help_text="Other names it goes by, one per line, e.g. Rho for the Rho area. The story import recognises them, whatever their case and accents.",
                        verbose_name="alternative names",
                    ),
                ),
                (
                    "latitude",
                    models.DecimalField(
                        blank=True,
                        decimal_places=5,
                        help_text="Decimal degrees with a point, e.g. 45.13360 for Cremona.",
                        max_digits=8,
                        null=True,
                        verbose_name="latitude",
                    ),
                ),
                (
                    "longitude",
                    models.DecimalField(
                        blank=True,
                        decimal_places=5,
                        help_text="Decimal degrees with a point, e.g. 10.02270 for Cremona.",
                        max_digits=8,
                        null=True,
                        verbose_name="longitude",
                    ),
                ),
                (
                    "population",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Write the number as on the source, without dots.",
                        null=True,
                        verbose_name="population",
                    ),
                ),
                (
                    "population_year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="The year the population figure refers to.",
                        null=True,
                        verbose_name="population counted in",
                    ),
                ),
                (
                    "population_source",
                    models.CharField(
                        blank=True,
                        help_text="Who counted it, e.g. 'ISTAT, 1 January 2024'.",
                        max_length=200,
                        verbose_name="population source",
                    ),
                ),
                (
                    "description",
                    models.TextField(
                        blank=True,
                        help_text="Why this place appears on the site.",
                        verbose_name="description",
                    ),
                ),
                (
                    "part_of",
                    core.fields.TranslatedPageForeignKey(
                        blank=True,
                        help_text="The territory it lies within: a city's province or district, a province's region. Its stories are counted and listed there too.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="parts",
                        to="stories.territorypage",
                        verbose_name="part of",
                    ),
                ),
            ],
            options={
                "verbose_name": "territory",
                "verbose_name_plural": "territories",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.CreateModel(
            name="ProgrammeEdition",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "number",
                    models.PositiveSmallIntegerField(
                        help_text="1 for the first edition or phase, 2 for the second, and so on.",
                        verbose_name="number",
                    ),
                ),
                (
                    "year",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="The year of the call.",
                        null=True,
                        verbose_name="year",
                    ),
                ),
                (
                    "budget_eur",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="What the promoter put on the call, in euro, without dots: e.g. 10000000.",
                        max_digits=14,
                        null=True,
                        verbose_name="budget (euro)",
                    ),
                ),
                (
                    "call_deadline",
                    models.DateTimeField(
                        blank=True,
                        help_text="When applications closed: date and time as written in the call.",
                        null=True,
                        verbose_name="call deadline",
                    ),
                ),
                (
                    "ideas_received",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Write the number as on the source.",
                        null=True,
                        verbose_name="project ideas received",
                    ),
                ),
                (
                    "ideas_shortlisted",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Ideas that passed the first selection.",
                        null=True,
                        verbose_name="project ideas shortlisted",
                    ),
                ),
                (
                    "projects_funded",
                    models.PositiveIntegerField(
                        blank=True,
                        help_text="Projects that received a grant in this edition.",
                        null=True,
                        verbose_name="projects funded",
                    ),
                ),
                (
                    "local_resources_eur",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="Total value of the resources the funded networks gathered locally, as the source states it. With the budget it gives the leverage.",
                        max_digits=14,
                        null=True,
                        verbose_name="local resources drawn (euro)",
                    ),
                ),
                (
                    "figures_through_edition",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="When the source gives one set of figures for several editions, enter them on the first of them and put here the number of the last one.",
                        null=True,
                        verbose_name="figures cover editions up to",
                    ),
                ),
                (
                    "source_name",
                    models.CharField(
                        blank=True,
                        help_text="Where these numbers come from.",
                        max_length=200,
                        verbose_name="source",
                    ),
                ),
                (
                    "source_url",
                    models.URLField(
                        blank=True,
                        help_text="Link to the source, if it is online.",
                        verbose_name="source link",
                    ),
                ),
                (
                    "locale",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="editions",
                        to="stories.programmepage",
                    ),
                ),
            ],
            options={
                "verbose_name": "edition",
                "verbose_name_plural": "editions",
                "ordering": ["sort_order"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(
                        fields=("page", "number"), name="unique_edition_per_programme"
                    )
                ],
                "unique_together": {("translation_key", "locale")},
            },
        ),
        migrations.CreateModel(
            name="StoryHashtag",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "hashtag",
                    core.fields.TranslatedPageForeignKey(
                        help_text="The hashtag that says what kind of change the project brings.",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="story_links",
                        to="stories.hashtagpage",
                        verbose_name="hashtag",
                    ),
                ),
                (
                    "locale",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="hashtag_links",
                        to="stories.storypage",
                    ),
                ),
            ],
            options={
                "verbose_name": "story hashtag",
                "ordering": ["sort_order"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(fields=("page", "hashtag"), name="unique_story_hashtag")
                ],
                "unique_together": {("translation_key", "locale")},
            },
        ),
        migrations.CreateModel(
            name="ReportStory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "locale",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="story_links",
                        to="stories.reportpage",
                    ),
                ),
                (
                    "story",
                    core.fields.TranslatedPageForeignKey(
                        help_text="The story of a project the report talks about.",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="report_links",
                        to="stories.storypage",
                        verbose_name="story",
                    ),
                ),
            ],
            options={
                "verbose_name": "related story",
                "verbose_name_plural": "related stories",
                "ordering": ["sort_order"],
                "abstract": False,
                "unique_together": {("translation_key", "locale")},
            },
        ),
        migrations.CreateModel(
            name="StoryPartner",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "role",
                    models.CharField(
                        blank=True,
                        help_text="What the partner does in the network.",
                        max_length=200,
                        verbose_name="role",
                    ),
                ),
                (
                    "locale",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        help_text="Choose it among the organisations; if it is missing, add it there first.",
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="stories.organisation",
                        verbose_name="organisation",
                    ),
                ),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="partner_links",
                        to="stories.storypage",
                    ),
                ),
            ],
            options={
                "verbose_name": "partner",
                "verbose_name_plural": "partners",
                "ordering": ["sort_order"],
                "abstract": False,
                "unique_together": {("translation_key", "locale")},
            },
        ),
        migrations.CreateModel(
            name="StoryTerritory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "locale",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="territory_links",
                        to="stories.storypage",
                    ),
                ),
                (
                    "territory",
                    core.fields.TranslatedPageForeignKey(
                        help_text="Choose the territory's page; if it is missing, create it first.",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="story_links",
                        to="stories.territorypage",
                        verbose_name="territory",
                    ),
                ),
            ],
            options={
                "verbose_name": "story territory",
                "ordering": ["sort_order"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(
                        fields=("page", "territory"), name="unique_story_territory"
                    )
                ],
                "unique_together": {("translation_key", "locale")},
            },
        ),
        # From 0002: the editorial groups and their permissions.
        migrations.RunPython(create_groups, remove_translators),
        # From 0009: the database cache's tables.
        migrations.RunPython(create_tables, drop_tables),
    ]
