"""Machine translation: chosen from the environment, and only ever a pre-fill that a person
reviews and publishes."""

import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse
from django.utils.module_loading import import_string
from wagtail.users.models import UserProfile
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.strings import StringValue

from editorial.machine_translators import DEFAULT_TIMEOUT, DeepLTranslator, LibreTranslator
from site_cms.settings.machine_translation import machine_translator_from_env
from stories.models import StoryPage

BASE_DIR = Path(__file__).resolve().parents[2]
# wagtail-localize's translators, wrapped to fail softly (editorial.machine_translators).
DEEPL = "editorial.machine_translators.DeepLTranslator"
LIBRETRANSLATE = "editorial.machine_translators.LibreTranslator"


# --- Configuration from the environment ---------------------------------------------------


@pytest.mark.parametrize(
    "environ",
    [{}, {"DEEPL_API_KEY": "  "}, {"LIBRETRANSLATE_URL": ""}, {"LIBRETRANSLATE_API_KEY": "k"}],
)
def test_off_without_a_translator(environ):
    assert machine_translator_from_env(environ) is None


def test_deepl_key_selects_deepl():
    config = machine_translator_from_env({"DEEPL_API_KEY": " secret:fx \n"})
    assert config == {"CLASS": DEEPL, "OPTIONS": {"AUTH_KEY": "secret:fx"}}
    translator = import_string(config["CLASS"])(config["OPTIONS"])
    assert translator.display_name == "DeepL"
    # A free-plan key goes to DeepL's free endpoint.
    assert translator.get_api_endpoint() == "https://api-free.deepl.com/v2/translate"
    assert translator.get_headers() == {"Authorization": "DeepL-Auth-Key secret:fx"}


def test_libretranslate_url_selects_libretranslate_with_or_without_a_key():
    config = machine_translator_from_env(
        {"LIBRETRANSLATE_URL": "https://translate.example.org/", "LIBRETRANSLATE_API_KEY": "k1"}
    )
    assert config == {
        "CLASS": LIBRETRANSLATE,
        "OPTIONS": {"LIBRETRANSLATE_URL": "https://translate.example.org", "API_KEY": "k1"},
    }
    translator = import_string(config["CLASS"])(config["OPTIONS"])
    assert translator.display_name == "LibreTranslate"
    assert translator.get_api_endpoint() == "https://translate.example.org"

    keyless = machine_translator_from_env({"LIBRETRANSLATE_URL": "http://localhost:5000"})
    assert keyless["OPTIONS"] == {"LIBRETRANSLATE_URL": "http://localhost:5000", "API_KEY": ""}


def test_deepl_wins_when_both_are_set():
    config = machine_translator_from_env(
        {"DEEPL_API_KEY": "secret", "LIBRETRANSLATE_URL": "https://translate.example.org"}
    )
    assert config["CLASS"] == DEEPL


