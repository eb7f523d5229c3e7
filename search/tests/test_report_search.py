"""Search inside the reports: the demo's PDFs are searchable to the page after load_demo, in
both languages' searches, with links to the PDF at that page and to the report; restricted
reports' files are never searched."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from pypdf import PdfReader
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from downloads.describe import describe_document
from search.models import FilePageText
from search.reports import file_offers
from stories.models import ReportPage

pytestmark = pytest.mark.django_db

# On the third page of the full report of the demo's research on Welfare in Azione.
PHRASE = "mettere a frutto le risorse del territorio"


def search(client, language, text):
    with translation.override(language):
        url = reverse("search")
    response = client.get(url, {"q": text})
    assert response.status_code == 200
    return response.content.decode()


def report_hits(html):
    """(PDF link, report link) of each page of a PDF found."""
    return re.findall(
        r'class="search-result__links"><a href="([^"]+)"[^>]*>[^<]*</a> <a href="([^"]+)"', html
    )


def legacy_research(language):
    return ReportPage.objects.get(
        locale__language_code=language,
        slug={"it": "ricerca-eredita-welfare-in-azione", "en": "welfare-in-azione-legacy-research"}[
            language
        ],
    )


def pages_with(document, words):
    """The pages whose text (read by pypdf, not by the site) holds ``words``."""
    with document.open_file() as file:
        reader = PdfReader(io.BytesIO(file.read()))
    return [
        number
        for number, page in enumerate(reader.pages, 1)
        if words in " ".join((page.extract_text() or "").split())
    ]


@pytest.mark.parametrize("language", ["it", "en"])
def test_a_phrase_of_a_demo_report_is_found_on_its_page(client, language):
    report = legacy_research(language)
    expected_page = pages_with(report.full_report, PHRASE)
    assert expected_page == [3]

    html = search(client, language, f'"{PHRASE}"')

    assert report_hits(html) == [(f"{report.full_report.url}#page=3", report.url)]
    with translation.override(language):
        assert gettext("Inside the reports") in html
    # The excerpt marks the words found, in the PDF's own spelling and language.
    assert '<p class="search-result__excerpt" lang="it">' in html
    assert "<mark>mettere</mark> <mark>a</mark> <mark>frutto</mark>" in html
    assert escape(report.title) in html


def test_word_forms_are_matched_with_the_files_language(client):
    # "risorsa" (singular) finds "risorse" through the Italian stemmer, from the English
    # search too: the file is Italian.
    html = search(client, "en", "frutto risorsa territori")
    assert f"{legacy_research('en').full_report.url}#page=3" in html


def test_a_restricted_report_is_never_searched(client):
    italian = legacy_research("it")
    PageViewRestriction.objects.create(
        page=italian, restriction_type=PageViewRestriction.PASSWORD, password="segreta"
    )
    for language in ("it", "en"):
        html = search(client, language, f'"{PHRASE}"')
        assert report_hits(html) == []
        assert "#page=" not in html


def test_a_file_in_a_restricted_collection_is_never_searched(client):
    document = legacy_research("it").full_report
    assert report_hits(search(client, "it", f'"{PHRASE}"'))
    private = Collection.get_first_root_node().add_child(name="Riservata")
    document.collection = private
    document.save()
    # Still found: only the restriction (and its own refresh of the index) hides it.
    assert report_hits(search(client, "it", f'"{PHRASE}"'))
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    for language in ("it", "en"):
        assert report_hits(search(client, language, f'"{PHRASE}"')) == []


def test_hostile_queries_do_not_break_the_search_of_the_files(client):
    for text in ['"mettere a', "-frutto risorse", "frutto " * 300]:
        search(client, "it", text)


def test_a_file_read_again_is_searched_with_its_new_text(client):
    # Reading a file (upload or replacement) writes its pages' text anew, and the index
    # rows of the old text go with it: the new ones are written at once
    # (downloads.signals.page_texts_written), without update_index.
    report = legacy_research("it")
    old_rows = set(FilePageText.objects.values_list("pk", flat=True))
    describe_document(report.full_report, force=True)
    rows = FilePageText.objects.filter(page_text__document=report.full_report)
    assert rows.exists() and not set(rows.values_list("pk", flat=True)) & old_rows
    assert report_hits(search(client, "it", f'"{PHRASE}"')) == [
        (f"{report.full_report.url}#page=3", report.url)
    ]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner, without statistics")
def test_the_reports_offering_files_are_read_from_their_own_table():
    """SQLite keeps no statistics: joined from the pages, the query of the reports walked
    every page of the language (10.7 ms of each search at 10,000 stories a language)."""
    with CaptureQueriesContext(connection) as context:
        assert file_offers("it")
    [sql] = [entry["sql"] for entry in context if "stories_reportpage" in entry["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        plan = [row[3] for row in cursor.fetchall()]
    assert plan[0] == "SCAN stories_reportpage", plan
