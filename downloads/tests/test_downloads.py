"""Serving report files: headers, conditional and range requests, access rules, upload
checks and the download counts."""

import csv
import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.documents import get_document_model

from downloads.models import DownloadCount
from downloads.serving import UnsatisfiableRange, requested_range
from stories.models import ReportPage

from . import pdf_files

pytestmark = pytest.mark.django_db


def a_report(language="it"):
    return ReportPage.objects.live().filter(locale__language_code=language).first()


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def counts(report, kind="report"):
    return sum(
        DownloadCount.objects.filter(report=report, kind=kind).values_list("count", flat=True)
    )


@pytest.fixture
def report():
    return a_report()


@pytest.fixture
def report_pdf(report):
    with report.full_report.file.open("rb") as file:
        return file.read()


@pytest.mark.parametrize("language", ["it", "en"])
def test_pdf_headers_through_permalink_and_document_url(client, language):
    report = a_report(language)
    for url in (f"/r/{report.permanent_code}/report/", report.full_report.url):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        content = body(response)
        assert response.status_code == 200
        assert content.startswith(b"%PDF-") and b"%%EOF" in content[-1024:]
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Length"] == str(len(content)) == str(report.full_report.file_size)
        disposition = response["Content-Disposition"]
        assert disposition.startswith('inline; filename="')
        ascii_name = disposition.split('filename="')[1].split('"')[0]
        assert ascii_name.endswith(".pdf") and ascii_name.isascii() and " " not in ascii_name
        assert "filename*=UTF-8''" in disposition
        assert response["ETag"] == f'"{report.full_report.file_hash}"'
        assert response["Last-Modified"]
        assert response["Accept-Ranges"] == "bytes"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_non_ascii_title_gets_both_file_names(client, report):
    report.title = "Città più solidali"
    report.save_revision().publish()
    disposition = client.get(f"/r/{report.permanent_code}/report/")["Content-Disposition"]
    assert 'filename="citta-piu-solidali-report-' in disposition
    assert "filename*=UTF-8''citt%C3%A0-pi%C3%B9-solidali-report-" in disposition


def test_conditional_get_answers_304(client, report):
    url = f"/r/{report.permanent_code}/report/"
    first = client.get(url)
    response = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 304 and response.content == b""
    response = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert response.status_code == 304
    response = client.get(url, HTTP_IF_NONE_MATCH='"something-else"')
    assert response.status_code == 200


def test_head_gives_headers_only(client, report):
    response = client.head(f"/r/{report.permanent_code}/report/")
    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Length"] == str(report.full_report.file_size)
    assert response["Content-Type"] == "application/pdf"


def test_byte_ranges(client, report, report_pdf):
    url = f"/r/{report.permanent_code}/report/"
    size = len(report_pdf)
    response = client.get(url, HTTP_RANGE="bytes=0-99")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 0-99/{size}"
    assert response["Content-Length"] == "100"
    assert body(response) == report_pdf[:100]

    response = client.get(url, HTTP_RANGE="bytes=-50")
    assert response.status_code == 206 and body(response) == report_pdf[-50:]
    response = client.get(url, HTTP_RANGE=f"bytes=100-{size + 500}")
    assert response["Content-Range"] == f"bytes 100-{size - 1}/{size}"
    assert body(response) == report_pdf[100:]

    response = client.get(url, HTTP_RANGE=f"bytes={size}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"
    # Several ranges, or a range the site does not understand: the whole file.
    for header in ("bytes=0-9,20-29", "lines=1-2", "bytes=9-1"):
        response = client.get(url, HTTP_RANGE=header)
        assert response.status_code == 200 and body(response) == report_pdf
    # If-Range with an old validator: the file changed, so the whole file.
    response = client.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"')
    assert response.status_code == 200
    response = client.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=response["ETag"])
    assert response.status_code == 206
    response = client.head(url, HTTP_RANGE="bytes=0-9")
    assert response.status_code == 206 and response["Content-Length"] == "10"


def test_range_parser():
    assert requested_range("bytes=0-0", 10) == (0, 0)
    assert requested_range("bytes=5-", 10) == (5, 9)
    assert requested_range("bytes=-20", 10) == (0, 9)
    assert requested_range(None, 10) is None
    assert requested_range("bytes=-", 10) is None
    for header in ("bytes=10-", "bytes=-0"):
        with pytest.raises(UnsatisfiableRange):
            requested_range(header, 10)


def test_range_numbers_of_any_length_and_only_ascii_digits():
    huge = "9" * 5000  # int() refuses strings of over 4,300 digits
    assert requested_range(f"bytes=0-{huge}", 10) == (0, 9)
    assert requested_range(f"bytes=-{huge}", 10) == (0, 9)
    assert requested_range(f"bytes=00000000000000000000000000003-{huge}", 10) == (3, 9)
    for header in (f"bytes={huge}-", f"bytes={'9' * 19}-{'9' * 20}"):
        with pytest.raises(UnsatisfiableRange):
            requested_range(header, 10)
    # "١-٢" (Arabic-Indic digits) is no range this site understands: the whole file.
    assert requested_range("bytes=١-٢", 10) is None


def test_a_range_with_a_huge_number_is_answered(client, report):
    url = f"/r/{report.permanent_code}/report/"
    response = client.get(url, HTTP_RANGE=f"bytes={'9' * 5000}-")
    assert response.status_code == 416
    response = client.get(url, HTTP_RANGE=f"bytes=0-{'9' * 5000}")
    assert response.status_code == 206


