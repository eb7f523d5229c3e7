"""Site-wide error views."""

from django.shortcuts import render
from django.utils import translation


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token (an expired or blocked cookie, a page kept
    open for days): the proposal form comes back with what the reader typed, any other
    form gets a readable page; never Django's technical one."""
    from proposals.models import ProposalPage
    from proposals.views import render_session_expired

    language = translation.get_language_from_path(request.path_info)
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language
    if request.method == "POST":
        for page in ProposalPage.objects.live().public():
            if page.url == request.path:
                return render_session_expired(page.specific, request)
    return render(request, "403_csrf.html", status=403)
