"""Signals of the downloads app, for the apps above it."""

from django.dispatch import Signal

# Sent by ``describe.describe_document`` once a document's page texts are written, inside
# the same transaction, with ``document``: the search inside the reports indexes them.
page_texts_written = Signal()
