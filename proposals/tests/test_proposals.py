"""The "propose your story" page: the form, its checks and spam defences, what editors
receive, the admin listing and the private PDF."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from wagtail.models import Page
from wagtail_localize.models import Translation

from demo.pdf import build_pdf
from downloads.pdf_checks import pdf_problem
from downloads.tests.pdf_files import simple_pdf
from home.models import HomePage
from proposals import ratelimit
from proposals.forms import DOCUMENT_MAX_SIZE, SUMMARY_MAX_LENGTH, SUMMARY_MIN_LENGTH
from proposals.models import ProposalPage, ProposalStatus, StoryProposal
from stories.models import ProgrammePage, TerritoryPage
from tests.helpers import SUMMARY, post, programme_in, proposal_page, valid_data
from tests.page_test_case import I18nPageTestCase

pytestmark = pytest.mark.django_db

HOSTILE_NAME = '<script>alert("name")</script>'
HOSTILE_SUMMARY = "<b>Bold claim</b> & <img src=x onerror=alert(1)> " + SUMMARY


# --- fixtures -------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Each test keeps proposals' files in a folder of its own."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def admin_only_user(user_in_group):
    """Allowed into the admin, not to see proposals."""
    user = user_in_group(username="writer-carla", email="writer-carla@example.org")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    return user


def pdf_bytes():
    return build_pdf(
        title="Portinerie di quartiere",
        subtitle="Presentazione",
        meta_lines=["Cooperativa Il Ponte"],
        sections=[("Il progetto", ["Tre portinerie, molti vicini."])],
        language="it",
        author="Cooperativa Il Ponte",
    )


def upload(content, name="progetto.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def page_text(response):
    return unescape(re.sub(r"\s+", " ", response.content.decode()))


def form_html(response):
    return response.content.decode().split('class="proposal-form"', 1)[1].split("</form>", 1)[0]


def expected_message(language, message, **params):
    """``message`` (an English msgid) as a reader of ``language`` sees it."""
    with translation.override(language):
        text = translation.gettext(message)
    return text % params if params else text


def widget_tag(html, field):
    """The opening tag of the field's input, select or textarea."""
    return re.search(rf'<(?:input|select|textarea)\b[^>]*\bid="id_{field}"[^>]*>', html).group(0)


def field_error(response, field):
    match = re.search(
        rf'<p class="form-field__error" id="id_{field}_error">(.*?)</p>',
        response.content.decode(),
        re.S,
    )
    assert match, f"no error shown for {field}"
    text = unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()
    # Screen readers hear "Error:" (or "Errore:") first; the message follows it.
    for language in ("en", "it"):
        text = text.removeprefix(expected_message(language, "Error:")).strip()
    return text


# --- the page type --------------------------------------------------------------------


class ProposalPageTypeTests(I18nPageTestCase):
    def test_lives_once_under_each_home_with_no_children(self):
        self.assertAllowedParentPageTypes(ProposalPage, {HomePage})
        self.assertAllowedSubpageTypes(ProposalPage, set())
        self.assertCanCreateAt(HomePage, ProposalPage)
        for home in HomePage.objects.all():
            with self.subTest(home=home.locale.language_code):
                self.assertFalse(ProposalPage.can_create_at(home))

    def test_routes_renders_and_previews_in_both_languages(self):
        for language in ("it", "en"):
            page = proposal_page(language)
            with self.subTest(language=language), translation.override(language):
                self.assertPageIsRoutable(page)
                self.assertPageIsRoutable(page, page.reverse_subpage("thanks"))
                self.assertPageIsRenderable(page)
                self.assertPageIsRenderable(page, page.reverse_subpage("thanks"))
                for mode, text in (("", page.intro), ("thanks", page.thank_you_message)):
                    preview = page.make_preview_request(
                        original_request=self.dummy_request, preview_mode=mode
                    )
                    self.assertEqual(preview.status_code, 200)
                    self.assertIn(escape(text), preview.rendered_content)

    def test_italian_page_previews_from_the_admin_editor(self):
        self.login()
        self.assertPageIsPreviewable(proposal_page("it"), mode="")
        self.assertPageIsPreviewable(proposal_page("it"), mode="thanks")

    def test_english_page_is_a_wagtail_localize_translation(self):
        italian = proposal_page("it")
        english = proposal_page("en")
        self.assertEqual(english.translation_key, italian.translation_key)
        self.assertIsNone(english.alias_of_id)
        self.assertTrue(
            Translation.objects.filter(
                source__object_id=italian.translation_key, target_locale=english.locale
            ).exists()
        )
        self.assertNotEqual(english.intro, italian.intro)
        self.assertNotEqual(english.thank_you_message, italian.thank_you_message)
        self.assertNotEqual(english.privacy_note, italian.privacy_note)


