"""Open data: the read-only API (Wagtail API v2) and the story exports in CSV and JSON."""

import csv
import importlib
import io
import json
from urllib.parse import urlsplit

import pytest
from django.apps import apps as django_apps
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction
from wagtail_localize.models import Translation, TranslationSource

from core.cache import bump_content_version, forget_variants
from core.warming import render_for_readers
from home.models import InformationPage
from opendata import export
from opendata.datasets import MORE_DATASETS
from opendata.export import EXPORT_FIELDS, LICENCE_URL
from stories import tasks
from stories.models import ReportPage, StoryPage
from tests.helpers import add_stories

pytestmark = pytest.mark.django_db

Document = get_document_model()


def api(client, path, **params):
    response = client.get(f"/api/v2/{path}", params)
    assert response["Content-Type"].startswith("application/json")
    return response


def listed_ids(client, path, **params):
    response = api(client, path, limit=20, **params)
    assert response.status_code == 200
    return {item["id"] for item in response.json()["items"]}


def story(language="it"):
    return StoryPage.objects.live().filter(locale__language_code=language).order_by("path")[0]


def make_private(page):
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )


# --- Pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["it", "en"])
def test_pages_filtered_by_locale(client, language):
    data = api(client, "pages/", locale=language, limit=20).json()
    pages = Page.objects.live().public().filter(locale__language_code=language, depth__gt=1)
    expected = pages.count()
    assert data["meta"]["total_count"] == expected > 10
    assert {item["meta"]["locale"] for item in data["items"]} == {language}


def test_story_detail_exposes_programme_places_partners_and_funding(client):
    page = story()
    data = api(client, f"pages/{page.pk}/").json()
    assert data["meta"]["type"] == "stories.StoryPage"
    assert data["programme"]["title"] == page.programme.title
    links = page.territory_links.select_related("territory")
    assert [place["istat_code"] for place in data["territories"]] == [
        link.territory.istat_code for link in links
    ]
    assert data["lead_partner"]["name"] == page.lead_partner.name
    assert {tag["code"] for tag in data["hashtags"]} <= {
        "comunita",
        "innovazione",
        "partnership",
        "risorse",
    }
    assert data["summary"] == page.summary


def test_drafts_and_private_pages_never_appear(client, admin_client):
    draft, private = StoryPage.objects.live().filter(locale__language_code="it")[:2]
    draft.unpublish()
    make_private(private)
    for page in (draft, private):
        for some_client in (client, admin_client):
            assert page.pk not in listed_ids(
                some_client, "pages/", type="stories.StoryPage", slug=page.slug
            )
            assert api(some_client, f"pages/{page.pk}/").status_code == 404
    # A page under a private page is private too (stories sit in their programme's
    # section, under the story index).
    make_private(StoryPage.objects.get(pk=private.pk).get_parent().get_parent())
    assert listed_ids(client, "pages/", type="stories.StoryPage", locale="it") == set()


def test_a_draft_programme_is_not_named_by_its_stories(client):
    page = story()
    page.programme.unpublish()
    assert api(client, f"pages/{page.pk}/").json()["programme"] is None


@pytest.mark.parametrize(
    "query",
    [
        {"locale": "xx"},
        {"limit": "many"},
        {"type": "stories.Nothing"},
        {"type": "stories.StoryPage", "funding_eur": "abc"},
        {"type": "stories.StoryPage", "edition": "first"},
        {"child_of": "root-ish"},
        {"offset": "99999999999999999999"},
        {"offset": "-1"},
    ],
)
def test_bad_query_parameters_get_a_4xx_with_a_message(client, query):
    response = api(client, "pages/", **query)
    assert 400 <= response.status_code < 500
    assert response.json()["message"]


@pytest.mark.parametrize("endpoint", ["pages/", "documents/", "images/"])
@pytest.mark.parametrize(
    "search",
    ['"', 'a"b', '"welfare', '">', " \t ", "or", "AND OR", "welfare", "NOT (", "NEAR(", "*"],
)
def test_any_search_answers_200_on_every_endpoint(client, endpoint, search):
    response = api(client, endpoint, search=search)
    assert response.status_code == 200
    assert "total_count" in response.json()["meta"]


