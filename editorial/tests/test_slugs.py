"""Page addresses are plain ASCII: accents are transliterated, never percent-encoded."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.users.models import UserProfile

from editorial.tests.test_publish_checks import (  # noqa: F401 (fixtures)
    hashtag,
    image,
    story_form,
    territory,
)
from stories.factories import ProgrammeStoryIndexPageFactory
from stories.models import StoryPage

pytestmark = pytest.mark.django_db

TITLE = {"it": "Comunità più forti in città", "en": "Stronger communities in Forlì"}
SLUG = {"it": "comunita-piu-forti-in-citta", "en": "stronger-communities-in-forli"}


def test_wagtail_makes_an_ascii_slug_from_a_title_with_accents():
    section = ProgrammeStoryIndexPageFactory()
    story = section.add_child(instance=StoryPage(title=TITLE["it"], summary="Sintesi."))
    assert story.slug == SLUG["it"]


def test_every_demo_address_is_ascii():
    pages = Page.objects.filter(depth__gt=1)
    assert pages.count() > 50
    for page in pages:
        assert page.slug.isascii(), page.slug
        assert page.url_path.isascii(), page.url_path


@pytest.fixture(params=["it", "en"])
def language(request, client, django_user_model):
    user = django_user_model.objects.create_superuser("capo", password="pw")
    UserProfile.objects.create(user=user, preferred_language=request.param)
    client.force_login(user)
    return request.param


def test_a_title_with_accents_gives_an_ascii_address(
    client,
    language,
    story_form,  # noqa: F811 (the fixture)
):
    """A slug with accents, as typed or pasted (Wagtail's slug field transliterates as the
    editor types since WAGTAIL_ALLOW_UNICODE_SLUGS is off; the server does it too)."""
    section = ProgrammeStoryIndexPageFactory(language=language)
    title = TITLE[language]
    slug = title.lower().replace(" ", "-")
    response = client.post(
        reverse("wagtailadmin_pages:add", args=("stories", "storypage", section.pk)),
        story_form(title=title, slug=slug),
    )
    assert response.status_code == 302, response.context["form"].errors
    story = StoryPage.objects.get(title=title)
    assert story.slug == SLUG[language]
    assert story.url_path.endswith(f"/{SLUG[language]}/")
    assert "%" not in story.get_url()

    # Editing it keeps the address ASCII as well.
    edit_url = reverse("wagtailadmin_pages:edit", args=(story.pk,))
    data = story_form(title=title, slug="città-più-forti")
    data["territory_links-0-id"] = str(story.territory_links.get().pk)
    data["hashtag_links-0-id"] = str(story.hashtag_links.get().pk)
    data["territory_links-INITIAL_FORMS"] = data["hashtag_links-INITIAL_FORMS"] = "1"
    response = client.post(edit_url, data)
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.get_latest_revision_as_object().slug == "citta-piu-forti"