# --- the empty form ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["it", "en"])
def test_form_is_accessible_and_suggests_the_sites_territories_and_programmes(client, language):
    page = proposal_page(language)
    response = client.get(page.url)
    assert response.status_code == 200
    html = form_html(response)
    assert 'enctype="multipart/form-data"' in response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    for field, autocomplete in [
        ("name", "name"),
        ("organisation", "organization"),
        ("email", "email"),
        ("territory", "address-level2"),
    ]:
        assert f'<label class="form-field__label" for="id_{field}">' in html
        assert re.search(rf'<input [^>]*autocomplete="{autocomplete}"[^>]*id="id_{field}"', html)
    assert 'type="email"' in html
    assert 'aria-describedby="id_summary_helptext"' in html
    assert 'accept="application/pdf,.pdf"' in html
    # Required fields are marked in words, the document as optional.
    with translation.override(language):
        assert html.count(f"({translation.gettext('required')})") == 6
        assert html.count(f"({translation.gettext('optional')})") == 1
    # The territory suggestions are the site's territories in the page's language.
    datalist = html.split('<datalist id="proposal-territories">', 1)[1].split("</datalist>", 1)[0]
    territories = TerritoryPage.objects.live().filter(locale__language_code=language)
    assert len(re.findall("<option ", datalist)) == territories.count()
    assert 'list="proposal-territories"' in html
    # Programmes of the page's language only, and "none of these".
    select = html.split('id="id_programme"', 1)[1].split("</select>", 1)[0]
    for programme in ProgrammePage.objects.live():
        listed = f'<option value="{programme.pk}">' in select
        assert listed == (programme.locale.language_code == language)
    assert '<option value="other">' in select
    # No inline style anywhere (strict CSP); the privacy note is on the page.
    assert "style=" not in response.content.decode()
    assert page.privacy_note.split("<p>", 1)[1][:40] in response.content.decode()


def test_honeypot_is_hidden_by_a_class_from_people_and_assistive_technology(client):
    html = form_html(client.get(proposal_page("it").url))
    trap = html.split('<div class="form-trap" aria-hidden="true">', 1)[1].split("</div>", 1)[0]
    assert re.search(r'<input [^>]*name="website"', trap)
    assert 'tabindex="-1"' in trap and 'autocomplete="off"' in trap
    css = (Path(settings.BASE_DIR) / "static/css/site.css").read_text()
    assert re.search(r"\.form-trap \{[^}]*left: -100vw", css)


def test_footer_links_to_the_page_in_each_language(client):
    for language in ("it", "en"):
        page = proposal_page(language)
        home = HomePage.objects.get(locale__language_code=language)
        footer = client.get(home.url).content.decode().split('<footer class="site-footer">')[1]
        assert f'<a href="{page.url}">{page.title}</a>' in footer


@pytest.mark.parametrize("language", ["it", "en"])
def test_form_page_stays_within_the_query_budget(client, language):
    url = proposal_page(language).url
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 15


# --- caching ----------------------------------------------------------------------------


def assert_never_cached(response):
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert "public" not in cache_control


