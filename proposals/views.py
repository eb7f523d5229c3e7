"""The routes of a ``ProposalPage``: the form (GET shows it, POST sends it) and the
thank-you page a sent proposal redirects to."""

import logging

from django.conf import settings
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext

from . import ratelimit
from .forms import ProposalForm
from .tasks import notify_editors_of_proposal

logger = logging.getLogger(__name__)

FORM_TEMPLATE = "proposals/proposal_page.html"
RATE_LIMITED_TEMPLATE = "proposals/proposal_page_rate_limited.html"
THANKS_TEMPLATE = "proposals/proposal_page_thanks.html"
SESSION_EXPIRED_TEMPLATE = "proposals/proposal_page_session_expired.html"


def proposal_form(page, request):
    """Show the form, or take a proposal.

    Answers: 200 with the empty form; 302 to the thank-you page once a proposal is stored
    (and also, saying nothing, when the honeypot field is filled in: a robot learns
    nothing); 400 with the form, what was typed and a message per field when something is
    missing or wrong; 429 with the form and what was typed when this address has sent too
    many proposals in the last hour. None of them may be kept by a shared cache: the form
    carries the reader's CSRF token, and the error pages what they typed.
    """
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    if request.method != "POST":
        return render_form(page, request, ProposalForm(page=page))

    form = ProposalForm(request.POST, request.FILES, page=page)
    if ratelimit.limit_reached(request):
        form.is_valid()  # the reader sees what else to fix before sending it again
        response = render_form(page, request, form, status=429, template=RATE_LIMITED_TEMPLATE)
        response["Retry-After"] = str(ratelimit.WINDOW_SECONDS)
        return response
    if form.is_spam():
        ratelimit.count_proposal(request)
        logger.info("Story proposal dropped: the honeypot field was filled in.")
        return HttpResponseRedirect(page.thanks_url(request))
    if not form.is_valid():
        return render_form(page, request, form, status=400)
    proposal = form.save()
    ratelimit.count_proposal(request)
    # Queued: the worker sends the e-mail, so a slow mail server never holds the reader.
    notify_editors_of_proposal.enqueue(proposal.pk)
    return HttpResponseRedirect(page.thanks_url(request))


def render_form(page, request, form, status=200, template=FORM_TEMPLATE):
    context = {
        "form": form,
        "limit_per_hour": ratelimit.PROPOSALS_PER_WINDOW,
        "contact_email": settings.SITE_CONTACT_EMAIL,
        "has_errors": status >= 400,
    }
    if form.is_bound and request.FILES.get("document") and "document" not in form.errors:
        # A browser never shows a chosen file again: say so (a refused file has its message).
        context["document_note"] = gettext(
            "Choose the PDF again: browsers do not keep a chosen file when a form comes back."
        )
    response = page.render(request, template=template, context_overrides=context)
    response.status_code = status
    add_never_cache_headers(response)
    return response


def render_session_expired(page, request):
    """The form sent without a valid CSRF token (settings.CSRF_FAILURE_VIEW): shown again
    with what was typed and a fresh token, nothing stored."""
    form = ProposalForm(request.POST, request.FILES, page=page)
    form.is_valid()
    return render_form(page, request, form, status=403, template=SESSION_EXPIRED_TEMPLATE)


def thanks(page, request):
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return page.render(request, template=THANKS_TEMPLATE)
