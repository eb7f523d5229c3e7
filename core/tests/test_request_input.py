"""Input no page can take is refused where it enters (core.request_input,
core.middleware.RequestInputMiddleware, the 400 and 500 handlers), never a 500."""

import pytest
from django import forms
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from core.request_input import WholeNumberField, has_control_characters, whole_number

pytestmark = pytest.mark.django_db

CSRF_SECRET = "c" * 32


def test_whole_numbers_are_ascii_digits_within_bounds():
    assert whole_number("42") == 42
    assert whole_number("007") == 7
    assert whole_number("9" * 18) == 10**18 - 1
    assert whole_number("5", minimum=1, maximum=5) == 5
    for raw in ("", " 4", "+3", "-1", "1_000", "1e3", "0x10", "4.0", "²", "①", "١٠٠", "9" * 19):
        assert whole_number(raw) is None, raw
    assert whole_number("9" * 5000) is None  # int() would raise on over 4,300 digits
    assert whole_number("0", minimum=1) is None
    assert whole_number("6", maximum=5) is None
    assert whole_number(None) is None


def test_the_form_field_refuses_what_int_would_read():
    class YearForm(forms.Form):
        year = WholeNumberField(required=False, min_value=1900)

    assert YearForm({"year": " 2024 "}).is_valid()
    for raw in ("١٩٩٩", "1999.0", "9" * 5000, "1899"):
        form = YearForm({"year": raw})
        assert not form.is_valid(), raw
    assert YearForm({"year": ""}).is_valid()


def test_control_characters():
    assert has_control_characters("a\x00b")
    assert has_control_characters("\x7f")
    assert not has_control_characters("tab\tand\nline breaks, è and 😀")


@pytest.fixture
def csrf_client():
    """A browser with a CSRF cookie, whose forms are checked as in production."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = CSRF_SECRET
    return client


FORM_ADDRESSES = ["/it/", "/en/search/", "/it/proponi-la-tua-storia/", "/admin/login/"]


@pytest.mark.parametrize("path", FORM_ADDRESSES)
@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded; charset=utf-16",
        "application/x-www-form-urlencoded; charset=no-such-charset",
        "multipart/form-data; boundary=x; charset=utf-32",
    ],
)
@pytest.mark.parametrize("with_token", [False, True])
def test_a_form_in_another_charset_is_a_readable_400(csrf_client, path, content_type, with_token):
    headers = {"X-CSRFToken": CSRF_SECRET} if with_token else {}
    # generic(): post() would encode the body in the declared charset, or fail to.
    response = csrf_client.generic(
        "POST", path, "a=b".encode("utf-16"), content_type=content_type, headers=headers
    )
    assert response.status_code == 400
    assert "UTF-8" in response.content.decode()


def test_the_400_page_speaks_the_language_of_the_address(csrf_client):
    body = "a=b".encode("utf-16")
    content_type = "application/x-www-form-urlencoded; charset=utf-16"
    italian = csrf_client.generic("POST", "/it/", body, content_type=content_type)
    assert '<html lang="it">' in italian.content.decode()
    english = csrf_client.generic("POST", "/en/", body, content_type=content_type)
    assert '<html lang="en">' in english.content.decode()
    assert "Bad request" in english.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/it/%00/",
        "/it/storie/a%00b/",
        "/en/search/?q=%00",
        "/it/storie/?hashtag=a%00",
        "/en/oembed/?url=http%3A//testserver/it/%00/",
        "/r/ABC/?lang=%01",
    ],
)
def test_a_control_character_in_the_address_is_a_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    # In the language of the address (Italian where there is none, as for /r/).
    with translation.override("en" if path.startswith("/en/") else "it"):
        message = translation.gettext(
            "The address contains characters that no address of this site has."
        )
    assert escape(message) in response.content.decode()


def test_the_api_answers_its_own_parameters(client):
    # In JSON, from the API (opendata.parameters), not the site's 400 page.
    response = client.get("/api/v2/pages/?search=%00")
    assert response["Content-Type"].startswith("application/json")


def test_a_cookie_with_a_nul_is_as_if_never_sent(client):
    # http.cookies unquotes "\000" into a NUL: a session key PostgreSQL would refuse.
    response = client.get("/it/", headers={"cookie": 'sessionid="\\000aaaaaaaaaaaaaaa"'})
    assert response.status_code == 200


def test_a_host_django_refuses_gets_the_400_page(settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    client = Client(raise_request_exception=False)
    response = client.post("/it/", {"a": "b"}, headers={"host": "evil.example.org"})
    assert response.status_code == 400
    assert "<h1>" in response.content.decode()
