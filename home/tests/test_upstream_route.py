"""HomePage.route finds a page by its whole path in one query instead of Wagtail's walk
down the tree (docs/upstream.md). Its answers must stay Wagtail's: for every address of the
demo, the pages' sub-routes (the proposal page's thank-you address) and addresses that do
not exist, both routings give the same page and arguments, or both a 404."""

from functools import partial

import pytest
from django.http import Http404
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Page

from home.models import HomePage
from proposals.models import ProposalPage

pytestmark = pytest.mark.django_db


def outcome(route, request, components):
    try:
        page, args, kwargs = route(request, components)
    except Http404:
        return "404"
    # A routable page's sub-route gives its view (a bound method) first.
    args = [getattr(arg, "__name__", arg) for arg in args]
    return page.pk, type(page.specific), args, kwargs


def addresses(home):
    """Path components of every page below ``home`` (live or not), of the proposal
    page's own routes, and of addresses that name nothing."""
    paths = [
        page.url_path[len(home.url_path) :].strip("/").split("/")
        for page in Page.objects.descendant_of(home)
    ]
    for proposal in ProposalPage.objects.child_of(home):
        base = proposal.url_path[len(home.url_path) :].strip("/").split("/")
        with translation.override(home.locale.language_code):
            thanks = proposal.reverse_subpage("thanks").strip("/").split("/")
        paths += [base + thanks, base + ["not-a-route"]]
    return paths + [["not-a-page"], ["not-a-page", "below"], paths[0] + ["missing"]]


def test_home_routing_answers_as_wagtails_own():
    homes = list(HomePage.objects.all())
    assert homes
    outcomes = []
    for home in homes:
        request = RequestFactory().get(home.url_path)
        checked = addresses(home)
        assert len(checked) > 10
        for components in checked:
            ours = outcome(home.route, request, components)
            # Wagtail's own, whatever classes the home inherits from.
            wagtails = outcome(partial(Page.route, home), request, components)
            assert ours == wagtails, components
            outcomes.append(ours)
    # Pages, 404s and a routable page's sub-route were all compared.
    assert "404" in outcomes
    assert any(outcome != "404" and not outcome[2] for outcome in outcomes)
    assert any(outcome != "404" and outcome[2][:1] == ["thanks"] for outcome in outcomes)
