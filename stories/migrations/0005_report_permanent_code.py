"""Reports get a permanent code for their permalinks (/r/<code>/).

Existing reports get one each, shared by all the language versions of a report. The
alphabet matches stories.permanent_codes (kept here so the migration never changes with it).
"""

import secrets

from django.db import migrations, models

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def fill_codes(apps, schema_editor):
    ReportPage = apps.get_model("stories", "ReportPage")
    used = set(
        ReportPage.objects.exclude(permanent_code="").values_list("permanent_code", flat=True)
    )
    groups = (
        ReportPage.objects.filter(permanent_code="")
        .values_list("translation_key", flat=True)
        .distinct()
    )
    for translation_key in list(groups):
        code = "".join(secrets.choice(ALPHABET) for _ in range(6))
        while code in used:
            code = "".join(secrets.choice(ALPHABET) for _ in range(6))
        used.add(code)
        ReportPage.objects.filter(translation_key=translation_key).update(permanent_code=code)


class Migration(migrations.Migration):
    dependencies = [("stories", "0004_programme_edition_figures")]

    operations = [
        migrations.AddField(
            model_name="reportpage",
            name="permanent_code",
            field=models.CharField(
                blank=True,
                db_index=True,
                editable=False,
                max_length=6,
                verbose_name="permanent code",
            ),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
    ]
