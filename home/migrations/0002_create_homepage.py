"""Replace Wagtail's welcome page with the Italian home page and create the two locales."""

from django.db import migrations

HOME_TITLE = "Storie di welfare"


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")

    italian, _ = Locale.objects.get_or_create(language_code="it")
    Locale.objects.get_or_create(language_code="en")

    # Wagtail's own migration leaves a "Welcome to your new Wagtail site!" page at depth 2.
    Page.objects.filter(
        depth=2, content_type__model="page", content_type__app_label="wagtailcore"
    ).delete()
    if HomePage.objects.exists():
        return

    root = Page.objects.get(depth=1)
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    home = HomePage.objects.create(
        title=HOME_TITLE,
        draft_title=HOME_TITLE,
        slug="home",
        content_type=content_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=italian,
        intro="",
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "root_page": home,
            "site_name": HOME_TITLE,
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, migrations.RunPython.noop)]