def test_search_finds_images_that_public_pages_use(client):
    image = api(client, "images/").json()["items"][0]
    word = max(image["title"].split(), key=len)
    found = api(client, "images/", search=word).json()["items"]
    assert image["id"] in [item["id"] for item in found]


@pytest.mark.parametrize("endpoint", ["pages/", "documents/", "images/"])
def test_an_offset_too_large_for_the_database_is_refused(client, endpoint):
    assert api(client, endpoint, offset="99999999999999999999").status_code == 400
    # Up to the bound, an offset past the end is an empty page, not an error.
    response = api(client, endpoint, offset="1000000")
    assert response.status_code == 200 and response.json()["items"] == []


# --- Documents and images -----------------------------------------------------------------


def report_documents(report):
    return {report.full_report_id, report.abstract_document_id} - {None}


def test_documents_are_those_of_live_public_reports(client):
    reports = ReportPage.objects.live().public()
    expected = set().union(*(report_documents(report) for report in reports))
    assert expected
    loose = Document.objects.create(title="Bozza", file=ContentFile(b"%PDF-1.4", name="b.pdf"))
    listed = listed_ids(client, "documents/")
    assert listed == expected
    assert loose.pk not in listed
    document = api(client, f"documents/{min(expected)}/").json()
    # Wagtail's own serving URL, which checks access, never a file path under media/.
    assert "/documents/" in document["meta"]["download_url"]
    assert "/media/" not in document["meta"]["download_url"]


def test_documents_of_draft_private_or_restricted_reports_never_appear(client):
    draft, private, restricted = ReportPage.objects.live().filter(
        locale__language_code="it", full_report__isnull=False
    )[:3]
    draft.unpublish()
    make_private(private)
    hidden = report_documents(draft) | report_documents(private)
    secret = Collection.get_first_root_node().add_child(name="Riservati")
    CollectionViewRestriction.objects.create(
        collection=secret, restriction_type=CollectionViewRestriction.LOGIN
    )
    Document.objects.filter(pk=restricted.full_report_id).update(collection=secret)
    hidden.add(restricted.full_report_id)
    # A file shared with a live public translation stays listed: take those out.
    still_public = set().union(
        *(report_documents(report) for report in ReportPage.objects.live().public())
    ) - {restricted.full_report_id}
    hidden -= still_public
    assert hidden
    assert not hidden & listed_ids(client, "documents/")
    for pk in hidden:
        assert api(client, f"documents/{pk}/").status_code == 404


def test_images_are_those_used_by_live_public_pages(client):
    page = story()
    listed = listed_ids(client, "images/")
    assert page.hero_image_id in listed
    from wagtail.images import get_image_model

    unused = get_image_model().objects.create(title="Prova", file=get_test_image_file())
    assert unused.pk not in listed_ids(client, "images/")
    others = StoryPage.objects.filter(hero_image=page.hero_image).exclude(pk=page.pk)
    if not others.live().exists():
        page.unpublish()
        assert page.hero_image_id not in listed_ids(client, "images/")


# --- Story exports ------------------------------------------------------------------------


def read_csv(client):
    response = client.get("/data/stories.csv")
    assert response.status_code == 200
    body = response.getvalue()  # streamed: read once
    assert body.startswith(b"\xef\xbb\xbf")  # BOM for spreadsheet programs
    return response, list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_has_one_row_per_story_with_both_urls(client, english):
    english_locale = english
    response, rows = read_csv(client)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="stories.csv"'
    assert response["Link"] == f'<{LICENCE_URL}>; rel="license"'
    assert "public" in response["Cache-Control"]
    assert list(rows[0]) == [field.name for field in EXPORT_FIELDS]
    italian = StoryPage.objects.live().public().filter(locale__language_code="it")
    assert len(rows) == italian.count() >= 5
    page = story()
    row = next(row for row in rows if row["Title"] == page.title)
    english = page.get_translation(english_locale)
    assert row["URL (Italian)"] == f"http://testserver{page.url}"
    assert row["URL (English)"] == f"http://testserver{english.url}"
    assert row["Title (English)"] == english.title
    assert row["Identifier"] == f"story-{page.translation_key}"
    assert row["Grant Programme:Title"] == page.programme.title
    assert row["Funding Org:Name"] == page.programme.promoter.name
    assert row["Recipient Org:Name"] == page.lead_partner.name
    places = [link.territory for link in page.territory_links.select_related("territory")]
    assert row["Beneficiary Location:Name"] == "; ".join(place.title for place in places)
    assert row["Beneficiary Location:Geographic Code"] == "; ".join(
        place.istat_code for place in places
    )


