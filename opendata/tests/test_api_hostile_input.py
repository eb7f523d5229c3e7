"""Whatever a client puts in the API's query string or path, the answer is a 200 or a 4xx
with a JSON message, never a 500: on SQLite and on PostgreSQL, on every endpoint and for
every parameter. The values are those that broke it (NUL bytes, numbers beyond 64 bits,
digits of other scripts, the search backends' own syntax, a hundred words, repeated
parameters) and their near relatives."""

import pytest
from django.db import transaction
from django.test import Client

from opendata.parameters import MAX_SEARCH_WORDS, MAX_VALUE_LENGTH
from stories.models import StoryPage

pytestmark = pytest.mark.django_db

# Refused whatever the parameter: PostgreSQL cannot take a NUL, and no value is this long.
ANY_PARAMETER = ["\x00", "welfare\x00", "x" * (MAX_VALUE_LENGTH + 1)]
NUMBERS = [
    "",
    "-1",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999",
    "²",
    "١٠٠",
    " 12",
    "1.5",
    "1e999999",
    "NaN",
    "root",
]
TEXTS = [
    "",
    " ",
    '"',
    "*",
    ",",
    "a(b(c",
    "(" * 400,
    # Nested field lists, which Wagtail reads recursively.
    "a(" * 330 + "b" + ")" * 330,
    "'; --",
    "🙂",
    "a:b",
    "localhost:99999999999999999999",
    "1e999999",
]
# The SQLite backend's FTS5 syntax, and more words than PostgreSQL's backend can compile.
SEARCHES = [
    '"',
    '"welfare',
    '">',
    " \t ",
    "*",
    "NEAR(",
    "AND OR",
    "NOT (",
    "-welfare",
    "welfare " * 3,
    " ".join(f"w{number}" for number in range(MAX_SEARCH_WORDS)),
    " ".join(f"w{number}" for number in range(60)),
    " ".join(f"w{number}" for number in range(150)),
]

# The values tried on a parameter, by what it holds: a number, something Wagtail parses (a
# field list, a model name, a host), a value compared as it is, a search.
NUMBER = NUMBERS + ANY_PARAMETER
SYNTAX = TEXTS + ANY_PARAMETER
PLAIN = ["", " ", "'; --", "🙂", "-1", "1e999999"] + ANY_PARAMETER
SEARCH = SEARCHES + ANY_PARAMETER

COMMON_PARAMETERS = [
    *[(name, NUMBER, {}) for name in ("limit", "offset", "id")],
    *[(name, SYNTAX, {}) for name in ("fields", "order")],
    ("title", PLAIN, {}),
    ("search", SEARCH, {}),
]
# A story's own fields are read on the pages endpoint with ``type=stories.StoryPage``.
STORY = {"type": "stories.StoryPage"}
LISTING_PARAMETERS = {
    "pages/": [
        *COMMON_PARAMETERS,
        *[
            (name, NUMBER, {})
            for name in ("child_of", "ancestor_of", "descendant_of", "translation_of")
        ],
        *[
            (name, SYNTAX, {})
            for name in ("type", "locale", "site", "search_operator", "rich_text_format", "format")
        ],
        *[
            (name, PLAIN, {})
            for name in ("show_in_menus", "first_published_at", "no_such_parameter")
        ],
        *[
            (name, NUMBER, STORY)
            for name in ("edition", "start_year", "funding_eur", "programme", "hero_image")
        ],
        *[
            (name, PLAIN, STORY)
            for name in ("funding_reference_date", "funding_source_url", "body")
        ],
    ],
    "documents/": [*COMMON_PARAMETERS, ("tags", PLAIN, {})],
    "images/": [
        *COMMON_PARAMETERS,
        ("tags", PLAIN, {}),
        ("width", NUMBER, {}),
        ("height", NUMBER, {}),
    ],
}


def listing_requests(endpoint):
    for name, values, extra in LISTING_PARAMETERS[endpoint]:
        for value in values:
            yield {"limit": "1", **extra, name: value}
        # Given twice: Wagtail would read one of the two, silently.
        yield {"limit": "1", **extra, name: ["1", "2"]}


