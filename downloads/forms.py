from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from .pdf_checks import NOT_PDF, pdf_problem


class PDFDocumentForm(BaseDocumentForm):
    """Documents (the files of reports) must be PDF files, checked by their content: a
    renamed word-processor file or image is refused with a message, and so is a PDF with
    JavaScript, automatic actions or embedded files, or one that is also a web page
    (``downloads.pdf_checks``). Wagtail's add, replace, multiple-upload and chooser-upload
    views all use this form (WAGTAILDOCS_DOCUMENT_FORM_BASE)."""

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if not isinstance(file, UploadedFile):
            return file
        problem = pdf_problem(file)
        if problem is None:
            return file
        if problem.code == NOT_PDF:
            raise forms.ValidationError(
                _("This file is not a PDF. Export it as PDF and upload it again."),
                code="not_pdf",
            )
        raise forms.ValidationError(problem.message, code=problem.code)
