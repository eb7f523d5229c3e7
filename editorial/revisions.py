"""Pruning old revisions (``manage.py prune_revisions``).

Every save and every publish of a page or a snippet stores a revision with the whole object
as JSON (a story's is 10-30 KB); nothing removes them, so they are most of the database's
growth. Wagtail's ``purge_revisions`` deletes every old revision but the latest, one
query at a time, and with them the comments made on them. This keeps, for each object:

- its latest ``keep`` revisions, and every revision newer than ``days`` days;
- its live and latest revisions (a draft newer than the live version included);
- a revision scheduled to go live (``approved_go_live_at``);
- a revision a workflow task was or is about (in moderation, approved or rejected: the
  moderation history stays whole);
- a revision on which an editor's comment was made (deleting it would delete the comment).

What is left goes in batches of a few hundred rows; the log entries naming a pruned
revision stay (Wagtail's history shows them without the link to that version).
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from wagtail.models import Comment, Revision, RevisionMixin, TaskState

DEFAULT_KEEP = 5
DEFAULT_DAYS = 30
BATCH = 500


@dataclass(frozen=True)
class PruneResult:
    deleted: int
    kept: int


def protected_revision_ids():
    """The ids of the revisions that are live, latest, scheduled, moderated or commented."""
    ids = set()
    # The model that holds the pointers: Page for every page type, read once.
    holders = {
        model._meta.get_field("latest_revision").model
        for model in apps.get_models()
        if issubclass(model, RevisionMixin)
    }
    for holder in holders:
        fields = ["latest_revision_id"]
        if any(field.name == "live_revision" for field in holder._meta.fields):
            fields.append("live_revision_id")
        for row in holder._base_manager.values_list(*fields):
            ids.update(pk for pk in row if pk is not None)
    ids.update(
        Revision.objects.filter(approved_go_live_at__isnull=False).values_list("pk", flat=True)
    )
    ids.update(TaskState.objects.values_list("revision_id", flat=True))
    ids.update(Comment.objects.values_list("revision_created_id", flat=True))
    ids.discard(None)
    return ids


def prunable_revision_ids(keep=DEFAULT_KEEP, days=DEFAULT_DAYS, now=None):
    """The ids of the revisions ``prune_revisions`` would delete."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    ranked = Revision.objects.annotate(
        newer_revisions=Window(
            RowNumber(),
            partition_by=[F("base_content_type_id"), F("object_id")],
            order_by=[F("created_at").desc(), F("pk").desc()],
        )
    )
    old = ranked.filter(newer_revisions__gt=keep, created_at__lt=cutoff)
    candidates = set(old.values_list("pk", flat=True))
    return sorted(candidates - protected_revision_ids())


def prune_revisions(keep=DEFAULT_KEEP, days=DEFAULT_DAYS, dry_run=False, progress=None):
    """Delete the old revisions no one needs (see the module's docstring)."""
    ids = prunable_revision_ids(keep=keep, days=days)
    kept = Revision.objects.count() - len(ids)
    if dry_run:
        return PruneResult(deleted=len(ids), kept=kept)
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            # Task states and comments are kept above: this cascades to nothing.
            Revision.objects.filter(pk__in=ids[start : start + BATCH]).delete()
        if progress:
            progress(min(start + BATCH, len(ids)), len(ids))
    return PruneResult(deleted=len(ids), kept=kept)
