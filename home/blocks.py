"""The body of an information page: the story body's blocks, and the open data reference."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from stories.blocks import StoryBodyBlock


class OpenDataReferenceBlock(blocks.StaticBlock):
    """Where an information page shows the open data's downloads, API and field table.
    Editors place it; the opendata app writes it from the code that makes the files (its
    template loads opendata's tag, so this app imports nothing from the app above it)."""

    class Meta:
        icon = "table"
        label = _("Open data reference")
        admin_text = _(
            "Here readers find the links to the open data files and the API, and the table "
            "of the files' fields, always as the site writes them. Nothing to fill in."
        )
        description = _("The downloads, the API and the field table of the open data.")
        template = "components/blocks/open_data_reference.html"
        preview_value = None


class InformationBodyBlock(StoryBodyBlock):
    open_data_reference = OpenDataReferenceBlock()

    class Meta:
        # Its headings and table carry fixed ids: one per page.
        block_counts = {"open_data_reference": {"max_num": 1}}
