"""Admin panels of the story pages."""

from django.utils.functional import cached_property
from django.utils.translation import gettext
from wagtail.admin.panels import FieldPanel


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