@pytest.mark.parametrize("url", ["translate.example.org", "ftp://example.org", "https://"])
def test_a_libretranslate_url_that_is_not_http_stops_the_start(url):
    with pytest.raises(ImproperlyConfigured, match="LIBRETRANSLATE_URL"):
        machine_translator_from_env({"LIBRETRANSLATE_URL": url})


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, None),
        ({"DEEPL_API_KEY": "secret"}, DEEPL),
        ({"LIBRETRANSLATE_URL": "https://translate.example.org"}, LIBRETRANSLATE),
    ],
)
def test_base_settings_read_the_environment(environ, expected):
    """The settings module itself, imported in a fresh process with these variables."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEEPL_API_KEY", "LIBRETRANSLATE_URL", "LIBRETRANSLATE_API_KEY"}
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json; from site_cms.settings import base; "
            "print(json.dumps(base.WAGTAILLOCALIZE_MACHINE_TRANSLATOR))",
        ],
        cwd=BASE_DIR,
        env={**clean, **environ},
        capture_output=True,
        text=True,
        check=True,
    )
    config = json.loads(result.stdout)
    assert (config and config["CLASS"]) == expected


def test_tests_use_the_offline_dummy_translator():
    assert settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR["CLASS"] == (
        "wagtail_localize.machine_translators.dummy.DummyTranslator"
    )


# --- The dashboard says which translator is on ---------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("environ", "shown"),
    [
        ({}, "<strong>off</strong>"),
        ({"DEEPL_API_KEY": "secret"}, "<strong>DeepL</strong>"),
        ({"LIBRETRANSLATE_URL": "https://lt.example.org"}, "<strong>LibreTranslate</strong>"),
    ],
)
def test_dashboard_shows_the_machine_translator(client, admin_user, environ, shown):
    UserProfile.objects.create(user=admin_user, preferred_language="en")
    client.force_login(admin_user)
    with override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=machine_translator_from_env(environ)):
        html = client.get("/admin/translations/").content.decode()
    assert shown in html


# --- Machine translation pre-fills, a person publishes ------------------------------------


NEW_SUMMARY = (
    "Una rete di comuni e cooperative apre sportelli di quartiere per le famiglie fragili."
)


@pytest.fixture
def story_with_a_new_italian_summary(italian, english):
    """A demo story whose Italian summary changed and was synced: one segment to translate."""
    story = StoryPage.objects.filter(locale=italian).order_by("pk").first()
    story.summary = NEW_SUMMARY
    story.save_revision().publish()
    translation = Translation.objects.get(
        source__object_id=story.translation_key, target_locale=english, enabled=True
    )
    translation.source.update_from_db()
    return story, translation


def summary_segment(translation):
    return StringSegment.objects.get(source=translation.source, string__data=NEW_SUMMARY)


@pytest.mark.django_db
def test_machine_translation_prefills_and_waits_for_a_person(
    client,
    english,
    story_with_a_new_italian_summary,
    django_capture_on_commit_callbacks,
    user_in_group,
):
    story, translation = story_with_a_new_italian_summary
    english_page = story.get_translation(english)
    english_summary = english_page.summary
    edit_url = reverse("wagtailadmin_pages:edit", args=[english_page.pk])
    machine_translate_url = reverse("wagtail_localize:machine_translate", args=[translation.pk])
    manual_before = StringTranslation.objects.filter(
        locale=english, translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL
    ).count()

    # An editor opens the English translation: the editor offers machine translation.
    editor = user_in_group("Editors", username="redattore", language="en")
    client.force_login(editor)
    response = client.get(edit_url)
    assert response.status_code == 200
    assert machine_translate_url in response.content.decode()

    response = client.post(machine_translate_url, {"next": edit_url})
    assert response.status_code == 302
    assert response["Location"] == edit_url

    # The new segment has a machine translation, marked as such; the others stay manual.
    segment = summary_segment(translation)
    machine = StringTranslation.objects.get(
        translation_of=segment.string, context=segment.context, locale=english
    )
    assert machine.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE
    assert machine.tool_name
    assert machine.last_translated_by == editor
    assert machine.data == " ".join(reversed(NEW_SUMMARY.split()))  # the dummy reverses words
    assert (
        StringTranslation.objects.filter(
            locale=english, translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL
        ).count()
        == manual_before
    )

    # Nothing reached the English page: readers still see the reviewed summary.
    english_page.refresh_from_db()
    assert english_page.summary == english_summary
    assert machine.data not in client.get(english_page.url).content.decode()
    assert dashboard_row(client, story) == "in-progress"

    # The editor cannot publish it; a moderator, after review, does.
    refused = client.post(edit_url, {"action": "publish"})
    # Wagtail answers a permission denied in the admin with a redirect and a message.
    assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))
    english_page.refresh_from_db()
    assert english_page.summary == english_summary

    client.force_login(user_in_group("Moderators", username="moderatore", language="en"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, {"action": "publish"})
    assert response.status_code == 302
    english_page.refresh_from_db()
    assert english_page.summary == machine.data
    assert dashboard_row(client, story) == "up-to-date"


@pytest.mark.django_db
def test_without_a_translator_the_action_is_not_there(
    client, english, story_with_a_new_italian_summary, user_in_group
):
    story, translation = story_with_a_new_italian_summary
    client.force_login(user_in_group("Editors", username="redattrice", language="en"))
    url = reverse("wagtail_localize:machine_translate", args=[translation.pk])
    with override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=None):
        assert get_machine_translator() is None
        edit_url = reverse("wagtailadmin_pages:edit", args=[story.get_translation(english).pk])
        assert url not in client.get(edit_url).content.decode()
        assert client.post(url).status_code == 404
    segment = summary_segment(translation)
    assert not StringTranslation.objects.filter(
        translation_of=segment.string, context=segment.context, locale=english
    ).exists()


def dashboard_row(client, page):
    """The status the translation dashboard gives ``page``."""
    html = client.get("/admin/translations/").content.decode()
    marker = f'data-page-id="{page.pk}"'
    start = html.index(marker)
    row_start = html.rindex("<tr", 0, start)
    return html[row_start:start].split('data-status="')[1].split('"')[0]


# --- A translation service that fails pre-fills nothing, and the editor says so ----------


class ServiceHandler(BaseHTTPRequestHandler):
    """Answers every POST as its server was told: ``answer`` is (status, body, delay) or
    "echo", which translates like LibreTranslate by prefixing each text with "EN "."""

    def do_POST(self):
        request = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.server.answer == "echo":
            texts = json.loads(request)["q"]
            body = json.dumps({"translatedText": [f"EN {text}" for text in texts]})
            status, delay = 200, 0
        else:
            status, body, delay = self.server.answer
        time.sleep(delay)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, format, *args):
        pass  # keep the test output quiet


@pytest.fixture
def service():
    """A real HTTP server on localhost; ``service(answer)`` sets its answer, gives its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), ServiceHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def answering(answer):
        server.answer = answer
        return f"http://127.0.0.1:{server.server_port}"

    yield answering
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"  # nothing listens there any more


