"""The open data reference becomes a block editors place on an information page's body.

Until now the table was shown on the information pages with the slugs below; those pages
get the block at the end of their body (where the table was shown), in the page, its
current revisions and wagtail-localize's copy of the Italian source, so publishing a draft
or syncing the translation keeps it. This is the last place the slugs matter.
"""

import json
import uuid

import wagtail.fields
from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations

OPEN_DATA_PAGE_SLUGS = ["dati-aperti", "open-data"]
BLOCK_TYPE = "open_data_reference"


def with_block(body, block_id):
    if any(block["type"] == BLOCK_TYPE for block in body):
        return body
    return [*body, {"type": BLOCK_TYPE, "value": None, "id": block_id}]


def without_block(body, block_id):
    return [block for block in body if block["type"] != BLOCK_TYPE]


def edit_serialized(content, change, block_id):
    """``content`` (a revision's or translation source's page data) with its body changed;
    there the body is a JSON string."""
    body = content.get("body")
    if isinstance(body, str):
        content["body"] = json.dumps(change(json.loads(body), block_id))
    elif isinstance(body, list):
        content["body"] = change(body, block_id)
    return content


def edit_pages(apps, change, pages):
    Revision = apps.get_model("wagtailcore", "Revision")
    TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
    # One id for a page and its translations, as wagtail-localize keeps block ids.
    block_ids = {}
    for page in pages:
        block_id = block_ids.setdefault(page.translation_key, str(uuid.uuid4()))
        page.body = change(list(page.body.raw_data), block_id)
        page.save(update_fields=["body"])
        revision_ids = {page.latest_revision_id, page.live_revision_id} - {None}
        for revision in Revision.objects.filter(pk__in=revision_ids):
            revision.content = edit_serialized(revision.content, change, block_id)
            revision.save(update_fields=["content"])
        for source in TranslationSource.objects.filter(
            object_id=page.translation_key, locale_id=page.locale_id
        ):
            content = edit_serialized(json.loads(source.content_json), change, block_id)
            source.content_json = json.dumps(content, cls=DjangoJSONEncoder)
            source.save(update_fields=["content_json"])


def place_block(apps, schema_editor):
    InformationPage = apps.get_model("home", "InformationPage")
    edit_pages(apps, with_block, InformationPage.objects.filter(slug__in=OPEN_DATA_PAGE_SLUGS))


def remove_block(apps, schema_editor):
    InformationPage = apps.get_model("home", "InformationPage")
    edit_pages(apps, without_block, InformationPage.objects.all())


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_editor_help_texts"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [
        migrations.AlterField(
            model_name="informationpage",
            name="body",
            field=wagtail.fields.StreamField(
                [
                    ("heading", 2),
                    ("paragraph", 3),
                    ("quote", 6),
                    ("image", 11),
                    ("key_figures", 22),
                    ("callout", 25),
                    ("related_report", 28),
                    ("open_data_reference", 29),
                ],
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
                            "features": ["bold", "italic", "link", "document-link", "ol", "ul"],
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
                    6: ("wagtail.blocks.StructBlock", [[("text", 4), ("attribution", 5)]], {}),
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
                        {"help_text": "The date the figure refers to.", "label": "Refers to"},
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
                    22: ("wagtail.blocks.StructBlock", [[("title", 12), ("figures", 21)]], {}),
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
                    28: ("wagtail.blocks.StructBlock", [[("report", 26), ("note", 27)]], {}),
                    29: ("home.blocks.OpenDataReferenceBlock", (), {}),
                },
                help_text="The text of the page: paragraphs, headings and the other blocks.",
                verbose_name="body",
            ),
        ),
        migrations.RunPython(place_block, remove_block),
    ]
