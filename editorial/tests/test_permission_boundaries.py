"""Who may change what, proved through the admin's own views.

- Translators change the English tree only, and publish nothing.
- A network's editors add and change the stories of their programme only, and publish nothing.
- Editors write everywhere but do not publish; moderators publish.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission, Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from editorial.permissions import grant_network_editors, network_group_name
from home.models import HomePage
from stories.factories import ProgrammeStoryIndexPageFactory, StoryPageFactory, translate
from stories.models import (
    HashtagPage,
    ProgrammeStoryIndexPage,
    StoryPage,
    TerritoryPage,
)

pytestmark = pytest.mark.django_db

DENIED = (302, 403)  # Wagtail answers a denied admin view with a 403 or a redirect home


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_url(parent, model=StoryPage):
    return reverse(
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )


def story_in(section):
    return StoryPage.objects.child_of(section).get()


@pytest.fixture
def programme_section():
    """A programme's section with a story, both also in English (wagtail-localize)."""
    section = ProgrammeStoryIndexPageFactory()
    story = StoryPageFactory(parent=section)
    translate(section.programme)
    translate(section)
    translate(story)
    return section


@pytest.fixture
def english_section(programme_section):
    return programme_section.get_translation(Locale.objects.get(language_code="en"))


def new_story_form(title, slug, territory, hashtag, action="action-save"):
    """The add form of a story as a browser sends it: a draft with one territory and hashtag."""
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "Una rete di comuni prova un nuovo modo di accompagnare le famiglie.",
            "territory_links": inline_formset([{"territory": territory.pk}]),
            "hashtag_links": inline_formset([{"hashtag": hashtag.pk}]),
            "partner_links": inline_formset([]),
            "author_links": inline_formset([]),
            "action_lines": streamfield([]),
            "indicators": streamfield([]),
            "key_figures": streamfield([]),
            "body": streamfield([]),
        }
    )
    data[action] = "1"
    return data


# --- Translators ---------------------------------------------------------------------------


@pytest.fixture
def translator(user_in_group):
    return user_in_group("Translators", username="traduttrice", email="traduttrice@example.org")


def test_translators_hold_page_rights_on_the_english_tree_only():
    translators = Group.objects.get(name="Translators")
    granted = GroupPagePermission.objects.filter(group=translators)
    assert {(row.page.specific_class, row.page.locale.language_code) for row in granted} == {
        (HomePage, "en")
    }
    assert set(granted.values_list("permission__codename", flat=True)) == {"change_page"}


def test_a_translator_opens_the_english_story_in_the_translation_editor(
    client, translator, english_section
):
    client.force_login(translator)
    response = client.get(edit_url(story_in(english_section)))
    assert response.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in [t.name for t in response.templates]


def test_a_translator_saves_a_string_of_the_english_translation(
    client, translator, english_section
):
    english = story_in(english_section)
    translation = Translation.objects.get(
        source__object_id=english.translation_key, target_locale=english.locale
    )
    segment = StringSegment.objects.filter(source=translation.source).first()
    client.force_login(translator)
    response = client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
        "value=Testo+rivisto+dalla+traduttrice",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 201)
    saved = StringTranslation.objects.get(
        translation_of_id=segment.string_id,
        locale=english.locale,
        context_id=segment.context_id,
    )
    assert saved.data == "Testo rivisto dalla traduttrice"
    assert saved.last_translated_by == translator


def test_a_translator_cannot_open_or_change_italian_pages(client, translator, programme_section):
    italian = story_in(programme_section)
    revisions_before = italian.revisions.count()
    client.force_login(translator)
    assert client.get(edit_url(italian)).status_code in DENIED
    response = client.post(edit_url(italian), {"title": "Cambiato", "action-publish": "1"})
    assert response.status_code in DENIED
    italian.refresh_from_db()
    assert italian.title != "Cambiato"
    assert italian.revisions.count() == revisions_before
    assert client.get(add_url(programme_section)).status_code in DENIED


def test_a_translator_cannot_publish_even_an_english_translation(
    client, translator, english_section
):
    english = story_in(english_section)
    published_revision = english.live_revision_id
    client.force_login(translator)
    response = client.post(edit_url(english), {"action": "publish"})
    assert response.status_code in DENIED
    english.refresh_from_db()
    assert english.live_revision_id == published_revision
    permissions = english.permissions_for_user(translator)
    assert permissions.can_edit()
    assert not permissions.can_publish()
    assert not permissions.can_unpublish()
    assert not permissions.can_delete()