def libretranslate(url, **options):
    return LibreTranslator({"LIBRETRANSLATE_URL": url, "API_KEY": "", **options})


class LocalDeepL(DeepLTranslator):
    """The site's DeepL translator, sent to the local server instead of DeepL."""

    def get_api_endpoint(self):
        return self.options["ENDPOINT"]


TEXTS = [
    StringValue.from_plaintext("Sportelli di quartiere"),
    StringValue.from_plaintext("Famiglie"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "answer",
    [
        (500, '{"error": "Internal error"}', 0),
        (200, "<html>Service unavailable</html>", 0),  # not JSON
        (400, '{"error": "Invalid API key"}', 0),
        (200, '{"error": "Invalid API key"}', 0),  # no translations in the answer
        (200, '{"translatedText": ["Neighbourhood desks"]}', 0),  # fewer than asked
        (200, '{"translatedText": 7}', 0),  # not a list
        (200, '{"translatedText": ["a", "b"]}', 2),  # too late
    ],
)
def test_libretranslate_failing_pre_fills_nothing(service, italian, english, caplog, answer):
    translator = libretranslate(service(answer), TIMEOUT=0.5)
    with caplog.at_level(logging.WARNING, logger="editorial.machine_translators"):
        assert translator.translate(italian, english, TEXTS) == {}
    assert translator.failed
    assert "LibreTranslate did not translate 2 strings from it to en" in caplog.text


@pytest.mark.django_db
def test_an_unreachable_service_pre_fills_nothing(closed_port_url, italian, english, caplog):
    translator = libretranslate(closed_port_url)
    with caplog.at_level(logging.WARNING, logger="editorial.machine_translators"):
        assert translator.translate(italian, english, TEXTS) == {}
    assert translator.failed
    assert "ConnectionError" in caplog.text


@pytest.mark.django_db
def test_libretranslate_answering_still_translates(service, italian, english):
    translator = libretranslate(service("echo"))
    translations = translator.translate(italian, english, TEXTS)
    assert {key.data: value.data for key, value in translations.items()} == {
        "Sportelli di quartiere": "EN Sportelli di quartiere",
        "Famiglie": "EN Famiglie",
    }
    assert not translator.failed


@pytest.mark.django_db
@pytest.mark.parametrize(
    "answer",
    [
        (403, '{"message": "Wrong endpoint. Use https://api-free.deepl.com"}', 0),
        (456, '{"message": "Quota exceeded"}', 0),
        (503, "<html>Service Unavailable</html>", 0),
        (200, '{"translations": [{"text": "Neighbourhood desks"}]}', 0),  # fewer than asked
        (200, '{"translations": ["Neighbourhood desks", "Families"]}', 0),  # not objects
    ],
)
def test_deepl_failing_pre_fills_nothing(service, italian, english, caplog, answer):
    translator = LocalDeepL({"AUTH_KEY": "secret-key", "ENDPOINT": service(answer)})
    with caplog.at_level(logging.WARNING, logger="editorial.machine_translators"):
        assert translator.translate(italian, english, TEXTS) == {}
    assert translator.failed
    assert "DeepL did not translate 2 strings from it to en" in caplog.text
    assert "secret-key" not in caplog.text  # the key stays out of the logs


@pytest.mark.django_db
def test_deepl_answering_still_translates(service, italian, english):
    answer = '{"translations": [{"text": "Neighbourhood desks"}, {"text": "Families"}]}'
    translator = LocalDeepL({"AUTH_KEY": "secret-key", "ENDPOINT": service((200, answer, 0))})
    translations = translator.translate(italian, english, TEXTS)
    assert [value.data for value in translations.values()] == ["Neighbourhood desks", "Families"]
    assert not translator.failed


def test_the_service_gets_ten_seconds_unless_told_otherwise():
    assert DEFAULT_TIMEOUT == 10
    assert DeepLTranslator({"AUTH_KEY": "k"}).options["TIMEOUT"] == DEFAULT_TIMEOUT
    assert libretranslate("http://localhost:5000").get_timeout() == DEFAULT_TIMEOUT
    assert libretranslate("http://localhost:5000", TIMEOUT=3).get_timeout() == 3


def machine_translate_as_an_editor(client, translation, english_page, config):
    """Presses the translation editor's "Translate with …"; gives back its messages."""
    edit_url = reverse("wagtailadmin_pages:edit", args=[english_page.pk])
    url = reverse("wagtail_localize:machine_translate", args=[translation.pk])
    with override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=config):
        response = client.post(url, {"next": edit_url})
    assert response.status_code == 302
    assert response["Location"] == edit_url
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


