"""The home page resolves a whole URL path in one query; the answers stay Wagtail's."""

import pytest

from stories.models import StoryPage

pytestmark = pytest.mark.django_db


def test_unknown_paths_answer_404_in_both_languages(client):
    for url in ("/it/storie/non-esiste/", "/en/stories/missing/", "/en/stories/a/b/c/"):
        assert client.get(url).status_code == 404, url


def test_unpublished_page_answers_404_and_republished_page_200(client):
    story = StoryPage.objects.live().filter(locale__language_code="en").first()
    url = story.url
    story.unpublish()
    assert client.get(url).status_code == 404
    story.get_latest_revision().publish()
    assert client.get(url).status_code == 200


def test_an_italian_path_under_the_english_prefix_is_not_served(client):
    italian = StoryPage.objects.live().filter(locale__language_code="it").first()
    english_path = "/en/" + italian.url.split("/", 2)[2]
    response = client.get(english_path)
    # Either not found or redirected to the page's own language: never Italian under /en/.
    assert response.status_code in (301, 302, 404)
    if response.status_code != 404:
        assert response["Location"].startswith("/it/")
