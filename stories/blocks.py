"""StreamField blocks for programme and story pages.

Each block offered in a block picker has a description and a preview: a realistic value,
rendered with the site's own block template and stylesheet
(templates/wagtailcore/shared/block_preview.html). Preview texts are built when the
preview is asked for, so they follow the editor's admin language."""

import datetime
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Locale

from .indicators import indicator_chart

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
        choices=UNIT_CHOICES,
        default="none",
        label=_("Unit"),
        search_index=False,
        help_text=_("What the number counts; readers see it after the number."),
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
        help_text = _("A number, what it measures, its source and the date it refers to.")
        description = _("One figure with what it measures, its source and its date.")

    def get_preview_value(self):
        return self.normalize(
            {
                "label": gettext("People living in the province of Cremona (approx.)"),
                "value": Decimal("362000"),
                "unit": "inhabitants",
                "reference_date": datetime.date(2014, 12, 31),
                "source_name": gettext("Wel(l)FARE legami project page"),
            }
        )


class KeyFiguresBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        required=False,
        max_length=120,
        label=_("Title"),
        help_text=_("Optional, e.g. 'The project in numbers'."),
    )
    figures = blocks.ListBlock(
        KeyFigureBlock(),
        min_num=1,
        label=_("Figures"),
        help_text=_("One or more figures, each with its own source and date."),
    )

    class Meta:
        icon = "table"
        label = _("Key figures")
        template = "components/blocks/key_figures.html"
        help_text = _("A box of figures inside the text, e.g. the numbers of one edition.")
        description = _("A group of figures, each with its source and date.")

    def get_preview_value(self):
        source = gettext("Fondazione Cariplo, third call of Welfare in Azione")
        as_of = datetime.date(2016, 4, 28)
        return self.normalize(
            {
                "title": gettext("Welfare in Azione in numbers"),
                "figures": [
                    {
                        "label": gettext("Project ideas sent in the first two editions"),
                        "value": Decimal("115"),
                        "unit": "ideas",
                        "reference_date": as_of,
                        "source_name": source,
                    },
                    {
                        "label": gettext("Projects started in the first two editions"),
                        "value": Decimal("18"),
                        "unit": "projects",
                        "reference_date": as_of,
                        "source_name": source,
                    },
                    {
                        "label": gettext("Resources gathered locally"),
                        "value": Decimal("45000000"),
                        "unit": "eur",
                        "reference_date": as_of,
                        "source_name": source,
                    },
                ],
            }
        )


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(
        max_length=150,
        label=_("Heading"),
        help_text=_("A few words, e.g. 'How the network works'. No two headings alike."),
    )
    level = blocks.ChoiceBlock(
        search_index=False,
        choices=[("h2", _("Section")), ("h3", _("Subsection"))],
        default="h2",
        label=_("Level"),
        help_text=_("Section for a main part; subsection for a part inside a section."),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "components/blocks/heading.html"
        help_text = _("Opens a section; readers find it in the table of contents.")
        description = _("A section title, listed in the story's table of contents.")

    def get_preview_value(self):
        return self.normalize({"text": gettext("How the Cremona network works"), "level": "h2"})


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(
        label=_("Quote"), help_text=_("The exact words, without quotation marks.")
    )
    attribution = blocks.CharBlock(
        required=False,
        max_length=200,
        label=_("Who said it"),
        help_text=_("Name and role, e.g. 'Anna Bianchi, social worker'."),
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "components/blocks/quote.html"
        help_text = _("Words someone said, quoted as they were said.")
        description = _("A quotation set apart from the text, with who said it.")

    def get_preview_value(self):
        return self.normalize(
            {
                "text": gettext(
                    "We stopped asking what people lack and started asking what they can "
                    "bring to their neighbourhood."
                ),
                "attribution": gettext("A community worker of the Cremona network"),
            }
        )


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(
        label=_("Image"), help_text=_("A photo at least 960 pixels wide, without text on it.")
    )
    alt_text = blocks.CharBlock(
        max_length=250,
        label=_("Alternative text"),
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = blocks.CharBlock(
        required=False,
        max_length=250,
        label=_("Caption"),
        help_text=_("One line on what the photo shows, where and when."),
    )
    credit = blocks.CharBlock(
        required=False,
        max_length=150,
        label=_("Credit"),
        help_text=_("Who took the photo, e.g. 'Photo: Comune di Cremona'."),
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/blocks/image.html"
        help_text = _("A photo inside the text, with its description, caption and credit.")
        description = _("A photo across the text, with caption and credit.")

    def get_preview_value(self):
        # The latest image of the library, so the preview shows a real picture.
        return self.normalize(
            {
                "image": get_image_model().objects.order_by("-created_at").first(),
                "alt_text": gettext("Residents and volunteers around a table at a community lab"),
                "caption": gettext("A community lab in a neighbourhood of Cremona."),
                "credit": gettext("Photo: Wel(l)FARE legami"),
            }
        )


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        max_length=120, label=_("Title"), help_text=_("A few words, e.g. 'How to take part'.")
    )
    text = blocks.RichTextBlock(
        features=["bold", "italic", "link"],
        label=_("Text"),
        help_text=_("Two or three sentences at most."),
    )

    class Meta:
        icon = "help"
        label = _("Call-out")
        template = "components/blocks/callout.html"
        help_text = _("A highlighted box for something readers should not miss.")
        description = _("A coloured box that makes one point stand out.")

    def get_preview_value(self):
        return self.normalize(
            {
                "title": gettext("How to take part"),
                "text": gettext(
                    "<p>Public-private networks could send their project ideas for the third "
                    "edition until <b>28 April 2016 at 18:00</b>.</p>"
                ),
            }
        )


class RelatedReportBlock(blocks.StructBlock):
    report = blocks.PageChooserBlock(
        page_type="stories.ReportPage",
        label=_("Report"),
        help_text=_("Choose the report page; readers in English get its translation."),
    )
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
        help_text = _("Points readers to one of the reports published on this site.")
        description = _("A link to one of the site's reports, with a note on why to read it.")

    def get_preview_value(self):
        # By label: the models use these blocks.
        report = (
            apps.get_model("stories.ReportPage")
            .objects.live()
            .public()
            .filter(locale=Locale.get_active())
            .order_by("-publication_date")
            .first()
        )
        return self.normalize(
            {
                "report": report,
                "note": gettext("What the projects left behind in their territories."),
            }
        )


class ActionLineBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        max_length=120,
        label=_("Action line"),
        help_text=_("Its name, e.g. 'Community labs'."),
    )
    description = blocks.TextBlock(
        label=_("What it does"), help_text=_("One or two sentences: who takes part and what for.")
    )

    class Meta:
        icon = "list-ul"
        label = _("Action line")
        help_text = _("One line of work of the project.")
        description = _("A line of work of the project: its name and what it does.")
        # The story lists action lines itself; the preview shows one the same way.
        preview_template = "components/blocks/previews/action_line.html"

    def get_preview_value(self):
        return self.normalize(
            {
                "title": gettext("Community labs"),
                "description": gettext(
                    "Residents of a neighbourhood, a town or a workplace meet to design "
                    "answers to the needs they see around them."
                ),
            }
        )


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        description = _("Running text, with bold, italic, links and lists.")

    def get_preview_value(self):
        return self.normalize(
            gettext(
                "<p>In the province of Cremona, 115 municipalities formed one network: whoever "
                "receives help signs a <b>reciprocity pact</b> and gives some time back to the "
                "community.</p>"
            )
        )


class StoryBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock(
        features=RICH_TEXT_FEATURES,
        label=_("Paragraph"),
        icon="pilcrow",
        help_text=_("Short paragraphs read best: three or four sentences each."),
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


# --- Results over time --------------------------------------------------------------------
# An indicator follows one result of the project over time, as in Akvo RSR's results
# framework: where it started (baseline), where it aims (target) and the values measured on
# the way, each with its source. Names and sources are translated; numbers, dates and links
# stay those of the source language.

# Bounds of a value: large enough for any budget, small enough to draw and export exactly.
INDICATOR_MAX_DIGITS = 14
INDICATOR_DECIMAL_PLACES = 2
INDICATOR_LIMIT = Decimal("999999999999.99")


def _indicator_number(label, help_text, required=True):
    return blocks.DecimalBlock(
        required=required,
        label=label,
        max_digits=INDICATOR_MAX_DIGITS,
        decimal_places=INDICATOR_DECIMAL_PLACES,
        min_value=-INDICATOR_LIMIT,
        max_value=INDICATOR_LIMIT,
        help_text=help_text,
    )


class IndicatorValueBlock(blocks.StructBlock):
    date = blocks.DateBlock(label=_("Measured on"), help_text=_("The date the value refers to."))
    value = _indicator_number(_("Value"), _("A plain number, e.g. 18 or 1500000."))
    source_name = blocks.CharBlock(
        max_length=200,
        label=_("Source"),
        help_text=_("The document or body that published the value."),
    )
    source_url = blocks.URLBlock(
        required=False, label=_("Source link"), help_text=_("Link to the source, if it is online.")
    )

    class Meta:
        icon = "date"
        label = _("Measured value")
        help_text = _("A value measured on a date, with the source that published it.")


class IndicatorBlock(blocks.StructBlock):
    name = blocks.CharBlock(
        max_length=120,
        label=_("What it measures"),
        help_text=_("E.g. 'Families with a reciprocity pact'."),
    )
    unit = blocks.ChoiceBlock(
        choices=UNIT_CHOICES,
        default="none",
        label=_("Unit"),
        search_index=False,
        help_text=_("What the numbers count; readers see it after each number."),
    )
    baseline_value = _indicator_number(
        _("Baseline"), _("The value before the project, if known."), required=False
    )
    baseline_date = blocks.DateBlock(
        required=False, label=_("Baseline date"), help_text=_("When the baseline was measured.")
    )
    target_value = _indicator_number(
        _("Target"), _("The value the project aims at, if it set one."), required=False
    )
    target_date = blocks.DateBlock(
        required=False, label=_("Target date"), help_text=_("When the target should be reached.")
    )
    values = blocks.ListBlock(
        IndicatorValueBlock(),
        min_num=1,
        label=_("Measured values"),
        help_text=_("From the oldest to the newest, each with its source."),
    )

    class Meta:
        icon = "chart"
        label = _("Indicator")
        help_text = _(
            "A result followed over time: baseline, target and the values measured on the way."
        )
        description = _("A result over time, drawn as a small chart with a table.")
        # The story draws its indicators itself (with ids of their own); so does the preview.
        preview_template = "components/blocks/previews/indicator.html"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        for point in ("baseline", "target"):
            number, date = value.get(f"{point}_value"), value.get(f"{point}_date")
            if (number is None) != (date is None):
                missing = f"{point}_date" if date is None else f"{point}_value"
                errors[missing] = ValidationError(
                    _("Give both the value and its date, or neither.")
                )
        dates = [item["date"] for item in value["values"]]
        value_errors = {}
        for index in range(1, len(dates)):
            if dates[index] <= dates[index - 1]:
                value_errors[index] = StructBlockValidationError(
                    block_errors={
                        "date": ValidationError(
                            _("Each value comes after the one before it: put them in date order.")
                        )
                    }
                )
        if value_errors:
            errors["values"] = ListBlockValidationError(block_errors=value_errors)
        baseline_date, target_date = value.get("baseline_date"), value.get("target_date")
        if baseline_date and dates and baseline_date > dates[0] and "baseline_date" not in errors:
            errors["baseline_date"] = ValidationError(
                _("The baseline comes before the first measured value.")
            )
        if baseline_date and target_date and target_date <= baseline_date:
            errors.setdefault(
                "target_date", ValidationError(_("The target date comes after the baseline."))
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value

    def get_preview_value(self):
        # Welfare in Azione's projects, as its sources count them.
        return self.normalize(
            {
                "name": gettext("Projects supported by Welfare in Azione"),
                "unit": "projects",
                "baseline_value": Decimal("0"),
                "baseline_date": datetime.date(2014, 12, 31),
                "values": [
                    {
                        "date": datetime.date(2016, 4, 28),
                        "value": Decimal("18"),
                        "source_name": gettext(
                            "Fondazione Cariplo, third call of Welfare in Azione"
                        ),
                    },
                    {
                        "date": datetime.date(2018, 12, 31),
                        "value": Decimal("37"),
                        "source_name": gettext(
                            "Lombardia Sociale, research on the projects' legacy"
                        ),
                    },
                ],
            }
        )

    def get_preview_context(self, value, parent_context=None):
        context = super().get_preview_context(value, parent_context)
        context["chart"] = indicator_chart(value, "chart-indicator-preview")
        return context


class IndicatorStreamBlock(blocks.StreamBlock):
    indicator = IndicatorBlock()
