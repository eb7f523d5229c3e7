"""StreamField blocks for programme and story pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

UNIT_CHOICES = [
    ("eur", _("euro")),
    ("projects", _("projects")),
    ("ideas", _("project ideas")),
    ("cities", _("cities")),
    ("municipalities", _("municipalities")),
    ("inhabitants", _("inhabitants")),
    ("years", _("years")),
    ("partners", _("partners")),
    ("none", _("no unit")),
]

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class KeyFigureBlock(blocks.StructBlock):
    """A figure is never shown without where it comes from and when it refers to."""

    label = blocks.CharBlock(
        max_length=120,
        label=_("What it measures"),
        help_text=_("E.g. 'Local resources drawn'."),
    )
    value = blocks.DecimalBlock(
        label=_("Value"), decimal_places=2, help_text=_("A plain number, e.g. 1500000.")
    )
    # Choice labels are admin words, in the admin's language: kept out of the search text.
    unit = blocks.ChoiceBlock(
        choices=UNIT_CHOICES, default="none", label=_("Unit"), search_index=False
    )
    reference_date = blocks.DateBlock(
        label=_("Refers to"), help_text=_("The date the figure refers to.")
    )
    source_name = blocks.CharBlock(
        max_length=200,
        label=_("Source"),
        help_text=_("The document or body that published the figure."),
    )
    source_url = blocks.URLBlock(
        required=False,
        label=_("Source link"),
        help_text=_("Link to the source, if it is online."),
    )
    source_page = blocks.PageChooserBlock(
        required=False,
        page_type="stories.ReportPage",
        label=_("Source report on this site"),
        help_text=_("Choose the report when the figure comes from one of ours."),
    )

    class Meta:
        icon = "order"
        label = _("Key figure")
        template = "components/key_figure.html"


class KeyFiguresBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, max_length=120, label=_("Title"))
    figures = blocks.ListBlock(KeyFigureBlock(), min_num=1, label=_("Figures"))

    class Meta:
        icon = "table"
        label = _("Key figures")
        template = "components/blocks/key_figures.html"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=150, label=_("Heading"))
    level = blocks.ChoiceBlock(
        search_index=False,
        choices=[("h2", _("Section")), ("h3", _("Subsection"))],
        default="h2",
        label=_("Level"),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "components/blocks/heading.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, max_length=200, label=_("Who said it"))

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "components/blocks/quote.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        max_length=250,
        label=_("Alternative text"),
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = blocks.CharBlock(required=False, max_length=250, label=_("Caption"))
    credit = blocks.CharBlock(required=False, max_length=150, label=_("Credit"))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/blocks/image.html"


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, label=_("Title"))
    text = blocks.RichTextBlock(features=["bold", "italic", "link"], label=_("Text"))

    class Meta:
        icon = "help"
        label = _("Call-out")
        template = "components/blocks/callout.html"


class RelatedReportBlock(blocks.StructBlock):
    report = blocks.PageChooserBlock(page_type="stories.ReportPage", label=_("Report"))
    note = blocks.CharBlock(
        required=False,
        max_length=200,
        label=_("Why read it"),
        help_text=_("One short line."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Related report")
        template = "components/blocks/related_report.html"


class ActionLineBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, label=_("Action line"))
    description = blocks.TextBlock(label=_("What it does"))

    class Meta:
        icon = "list-ul"
        label = _("Action line")


class StoryBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, label=_("Paragraph"), icon="pilcrow"
    )
    quote = QuoteBlock()
    image = CaptionedImageBlock()
    key_figures = KeyFiguresBlock()
    callout = CalloutBlock()
    related_report = RelatedReportBlock()


class KeyFigureStreamBlock(blocks.StreamBlock):
    figure = KeyFigureBlock()


class ActionLineStreamBlock(blocks.StreamBlock):
    action_line = ActionLineBlock()
