"""What the upload checks refuse in a PDF, and what they let through (downloads.pdf_checks),
in the admin's document views; the proposal form is tested in proposals/tests."""

import io
import time
import tracemalloc
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.html import escape
from wagtail.documents import get_document_model

from downloads.pdf_checks import MAX_DECODED_BYTES, pdf_problem

from .pdf_files import (
    compression_bomb,
    object_stream,
    report_pdf,
    simple_pdf,
    stream,
)

JS_ACTION = b"<< /S /JavaScript /JS (app.alert\\(document.cookie\\)) >>"

HOSTILE = {
    "open-action-javascript": (
        simple_pdf(b"/OpenAction " + JS_ACTION),
        ["automatic", "javascript"],
    ),
    "escaped-names": (
        simple_pdf(b"/Open#41ction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"),
        ["automatic", "javascript"],
    ),
    "javascript-name-tree": (
        simple_pdf(b"/Names << /JavaScript << /Names [(x) 4 0 R] >> >>", b"", JS_ACTION),
        ["javascript"],
    ),
    "page-additional-actions": (
        simple_pdf(b"", b"/AA << /O << /S /URI /URI (https://tracker.example) >> >>"),
        ["automatic"],
    ),
    "launch-in-a-link": (
        simple_pdf(
            b"",
            b"/Annots [4 0 R]",
            b"<< /Type /Annot /Subtype /Link /Rect [0 0 99 99] /A << /S /Launch /F (cmd.exe) >> >>",
        ),
        ["launch"],
    ),
    "embedded-file": (
        simple_pdf(
            b"/Names << /EmbeddedFiles << /Names [(a.exe) << /Type /Filespec "
            b"/EF << /F 4 0 R >> >>] >> >>",
            b"",
            stream(b"MZ\x90\x00", b"/Type /EmbeddedFile"),
        ),
        ["embedded"],
    ),
    "xfa-form": (
        simple_pdf(b"/AcroForm << /Fields [] /XFA 4 0 R >>", b"", stream(b"<xdp/>")),
        ["xfa"],
    ),
    "rich-media": (
        simple_pdf(b"", b"/Annots [<< /Subtype /RichMedia /Rect [0 0 9 9] >>]"),
        ["multimedia"],
    ),
    "submit-form": (
        simple_pdf(
            b"", b"/Annots [<< /Subtype /Widget /A << /S /SubmitForm /F (https://x.example) >> >>]"
        ),
        ["submit"],
    ),
    # Dictionaries inside a compressed object stream, hex-escaped and behind two filters.
    "javascript-in-object-stream": (
        simple_pdf(
            b"/OpenAction 5 0 R", b"", object_stream([b"<< /S /J#61vaScript /JS (x) >>"], 5)
        ),
        ["automatic", "javascript"],
    ),
    "javascript-in-hex-and-flate-object-stream": (
        simple_pdf(
            b"",
            b"/AA 5 0 R",
            object_stream(
                [b"<< /O << /JS (x) /S /JavaScript >> >>"], 5, (b"/ASCIIHexDecode", b"/FlateDecode")
            ),
        ),
        ["automatic", "javascript"],
    ),
    # An object whose cross-reference entry points into another stream's data.
    "object-hidden-in-stream-data": (
        simple_pdf(b"", b"", stream(b"BT ET\n9 0 obj << /S /Launch /F (sh) >> endobj\n")),
        ["launch"],
    ),
}


def problem_of(data):
    return pdf_problem(io.BytesIO(data))


@pytest.mark.parametrize("data", [report_pdf(), simple_pdf()], ids=["reportlab", "minimal"])
def test_real_pdfs_pass(data):
    assert problem_of(data) is None


@pytest.mark.parametrize(
    "catalog",
    [
        b"/OpenAction [3 0 R /Fit]",
        b"/OpenAction 4 0 R",
        b"/OpenAction << /S /GoTo /D [3 0 R /XYZ null null 0] >>",
        b"/Outlines << /Count 0 >> /URI << /Base (https://example.org/JavaScript/) >>",
    ],
    ids=["destination", "destination-elsewhere", "goto", "javascript-in-a-string"],
)
def test_opening_at_a_page_and_names_in_strings_pass(catalog):
    """What LaTeX and office suites write: "open at this page", and links."""
    assert problem_of(simple_pdf(catalog, b"", b"[3 0 R /FitH 800]")) is None


@pytest.mark.parametrize("data, found", HOSTILE.values(), ids=HOSTILE.keys())
def test_active_content_is_refused(data, found):
    problem = problem_of(data)
    assert problem is not None and problem.code == "active_content"
    assert problem.found == found