def test_no_answer_of_the_form_may_be_cached(client):
    page = proposal_page("it")
    assert_never_cached(client.get(page.url))
    assert_never_cached(post(client, page, valid_data(email="not-an-address")))
    for _ in range(ratelimit.PROPOSALS_PER_WINDOW):
        post(client, page, valid_data())
    assert_never_cached(post(client, page, valid_data()))


def test_each_reader_gets_a_working_csrf_token_of_their_own():
    """Were the form cached, a second reader would get the first one's token and be
    refused: each one's token works with their own cookie."""
    page = proposal_page("it")
    tokens = []
    for number in range(2):
        reader = Client(enforce_csrf_checks=True)
        html = reader.get(page.url).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        tokens.append(token)
        data = valid_data(email=f"reader{number}@example.org", csrfmiddlewaretoken=token)
        assert post(reader, page, data, address=f"192.0.2.{number + 1}").status_code == 302
        assert Client(enforce_csrf_checks=True).post(page.url, data).status_code == 403
    assert tokens[0] != tokens[1]
    assert StoryProposal.objects.count() == 2


# --- a valid proposal -------------------------------------------------------------------


@pytest.mark.parametrize("language", ["it", "en"])
def test_valid_proposal_is_stored_editors_are_told_and_the_reader_thanked(
    client, editor, moderator, user_in_group, language
):
    user_in_group(
        "Editors", username="editor-gone", email="editor-gone@example.org", is_active=False
    )
    user_in_group("Editors", username="editor-no-mail")
    page = proposal_page(language)
    response = post(client, page, valid_data(language))

    with translation.override(language):
        thanks_url = page.url + page.reverse_subpage("thanks").lstrip("/")
    assert response.status_code == 302
    assert response["Location"] == thanks_url
    proposal = StoryProposal.objects.get()
    assert (proposal.name, proposal.organisation, proposal.email, proposal.territory) == (
        "Giulia Rossi",
        "Cooperativa Il Ponte",
        "giulia@example.org",
        "Cremasco",
    )
    assert proposal.programme == programme_in(language)
    assert proposal.summary == SUMMARY
    assert proposal.language == language
    assert proposal.page == page
    assert proposal.status == ProposalStatus.NEW
    assert not proposal.document

    # One message per recipient (see test_each_editor_gets_a_message_of_their_own).
    assert sorted(message.to[0] for message in mail.outbox) == [editor.email, moderator.email]
    message = mail.outbox[0]
    assert message.reply_to == ["giulia@example.org"]
    assert "Cooperativa Il Ponte" in message.subject
    assert SUMMARY in message.body
    admin_url = reverse("story_proposals:inspect", args=[proposal.pk])
    assert f"http://testserver{admin_url}" in message.body

    thanks = client.get(thanks_url)
    assert thanks.status_code == 200
    assert page.thank_you_message in page_text(thanks)
    assert language == thanks.wsgi_request.LANGUAGE_CODE
    assert '<meta name="robots" content="noindex">' in thanks.content.decode()


def test_other_programme_and_single_line_names(client):
    response = post(
        client,
        proposal_page("en"),
        valid_data("en", programme="other", name="  Giulia\n  Rossi ", territory="Val  Seriana"),
    )
    assert response.status_code == 302
    proposal = StoryProposal.objects.get()
    assert proposal.programme is None
    assert proposal.name == "Giulia Rossi"
    assert proposal.territory == "Val Seriana"


def test_each_editor_gets_a_message_of_their_own(client, editor, moderator, user_in_group):
    """No recipient learns who else was told: each message names only its own."""
    third = user_in_group("Editors", username="editor-elena", email="editor-elena@example.org")
    addresses = {editor.email, moderator.email, third.email}
    assert post(client, proposal_page("it"), valid_data()).status_code == 302

    assert len(mail.outbox) == 3
    assert {message.to[0] for message in mail.outbox} == addresses
    for message in mail.outbox:
        assert len(message.to) == 1 and not message.cc and not message.bcc
        assert message.recipients() == message.to
        headers = message.message().as_string().split("\n\n", 1)[0]
        for other in addresses - set(message.to):
            assert other not in headers
        assert message.subject == mail.outbox[0].subject
        assert message.body == mail.outbox[0].body
        assert message.alternatives == mail.outbox[0].alternatives


