"""Admin panels of the story pages."""

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import FieldPanel, InlinePanel


class SectionProgrammePanel(FieldPanel):
    """The story's programme, read-only: it comes from the section the story sits in. A new
    story is not saved in its section yet, so the panel names the section's programme."""

    def __init__(self, field_name="programme", **kwargs):
        kwargs["read_only"] = True
        super().__init__(field_name, **kwargs)

    def format_value_for_display(self, value):
        if value is None:
            return gettext("None yet: the story takes the programme of its section.")
        return super().format_value_for_display(value)

    class BoundPanel(FieldPanel.BoundPanel):
        @cached_property
        def value_from_instance(self):
            value = getattr(self.instance, self.field_name)
            parent = getattr(self.form, "parent_page", None)
            if value is None and parent is not None:
                value = self.instance.programme_of_section(parent.specific)
            return value


class DistinctChildFormSet(BaseChildFormSet):
    """Inline rows that may not name the same page or organisation twice: the second row
    says so in words (Django's own message names the model's fields, "page and
    territory")."""

    distinct_field = None
    duplicate_message = None

    def clean(self):
        seen = set()
        duplicates = False
        for form in self.forms:
            if form in self.deleted_forms or not form.is_valid():
                continue
            value = form.cleaned_data.get(self.distinct_field)
            key = getattr(value, "pk", value)
            if key is None:
                continue
            if key in seen:
                duplicates = True
                form.add_error(self.distinct_field, self.duplicate_message)
            seen.add(key)
        if duplicates:
            raise ValidationError(self.duplicate_message)
        return super().clean()

    def get_unique_error_message(self, unique_check):
        return str(self.duplicate_message)

    def get_form_error(self):
        return str(self.duplicate_message)


class DistinctInlinePanel(InlinePanel):
    """An InlinePanel whose rows may not repeat ``distinct_field``; ``duplicate_message``
    is shown on the repeated row."""

    def __init__(self, relation_name, *args, distinct_field, duplicate_message, **kwargs):
        self.distinct_field = distinct_field
        self.duplicate_message = duplicate_message
        super().__init__(relation_name, *args, **kwargs)

    def clone_kwargs(self):
        return super().clone_kwargs() | {
            "distinct_field": self.distinct_field,
            "duplicate_message": self.duplicate_message,
        }

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = type(
            "DistinctChildFormSet",
            (DistinctChildFormSet,),
            {"distinct_field": self.distinct_field, "duplicate_message": self.duplicate_message},
        )
        return options
