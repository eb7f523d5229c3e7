"""core.addresses.PageAddresses writes pages' URLs as Wagtail's ``Page.get_url_parts``
does (the path below the site root, reversed in the root's language), without its reverse()
per page (docs/upstream.md). If an upgrade changes how Wagtail builds a page's URL, these
tests fail."""

import pytest
from django.test import RequestFactory
from wagtail.models import Page

from core.addresses import PageAddresses, page_address
from tests.upstream import assert_unchanged

pytestmark = pytest.mark.django_db


def test_wagtails_get_url_parts_is_unchanged():
    assert_unchanged(
        Page.get_url_parts,
        "37a4b0121644e56ed89b6bddf3dd33ab863b8f836685c63771746a56b4748164",
        "core.addresses.PageAddresses",
    )


def test_every_page_has_the_address_wagtail_gives_it():
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    addresses = PageAddresses(request)
    pages = Page.objects.filter(depth__gt=1).select_related("locale")
    assert pages.count() > 50
    for page in pages:
        assert addresses.of(page) == page_address(request, page), page.url_path
