"""A translation's first slug leaves no redirect behind; a published page's later slug change
does (editorial.redirects). Through the admin's views: "Translate this page", the
translation editor's segments and its "Publish"."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from stories.models import StoryPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(client, user_in_group):
    user = user_in_group("Moderators", username="moderatrice", language="en")
    client.force_login(user)
    return user


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """wagtail-localize publishes, and Wagtail reports slug changes, once the transaction
    commits."""

    def post(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


def english_translation(page):
    return Translation.objects.get(
        source__object_id=page.translation_key, target_locale__language_code="en"
    )


def translate_everything(translation, slug):
    """A translator's work, segment by segment, done at once."""
    segments = StringSegment.objects.filter(source=translation.source).select_related(
        "string", "context"
    )
    for segment in segments:
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            context=segment.context,
            locale=translation.target_locale,
            defaults={
                "data": slug if segment.context.path == "slug" else f"EN {segment.string.data}"
            },
        )


def translate_slug(client, translation, slug):
    segment = StringSegment.objects.get(source=translation.source, context__path="slug")
    url = reverse(
        "wagtail_localize:edit_string_translation",
        kwargs={"translation_id": translation.pk, "string_segment_id": segment.pk},
    )
    response = client.put(url, urlencode({"value": slug}), "application/x-www-form-urlencoded")
    assert response.status_code == 200


def test_the_demo_leaves_no_redirects():
    """load_demo translates every page into English, each with its own slug."""
    assert Redirect.objects.count() == 0


def test_a_first_publish_leaves_no_redirect_and_a_later_slug_change_does(
    client, post, moderator, italian, english
):
    story = StoryPage.objects.filter(locale=italian).live().order_by("pk").first()
    story.get_translation(english).delete()

    # "Translate this page": the English draft is made as a copy of the Italian page, slug
    # included (deleting the English page dropped its segment translations).
    response = post(
        reverse("wagtail_localize:submit_page_translation", args=[story.pk]),
        {"locales": [english.pk]},
    )
    assert response.status_code == 302
    english_story = story.get_translation(english)
    assert not english_story.live
    assert english_story.slug == story.slug

    # Translated, then published from the translation editor: its first public address is
    # its English one, and the copy's address, never public, gets no redirect.
    translate_everything(english_translation(story), slug="a-first-english-address")
    edit_url = reverse("wagtailadmin_pages:edit", args=[english_story.pk])
    assert post(edit_url, {"action": "publish"}).status_code == 302
    english_story.refresh_from_db()
    assert english_story.live
    assert english_story.slug == "a-first-english-address"
    assert Redirect.objects.count() == 0
    first_url = english_story.url
    assert client.get(first_url).status_code == 200

    # A published page changes its slug: its old address now redirects.
    translate_slug(client, english_translation(story), "a-new-english-address")
    assert post(edit_url, {"action": "publish"}).status_code == 302
    english_story.refresh_from_db()
    assert english_story.slug == "a-new-english-address"
    redirect = Redirect.objects.get()
    assert redirect.old_path == first_url.rstrip("/")
    assert redirect.redirect_page_id == english_story.pk
    response = client.get(first_url)
    assert response.status_code in (301, 302)
    assert response["Location"].endswith(english_story.url)