def test_csv_round_trips_accented_names(client):
    _response, rows = read_csv(client)
    hashtags = "; ".join(row["Hashtags"] for row in rows)
    assert "#Comunità" in hashtags
    text = "".join("".join(row.values()) for row in rows)
    assert "Ã" not in text  # no UTF-8 read as Latin-1 anywhere


def test_csv_funding_has_amount_currency_source_and_date(client):
    _response, rows = read_csv(client)
    funded = StoryPage.objects.live().filter(locale__language_code="it", funding_eur__isnull=False)
    page = funded.first()
    assert page is not None
    row = next(row for row in rows if row["Title"] == page.title)
    assert row["Currency"] == "EUR"
    assert float(row["Amount Awarded"]) == float(page.funding_eur)
    assert row["Award Date"] == page.funding_reference_date.isoformat()
    assert row["Funding Source:Name"] == page.funding_source_name


def test_json_states_licence_fields_and_stories(client):
    response = client.get("/data/stories.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Link"] == f'<{LICENCE_URL}>; rel="license"'
    data = json.loads(response.getvalue().decode("utf-8"))
    assert data["licence"] == "CC BY 4.0"
    assert data["licence_url"] == LICENCE_URL
    assert data["generated"]
    assert [field["name"] for field in data["fields"]] == [f.name for f in EXPORT_FIELDS]
    assert set(data["fields"][0]["description"]) == {"it", "en"}
    _response, rows = read_csv(client)
    assert [story["Identifier"] for story in data["stories"]] == [r["Identifier"] for r in rows]
    first = data["stories"][0]
    assert isinstance(first["Beneficiary Location:Geographic Code"], list)
    assert first["URL (Italian)"].startswith("http://testserver/it/")
    assert first["URL (English)"].startswith("http://testserver/en/")


def test_drafts_and_private_stories_are_not_exported(client):
    draft, private = StoryPage.objects.live().filter(locale__language_code="it")[:2]
    draft.unpublish()
    make_private(private)
    _response, rows = read_csv(client)
    titles = {row["Title"] for row in rows}
    assert draft.title not in titles
    assert private.title not in titles


