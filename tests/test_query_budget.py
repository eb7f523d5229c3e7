"""No public page needs more than 15 SQL queries once its caches are warm."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 15


def one_page_per_type_and_language():
    seen = {}
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        seen.setdefault((type(page).__name__, page.locale.language_code), page.url)
    return seen


def test_every_page_type_stays_within_the_query_budget(client):
    pages = one_page_per_type_and_language()
    assert len(pages) >= 24
    over_budget = {}
    for (page_type, language), url in pages.items():
        assert client.get(url).status_code == 200, url
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        if len(queries) > QUERY_BUDGET:
            over_budget[f"{language} {page_type} {url}"] = len(queries)
    assert not over_budget, over_budget