@pytest.mark.django_db
def test_the_editor_says_when_the_service_failed_and_fills_in_nothing(
    client, english, service, story_with_a_new_italian_summary, user_in_group
):
    story, translation = story_with_a_new_italian_summary
    english_page = story.get_translation(english)
    segment = summary_segment(translation)
    client.force_login(user_in_group("Editors", username="redattrice", language="en"))
    config = {
        "CLASS": LIBRETRANSLATE,
        "OPTIONS": {"LIBRETRANSLATE_URL": service((500, "{}", 0)), "API_KEY": ""},
    }

    messages = machine_translate_as_an_editor(client, translation, english_page, config)
    assert "LibreTranslate did not answer, so nothing was pre-filled." in messages
    assert "Pre-filled" not in messages
    assert not StringTranslation.objects.filter(
        translation_of=segment.string, context=segment.context, locale=english
    ).exists()

    # Once the service answers again, the same button pre-fills the new segment.
    service("echo")
    messages = machine_translate_as_an_editor(client, translation, english_page, config)
    assert "Pre-filled with LibreTranslate: review each segment before publishing." in messages
    machine = StringTranslation.objects.get(
        translation_of=segment.string, context=segment.context, locale=english
    )
    assert machine.data == f"EN {NEW_SUMMARY}"
    assert machine.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE

    # Nothing left to translate: it says so.
    messages = machine_translate_as_an_editor(client, translation, english_page, config)
    assert "Every segment is already translated." in messages


@pytest.mark.django_db
def test_the_editor_says_when_deepl_is_out_of_reach(
    client, english, closed_port_url, story_with_a_new_italian_summary, user_in_group
):
    story, translation = story_with_a_new_italian_summary
    client.force_login(user_in_group("Editors", username="redattore", language="en"))
    # The site's DeepL class as configured, with its endpoint where nothing listens.
    config = {
        "CLASS": f"{__name__}.LocalDeepL",
        "OPTIONS": {"AUTH_KEY": "k", "ENDPOINT": closed_port_url},
    }
    messages = machine_translate_as_an_editor(
        client, translation, story.get_translation(english), config
    )
    assert "DeepL did not answer, so nothing was pre-filled." in messages
