"""The open data's absolute URLs (API, exports) name the host the client used, never
Wagtail's placeholder ``Site.root_url`` (http://localhost)."""

import csv
import io
import json

import pytest
from django.test import override_settings

from stories.models import ReportPage, StoryPage

pytestmark = pytest.mark.django_db

HOST = "storie.example.org"


def urls_in(value):
    """Every string of a JSON document that looks like a URL."""
    if isinstance(value, dict):
        for item in value.values():
            yield from urls_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from urls_in(item)
    elif isinstance(value, str) and value.startswith(("http://", "https://", "/")):
        yield value


def get_json(client, url, params=None, **extra):
    response = client.get(url, params, HTTP_HOST=HOST, **extra)
    assert response.status_code == 200, response.getvalue()[:300]
    assert b"localhost" not in response.getvalue()
    return response.json()


def live_story(language):
    return StoryPage.objects.live().filter(locale__language_code=language).order_by("path")[0]


@pytest.mark.parametrize("language", ["it", "en"])
def test_page_listing_and_detail_urls_use_the_request_host(client, language):
    listing = get_json(client, "/api/v2/pages/", {"locale": language, "limit": 20})
    assert listing["items"]
    for item in listing["items"]:
        assert item["meta"]["detail_url"] == f"http://{HOST}/api/v2/pages/{item['id']}/"
        assert item["meta"]["html_url"].startswith(f"http://{HOST}/{language}/")

    story = live_story(language)
    detail = get_json(client, f"/api/v2/pages/{story.pk}/")
    assert detail["meta"]["html_url"] == f"http://{HOST}{story.url}"
    parent = detail["meta"]["parent"]
    assert parent["meta"]["detail_url"] == f"http://{HOST}/api/v2/pages/{parent['id']}/"
    assert parent["meta"]["html_url"] == f"http://{HOST}{story.get_parent().url}"
    # Every address of the site in the document (nested objects included) is on the host.
    site_urls = [url for url in urls_in(detail) if url.startswith(("/", f"http://{HOST}"))]
    assert site_urls
    assert all(url.startswith(f"http://{HOST}/") for url in site_urls), site_urls


@pytest.mark.parametrize("language", ["it", "en"])
def test_find_redirects_on_the_request_host(client, language):
    story = live_story(language)
    response = client.get("/api/v2/pages/find/", {"id": story.pk}, HTTP_HOST=HOST)
    assert response.status_code == 302
    assert response["Location"].startswith(f"http://{HOST}/api/v2/pages/{story.pk}/")


def test_https_request_gets_https_urls(client):
    data = get_json(client, "/api/v2/pages/", {"locale": "en"}, secure=True)
    assert all(item["meta"]["html_url"].startswith(f"https://{HOST}/en/") for item in data["items"])


@pytest.mark.parametrize("language", ["it", "en"])
def test_document_and_image_urls_use_the_request_host(client, language):
    report = (
        ReportPage.objects.live()
        .public()
        .filter(locale__language_code=language, full_report__isnull=False)
        .first()
    )
    assert report is not None
    document = get_json(client, f"/api/v2/documents/{report.full_report_id}/")
    assert document["meta"]["detail_url"] == (
        f"http://{HOST}/api/v2/documents/{report.full_report_id}/"
    )
    assert document["meta"]["download_url"] == f"http://{HOST}{report.full_report.url}"

    story = live_story(language)
    image = get_json(client, f"/api/v2/images/{story.hero_image_id}/")
    assert image["meta"]["detail_url"] == f"http://{HOST}/api/v2/images/{story.hero_image_id}/"
    assert image["meta"]["download_url"] == f"http://{HOST}{story.hero_image.file.url}"
    # The story's own reference to its image points at the same host.
    detail = get_json(client, f"/api/v2/pages/{story.pk}/")
    assert detail["hero_image"]["meta"]["detail_url"] == image["meta"]["detail_url"]


@pytest.mark.parametrize("language", ["it", "en"])
def test_exports_use_the_request_host(client, language):
    story = live_story(language)
    response = client.get("/data/stories.csv", HTTP_HOST=HOST)
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    column = "URL (Italian)" if language == "it" else "URL (English)"
    assert f"http://{HOST}{story.url}" in {row[column] for row in rows}
    document = json.loads(client.get("/data/stories.json", HTTP_HOST=HOST).getvalue())
    assert document["source"]["url"] == f"http://{HOST}/"
    assert f"http://{HOST}{story.url}" in {item[column] for item in document["stories"]}


@override_settings(ALLOWED_HOSTS=[HOST])
def test_a_host_outside_allowed_hosts_is_refused(client):
    assert client.get("/api/v2/pages/", HTTP_HOST="attacker.example.com").status_code == 400
    data = get_json(client, "/api/v2/pages/", {"locale": "it"})
    assert data["items"][0]["meta"]["html_url"].startswith(f"http://{HOST}/it/")
