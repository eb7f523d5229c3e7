"""Work done after a document is saved, by the worker (``manage.py run_worker``) in
production and at once in development and tests (settings.TASKS)."""

from django.db import transaction
from django_tasks import task
from wagtail.documents import get_document_model

from .describe import describe_document


@task()
def describe_pdf(document_id):
    """Read the PDF of a document just uploaded or replaced (``downloads.describe``).
    Returns its number of pages (None when unreadable or gone)."""
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return None
    details = describe_document(document)
    return details.page_count if details is not None else None


def queue_description(instance, update_fields=None, **kwargs):
    """post_save receiver of the document model: a new or replaced file is read once the
    save is committed. Saves of other fields only (Wagtail fills in a missing size or hash
    that way) are left alone."""
    if update_fields is not None and "file" not in update_fields:
        return
    document_id = instance.pk
    transaction.on_commit(lambda: describe_pdf.enqueue(document_id))
