"""What the site reads from the reports' PDFs (page count, cover, text of each page): made
when a file is uploaded or replaced, shown by the reports listing without reading a PDF, and
a damaged file handled without an error page."""

import io
import logging

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext
from PIL import Image
from wagtail.documents import get_document_model

from demo.pdf import build_pdf
from downloads.describe import describe_document
from downloads.models import DocumentDetails, DocumentPageText
from downloads.pdf_reading import COVER_MAX_HEIGHT, COVER_WIDTH, read_pdf
from downloads.tests.pdf_files import report_pdf
from stories.models import ReportIndexPage, ReportPage
from tests.test_queries import count_queries

pytestmark = pytest.mark.django_db


def a_report_pdf(words):
    return build_pdf(
        title="Portinerie di quartiere",
        subtitle="Rapporto finale",
        meta_lines=["Cooperativa Il Ponte"],
        sections=[("Il progetto", [words])],
        language="it",
        author="Cooperativa Il Ponte",
    )


def new_document(title, data, name="rapporto.pdf"):
    document = get_document_model()(title=title, file=ContentFile(data, name=name))
    document.file_size = len(data)
    document.save()
    return document


def test_a_real_pdf_gives_its_pages_text_and_a_small_cover():
    reading = read_pdf(report_pdf())
    assert reading.page_count == 2
    assert "Tre portinerie, molti vicini." in reading.page_texts[1]
    width, height = reading.cover_size
    assert width <= COVER_WIDTH and height <= COVER_MAX_HEIGHT
    assert len(reading.cover) < 10_000
    with Image.open(io.BytesIO(reading.cover)) as image:
        assert image.format == "WEBP" and image.size == (width, height)


def test_every_demo_file_was_read_by_load_demo():
    reports = ReportPage.objects.select_related("full_report", "abstract_document")
    documents = {r.full_report for r in reports} | {r.abstract_document for r in reports}
    assert documents
    for document in documents:
        details = document.pdf_details
        assert details.readable and details.page_count >= 2
        assert details.cover.storage.exists(details.cover.name)
        assert details.cover.size < 10_000
        assert DocumentPageText.objects.filter(document=document).count() == details.page_count


def test_a_damaged_pdf_is_logged_and_the_listing_still_works(client, caplog):
    damaged = report_pdf()[:400]  # cut short: a header and nothing usable
    report = ReportPage.objects.filter(locale__language_code="it").first()
    report.abstract_document = new_document("Rovinato", damaged)
    report.save_revision().publish()
    with caplog.at_level(logging.WARNING, logger="downloads.describe"):
        details = describe_document(report.abstract_document)
    assert not details.readable and details.page_count is None and not details.cover
    assert "not a readable PDF" in caplog.text
    response = client.get(report.get_parent().url)
    assert response.status_code == 200
    assert report.abstract_document.url in response.content.decode()


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_listing_offers_the_files_with_size_language_pages_and_cover(client, language):
    index = ReportIndexPage.objects.get(locale__language_code=language)
    report = ReportPage.objects.child_of(index).live().first()
    details = report.full_report.pdf_details
    html = client.get(index.url).content.decode()
    with translation.override(language):
        assert escape(gettext("Read the abstract")) in html
        assert escape(gettext("Download the full report")) in html
        pages = ngettext("%(counter)s page", "%(counter)s pages", details.page_count)
        assert pages.replace("%(counter)s", str(details.page_count)) in html
        assert report.get_full_report_language_display() in html
    assert f'href="{report.full_report.url}"' in html
    assert f'src="{details.cover.url}"' in html


def test_the_listing_runs_as_many_queries_for_many_reports_as_for_few(client):
    index = ReportIndexPage.objects.get(locale__language_code="it")
    document = ReportPage.objects.child_of(index).first().full_report

    def add_reports(count, first):
        for number in range(first, first + count):
            report = ReportPage(
                title=f"Rapporto {number}",
                slug=f"rapporto-{number}",
                abstract="<p>Prova</p>",
                full_report=document,
                abstract_document=new_document(f"Abstract {number}", report_pdf()),
            )
            index.add_child(instance=report)
            report.save_revision().publish()
            describe_document(report.abstract_document)

    add_reports(1, 0)
    few = count_queries(client, index.url)
    add_reports(6, 1)
    assert count_queries(client, index.url) == few


def test_replacing_a_file_in_the_admin_reads_it_again(
    admin_client, client, django_capture_on_commit_callbacks
):
    # A file of its own: the admin deletes the replaced file, which no rollback brings back.
    report = ReportPage.objects.filter(locale__language_code="it").first()
    with django_capture_on_commit_callbacks(execute=True):
        document = new_document("Portinerie", a_report_pdf("Le portinerie di prima."))
        report.abstract_document = document
        report.save_revision().publish()
    old = DocumentDetails.objects.get(document=document)
    assert old.page_count == 2
    old_cover = old.cover.name
    new_file = SimpleUploadedFile("nuovo.pdf", a_report_pdf("Le portinerie zanzibariane."))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtaildocs:edit", args=[document.pk]),
            {"title": document.title, "file": new_file, "collection": document.collection_id},
        )
    assert response.status_code == 302
    document.refresh_from_db()
    details = DocumentDetails.objects.get(document=document)
    assert details.source == document.file_hash != old.source
    assert details.page_count == 2
    assert details.cover.name != old_cover
    assert not details.cover.storage.exists(old_cover)
    assert details.cover.storage.exists(details.cover.name)
    # The search finds the new words on the second page, and the old ones no more.
    with translation.override("it"):
        search = reverse("search")
    html = client.get(search, {"q": "zanzibariane"}).content.decode()
    assert f"{document.url}#page=2" in html
    assert "#page=" not in client.get(search, {"q": "portinerie prima"}).content.decode()


def test_describe_pdfs_reads_only_new_files_unless_asked(capsys):
    before = DocumentDetails.objects.count()
    call_command("describe_pdfs")
    assert DocumentDetails.objects.count() == before
    assert "0 documents described (0 unreadable)" in capsys.readouterr().out
