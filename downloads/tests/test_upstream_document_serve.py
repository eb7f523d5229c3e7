"""downloads.views.serve_document takes over Wagtail's /documents/<id>/<name> address and
repeats the first steps of Wagtail's own view (docs/upstream.md). These tests run both
views on the same requests, so an upgrade that changes what Wagtail does before serving a
file (its checks, its hooks, its signal) fails here, and pin the view's source so that any
other change to it is re-read."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.urls import resolve, reverse
from wagtail import hooks
from wagtail import wagtail_hooks as wagtail_core_hooks
from wagtail.documents.models import document_served
from wagtail.documents.views.serve import serve as wagtail_serve
from wagtail.models import Collection, CollectionViewRestriction

from downloads.views import serve_document
from stories.models import ReportPage
from tests.upstream import assert_unchanged

pytestmark = pytest.mark.django_db

# wagtail.documents.views.serve.serve in Wagtail 8.0.1.
WAGTAIL_SERVE = "545fb98c98c53c08bd627d8af7e823e580c6f1d0988011165f24f9c179aeaf29"
# wagtail.wagtail_hooks.check_view_restrictions in Wagtail 8.0.1: what a page answers to a
# reader who has not passed its restriction, which downloads.access.refusal repeats for files.
WAGTAIL_PAGE_RESTRICTIONS = "6d51e904e4acfa83407be4e39e0e08336c9741e1e7479169685c8b6bf15f4020"
BOTH = pytest.mark.parametrize("view", [wagtail_serve, serve_document], ids=["wagtail", "ours"])


@pytest.fixture
def document():
    report = ReportPage.objects.live().public().filter(full_report__isnull=False).first()
    return report.full_report


def request_for(document, filename=None):
    request = RequestFactory().get(document.url)
    request.user = AnonymousUser()
    request.session = SessionStore()
    return request, document.pk, filename or document.filename


def test_wagtails_serve_view_is_the_one_we_copied():
    assert_unchanged(wagtail_serve, WAGTAIL_SERVE, "downloads.views.serve_document")


def test_wagtails_page_restriction_answer_is_the_one_we_repeat():
    assert_unchanged(
        wagtail_core_hooks.check_view_restrictions,
        WAGTAIL_PAGE_RESTRICTIONS,
        "downloads.access.refusal",
    )


def test_wagtails_document_address_leads_to_our_view(document):
    url = reverse("wagtaildocs_serve", args=(document.pk, document.filename))
    assert url == document.url
    assert resolve(url).func is serve_document


@BOTH
def test_a_wrong_file_name_is_not_found(view, document):
    request, pk, _filename = request_for(document)
    with pytest.raises(Http404):
        view(request, pk, "not-" + document.filename)


@BOTH
def test_a_before_serve_document_hook_answers_first(view, document):
    answer = HttpResponse("from the hook", status=418)
    with hooks.register_temporarily("before_serve_document", lambda doc, request: answer):
        assert view(*request_for(document)) is answer


@BOTH
def test_a_password_protected_collection_asks_for_the_password(view, document):
    collection = Collection.get_first_root_node().add_child(name="Protected")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password="secret"
    )
    document.collection = collection
    document.save()
    response = view(*request_for(document))
    assert response.status_code == 200
    assert response.template_name == "wagtaildocs/password_required.html"


@BOTH
def test_serving_a_file_sends_document_served_once(view, document):
    received = []

    def receiver(sender, instance, request, **kwargs):
        received.append(instance.pk)

    document_served.connect(receiver)
    try:
        response = view(*request_for(document))
    finally:
        document_served.disconnect(receiver)
    assert response.status_code == 200
    assert received == [document.pk]
