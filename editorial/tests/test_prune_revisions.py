"""``manage.py prune_revisions``: old revisions go, the ones anything needs stay."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext
from wagtail.models import Comment, Revision

from editorial.revisions import prunable_revision_ids
from stories.models import StoryPage

pytestmark = pytest.mark.django_db


def test_old_revisions_are_pruned_and_the_needed_ones_kept(admin_user):
    story = StoryPage.objects.live().filter(locale__language_code="it").first()
    live = story.live_revision
    long_ago = timezone.now() - datetime.timedelta(days=100)
    # Seven drafts after the live version: the oldest three are scheduled, commented and
    # plain; the latest revision is the last one.
    drafts = [story.save_revision(user=admin_user) for _ in range(7)]
    scheduled, commented, plain = drafts[:3]
    Revision.objects.filter(pk=scheduled.pk).update(approved_go_live_at=timezone.now())
    Comment.objects.create(
        page=story, user=admin_user, text="?", contentpath="title", revision_created=commented
    )
    everything = Revision.objects.filter(object_id=str(story.pk))
    everything.update(created_at=long_ago)
    recent = drafts[3]
    Revision.objects.filter(pk=recent.pk).update(created_at=timezone.now())

    # Keeping 2: drafts[5] and drafts[6] by rank, drafts[3] by date, the live, scheduled
    # and commented ones; drafts[4], plain and any older revision of the story go.
    prunable = set(prunable_revision_ids(keep=2, days=30))
    mine = set(everything.values_list("pk", flat=True))
    kept = {live.pk, scheduled.pk, commented.pk, recent.pk, drafts[5].pk, drafts[6].pk}
    assert mine & prunable == mine - kept
    assert {plain.pk, drafts[4].pk} <= prunable

    out = StringIO()
    with translation.override("it"):
        call_command("prune_revisions", "--keep=2", "--days=30", stdout=out, stderr=StringIO())
        expected = gettext("%(deleted)s revisions deleted, %(kept)s kept.") % {
            "deleted": len(prunable),
            "kept": Revision.objects.count(),
        }
    assert out.getvalue().strip() == expected
    assert set(everything.values_list("pk", flat=True)) == kept
    story.refresh_from_db()
    assert story.live_revision_id == live.pk
    assert story.latest_revision_id == drafts[6].pk
    assert Comment.objects.filter(revision_created=commented).exists()
    with pytest.raises(CommandError):
        call_command("prune_revisions", "--keep=0", stdout=StringIO())