def detail_and_find_requests(story_id):
    for name in ("fields", "site", "type", "search"):
        for value in SYNTAX:
            yield f"/api/v2/pages/{story_id}/", {name: value}
    for endpoint in LISTING_PARAMETERS:
        for value in NUMBER:
            yield f"/api/v2/{endpoint}find/", {"id": value}
    for name in ("html_path", "site"):
        for value in SYNTAX:
            yield "/api/v2/pages/find/", {name: value}
    for too_large in ("2147483648", "9223372036854775808", "99999999999999999999"):
        for endpoint in LISTING_PARAMETERS:
            yield f"/api/v2/{endpoint}{too_large}/", {}


@pytest.fixture
def get():
    """Answers as the server would: a 500 instead of an exception. Each request runs in a
    savepoint, so that one refused by the database leaves the next its transaction."""
    client = Client(raise_request_exception=False)

    def get(path, params):
        with transaction.atomic():
            response = client.get(path, params)
            transaction.set_rollback(True)
        return response

    return get


def unanswered(get, requests):
    """The requests answered with a 5xx, or with a 4xx without a JSON message."""
    failed = []
    for path, params in requests:
        response = get(path, params)
        status = response.status_code
        if status >= 500 or (status != 302 and response["Content-Type"] != "application/json"):
            failed.append((status, path, params))
        elif status >= 400 and not response.json().get("message"):
            failed.append((status, path, params, response.content))
    return failed


@pytest.mark.parametrize("endpoint", list(LISTING_PARAMETERS))
def test_no_parameter_of_a_listing_gets_a_server_error(get, endpoint):
    requests = [(f"/api/v2/{endpoint}", params) for params in listing_requests(endpoint)]
    assert unanswered(get, requests) == []


def test_no_parameter_of_a_detail_or_a_find_gets_a_server_error(get):
    story_id = StoryPage.objects.live().order_by("path").values_list("pk", flat=True)[0]
    assert unanswered(get, detail_and_find_requests(story_id)) == []


# --- What the client is told -------------------------------------------------------------


def message(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    return response.json()["message"]


@pytest.mark.parametrize("value", ["١٠٠", "²", " 12", "+12", "12\n", "99999999999999999999"])
@pytest.mark.parametrize("name", ["offset", "limit", "id", "child_of", "translation_of"])
def test_a_number_is_ascii_digits_within_bounds(client, name, value):
    assert name in message(client.get("/api/v2/pages/", {name: value}), 400)


@pytest.mark.parametrize(
    "site", ["localhost:١٠٠", "localhost: 80", "localhost:99999999999999999999"]
)
def test_a_site_port_is_ascii_digits_within_bounds(client, site):
    assert "port" in message(client.get("/api/v2/pages/", {"site": site}), 400)


def test_an_id_beyond_the_table_is_not_found(client):
    assert message(client.get("/api/v2/pages/99999999999999999999/"), 404)
    assert message(client.get("/api/v2/images/2147483648/"), 404)


@pytest.mark.parametrize("name", ["search", "locale", "site", "html_path", "title"])
def test_a_null_character_is_refused_in_any_parameter(client, name):
    response = client.get(
        "/api/v2/pages/find/" if name == "html_path" else "/api/v2/pages/", {name: "a\x00"}
    )
    assert name in message(response, 400)


@pytest.mark.parametrize("name", ["offset", "type", "search"])
def test_a_parameter_given_twice_is_refused(client, name):
    assert name in message(client.get("/api/v2/pages/", {name: ["1", "2"]}), 400)


@pytest.mark.parametrize("endpoint", ["pages/", "documents/", "images/"])
def test_a_search_has_at_most_32_words(client, endpoint):
    words = [f"w{number}" for number in range(MAX_SEARCH_WORDS + 1)]
    assert client.get(f"/api/v2/{endpoint}", {"search": " ".join(words[:-1])}).status_code == 200
    assert "search" in message(client.get(f"/api/v2/{endpoint}", {"search": " ".join(words)}), 400)


def test_a_story_field_takes_only_what_it_can_store(client):
    story = {"type": "stories.StoryPage"}
    assert "funding_eur" in message(
        client.get("/api/v2/pages/", {**story, "funding_eur": "1e999999"}), 400
    )
    assert "edition" in message(client.get("/api/v2/pages/", {**story, "edition": "١"}), 400)
    assert client.get("/api/v2/pages/", {**story, "edition": "1"}).status_code == 200