def test_without_editors_the_site_contact_address_is_told(client, settings, django_user_model):
    django_user_model.objects.filter(groups__name__in=["Editors", "Moderators"]).update(email="")
    settings.SITE_CONTACT_EMAIL = "redazione@example.org"
    assert post(client, proposal_page("it"), valid_data()).status_code == 302
    assert mail.outbox[0].to == ["redazione@example.org"]


# --- invalid proposals --------------------------------------------------------------------


INVALID_FIELDS = [
    ("name", "", "Enter your name."),
    ("organisation", " ", "Enter the name of your organisation or network."),
    ("email", "", "Enter your email address."),
    ("email", "giulia@", "Enter an email address like name@example.org."),
    ("territory", "", "Enter the territory where the project takes place."),
    ("programme", "", "Choose a programme, or “None of these / another programme”."),
    ("programme", "999999", "Choose one of the programmes in the list."),
    ("summary", "", "Tell the story in a few lines."),
    (
        "summary",
        "Troppo breve.",
        f"Write at least {SUMMARY_MIN_LENGTH} characters: so far there are 13.",
    ),
    (
        "summary",
        "x" * (SUMMARY_MAX_LENGTH + 1),
        f"Write at most {SUMMARY_MAX_LENGTH} characters: there are {SUMMARY_MAX_LENGTH + 1}. "
        "Shorten the text; you can attach the rest as a PDF.",
    ),
]


@pytest.mark.parametrize(("field", "value", "message"), INVALID_FIELDS)
def test_each_field_says_what_is_wrong_and_keeps_the_input(client, editor, field, value, message):
    page = proposal_page("en")
    data = valid_data("en", **{field: value})
    response = post(client, page, data)

    assert response.status_code == 400
    assert not StoryProposal.objects.exists()
    assert not mail.outbox
    assert field_error(response, field) == message
    html = response.content.decode()
    # The field is marked invalid and described by its error; the summary links to it.
    widget = widget_tag(html, field)
    assert 'aria-invalid="true"' in widget
    assert re.search(rf'aria-describedby="[^"]*\bid_{field}_error\b', widget)
    summary = html.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert f'<a href="#id_{field}">' in summary
    assert "autofocus" in html.split('class="error-summary"', 1)[1].split(">", 1)[0]
    assert page_text(response).count("Error:") >= 1
    assert "<title>Error:" in html
    # Everything else the reader typed is still there.
    for other in ("name", "organisation", "email", "territory"):
        if other != field:
            assert f'value="{data[other]}"' in html
    if field != "summary":
        assert SUMMARY in page_text(response)
    if field != "programme":
        assert f'<option value="{data["programme"]}" selected>' in html


def test_messages_follow_the_readers_language(client):
    response = post(client, proposal_page("it"), valid_data(name=""))
    assert response.status_code == 400
    assert field_error(response, "name") == expected_message("it", "Enter your name.")
    assert response.wsgi_request.LANGUAGE_CODE == "it"


def test_a_programme_of_the_other_language_is_refused(client):
    response = post(client, proposal_page("it"), valid_data(programme=programme_in("en").pk))
    assert response.status_code == 400
    assert field_error(response, "programme") == expected_message(
        "it", "Choose one of the programmes in the list."
    )


def test_typed_markup_comes_back_escaped(client):
    response = post(client, proposal_page("en"), valid_data("en", name=HOSTILE_NAME, email="x"))
    assert response.status_code == 400
    html = response.content.decode()
    assert HOSTILE_NAME not in html
    assert "&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;" in html


def test_other_methods_are_refused(client):
    assert client.put(proposal_page("it").url).status_code == 405


# --- spam defences ------------------------------------------------------------------------


