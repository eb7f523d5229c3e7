from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .status import SOURCE_PAGE_MODELS, TranslationStatus


def page_type_choices():
    return [("", _("All types"))] + [
        (key, capfirst(model._meta.verbose_name)) for key, model in SOURCE_PAGE_MODELS.items()
    ]


class TranslationFilterForm(forms.Form):
    """Filters of the dashboard, read from the query string; every field is optional."""

    page_type = forms.ChoiceField(
        label=_("Page type"),
        required=False,
        choices=page_type_choices,
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not a page type of this dashboard: choose one from the list."
            )
        },
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses"))] + TranslationStatus.choices,
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not a translation status: choose one from the list."
            )
        },
    )

    live_incomplete = forms.BooleanField(
        label=_("Only live pages not fully translated"),
        help_text=_("English pages readers can see with parts still in Italian."),
        required=False,
    )

    def clean_live_incomplete(self):
        # A ticked checkbox sends "on"; any other word would silently read as ticked.
        raw = self.data.get("live_incomplete", "")
        if raw.lower() not in {"", "on", "true", "1", "false", "0"}:
            raise forms.ValidationError(
                _("“%(value)s” is not a value of this filter: tick the box or leave it."),
                params={"value": raw},
            )
        return self.cleaned_data["live_incomplete"]

    def selected_page_types(self):
        """Keys of ``SOURCE_PAGE_MODELS`` to list; None for all of them."""
        page_type = self.cleaned_data["page_type"]
        return [page_type] if page_type else None