def test_a_new_language_tree_is_opened_to_translators_when_it_is_created():
    from wagtail.models import Locale, Page

    french = Locale.objects.create(language_code="fr")
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(title="Accueil", slug="accueil-fr", locale=french, intro="Bienvenue.")
    )
    translators = Group.objects.get(name="Translators")
    assert GroupPagePermission.objects.filter(
        group=translators, page=home, permission__codename="change_page"
    ).exists()


# --- A network's editors -------------------------------------------------------------------


@pytest.fixture
def network_editor(user_in_group, programme_section):
    """An editor of the network of ``programme_section``'s programme."""
    group = grant_network_editors(programme_section)
    assert group.name == network_group_name(programme_section.programme)
    return user_in_group(group, username="rete.wia", email="rete@example.org")


def test_the_demo_has_the_welfare_in_azione_network_group():
    wia = ProgrammeStoryIndexPage.objects.get(locale__language_code="it", slug="welfare-in-azione")
    group = Group.objects.get(name=network_group_name(wia.programme))
    pages = {row.page_id for row in GroupPagePermission.objects.filter(group=group)}
    assert pages == {wia.pk}


def test_granting_a_network_twice_adds_nothing():
    section = ProgrammeStoryIndexPageFactory()
    group = grant_network_editors(section)
    before = GroupPagePermission.objects.filter(group=group).count()
    assert grant_network_editors(section) == group
    assert GroupPagePermission.objects.filter(group=group).count() == before


def test_a_network_editor_writes_a_story_draft_in_their_programme(
    client, network_editor, programme_section
):
    wia = programme_section
    territory = TerritoryPage.objects.filter(locale=wia.locale).first()
    hashtag = HashtagPage.objects.filter(locale=wia.locale).first()
    client.force_login(network_editor)
    assert client.get(add_url(wia)).status_code == 200
    response = client.post(
        add_url(wia), new_story_form("Rete di quartiere", "rete-di-quartiere", territory, hashtag)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    story = StoryPage.objects.get(slug="rete-di-quartiere")
    assert story.get_parent().pk == wia.pk
    assert not story.live
    # The programme comes from the section the story sits in.
    assert story.programme_id == wia.programme_id
    assert not story.permissions_for_user(network_editor).can_publish()


def test_a_network_editor_changes_their_programme_stories(
    client, network_editor, programme_section
):
    client.force_login(network_editor)
    assert client.get(edit_url(story_in(programme_section))).status_code == 200


def test_a_network_editor_cannot_touch_another_programme_or_other_pages(
    client, network_editor, programme_section, english_section
):
    will_story = StoryPageFactory()  # a story of another programme
    client.force_login(network_editor)
    assert client.get(edit_url(will_story)).status_code in DENIED
    assert client.get(add_url(will_story.get_parent())).status_code in DENIED
    assert client.get(edit_url(programme_section.programme)).status_code in DENIED
    assert client.get(edit_url(story_in(english_section))).status_code in DENIED
    title_before = will_story.title
    client.post(edit_url(will_story), {"title": "Preso", "action-publish": "1"})
    will_story.refresh_from_db()
    assert will_story.title == title_before


# --- Editors and moderators ----------------------------------------------------------------


def test_editors_write_anywhere_but_only_moderators_publish(user_in_group, english_section):
    editor = user_in_group("Editors", username="redattore", email="redattore@example.org")
    moderator = user_in_group("Moderators", username="moderatrice", email="moderatrice@example.org")
    for story in (StoryPageFactory(), story_in(english_section)):
        assert story.permissions_for_user(editor).can_edit()
        assert not story.permissions_for_user(editor).can_publish()
        assert story.permissions_for_user(moderator).can_publish()


def test_moving_a_story_to_another_programme_section_changes_its_programme():
    story = StoryPageFactory()
    will = ProgrammeStoryIndexPageFactory()
    story.move(will, pos="last-child")
    story.refresh_from_db()
    assert story.programme_id == will.programme_id
