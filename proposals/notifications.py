"""The email that tells the editors a proposal has arrived."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

NOTIFIED_GROUPS = ["Editors", "Moderators"]


def editor_addresses():
    """Active editors and moderators with an address; the site's contact address when
    there is none, so a proposal never goes unnoticed."""
    addresses = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=NOTIFIED_GROUPS)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    return list(addresses) or [settings.SITE_CONTACT_EMAIL]


def notify_editors(proposal):
    """Send the notification, in the site's source language (the editors' own). The text
    part shows what the reader typed as plain text, the HTML part escapes it. Each
    recipient gets a message of their own, over one connection: nobody sees who else
    received it.

    Called by the ``notify_editors_of_proposal`` task (proposals.tasks), never while the
    reader waits. A mail server that fails is logged and the error raised again, so the
    task is recorded as failed; the proposal is stored and listed in the admin all the same.
    Returns the number of messages sent.
    """
    with translation.override(settings.LANGUAGE_CODE):
        admin_url = settings.WAGTAILADMIN_BASE_URL + reverse(
            "story_proposals:inspect", args=[proposal.pk]
        )
        context = {"proposal": proposal, "admin_url": admin_url}
        subject = gettext("Story proposal from %(organisation)s") % {
            "organisation": proposal.organisation
        }
        body = render_to_string("proposals/email/new_proposal.txt", context)
        html_body = render_to_string("proposals/email/new_proposal.html", context)
    messages = []
    for address in editor_addresses():
        message = EmailMultiAlternatives(
            subject=subject, body=body, to=[address], reply_to=[proposal.email]
        )
        message.attach_alternative(html_body, "text/html")
        messages.append(message)
    try:
        sent = get_connection().send_messages(messages)
    except Exception:
        logger.exception("Could not send the notification of story proposal %s", proposal.pk)
        raise
    logger.info("Notification of story proposal %s sent to %d editors", proposal.pk, sent or 0)
    return sent or 0