def test_exports_stream_and_answer_a_conditional_get_with_304(client, italian):
    response = client.get("/data/stories.json")
    assert response.streaming
    again = client.get("/data/stories.json", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    # The ETag follows the content, not the body (whose "generated" changes).
    add_stories(1, italian)
    changed = client.get("/data/stories.json", HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != response["ETag"]
    assert client.get("/data/stories.csv")["ETag"] not in (response["ETag"], changed["ETag"])


def export_queries(client, url):
    caches["default"].clear()
    client.get(url).getvalue()  # site root paths and content types, cached for the process
    caches["default"].clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        assert response.status_code == 200
        response.getvalue()  # the rows are read as they are sent
    return len(context.captured_queries)


# Queries a chunk of stories takes: the stories, their territories, hashtags and partners.
QUERIES_PER_CHUNK = 4


@pytest.mark.parametrize("url", ["/data/stories.csv", "/data/stories.json"])
def test_export_query_count_is_flat_from_5_to_50_stories(client, italian, url, monkeypatch):
    add_stories(5, italian)
    few = export_queries(client, url)
    add_stories(45, italian, first_number=5)
    # The order, the programmes, territories and hashtags by name, then a chunk's queries.
    assert export_queries(client, url) == few <= 12
    # Stories are read a chunk at a time, in the same queries for each chunk.
    groups = StoryPage.objects.live().public().values("translation_key").distinct().count()
    monkeypatch.setattr(export, "CHUNK_SIZE", 10)
    chunks = -(-groups // 10)
    assert export_queries(client, url) == few + (chunks - 1) * QUERIES_PER_CHUNK


# --- The "Open data" page ---------------------------------------------------------------

FIELD_TABLE = '<table class="open-data__fields">'


def holds_open_data_reference(page):
    return any(block.block_type == "open_data_reference" for block in page.body)


def open_data_pages(language):
    """The live information pages whose editors placed the open data reference."""
    pages = InformationPage.objects.live().filter(locale__language_code=language)
    return [page for page in pages if holds_open_data_reference(page)]


@pytest.mark.parametrize("language", ["it", "en"])
def test_open_data_page_documents_every_field(client, language):
    [page] = open_data_pages(language)
    html = client.get(page.url).content.decode()
    # The stories' table, and one for each of the other files (opendata/tests/test_datasets.py).
    assert html.count(FIELD_TABLE) == 1 + len(MORE_DATASETS)
    for field in EXPORT_FIELDS:
        assert f"<code>{field.name}</code>" in html
    assert 'href="/data/stories.csv"' in html
    assert 'href="/data/stories.json"' in html
    assert f'href="{LICENCE_URL}" rel="license"' in html
    assert "/api/v2/pages/" in html
    home = client.get(f"/{language}/").content.decode()
    assert f'href="{page.url}"' in home.split('<footer class="site-footer">', 1)[1]


def test_the_demo_open_data_page_and_its_translation_carry_the_block():
    [italian] = open_data_pages("it")
    [english] = open_data_pages("en")
    assert (italian.title, english.title) == ("Dati aperti", "Open data")
    assert english.translation_key == italian.translation_key


def test_a_renamed_open_data_page_keeps_its_table(client):
    [page] = open_data_pages("it")
    page.title = "Riuso dei dati"
    page.slug = "riuso-dei-dati"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.url == "/it/riuso-dei-dati/"
    assert FIELD_TABLE in client.get(page.url).content.decode()


@pytest.mark.parametrize("language", ["it", "en"])
def test_only_the_page_with_the_block_shows_the_table(client, language):
    [open_data] = open_data_pages(language)
    others = InformationPage.objects.live().filter(locale__language_code=language)
    others = others.exclude(pk=open_data.pk)
    assert others
    for url in [page.url for page in others] + [f"/{language}/", story(language).url]:
        assert FIELD_TABLE not in client.get(url).content.decode(), url
    # An editor who takes the block out takes the table away.
    del open_data.body[[block.block_type for block in open_data.body].index("open_data_reference")]
    open_data.save_revision().publish()
    assert FIELD_TABLE not in client.get(open_data.url).content.decode()


def test_a_block_placed_on_an_italian_page_reaches_its_translation_on_sync(
    client, italian, english
):
    page = (
        InformationPage.objects.live()
        .filter(locale=italian)
        .exclude(pk__in=[open_data.pk for open_data in open_data_pages("it")])
        .first()
    )
    page.body.append(("open_data_reference", None))
    page.save_revision().publish()
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=english, enabled=True
    )
    translation.source.update_from_db()
    translation.save_target(publish=True)
    translated = page.get_translation(english).specific
    assert holds_open_data_reference(translated)
    assert FIELD_TABLE in client.get(translated.url).content.decode()


def test_the_migration_places_the_block_where_the_slugs_put_the_table():
    """Sites that had the table on their "dati-aperti" and "open-data" pages keep it: in
    the pages, their revisions and wagtail-localize's copy of the Italian source."""
    placing = importlib.import_module("home.migrations.0005_information_body_open_data_reference")
    placing.remove_block(django_apps, None)
    assert not open_data_pages("it") and not open_data_pages("en")
    placing.place_block(django_apps, None)
    placing.place_block(django_apps, None)  # only once however often it runs
    pages = InformationPage.objects.filter(slug__in=["dati-aperti", "open-data"])
    assert {page.locale.language_code for page in pages} == {"it", "en"}
    block_ids = set()
    for page in pages:
        for version in (page, page.latest_revision.as_object()):
            placed = [block for block in version.body if block.block_type == "open_data_reference"]
            assert len(placed) == 1
            block_ids.add(placed[0].id)
    assert len(block_ids) == 1  # one block in the source and its translation
    italian = pages.get(locale__language_code="it")
    source = TranslationSource.objects.get(object_id=italian.translation_key)
    assert holds_open_data_reference(source.as_instance())
    others = InformationPage.objects.exclude(pk__in=pages)
    assert others and not any(holds_open_data_reference(page) for page in others)


def count_queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.json()["meta"]["total_count"], [
        query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"]
    ]


@pytest.mark.parametrize("query", ["", "?type=stories.StoryPage", "?type=stories.ReportPage"])
def test_a_listing_s_total_is_kept_until_a_publish(client, italian, query):
    url = f"/api/v2/pages/{query}"
    total, counted = count_queries_of(client, url)
    assert counted
    assert count_queries_of(client, url)[0] == total
    assert count_queries_of(client, url) == (total, [])  # kept at its second reading
    add_stories(1, italian)
    grown = 0 if "ReportPage" in query else 1
    assert count_queries_of(client, url)[0] == total + grown


def test_after_a_publish_the_worker_counts_the_pages_listing_before_clients_come(italian):
    story = StoryPage.objects.live().filter(locale=italian).first()
    assert "/api/v2/pages/" in tasks.touched_paths([story.pk])
    bump_content_version()
    assert render_for_readers(["/api/v2/pages/"]) == 1
    # Another process: only the shared cache.
    forget_variants()
    total, counted = count_queries_of(Client(), "/api/v2/pages/")
    assert total > 0 and counted == []


def test_a_listing_of_one_type_lists_its_public_pages_in_tree_order(client):
    listing = client.get("/api/v2/pages/?type=stories.StoryPage&limit=20").json()
    public = StoryPage.objects.live().public().order_by("path")
    assert listing["meta"]["total_count"] == public.count()
    assert [item["id"] for item in listing["items"]] == [page.pk for page in public[:20]]
    # The view restrictions are read as for every type: a restricted story stays out.
    restricted = public.first()
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    listing = client.get("/api/v2/pages/?type=stories.StoryPage&limit=20").json()
    assert restricted.pk not in [item["id"] for item in listing["items"]]


@pytest.mark.parametrize("endpoint", ["documents", "images"])
def test_document_and_image_listings_cost_the_same_for_one_item_or_many(client, endpoint):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for limit in (1, 20):
        url = f"/api/v2/{endpoint}/?limit={limit}"
        # Twice: the listing's count is kept at its second reading (opendata.api.KeptCount).
        client.get(url)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert len(response.json()["items"]) >= (1 if limit == 1 else 2)
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


STORY_FIELDS = "summary,programme,lead_partner,territories,hashtags,partners,authors"


@pytest.mark.parametrize(
    "query",
    [
        "",
        f"?type=stories.StoryPage&fields={STORY_FIELDS}",
        "?type=stories.ReportPage&fields=programme,written_by,published_by,stories,full_report",
    ],
)
def test_page_listings_cost_the_same_for_two_items_or_ten(client, query):
    """The pages' linked objects (programme, territories, partners…) are read for the whole
    listing, not a query per item (opendata.api.related_reads)."""
    counts = []
    for limit in (2, 10):
        url = f"/api/v2/pages/{query or '?'}&limit={limit}"
        client.get(url)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, response.json()
        listing = response.json()
        assert len(listing["items"]) == min(limit, listing["meta"]["total_count"]) >= 2
        counts.append(len(queries))
    assert listing["meta"]["total_count"] > 2
    assert counts[0] == counts[1], counts


@pytest.mark.parametrize(
    "path", ["/api/v2/pages/abc/", "/api/v2/pages/-1/", "/api/v2/nothing/", "/api/v3/", "/api/"]
)
def test_any_other_address_under_the_api_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["message"]


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_page_is_found_by_the_address_the_api_gives(client, language):
    for item in api(client, "pages/", locale=language, type="stories.StoryPage").json()["items"]:
        html_path = urlsplit(item["meta"]["html_url"]).path
        assert html_path.startswith(f"/{language}/")
        response = client.get("/api/v2/pages/find/", {"html_path": html_path})
        assert response.status_code == 302
        assert urlsplit(response["Location"]).path == f"/api/v2/pages/{item['id']}/"


@pytest.mark.parametrize(
    "html_path",
    ["/fr/storie/", "/it/no-such-page/", "/it/storie/\x00/", "/storie/\x00/", "/it/" + "a/" * 1500],
)
def test_an_address_of_no_public_page_is_not_found(client, html_path):
    response = client.get("/api/v2/pages/find/", {"html_path": html_path})
    assert 400 <= response.status_code < 500
