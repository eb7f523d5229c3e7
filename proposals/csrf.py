"""``CSRF_FAILURE_VIEW``: a form sent without a valid CSRF token (an expired or blocked cookie,
a page kept open for days). The proposal form is the only public form that sends more than a
search, so its page comes back with what the reader typed; any other form gets a readable
page, never Django's technical one."""

from django.shortcuts import render
from django.utils import translation

from .models import ProposalPage
from .views import render_session_expired


def csrf_failure(request, reason=""):
    language = translation.get_language_from_path(request.path_info)
    if language:
        translation.activate(language)
        request.LANGUAGE_CODE = language
    if request.method == "POST":
        for page in ProposalPage.objects.live().public():
            if page.url == request.path:
                return render_session_expired(page.specific, request)
    return render(request, "403_csrf.html", status=403)
