"""A file that any view-restricted page uses follows that restriction on every route: the
other language version, /documents/, the permalinks, the API and the page's metadata."""

import json

import pytest
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from stories.models import ReportPage, StoryPage

from .test_permalinks import body, report_pair

pytestmark = pytest.mark.django_db

PASSWORD = "segreta"


@pytest.fixture
def pair():
    """The Italian demo report and its English version, which share their files."""
    italian, english = report_pair()
    assert italian.full_report_id == english.full_report_id
    return italian, english


def restrict(page, restriction_type=PageViewRestriction.PASSWORD, **extra):
    if restriction_type == PageViewRestriction.PASSWORD:
        extra.setdefault("password", PASSWORD)
    return PageViewRestriction.objects.create(page=page, restriction_type=restriction_type, **extra)


def file_routes(report):
    code = report.permanent_code
    return [
        report.full_report.url,
        f"/r/{code}/report/",
        f"/r/{code}/report/{report.full_report_language}/",
        f"/r/{code}/abstract/",
        report.abstract_document.url,
    ]


def asks_for_password(response):
    return response.status_code == 200 and response["Content-Type"].startswith("text/html")


def test_restricting_one_version_restricts_its_files_everywhere(client, pair):
    italian, english = pair
    restriction = restrict(italian)
    for url in file_routes(italian):
        for language in ("it", "en"):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert asks_for_password(response), url
            assert b"%PDF" not in body(response)
            assert 'name="password"' in response.content.decode()
            assert "no-store" in response["Cache-Control"]
    # The password form of the Italian page lets the reader in, and brings them back.
    url = italian.full_report.url
    form = client.get(url)
    assert f"/{restriction.pk}/{italian.pk}/" in form.content.decode()
    response = client.post(
        f"/it/_util/authenticate_with_password/{restriction.pk}/{italian.pk}/",
        {"password": PASSWORD, "return_url": url},
    )
    assert response.status_code == 302 and response["Location"] == url
    for url in file_routes(italian):
        response = client.get(url)
        assert response.status_code == 200 and body(response).startswith(b"%PDF-"), url
        # Never kept by a shared cache.
        assert "private" in response["Cache-Control"]


def test_a_login_restriction_on_an_ancestor_sends_readers_to_the_login(client, pair):
    italian, english = pair
    restrict(english.get_parent(), PageViewRestriction.LOGIN)
    for url in file_routes(italian):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="it")
        assert response.status_code == 302, url
        assert "login" in response["Location"] and "next=" in response["Location"]


def test_a_group_restriction_lets_the_group_in(client, pair, user_in_group):
    italian, _english = pair
    group = Group.objects.create(name="Ricercatori")
    restriction = restrict(italian, PageViewRestriction.GROUPS)
    restriction.groups.add(group)
    outsider = user_in_group(username="esterno")
    client.force_login(outsider)
    assert client.get(italian.full_report.url).status_code == 302
    client.force_login(user_in_group(group, username="ricercatrice"))
    for url in file_routes(italian):
        response = client.get(url)
        assert response.status_code == 200 and body(response).startswith(b"%PDF-"), url


def test_editors_still_read_every_file(admin_client, pair):
    italian, _english = pair
    restrict(italian)
    for url in file_routes(italian):
        response = admin_client.get(url)
        assert response.status_code == 200 and body(response).startswith(b"%PDF-"), url


def test_a_file_linked_from_a_restricted_story_is_restricted(client, pair):
    """A link in a StreamField's rich text counts, through Wagtail's reference index."""
    italian, _english = pair
    story = StoryPage.objects.live().filter(locale__language_code="it").first()
    link = f'<p><a linktype="document" id="{italian.full_report_id}">Rapporto</a></p>'
    story.body.append(("paragraph", {"text": link}))
    story.save_revision().publish()
    restrict(story)
    assert asks_for_password(client.get(italian.full_report.url))
    assert asks_for_password(client.get(f"/r/{italian.permanent_code}/report/"))
    # The abstract, which the story does not use, stays public.
    response = client.get(italian.abstract_document.url)
    assert response.status_code == 200 and "public" in response["Cache-Control"]


def test_the_api_and_metadata_leave_restricted_files_out(client, pair):
    italian, english = pair
    documents = {italian.full_report_id, italian.abstract_document_id}
    listed = client.get("/api/v2/documents/", {"limit": 20}).json()["items"]
    assert documents <= {item["id"] for item in listed}
    restrict(italian)

    listed = client.get("/api/v2/documents/", {"limit": 20}).json()["items"]
    assert not documents & {item["id"] for item in listed}
    for pk in documents:
        assert client.get(f"/api/v2/documents/{pk}/").status_code == 404
    # The English page stays public, but does not give the file's address.
    page = client.get(f"/api/v2/pages/{english.pk}/").json()
    assert page["full_report"]["id"] == italian.full_report_id
    assert page["full_report"]["meta"]["download_url"] is None
    assert page["abstract_document"]["meta"]["download_url"] is None
    # Nor does its schema.org description.
    html = client.get(english.url).content.decode()
    scripts = html.split('<script type="application/ld+json">')[1:]
    report = next(
        data
        for data in (json.loads(script.split("</script>")[0]) for script in scripts)
        if data.get("@type") == "Report"
    )
    assert "associatedMedia" not in report
    assert italian.full_report.url not in html.split('<ul class="downloads">')[0]


def test_sitemap_and_feeds_list_no_file(client, pair):
    italian, _english = pair
    restrict(italian)
    sitemaps = ("/sitemap.xml", "/sitemap-it.xml", "/sitemap-en.xml")
    for url in (*sitemaps, "/it/feed/storie/rss/", "/en/feeds/stories/atom/"):
        response = client.get(url)
        assert response.status_code == 200, url
        content = body(response).decode()
        assert "/documents/" not in content and "/r/" not in content, url


def test_public_files_stay_public(client):
    """A report nobody restricted: files served and cacheable, as before."""
    report = ReportPage.objects.live().public().filter(full_report__isnull=False).first()
    response = client.get(report.full_report.url)
    assert response.status_code == 200 and "public" in response["Cache-Control"]
