from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from .pdf_checks import looks_like_pdf


class PDFDocumentForm(BaseDocumentForm):
    """Documents (the files of reports) must be PDF files, checked by their content: a
    renamed word-processor file or image is refused with a message."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if isinstance(file, UploadedFile) and not looks_like_pdf(file):
            raise forms.ValidationError(
                _("This file is not a PDF. Export it as PDF and upload it again."),
                code="not_pdf",
            )
        return file