def test_downloads_are_counted_once_per_download(client, report):
    url = f"/r/{report.permanent_code}/report/"
    client.get(url)
    assert counts(report) == 1
    etag = client.head(url)["ETag"]  # HEAD: not counted
    client.get(url, HTTP_IF_NONE_MATCH=etag)  # 304: not counted
    client.get(url, HTTP_RANGE="bytes=100-199")  # a later piece: not counted
    assert counts(report) == 1
    client.get(url, HTTP_RANGE="bytes=0-99")  # a viewer's first piece: counted
    client.get(report.full_report.url)  # the document address counts too
    client.get(url, HTTP_USER_AGENT="Mozilla/5.0 (compatible; Googlebot/2.1)")  # robot
    assert counts(report) == 3
    row = DownloadCount.objects.get(report=report, kind="report")
    assert row.day == timezone.localdate()
    assert row.language == report.full_report_language
    client.get(f"/r/{report.permanent_code}/abstract/")
    assert counts(report, "abstract") == 1


def test_counting_stores_nothing_personal(client, report):
    response = client.get(f"/r/{report.permanent_code}/report/", REMOTE_ADDR="203.0.113.9")
    assert not response.cookies
    fields = {field.name for field in DownloadCount._meta.get_fields()}
    assert fields == {"id", "report", "kind", "language", "day", "count"}


def test_record_adds_to_the_days_row(report):
    day = datetime.date(2025, 3, 1)
    for _ in range(3):
        DownloadCount.record(report, "report", "it", day)
    DownloadCount.record(report, "report", "en", day)
    assert DownloadCount.objects.get(report=report, language="it", day=day).count == 3
    assert DownloadCount.objects.filter(report=report, day=day).count() == 2


def test_files_of_draft_reports_are_for_editors_only(client, admin_client, report):
    document = report.full_report
    for version in ReportPage.objects.filter(translation_key=report.translation_key):
        version.unpublish()
    assert client.get(document.url).status_code == 404
    assert client.get(f"/r/{report.permanent_code}/report/").status_code == 404
    response = admin_client.get(document.url)
    assert response.status_code == 200 and "private" in response["Cache-Control"]


def test_documents_of_no_report_are_for_editors_only(client, admin_client):
    document = get_document_model().objects.create(
        title="Loose", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="loose.pdf")
    )
    assert client.get(document.url).status_code == 404
    assert admin_client.get(document.url).status_code == 200


def test_media_folder_does_not_serve_documents(client, report):
    assert client.get(f"/media/{report.full_report.file.name}").status_code == 404


def test_admin_refuses_a_file_that_is_not_a_pdf(admin_client):
    documents = get_document_model().objects
    before = documents.count()
    fake = SimpleUploadedFile("report.pdf", b"PK\x03\x04 not a pdf at all", "application/pdf")
    response = admin_client.post(
        "/admin/documents/add/", {"title": "Fake", "file": fake, "collection": 1}
    )
    assert response.status_code == 200
    # The admin speaks the site's first language, Italian, to this user.
    with translation.override("it"):
        message = gettext("This file is not a PDF. Export it as PDF and upload it again.")
    assert escape(message) in response.content.decode()
    assert documents.count() == before

    real = SimpleUploadedFile("real.pdf", pdf_files.report_pdf())
    response = admin_client.post(
        "/admin/documents/add/", {"title": "Real", "file": real, "collection": 1}
    )
    assert response.status_code == 302
    assert documents.count() == before + 1


def test_editors_see_counts_and_export_csv(admin_client, report):
    DownloadCount.record(report, "report", "it", datetime.date(2025, 3, 1))
    DownloadCount.record(report, "abstract", "en", datetime.date(2025, 3, 2))
    response = admin_client.get("/admin/download_counts/")
    assert response.status_code == 200
    assert escape(report.title) in response.content.decode()
    response = admin_client.get("/admin/download_counts/?kind=abstract")
    assert response.status_code == 200

    response = admin_client.get("/admin/download_counts/?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body(response).decode("utf-8"))))
    assert len(rows) == 3
    assert rows[0][0] in ("Day", "Giorno") and len(rows[0]) == 6  # header row
    assert rows[1][1] == report.title  # UTF-8 survives
    assert [row[0] for row in rows[1:]] == ["2025-03-02", "2025-03-01"]


def test_nobody_edits_counts_by_hand(admin_client):
    assert admin_client.get("/admin/download_counts/new/").status_code in (302, 403)


def test_last_modified_changes_when_the_file_is_replaced(client, report):
    url = f"/r/{report.permanent_code}/report/"
    before = client.get(url)
    document = report.full_report
    document.file.save("replaced.pdf", ContentFile(b"%PDF-1.7\nreplaced\n%%EOF\n"))
    document.file_hash = ""
    document.save()
    response = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert response.status_code == 200
    assert body(response) == b"%PDF-1.7\nreplaced\n%%EOF\n"
    assert response["ETag"] != before["ETag"]


def test_a_download_runs_few_queries(client, report, django_assert_max_num_queries):
    url = f"/r/{report.permanent_code}/report/"
    client.get(url)  # creates the day's row
    with django_assert_max_num_queries(4):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(report.full_report.url).status_code == 200
