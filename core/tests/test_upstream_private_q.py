"""core.request_memo.SitePageQuerySet overrides ``PageQuerySet.private_q``, the method
Wagtail's ``public()``, ``not_public()`` and ``private()`` filter with, to look the view
restrictions up once per request (docs/upstream.md). If an upgrade stops calling it, or
changes what it matches, the override no longer applies, or no longer gives Wagtail's
answer: these tests fail."""

from unittest import mock

import pytest
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from core.request_memo import SitePageQuerySet, private_pages_q
from stories.models import StoryPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def restricted_story():
    story = StoryPage.objects.live().first()
    PageViewRestriction.objects.create(
        page=story.get_parent(), restriction_type="password", password="secret"
    )
    return story


def test_wagtails_public_filters_are_built_on_private_q():
    for method in ("public", "not_public", "private"):
        queryset = StoryPage.objects.all()
        assert isinstance(queryset, SitePageQuerySet)
        with mock.patch.object(
            SitePageQuerySet, "private_q", autospec=True, return_value=private_pages_q()
        ) as private_q:
            getattr(queryset, method)()
        assert private_q.call_count == 1, method


def test_our_private_q_matches_wagtails(restricted_story):
    wagtails = set(Page.objects.filter(PageQuerySet.private_q(Page.objects.all())))
    ours = set(Page.objects.filter(private_pages_q()))
    assert restricted_story.page_ptr in ours
    assert ours == wagtails
    assert set(StoryPage.objects.public()) == set(
        StoryPage.objects.exclude(PageQuerySet.private_q(Page.objects.all()))
    )


def test_without_restrictions_both_match_nothing():
    PageViewRestriction.objects.all().delete()
    assert not Page.objects.filter(PageQuerySet.private_q(Page.objects.all())).exists()
    assert not Page.objects.filter(private_pages_q()).exists()