def test_honeypot_filled_in_is_dropped_silently(client, editor):
    page = proposal_page("it")
    response = post(client, page, valid_data(website="https://cheap-pills.example"))
    with translation.override("it"):
        assert response["Location"] == page.url + page.reverse_subpage("thanks").lstrip("/")
    assert not StoryProposal.objects.exists()
    assert not mail.outbox


def test_an_address_may_send_a_few_proposals_an_hour(client, editor):
    page = proposal_page("en")
    for number in range(ratelimit.PROPOSALS_PER_WINDOW):
        response = post(client, page, valid_data("en", email=f"n{number}@example.org"))
        assert response.status_code == 302
    over = valid_data("en", email="one-more@example.org", territory="Val Seriana")
    response = post(client, page, over)

    assert response.status_code == 429
    assert response["Retry-After"] == str(ratelimit.WINDOW_SECONDS)
    assert "<title>Error:" in response.content.decode()
    text = page_text(response)
    assert "You have sent several proposals in the last hour" in text
    assert f"up to {ratelimit.PROPOSALS_PER_WINDOW} proposals an hour" in text
    html = response.content.decode()
    assert 'value="one-more@example.org"' in html and 'value="Val Seriana"' in html
    assert SUMMARY in text
    assert StoryProposal.objects.count() == ratelimit.PROPOSALS_PER_WINDOW
    assert len(mail.outbox) == ratelimit.PROPOSALS_PER_WINDOW
    # Another address is not affected.
    assert post(client, page, over, address="198.51.100.7").status_code == 302


def test_the_limit_page_is_in_the_readers_language(client):
    page = proposal_page("it")
    for _ in range(ratelimit.PROPOSALS_PER_WINDOW):
        post(client, page, valid_data())
    response = post(client, page, valid_data())
    assert response.status_code == 429
    assert response.wsgi_request.LANGUAGE_CODE == "it"
    assert '<html lang="it">' in response.content.decode()
    title = expected_message("it", "You have sent several proposals in the last hour")
    assert title in page_text(response)


def test_honeypot_hits_count_and_mistakes_do_not(client):
    page = proposal_page("it")
    for _ in range(ratelimit.PROPOSALS_PER_WINDOW + 2):
        assert post(client, page, valid_data(email="wrong")).status_code == 400
    for _ in range(ratelimit.PROPOSALS_PER_WINDOW):
        post(client, page, valid_data(website="spam"))
    assert post(client, page, valid_data()).status_code == 429


def test_an_ipv6_network_counts_as_one_address(client):
    page = proposal_page("it")
    for host in range(ratelimit.PROPOSALS_PER_WINDOW):
        address = f"2001:db8:1:2::{host + 1}"
        assert post(client, page, valid_data(), address=address).status_code == 302
    assert post(client, page, valid_data(), address="2001:db8:1:2::ff").status_code == 429
    assert post(client, page, valid_data(), address="2001:db8:1:3::1").status_code == 302


