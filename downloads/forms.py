from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

# Where a PDF's header and end-of-file marker may sit: the header must open the file
# (some writers put a few bytes before it), the marker closes it, maybe with a newline.
HEADER_WINDOW = 1024
TRAILER_WINDOW = 1024


def looks_like_pdf(file):
    """True when the content is a PDF, whatever the file is called."""
    file.seek(0)
    head = file.read(HEADER_WINDOW)
    file.seek(0, 2)
    size = file.tell()
    file.seek(max(size - TRAILER_WINDOW, 0))
    tail = file.read()
    file.seek(0)
    return b"%PDF-" in head and b"%%EOF" in tail


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
