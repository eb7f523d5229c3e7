"""wagtail-localize's "Translate this page" and "Sync translated pages" buttons show only on
pages the user may translate or sync (editorial.localize_buttons), in the page listings and
the page header of the admin's own views."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from editorial.permissions import grant_network_editors
from stories.factories import ProgrammeStoryIndexPageFactory, StoryPageFactory, translate
from stories.models import StoryPage

pytestmark = pytest.mark.django_db


def sync_url(page):
    source = TranslationSource.objects.get(object_id=page.translation_key, locale=page.locale)
    return reverse("wagtail_localize:update_translations", args=[source.pk])


def translate_url(page):
    return reverse("wagtail_localize:submit_page_translation", args=[page.pk])


def admin_html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def listing(client, page):
    return admin_html(client, reverse("wagtailadmin_explore", args=[page.pk]))


def translated_section(with_story=False):
    """A programme's section, with a story if asked, all also in English (wagtail-localize):
    each has a "Sync translated pages" button."""
    section = ProgrammeStoryIndexPageFactory()
    story = StoryPageFactory(parent=section) if with_story else None
    for page in (section.programme, section, story):
        if page is not None:
            translate(page)
    return section


@pytest.fixture
def own_section():
    """The section of the network's programme, with a story."""
    return translated_section(with_story=True)


@pytest.fixture
def other_section():
    """Another programme's section."""
    return translated_section()


@pytest.fixture
def new_story(own_section):
    """A story with no English page yet, so "Translate this page" applies."""
    model = StoryPage.objects.child_of(own_section).first()
    story = own_section.add_child(
        instance=StoryPage(
            title="Una storia ancora da tradurre",
            slug="ancora-da-tradurre",
            summary=model.summary,
            programme=model.programme,
            live=False,
        )
    )
    story.save_revision()
    return story


@pytest.fixture
def network_translator(own_section, user_in_group):
    """A translator who is also an editor of a programme's network: the admin lets
    her browse the Italian tree, where most pages are not hers to change."""
    return user_in_group(
        "Translators",
        grant_network_editors(own_section),
        username="rete.traduttrice",
        language="en",
    )


def test_a_network_editor_sees_the_buttons_only_on_pages_she_may_change(
    client, network_translator, own_section, other_section, new_story, italian
):
    stories_index = own_section.get_parent()
    italian_home = Page.objects.get(depth=2, locale=italian)
    own_story = StoryPage.objects.child_of(own_section).live().first()
    client.force_login(network_translator)

    # The Italian home and the stories' index are not hers: no buttons on them or on the
    # other programme's section ...
    html = listing(client, Page.get_first_root_node())
    assert sync_url(italian_home) not in html
    html = listing(client, stories_index)
    assert sync_url(stories_index) not in html
    assert sync_url(other_section) not in html
    # ... while her own section keeps its button.
    assert sync_url(own_section) in html

    # In her section: the header's buttons and each story's.
    html = listing(client, own_section)
    assert sync_url(own_section) in html
    assert sync_url(own_story) in html
    assert translate_url(new_story) in html
    # And the buttons lead to views that let her in.
    assert client.get(sync_url(own_story)).status_code == 200
    assert client.get(translate_url(new_story)).status_code == 200

    # The page header of her story's editor.
    html = admin_html(client, reverse("wagtailadmin_pages:edit", args=[own_story.pk]))
    assert sync_url(own_story) in html


def test_what_was_hidden_would_have_been_refused(client, network_translator, italian):
    """The buttons hidden above lead to a "permission denied"."""
    italian_home = Page.objects.get(depth=2, locale=italian)
    client.force_login(network_translator)
    response = client.get(sync_url(italian_home))
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))


def test_a_translator_sees_no_buttons_on_the_english_tree(client, english, user_in_group):
    translator = user_in_group("Translators", username="traduttrice", language="en")
    client.force_login(translator)
    english_home = Page.objects.get(depth=2, locale=english)
    stories = english_home.get_children().get(slug="stories")
    for page in (english_home, stories):
        html = listing(client, page)
        assert "/admin/localize/submit/page/" not in html
        assert "/admin/localize/update/" not in html


def test_a_moderator_still_sees_every_button(
    client, own_section, other_section, new_story, italian, user_in_group
):
    moderator = user_in_group("Moderators", username="moderatrice", language="en")
    client.force_login(moderator)
    italian_home = Page.objects.get(depth=2, locale=italian)
    assert sync_url(italian_home) in listing(client, Page.get_first_root_node())
    html = listing(client, own_section.get_parent())
    assert sync_url(own_section) in html
    assert sync_url(other_section) in html
    assert translate_url(new_story) in listing(client, own_section)
