"""The editor's guide in the admin: in the menu, on the dashboard, linked from the page
editor, in Italian or English as the admin speaks, with every publishing check."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from wagtail.users.models import UserProfile
from wagtail_localize.machine_translators import get_machine_translator

from editorial.checks import CHECKS
from editorial.guide.hooks import editor_guide_button
from editorial.guide.views import SECTIONS, check_anchor
from stories.models import ReportPage, StoryPage

pytestmark = pytest.mark.django_db

GUIDE_URL = "/admin/guide/"


@pytest.fixture
def editor(client, user_in_group):
    user = user_in_group("Editors", username="redattrice")
    client.force_login(user)
    return user


def speak(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def guide(client):
    response = client.get(reverse("editorial_guide"))
    assert response.status_code == 200
    return response.content.decode()


def test_guide_lives_at_admin_guide():
    assert reverse("editorial_guide") == GUIDE_URL


def test_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(GUIDE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize(
    ("language", "label"), [("it", "Guida per la redazione"), ("en", "Editor's guide")]
)
def test_menu_item_for_an_editor(client, editor, language, label):
    speak(editor, language)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar menu is rendered as JSON props for Wagtail's React sidebar.
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S).group(1)
    assert '"editor-guide"' in props
    assert f'"{GUIDE_URL}"' in props
    assert label.replace("'", "\\u0027") in props or label in props


@pytest.mark.parametrize(
    ("language", "title", "phrase"),
    [
        ("it", "Guida per la redazione", "Come scrivere una storia"),
        ("en", "Editor&#x27;s guide", "How to write a story"),
    ],
)
def test_guide_speaks_the_admin_language_with_every_section(
    client, editor, language, title, phrase
):
    speak(editor, language)
    html = guide(client)
    assert f'<html lang="{language}"' in html
    assert title in html
    assert phrase in html
    with translation.override(language):
        for section in SECTIONS.values():
            # Listed in the contents, and a heading of its own to land on.
            assert f'<a href="#{section.anchor}">{escape(section.title)}</a>' in html
            assert f'<section id="{section.anchor}"' in html
            assert f'<h2 id="{section.anchor}-heading">{escape(section.title)}</h2>' in html


def test_guide_covers_hashtags_permalinks_and_translation_steps(client, editor):
    html = guide(client)
    for hashtag in ("#Comunità", "#Innovazione", "#Partnership", "#Risorse"):
        assert f"<strong>{hashtag}</strong>" in html
    assert "/r/&lt;codice&gt;/report/" in html
    assert "Sincronizza pagine tradotte" in html
    assert 'href="/admin/translations/"' in html
    # The test settings use wagtail-localize's dummy translator, and the guide names it.
    with translation.override("it"):
        assert escape(str(get_machine_translator().display_name)) in html


@pytest.mark.parametrize("language", ["it", "en"])
def test_every_publishing_check_is_explained(client, editor, language):
    speak(editor, language)
    html = guide(client)
    assert CHECKS
    with translation.override(language):
        for check in CHECKS:
            anchor = check_anchor(check)
            assert f'<h3 id="{anchor}-heading">{escape(check.title)}</h3>' in html
            assert f"<p>{escape(check.explanation)}</p>" in html
    applies_to = {"it": "Si applica a:", "en": "Applies to:"}[language]
    assert html.count(applies_to) == len(CHECKS)


def test_guide_text_is_translated(client, editor):
    """No English sentence of the guide is left in the Italian guide."""
    italian = guide(client)
    speak(editor, "en")
    english = guide(client)
    for sentence in (
        "Every page goes through the “Moderators approval” workflow",
        "When a report is first saved it gets a permanent code",
        "A machine translation can pre-fill the segments",
        "What each check asks for.",
    ):
        assert sentence in english
        assert sentence not in italian


def test_dashboard_panel_points_new_editors_to_the_guide(client, editor):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="editor-guide-section"' in html
    assert f'href="{GUIDE_URL}"' in html
    assert f'href="{GUIDE_URL}#publishing-checks"' in html
    assert "Leggi la guida" in html


@pytest.mark.parametrize(
    ("model", "anchor"), [(StoryPage, "writing-a-story"), (ReportPage, "attaching-a-report")]
)
def test_page_editor_links_to_its_part_of_the_guide(admin_client, model, anchor):
    page = model.objects.filter(locale__language_code="it").first()
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert f'href="{GUIDE_URL}#{anchor}"' in html


def test_english_page_links_to_the_translation_part(admin_user):
    # wagtail-localize edits a synced translation in its own editor; once a translator
    # stops syncing, the page opens in Wagtail's editor, whose actions carry this link.
    page = StoryPage.objects.filter(locale__language_code="en").first()
    (button,) = editor_guide_button(page, admin_user, "edit")
    assert button.url == f"{GUIDE_URL}#asking-for-a-translation"
    assert list(editor_guide_button(page, admin_user, "index")) == []
