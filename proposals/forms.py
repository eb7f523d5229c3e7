"""The form readers fill in on a ``ProposalPage``."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.names import one_line
from downloads.pdf_checks import NOT_PDF, pdf_problem
from stories.models import ProgrammePage, TerritoryPage
from stories.queries import live_in_locale

from .models.proposals import StoryProposal

SUMMARY_MIN_LENGTH = 100
SUMMARY_MAX_LENGTH = 2000
DOCUMENT_MAX_SIZE = 10 * 1024 * 1024
# The value of the "none of these / another programme" choice.
OTHER_PROGRAMME = "other"
# Name of the honeypot field: people never see it, form-filling robots fill it in.
HONEYPOT_FIELD = "website"


class ProposalForm(forms.ModelForm):
    """Everything typed is kept as plain text; the programme is one of the live programmes
    in the page's language, or "none of these"."""

    programme = forms.ChoiceField(
        label=_("Programme"),
        help_text=_("The programme that funded or supports the project."),
        error_messages={
            "required": _("Choose a programme, or “None of these / another programme”."),
            "invalid_choice": _("Choose one of the programmes in the list."),
        },
    )
    summary = forms.CharField(
        label=_("The story in brief"),
        help_text=_(
            "What the project does, with whom, and what has changed: between 100 and 2,000 "
            "characters."
        ),
        min_length=SUMMARY_MIN_LENGTH,
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": _("Tell the story in a few lines."),
            "min_length": _(
                "Write at least %(limit_value)d characters: so far there are %(show_value)d."
            ),
            "max_length": _(
                "Write at most %(limit_value)d characters: there are %(show_value)d. Shorten "
                "the text; you can attach the rest as a PDF."
            ),
        },
    )
    # Hidden by the "form-trap" class and from assistive technology (see the template).
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = StoryProposal
        fields = ["name", "organisation", "email", "territory", "programme", "summary", "document"]
        labels = {
            "name": _("Your name"),
            "organisation": _("Organisation or network"),
            "email": _("Email address"),
            "territory": _("Territory"),
            "document": _("A document about the project (PDF)"),
        }
        help_texts = {
            "name": "",
            "organisation": _("The organisation that leads the project, or the network's name."),
            "email": _("We use it only to answer your proposal."),
            "territory": _(
                "The city, district or province where the project takes place: choose one "
                "from the suggestions or type another."
            ),
            "document": _("Optional: a presentation or report of the project, up to 10 MB."),
        }
        error_messages = {
            "name": {"required": _("Enter your name.")},
            "organisation": {"required": _("Enter the name of your organisation or network.")},
            "email": {
                "required": _("Enter your email address."),
                "invalid": _("Enter an email address like name@example.org."),
            },
            "territory": {"required": _("Enter the territory where the project takes place.")},
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "territory": forms.TextInput(
                attrs={"autocomplete": "address-level2", "list": "proposal-territories"}
            ),
            "document": forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        }

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.programmes = {
            str(programme.pk): programme
            for programme in live_in_locale(ProgrammePage, page.locale_id).order_by("title")
        }
        self.fields["programme"].choices = [
            ("", _("Choose a programme")),
            *((pk, programme.title) for pk, programme in self.programmes.items()),
            (OTHER_PROGRAMME, _("None of these / another programme")),
        ]
        # A browser would silently cut pasted text at maxlength: the server says so instead.
        self.fields["summary"].widget.attrs.pop("maxlength", None)
        # The model field's max_length (100) bounds the stored name, which is a short random
        # one (proposal_document_path): the reader's own file name may be as long as it is.
        self.fields["document"].max_length = None
        self.fields["document"].error_messages |= {
            "invalid": _("The file could not be read. Choose it again."),
            "empty": _("The file is empty. Choose another one."),
        }

    def territory_suggestions(self):
        """Names of the territories the site knows, for the field's <datalist>."""
        return (
            live_in_locale(TerritoryPage, self.page.locale_id)
            .order_by("title")
            .values_list("title", flat=True)
        )

    def is_spam(self):
        """True when the honeypot field was filled in: only a robot sees it."""
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())

    # Names typed or pasted with line breaks become one line: the name goes into an email
    # subject, where a line break is not allowed.
    def clean_name(self):
        return one_line(self.cleaned_data["name"])

    def clean_organisation(self):
        return one_line(self.cleaned_data["organisation"])

    def clean_territory(self):
        return one_line(self.cleaned_data["territory"])

    def clean_programme(self):
        value = self.cleaned_data["programme"]
        return None if value == OTHER_PROGRAMME else self.programmes[value]

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if not isinstance(document, UploadedFile):
            return document
        if document.size > DOCUMENT_MAX_SIZE:
            raise forms.ValidationError(
                _("The file is %(size)s: the limit is %(limit)s. Send a lighter PDF."),
                code="too_large",
                params={
                    "size": filesizeformat(document.size),
                    "limit": filesizeformat(DOCUMENT_MAX_SIZE),
                },
            )
        problem = pdf_problem(document)
        if problem is None:
            return document
        if problem.code == NOT_PDF:
            raise forms.ValidationError(
                _("This file is not a PDF. Export it as PDF and choose it again."),
                code="not_pdf",
            )
        # JavaScript, automatic actions, embedded files, a polyglot, a damaged file.
        raise forms.ValidationError(problem.message, code=problem.code)

    def save(self, commit=True):
        proposal = super().save(commit=False)
        proposal.page = self.page
        proposal.language = self.page.locale.language_code
        if commit:
            proposal.save()
        return proposal
