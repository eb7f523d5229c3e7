"""The explorer's fragment, kept per listing, filters and page (stories/templatetags/
explorer_tags.py, ``core.cache.cached_variant``): what a kept view costs, that it shows what
a rendered one would, and that made-up parameters cannot fill the cache."""

import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from core import cache as core_cache
from stories.models import StoryIndexPage, StoryPage

pytestmark = pytest.mark.django_db

FILTERED = "/it/storie/?hashtag=comunita&hashtag=innovazione&sort=title"


@pytest.fixture(autouse=True)
def no_variants_kept():
    """The demo's build kept the plain listings' pages: each test starts without them."""
    cache.delete_many([key.removeprefix(":1:") for key in variant_entries()])


def variant_entries():
    return [key for key in cache._cache if ":variant:" in key]


def explorer_html(response):
    """The explorer's part of the page."""
    html = response.content.decode()
    return html[html.index('<div class="explorer">') : html.index("</main>")]


def queries_of(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return response, [query["sql"] for query in context.captured_queries]


def test_a_filtered_view_is_kept_on_its_second_request_then_read_without_its_cards(client):
    first, _ = queries_of(client, FILTERED)
    assert not variant_entries()  # once: rendered, not kept
    second, rendered = queries_of(client, FILTERED)
    assert len(variant_entries()) == 1
    kept, read = queries_of(client, FILTERED)
    assert kept.content == second.content == first.content
    # The cards' stories, links and renditions are not read again.
    assert any("stories_storyhashtag" in sql for sql in rendered)
    assert not any("stories_storyhashtag" in sql for sql in read)
    assert len(read) < len(rendered)


def test_the_unfiltered_listing_is_kept_at_once_page_by_page(client, italian):
    queries_of(client, "/it/storie/")
    assert len(variant_entries()) == 1
    _, read = queries_of(client, "/it/storie/")
    assert not any("stories_storyhashtag" in sql for sql in read)


def test_the_same_filters_in_another_order_are_one_variant(client):
    orders = [
        "/it/storie/?hashtag=innovazione&hashtag=comunita&sort=title",
        "/it/storie/?sort=title&hashtag=comunita&hashtag=innovazione&hashtag=comunita",
        FILTERED,
    ]
    responses = [client.get(url) for url in orders]
    assert len({response.context["explorer"].fragment_key for response in responses}) == 1
    # Kept by the second, read by the third: the same explorer as the first rendered.
    assert len(variant_entries()) == 1
    assert explorer_html(responses[2]) == explorer_html(responses[0])


def test_the_notice_of_ignored_values_is_this_request_s_own(client):
    for _ in range(2):
        client.get("/it/storie/?hashtag=comunita&hashtag=valore-uno")
    assert len(variant_entries()) == 1
    hit = client.get("/it/storie/?hashtag=comunita&hashtag=valore-due").content.decode()
    with translation.override("it"):
        notice = gettext("Some filters could not be used and were ignored:")
    assert "valore-due" in hit and "valore-uno" not in hit and notice in hit
    clean = client.get("/it/storie/?hashtag=comunita").content.decode()
    assert "valore-" not in clean and notice not in clean
    assert "<!--explorer-notice-->" not in clean


def test_made_up_parameters_never_fill_the_cache(client):
    for number in range(8):
        junk = uuid.uuid4().hex
        client.get(f"/it/storie/?hashtag={junk}&year={number}x&page={junk}&utm={junk}")
    # All of them are the unfiltered listing (a view not to index): one variant.
    assert len(variant_entries()) == 1
    # Real filters asked for once each are rendered, not kept.
    for hashtag in ("comunita", "innovazione", "risorse"):
        for year in (2019, 2020):
            client.get(f"/it/storie/?hashtag={hashtag}&year={year}")
    assert len(variant_entries()) == 1


def test_variants_take_at_most_their_slots_and_never_answer_for_another(monkeypatch):
    monkeypatch.setattr(core_cache, "VARIANT_SLOTS", 2)
    for _ in range(2):
        for number in range(10):
            assert core_cache.cached_variant(f"key {number}", lambda n=number: n) == number
    assert len(variant_entries()) <= 2
    core_cache.forget_variants()  # another process: only the shared cache
    for number in range(10):
        assert core_cache.cached_variant(f"key {number}", lambda n=number: n, admit=True) == number
    assert len(variant_entries()) <= 2


def test_a_publish_is_seen_at_once(client):
    for _ in range(2):
        client.get(FILTERED)
    story = (
        StoryPage.objects.live()
        .filter(locale__language_code="it", hashtag_links__hashtag__slug="comunita")
        .first()
    )
    story.title = "Un titolo appena pubblicato"
    story.save_revision().publish()
    assert "Un titolo appena pubblicato" in client.get(FILTERED).content.decode()


def test_an_editor_s_preview_is_never_kept(client, admin_user, italian):
    index = StoryIndexPage.objects.get(locale=italian)
    client.force_login(admin_user)
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[index.pk]))
    assert response.status_code == 200 and b'<div class="explorer">' in response.content
    assert not variant_entries()
