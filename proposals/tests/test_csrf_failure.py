"""A form sent with an expired or missing CSRF token: a readable 403, and the proposal form
comes back with what the reader typed (settings.CSRF_FAILURE_VIEW)."""

import pytest
from django.test import Client

from proposals.models import ProposalPage, StoryProposal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "title"), [("it", "Il modulo era scaduto"), ("en", "The form had expired")]
)
def test_an_expired_proposal_form_comes_back_with_what_was_typed(language, title):
    page = ProposalPage.objects.live().get(locale__language_code=language)
    summary = "Una rete di quartiere <b>accompagna</b> le famiglie nei primi mille giorni."
    response = Client(enforce_csrf_checks=True).post(
        page.url,
        {"name": "Giulia Rossi", "email": "giulia@example.org", "summary": summary},
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert title in html
    assert 'value="Giulia Rossi"' in html
    assert "Una rete di quartiere &lt;b&gt;accompagna&lt;/b&gt;" in html
    # A fresh token, so sending again works.
    assert 'name="csrfmiddlewaretoken"' in html
    assert "csrftoken" in response.cookies
    assert StoryProposal.objects.count() == 0


def test_other_forms_get_a_readable_page_in_their_language():
    response = Client(enforce_csrf_checks=True).post("/en/stories/", {"q": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "The form has expired" in html
