"""Reading a document's PDF once, when it is uploaded or replaced: its number of pages and
cover picture (``DocumentDetails``, for the reports listing) and the text of each page
(``DocumentPageText``, for the search inside the reports).

``describe_document`` runs in the task ``downloads.tasks.describe_pdf``, which every save of
a document queues once its transaction commits (the worker in production, at once in
development and tests), and in ``manage.py describe_pdfs``. Nothing is read while a reader
waits: the listing and the search use only what was stored here.

A file PDFium cannot open is logged and stored as unreadable (no cover, no page count, no
text): the listing then offers the download without them. Which texts readers may find is
decided when searching (``search.reports``): only those of files offered by live public
reports, never of a restricted one.
"""

import logging

from django.core.files.base import ContentFile
from django.db import transaction

from core.cache import bump_content_version

from .models import DocumentDetails, DocumentPageText
from .pdf_reading import UnreadablePdf, read_pdf
from .signals import page_texts_written

logger = logging.getLogger(__name__)


def source_of(document):
    """What identifies the file a document has now."""
    return (document.file_hash or document.file.name)[:255]


def is_described(document):
    return DocumentDetails.objects.filter(document=document, source=source_of(document)).exists()


def _read_file(document):
    try:
        with document.open_file() as file:
            return file.read()
    except (OSError, ValueError) as error:
        logger.warning("Document %s: its file could not be opened: %s", document.pk, error)
        return None


def describe_document(document, force=False):
    """Read ``document``'s file and store what it holds, unless that file was read already
    (``force`` reads it again). Returns the ``DocumentDetails``, or None when the file is
    missing."""
    details = DocumentDetails.objects.filter(document=document).first()
    source = source_of(document)
    if details is not None and details.source == source and not force:
        return details
    data = _read_file(document)
    if data is None:
        return None
    try:
        reading = read_pdf(data)
    except UnreadablePdf as error:
        logger.warning("Document %s (%s) is not a readable PDF: %s", document.pk, source, error)
        reading = None
    old_cover = details.cover.name if details is not None and details.cover else ""
    details = details or DocumentDetails(document=document)
    details.source = source
    details.page_count = reading.page_count if reading else None
    details.cover = ""
    details.cover_width = details.cover_height = None
    with transaction.atomic():
        if reading is not None and reading.cover:
            details.cover.save("cover.webp", ContentFile(reading.cover), save=False)
            details.cover_width, details.cover_height = reading.cover_size
        details.save()
        DocumentPageText.objects.filter(document=document).delete()
        if reading is not None:
            DocumentPageText.objects.bulk_create(
                DocumentPageText(document=document, page_number=number, text=text)
                for number, text in enumerate(reading.page_texts, 1)
                if text
            )
        page_texts_written.send(sender=DocumentPageText, document=document)
        if old_cover:
            storage = details.cover.storage
            transaction.on_commit(lambda: storage.delete(old_cover))
        # The listing and the search show what was read.
        bump_content_version()
    return details


def delete_cover_file(instance, **kwargs):
    """post_delete receiver of DocumentDetails (a document deleted takes its details)."""
    if instance.cover:
        name, storage = instance.cover.name, instance.cover.storage
        transaction.on_commit(lambda: storage.delete(name))
