"""The admin speaks Italian to editors whatever their browser asks, unless their account
settings choose English."""

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db

ITALIAN_SEARCH = "Cerca in tutte le pagine"
ENGLISH_SEARCH = "Search all pages"


@pytest.fixture
def new_editor(client, user_in_group):
    editor = user_in_group("Editors", username="nuova.redattrice")
    client.force_login(editor)
    return editor


def dashboard(client, accept_language):
    response = client.get(reverse("wagtailadmin_home"), HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 200
    return response.content.decode()


def test_new_editor_sees_italian_whatever_the_browser_asks(client, new_editor):
    assert not UserProfile.objects.filter(user=new_editor).exists()
    for accept_language in ("en", "en-GB,en;q=0.9", "de"):
        html = dashboard(client, accept_language)
        assert '<html lang="it"' in html
        assert ITALIAN_SEARCH in html
        assert ENGLISH_SEARCH not in html


def test_editor_who_chose_the_server_language_sees_italian(client, new_editor):
    UserProfile.objects.create(user=new_editor, preferred_language="")
    html = dashboard(client, "en")
    assert '<html lang="it"' in html
    assert ITALIAN_SEARCH in html


def test_editor_who_prefers_english_sees_english(client, new_editor):
    UserProfile.objects.create(user=new_editor, preferred_language="en")
    html = dashboard(client, "it")
    assert '<html lang="en"' in html
    assert ENGLISH_SEARCH in html
    assert ITALIAN_SEARCH not in html


def test_choosing_english_in_account_settings_switches_the_admin(client, new_editor):
    account_settings = {
        "name_email-first_name": "Giulia",
        "name_email-last_name": "Rossi",
        "name_email-email": "giulia.rossi@example.org",
        "locale-preferred_language": "en",
        "locale-current_time_zone": "",
        "theme-theme": "system",
        "theme-density": "default",
        "theme-contrast": "system",
    }
    response = client.post(
        reverse("wagtailadmin_account"), account_settings, HTTP_ACCEPT_LANGUAGE="it"
    )
    assert response.status_code == 302
    assert UserProfile.get_for_user(new_editor).preferred_language == "en"
    assert ENGLISH_SEARCH in dashboard(client, "it")


def test_login_page_is_italian_for_an_english_browser(client):
    response = client.get(reverse("wagtailadmin_login"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert '<html lang="it"' in response.content.decode()


def test_public_site_still_negotiates_the_reader_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/")


def test_unknown_admin_address_is_a_404_not_a_redirect_to_the_public_site(client, new_editor):
    response = client.get("/admin/no-such-tool/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
