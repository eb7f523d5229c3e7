"""Work done after a proposal is stored, by the worker (``manage.py run_worker``) in
production and at once in development and tests (settings.TASKS)."""

import logging

from django_tasks import task

from .models.proposals import StoryProposal
from .notifications import notify_editors

logger = logging.getLogger(__name__)


@task()
def notify_editors_of_proposal(proposal_id):
    """E-mail the editors about a proposal. Run by the worker, so a slow or unreachable
    mail server never keeps the reader waiting; a failure marks the task failed, with its
    traceback, in the task results and the log."""
    proposal = StoryProposal.objects.filter(pk=proposal_id).first()
    if proposal is None:
        logger.info("Story proposal %s was deleted before its notification was sent", proposal_id)
        return 0
    return notify_editors(proposal)