def test_a_reportlab_report_with_javascript_added_is_refused():
    """A real report, with an incremental update giving its catalog an /OpenAction."""
    original = report_pdf()
    addition = b"\n1 0 obj\n<< /Type /Catalog /Pages 3 0 R /OpenAction %s >>\nendobj\n" % JS_ACTION
    updated = original + addition + b"startxref\n%d\n%%%%EOF\n" % len(original)
    assert problem_of(updated).code == "active_content"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n<html><script>alert(document.domain)</script></html>\n" + simple_pdf()[9:],
        b"<!DOCTYPE html><body>" + simple_pdf(),
        simple_pdf(b"/Lang (<svg onload=alert(1)>)"),
    ],
    ids=["html-after-the-header", "html-before-the-header", "svg-in-the-first-bytes"],
)
def test_polyglots_are_refused(data):
    assert problem_of(data).code == "polyglot"


@pytest.mark.parametrize(
    "data, code",
    [
        (b"%PDF-1.4\nnothing of a PDF here\n%%EOF\n", "damaged"),
        (b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "damaged"),
        (b"PK\x03\x04 a word-processor file", "not_pdf"),
        (b"%PDF-1.4\n" + b"x" * 5000, "not_pdf"),
    ],
    ids=["no-objects", "no-cross-reference", "zip", "no-end"],
)
def test_files_that_do_not_parse_are_refused(data, code):
    assert problem_of(data).code == code


def test_an_object_stream_that_cannot_be_read_is_refused():
    objects = b"5 0\n<< /S /JavaScript /JS (x) >>"
    dictionary = b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode"
    truncated = stream(zlib.compress(objects)[:-6], dictionary)
    lzw = stream(objects, dictionary.replace(b"Flate", b"LZW"))
    predictor = stream(zlib.compress(objects), dictionary + b" /DecodeParms << /Predictor 12 >>")
    encrypted = simple_pdf(b"", b"", stream(zlib.compress(objects), dictionary)).replace(
        b"/Root 1 0 R", b"/Root 1 0 R /Encrypt << /Filter /Standard >>"
    )
    for data in (*(simple_pdf(b"", b"", each) for each in (truncated, lzw, predictor)), encrypted):
        assert problem_of(data).code == "uncheckable"


def test_a_compression_bomb_is_refused_in_bounded_memory_and_time():
    bomb = compression_bomb(2 * MAX_DECODED_BYTES)
    assert len(bomb) < 100_000
    tracemalloc.start()
    started = time.process_time()
    try:
        problem = problem_of(bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert problem.code == "uncheckable"
    assert time.process_time() - started < 2
    # The budget and little more, never what the stream inflates to.
    assert peak < MAX_DECODED_BYTES * 1.5


# --- In the admin ---------------------------------------------------------------------------


def italian(message):
    # The admin speaks the site's first language, Italian, to a user without a profile.
    with translation.override("it"):
        return escape(str(message))


def hostile_upload():
    return SimpleUploadedFile("rapporto.pdf", HOSTILE["escaped-names"][0], "application/pdf")


def refusal_message():
    with translation.override("it"):
        return str(problem_of(HOSTILE["escaped-names"][0]).message)


def test_admin_add_and_replace_refuse_active_pdfs(admin_client):
    documents = get_document_model().objects
    before = documents.count()
    response = admin_client.post(
        "/admin/documents/add/", {"title": "JS", "file": hostile_upload(), "collection": 1}
    )
    assert response.status_code == 200
    assert escape(refusal_message()) in response.content.decode()
    assert documents.count() == before

    response = admin_client.post(
        "/admin/documents/add/",
        {"title": "Vero", "file": SimpleUploadedFile("vero.pdf", report_pdf()), "collection": 1},
    )
    assert response.status_code == 302
    document = documents.get(title="Vero")
    response = admin_client.post(
        f"/admin/documents/edit/{document.pk}/",
        {"title": "Vero", "file": hostile_upload(), "collection": 1},
    )
    assert response.status_code == 200
    assert escape(refusal_message()) in response.content.decode()
    document.refresh_from_db()
    with document.file.open("rb") as file:
        assert problem_of(file.read()) is None


def test_admin_multiple_upload_refuses_active_pdfs(admin_client):
    documents = get_document_model().objects
    before = documents.count()
    response = admin_client.post(
        "/admin/documents/multiple/add/", {"files[]": hostile_upload(), "collection": 1}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["success"] is False
    # Followed by Wagtail's own note on the missing file's extension.
    assert data["error_message"].startswith(refusal_message())
    assert documents.count() == before
    polyglot = b"%PDF-1.4\n<html><script>alert(1)</script>\n" + simple_pdf()[9:]
    response = admin_client.post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile("p.pdf", polyglot), "collection": 1},
    )
    assert response.json()["success"] is False
    assert documents.count() == before