PROXY = "10.0.0.2"
READER = "203.0.113.5"


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, None, PROXY),
        (0, READER, PROXY),  # no proxy is trusted: anyone could have sent the header
        (1, READER, READER),
        (1, f"198.51.100.66, 192.0.2.99,{READER}", READER),  # made-up entries on the left
        (1, "2001:DB8::1", "2001:db8::1"),
        (2, f"{READER}, 10.0.0.1", READER),
        (2, f"198.51.100.66, {READER}, 10.0.0.1", READER),
        (1, None, PROXY),
        (1, "", PROXY),
        (1, "unknown", PROXY),
        (1, f"{READER}, ", PROXY),
        (1, f"{READER}:4711", PROXY),
        (2, READER, PROXY),  # fewer entries than trusted proxies
    ],
)
def test_the_readers_address_is_the_one_the_trusted_proxies_saw(
    rf, settings, proxies, forwarded_for, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    headers = {} if forwarded_for is None else {"HTTP_X_FORWARDED_FOR": forwarded_for}
    request = rf.post("/", REMOTE_ADDR=PROXY, **headers)
    assert ratelimit.client_address(request) == expected


def test_behind_a_proxy_each_reader_has_a_limit_of_their_own(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    page = proposal_page("it")
    for number in range(ratelimit.PROPOSALS_PER_WINDOW):
        # A made-up entry on the left changes nothing: the proxy's own entry counts.
        forwarded = f"198.51.100.{number}, {READER}"
        response = post(client, page, valid_data(), address=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
        assert response.status_code == 302
    over = post(client, page, valid_data(), address=PROXY, HTTP_X_FORWARDED_FOR=READER)
    assert over.status_code == 429
    # Another reader through the same proxy is not affected.
    other = post(client, page, valid_data(), address=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.77")
    assert other.status_code == 302


def test_without_trusted_proxies_a_forged_header_does_not_escape_the_limit(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    page = proposal_page("it")
    for number in range(ratelimit.PROPOSALS_PER_WINDOW):
        post(client, page, valid_data(), HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
    forged = post(client, page, valid_data(), HTTP_X_FORWARDED_FOR="198.51.100.200")
    assert forged.status_code == 429


# --- the PDF ------------------------------------------------------------------------------


def test_a_pdf_with_a_long_file_name_is_accepted(client, private_media):
    name = "Presentazione del progetto portinerie di quartiere " * 3
    name = name.replace(" ", "-")[:146] + ".pdf"
    assert len(name) == 150
    content = pdf_bytes()
    response = post(client, proposal_page("it"), valid_data(document=upload(content, name)))
    assert response.status_code == 302
    document = StoryProposal.objects.get().document
    assert Path(document.path).read_bytes() == content
    assert len(document.name) <= StoryProposal._meta.get_field("document").max_length
    assert "Presentazione" not in document.name


def test_a_real_pdf_is_kept_in_the_private_folder(client, private_media):
    content = pdf_bytes()
    response = post(client, proposal_page("it"), valid_data(document=upload(content)))
    assert response.status_code == 302
    document = StoryProposal.objects.get().document
    path = Path(document.path)
    assert path.is_relative_to(private_media)
    assert not path.is_relative_to(settings.MEDIA_ROOT)
    assert path.read_bytes() == content
    assert path.suffix == ".pdf" and "progetto" not in path.name
    with pytest.raises(ValueError):
        document.url  # noqa: B018 (no public address exists)
    assert "PDF" in mail.outbox[0].body or "pdf" in mail.outbox[0].body.lower()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            b"\x89PNG\r\n\x1a\n" + b"0" * 2000,
            "progetto.pdf",
            "This file is not a PDF. Export it as PDF and choose it again.",
        ),
        (
            b"%PDF-1.7\n" + b"0" * DOCUMENT_MAX_SIZE + b"\n%%EOF\n",
            "progetto.pdf",
            "The file is {size}: the limit is {limit}. Send a lighter PDF.",
        ),
        (b"", "progetto.pdf", "The file is empty. Choose another one."),
    ],
    ids=["not-a-pdf", "too-large", "empty"],
)
def test_a_document_that_is_not_a_small_pdf_is_refused(
    client, private_media, content, name, message
):
    response = post(client, proposal_page("en"), valid_data("en", document=upload(content, name)))
    assert response.status_code == 400
    assert not StoryProposal.objects.exists()
    with translation.override("en"):
        size, limit = filesizeformat(len(content)), filesizeformat(DOCUMENT_MAX_SIZE)
    assert field_error(response, "document") == message.format(size=size, limit=limit)
    assert not list(private_media.rglob("*")) if private_media.exists() else True
    # The field's own message says to choose another file: no second note about it.
    assert "Choose the PDF again" not in response.content.decode()


@pytest.mark.parametrize(
    "content",
    [
        simple_pdf(b"/Open#41ction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"),
        simple_pdf(b"", b"/Annots [<< /Subtype /Link /A << /S /Launch /F (cmd.exe) >> >>]"),
        b"%PDF-1.4\n<html><script>alert(document.domain)</script></html>\n" + simple_pdf()[9:],
    ],
    ids=["javascript", "launch", "polyglot"],
)
def test_a_pdf_with_scripts_or_html_is_refused(client, private_media, content):
    response = post(client, proposal_page("en"), valid_data("en", document=upload(content)))
    assert response.status_code == 400
    assert not StoryProposal.objects.exists()
    with translation.override("en"):
        message = str(pdf_problem(upload(content)).message)
    assert field_error(response, "document") == message
    assert not list(private_media.rglob("*")) if private_media.exists() else True


def test_a_good_pdf_sent_with_a_mistake_must_be_chosen_again_and_the_reader_is_told(client):
    data = valid_data("en", email="giulia@", document=upload(pdf_bytes()))
    response = post(client, proposal_page("en"), data)
    assert response.status_code == 400
    summary = response.content.decode().split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert '<a href="#id_document">Choose the PDF again' in summary


def test_a_kept_pdf_is_deleted_with_its_proposal(client):
    post(client, proposal_page("it"), valid_data(document=upload(pdf_bytes())))
    proposal = StoryProposal.objects.get()
    path = Path(proposal.document.path)
    assert path.exists()
    proposal.delete()
    assert not path.exists()


# --- the admin ----------------------------------------------------------------------------


@pytest.fixture
def hostile_proposal(client):
    response = post(
        client,
        proposal_page("it"),
        valid_data(name=HOSTILE_NAME, summary=HOSTILE_SUMMARY, document=upload(pdf_bytes())),
    )
    assert response.status_code == 302
    return StoryProposal.objects.get()


def test_editors_see_proposals_listed_and_filtered_by_status(client, editor, hostile_proposal):
    other = StoryProposal.objects.create(
        language="en",
        name="Marco Bianchi",
        organisation="Consorzio Sol.Co",
        email="marco@example.org",
        territory="Rhodense",
        summary=SUMMARY,
        status=ProposalStatus.ACCEPTED,
    )
    client.force_login(editor)
    index = reverse("story_proposals:index")
    response = client.get(index)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Consorzio Sol.Co" in html and "Cooperativa Il Ponte" in html
    assert HOSTILE_NAME not in html
    filtered = client.get(index, {"status": "accepted"}).content.decode()
    assert other.organisation in filtered and "Cooperativa Il Ponte" not in filtered


def test_admin_detail_shows_typed_markup_escaped(client, editor, hostile_proposal):
    client.force_login(editor)
    for view in ("inspect", "edit"):
        response = client.get(reverse(f"story_proposals:{view}", args=[hostile_proposal.pk]))
        assert response.status_code == 200, view
        html = response.content.decode()
        assert HOSTILE_NAME not in html and "<b>Bold claim</b>" not in html, view
        assert "<img src=x" not in html, view
        assert "&lt;script&gt;" in html and "&lt;b&gt;Bold claim&lt;/b&gt;" in html, view


def test_email_shows_typed_markup_as_text_and_escaped_html(hostile_proposal):
    [message] = mail.outbox
    assert HOSTILE_SUMMARY in message.body  # plain text: no markup is interpreted
    assert HOSTILE_NAME in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert HOSTILE_NAME not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_editors_set_the_status(client, editor, hostile_proposal):
    client.force_login(editor)
    edit_url = reverse("story_proposals:edit", args=[hostile_proposal.pk])
    response = client.post(edit_url, {"status": ProposalStatus.IN_REVIEW})
    assert response.status_code == 302
    hostile_proposal.refresh_from_db()
    assert hostile_proposal.status == ProposalStatus.IN_REVIEW
    assert hostile_proposal.name == HOSTILE_NAME  # read-only fields untouched


def test_nobody_adds_proposals_in_the_admin(client, editor, admin_user):
    for user in (editor, admin_user):
        client.force_login(user)
        assert client.get(reverse("story_proposals:add")).status_code in (302, 403)


def test_the_pdf_goes_only_to_those_who_may_see_proposals(
    client, editor, moderator, admin_only_user, user_in_group, hostile_proposal
):
    url = reverse("story_proposals:document", args=[hostile_proposal.pk])
    for user in (editor, moderator):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "no-store" in response["Cache-Control"]
        assert (
            b"".join(response.streaming_content)
            == Path(hostile_proposal.document.path).read_bytes()
        )
    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    # Wagtail answers a refusal in the admin with a redirect: to the dashboard with a
    # message for an editor, to the login for someone with no admin access.
    expected = {
        admin_only_user: reverse("wagtailadmin_home"),
        user_in_group(username="reader-dario", email="reader-dario@example.org"): reverse(
            "wagtailadmin_login"
        ),
    }
    for user, location in expected.items():
        client.force_login(user)
        denied = client.get(url)
        assert denied.status_code == 302, user
        assert denied["Location"].split("?")[0] == location
        assert "Content-Disposition" not in denied
    client.force_login(editor)
    inspect = client.get(reverse("story_proposals:inspect", args=[hostile_proposal.pk]))
    assert f'href="{url}"' in inspect.content.decode()


def test_a_pdf_missing_from_storage_is_not_found_and_logged(
    client, editor, hostile_proposal, caplog
):
    Path(hostile_proposal.document.path).unlink()
    client.force_login(editor)
    url = reverse("story_proposals:document", args=[hostile_proposal.pk])
    with caplog.at_level("WARNING", logger="proposals.admin_views"):
        response = client.get(url)
    assert response.status_code == 404
    assert "Content-Disposition" not in response
    [record] = [r for r in caplog.records if r.name == "proposals.admin_views"]
    assert record.levelname == "WARNING"
    assert str(hostile_proposal.pk) in record.getMessage()
    assert hostile_proposal.document.name in record.getMessage()
    # The proposal itself is still there to read.
    inspect = client.get(reverse("story_proposals:inspect", args=[hostile_proposal.pk]))
    assert inspect.status_code == 200


def test_the_admin_listing_costs_the_same_queries_for_3_or_13_proposals(client, editor):
    programmes = list(ProgrammePage.objects.live())
    assert len(programmes) >= 2

    def add_proposals(count):
        start = StoryProposal.objects.count()
        for number in range(start, start + count):
            StoryProposal.objects.create(
                language="it",
                name=f"Persona {number}",
                organisation=f"Rete {number}",
                email=f"rete{number}@example.org",
                territory="Cremasco",
                summary=SUMMARY,
                programme=programmes[number % len(programmes)],
            )

    def listing_queries():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("story_proposals:index"))
        assert response.status_code == 200
        html = response.content.decode()
        for number in range(StoryProposal.objects.count()):
            assert re.search(rf">\s*Rete {number}\s*<", html)
        assert all(escape(programme.title) in html for programme in programmes)
        return len(queries)

    client.force_login(editor)
    add_proposals(3)
    client.get(reverse("story_proposals:index"))  # the first request warms Wagtail's caches
    few = listing_queries()
    add_proposals(10)
    assert listing_queries() == few


def test_the_pdf_is_never_under_the_media_address(client, hostile_proposal):
    name = hostile_proposal.document.name
    assert client.get(settings.MEDIA_URL + name).status_code == 404
    assert not (Path(settings.MEDIA_ROOT) / name).exists()


def test_editors_and_moderators_get_their_permissions_from_the_migration():
    def codenames(group):
        return set(
            Group.objects.get(name=group)
            .permissions.filter(content_type__app_label="proposals")
            .values_list("codename", flat=True)
        )

    assert codenames("Editors") == {"view_storyproposal", "change_storyproposal"}
    assert codenames("Moderators") == {
        "view_storyproposal",
        "change_storyproposal",
        "delete_storyproposal",
    }
    assert codenames("Translators") == set()


def test_the_page_is_in_the_demo_tree_under_each_home():
    for language in ("it", "en"):
        page = proposal_page(language)
        assert Page.objects.get(pk=page.pk).get_parent().specific_class is HomePage
