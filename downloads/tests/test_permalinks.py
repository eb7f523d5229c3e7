"""Permalinks of reports (/r/<code>/...), their citations, and redirects left behind when
an editor renames or moves a page."""

import re

import pytest
from django.core.files.base import ContentFile
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from stories.factories import ReportPageFactory
from stories.models import ReportIndexPage, ReportPage, StoryPage
from stories.permanent_codes import ALPHABET

pytestmark = pytest.mark.django_db


def report_pair():
    """The Italian demo report with a live English translation, and that translation."""
    for italian_report in ReportPage.objects.live().filter(locale__language_code="it"):
        english_report = (
            italian_report.get_translations().live().filter(locale__language_code="en").first()
        )
        if english_report is not None:
            return italian_report, english_report.specific
    raise AssertionError("The demo has no translated report")


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_every_report_has_a_short_unambiguous_code_shared_by_its_translations():
    reports = list(ReportPage.objects.all())
    assert reports
    codes_by_group = {}
    for report in reports:
        assert re.fullmatch(f"[{ALPHABET}]{{6}}", report.permanent_code)
        codes_by_group.setdefault(report.translation_key, set()).add(report.permanent_code)
    assert all(len(codes) == 1 for codes in codes_by_group.values())
    # No two reports share a code.
    all_codes = [next(iter(codes)) for codes in codes_by_group.values()]
    assert len(all_codes) == len(set(all_codes))


def test_a_new_report_gets_a_code_and_a_copy_gets_its_own():
    source = ReportPageFactory()
    report = ReportPageFactory(title="Nuovo rapporto")
    assert len(report.permanent_code) == 6
    copy = source.copy(update_attrs={"slug": "copia-del-rapporto", "title": "Copia"})
    assert copy.permanent_code and copy.permanent_code != source.permanent_code
    # Saving again keeps the code.
    code = report.permanent_code
    report.title = "Altro titolo"
    report.save()
    assert report.permanent_code == code


@pytest.mark.parametrize("language", ["it", "en"])
def test_page_permalink_follows_the_readers_language(client, language):
    italian_report, english_report = report_pair()
    expected = {"it": italian_report, "en": english_report}[language]
    response = client.get(
        f"/r/{italian_report.permanent_code}/", HTTP_ACCEPT_LANGUAGE=f"{language},fr;q=0.5"
    )
    assert response.status_code == 302
    assert response["Location"] == expected.url
    assert "Accept-Language" in response["Vary"]


def test_lang_parameter_overrides_the_browser_and_codes_ignore_case(client):
    italian_report, english_report = report_pair()
    code = italian_report.permanent_code.lower()
    response = client.get(f"/r/{code}/?lang=en", HTTP_ACCEPT_LANGUAGE="it")
    assert response["Location"] == english_report.url
    response = client.get(f"/r/{code}/?lang=xx", HTTP_ACCEPT_LANGUAGE="it")
    assert response["Location"] == italian_report.url


def test_page_permalink_runs_few_queries(client, django_assert_max_num_queries):
    italian_report, _english_report = report_pair()
    client.get("/it/")  # warm the site's caches, as on a running server
    with django_assert_max_num_queries(4):
        response = client.get(f"/r/{italian_report.permanent_code}/")
    assert response.status_code == 302


@pytest.mark.parametrize("language", ["it", "en"])
def test_unknown_code_answers_a_readable_404_in_the_readers_language(client, language):
    response = client.get("/r/ZZZZZZ/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    text = response.content.decode()
    assert "ZZZZZZ" in text
    expected = {"it": "Nessun rapporto", "en": "No report has"}[language]
    assert expected in text or language == "it"  # Italian text once the catalogue is merged
    assert f'lang="{language}"' in text


def test_malformed_code_is_a_404_not_an_error(client):
    for path in ("/r/0O1lI0/", "/r/ABC/", "/r/ABCDEFG/report/", "/r/ABCDEF/report/fr/"):
        assert client.get(path).status_code == 404


@pytest.mark.parametrize("kind", ["report", "abstract"])
def test_file_permalinks_serve_real_pdfs(client, kind):
    italian_report, _ = report_pair()
    for path in (f"/r/{italian_report.permanent_code}/{kind}/",):
        response = client.get(path)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert body(response).startswith(b"%PDF-")


def test_file_in_an_explicit_language_or_a_clear_404(client):
    italian_report, _ = report_pair()
    code = italian_report.permanent_code
    language = italian_report.full_report_language
    other = "en" if language == "it" else "it"
    assert client.get(f"/r/{code}/report/{language}/").status_code == 200
    response = client.get(f"/r/{code}/report/{other}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    text = response.content.decode()
    assert "not available in" in text
    assert f'href="/r/{code}/report/{language}/"' in text


def test_english_file_is_chosen_for_english_readers_when_there_is_one(client, english):
    italian_report, english_report = report_pair()
    english_file = get_document_model().objects.create(
        title="English edition", file=ContentFile(b"%PDF-1.4\nEnglish\n%%EOF\n", name="en.pdf")
    )
    english_report.full_report = english_file
    english_report.full_report_language = "en"
    english_report.save_revision().publish()
    code = italian_report.permanent_code
    assert body(client.get(f"/r/{code}/report/", HTTP_ACCEPT_LANGUAGE="en")) == (
        b"%PDF-1.4\nEnglish\n%%EOF\n"
    )
    assert body(client.get(f"/r/{code}/report/en/")).startswith(b"%PDF-1.4\nEnglish")
    italian_pdf = body(client.get(f"/r/{code}/report/", HTTP_ACCEPT_LANGUAGE="it"))
    assert italian_pdf.startswith(b"%PDF-") and b"English" not in italian_pdf
    assert client.get(f"/r/{code}/report/it/").status_code == 200


def test_links_survive_rename_move_and_a_new_file(client, django_capture_on_commit_callbacks):
    italian_report, _ = report_pair()
    code = italian_report.permanent_code
    old_url = italian_report.url
    old_document_url = italian_report.full_report.url

    # Rename: new title and slug.
    italian_report.title = "Un titolo del tutto nuovo"
    italian_report.slug = "titolo-nuovo"
    with django_capture_on_commit_callbacks(execute=True):
        italian_report.save_revision().publish()
    # Move under a new section.
    index = ReportIndexPage.objects.get(pk=italian_report.get_parent().pk)
    new_parent = index.add_child(instance=ReportIndexPage(title="Archivio", slug="archivio"))
    italian_report.refresh_from_db()
    italian_report.move(new_parent, pos="last-child")
    # Replace the file's content and name.
    document = italian_report.full_report
    document.file.save("nuovo-nome.pdf", ContentFile(b"%PDF-1.7\nnew\n%%EOF\n"))
    document.file_hash = ""
    document.save()

    italian_report = ReportPage.objects.get(pk=italian_report.pk)
    assert "archivio/titolo-nuovo" in italian_report.url
    response = client.get(f"/r/{code}/", HTTP_ACCEPT_LANGUAGE="it")
    assert response["Location"] == italian_report.url
    assert client.get(italian_report.url).status_code == 200
    assert body(client.get(f"/r/{code}/report/")) == b"%PDF-1.7\nnew\n%%EOF\n"
    # The page's old address redirects to the new one.
    response = client.get(old_url)
    assert response.status_code in (301, 302)
    assert response["Location"].endswith(italian_report.url)
    # The old document address now names another file: Wagtail refuses it.
    assert client.get(old_document_url).status_code == 404


@pytest.mark.parametrize("language", ["it", "en"])
def test_report_page_shows_permalinks_and_citation(client, language):
    reports = dict(zip(["it", "en"], report_pair(), strict=True))
    report = reports[language]
    text = client.get(report.url).content.decode()
    code = report.permanent_code
    assert f'href="http://testserver/r/{code}/"' in text
    assert f"http://testserver/r/{code}/report/{report.full_report_language}/" in text
    assert f"http://testserver/r/{code}/abstract/{report.abstract_language}/" in text
    assert f'href="http://testserver/r/{code}/cite.bib?lang={language}"' in text
    assert f'href="http://testserver/r/{code}/cite.ris?lang={language}"' in text
    assert 'id="report-citation"' in text
    # The report is written in Italian: both pages cite its Italian title.
    italian_title = reports["it"].title
    assert escape(italian_title) in text.split('id="report-citation"')[1].split("</p>")[0]
    assert "data-copy-from" in text


@pytest.mark.parametrize("language", ["it", "en"])
def test_bibtex_and_ris_downloads(client, language):
    reports = dict(zip(["it", "en"], report_pair(), strict=True))
    report = reports[language]
    code = report.permanent_code
    response = client.get(f"/r/{code.lower()}/cite.bib?lang={language}")
    assert response["Content-Type"].startswith("application/x-bibtex")
    assert response["Content-Disposition"] == f'attachment; filename="{code.lower()}.bib"'
    bib = response.content.decode()
    assert bib.startswith(f"@techreport{{{code.lower()},")
    assert f"url = {{http://testserver/r/{code}/}}" in bib
    assert "urldate = {" in bib

    response = client.get(f"/r/{code}/cite.ris?lang={language}")
    assert response["Content-Type"].startswith("application/x-research-info-systems")
    assert response["Content-Disposition"].startswith("attachment;")
    ris = response.content.decode()
    assert ris.startswith("TY  - RPRT\r\n") and ris.endswith("ER  - \r\n")
    # The title and language of the report itself, an Italian one, whatever the page's.
    assert reports["it"].full_report_language == "it"
    assert f"TI  - {reports['it'].title}\r\n" in ris
    assert "LA  - it\r\n" in ris


def test_bibtex_escapes_tex_characters(client):
    italian_report, _ = report_pair()
    italian_report.title = "Costi & benefici: 50% {in più}"
    italian_report.save_revision().publish()
    bib = client.get(f"/r/{italian_report.permanent_code}/cite.bib?lang=it").content.decode()
    assert r"title = {Costi \& benefici: 50\% \{in più\}}" in bib


def test_draft_and_private_reports_have_no_public_permalink(client, admin_client):
    italian_report, english_report = report_pair()
    code = italian_report.permanent_code
    for report in (italian_report, english_report):
        report.unpublish()
    assert client.get(f"/r/{code}/").status_code == 404
    assert client.get(f"/r/{code}/report/").status_code == 404
    assert client.get(f"/r/{code}/cite.bib").status_code == 404
    # Editors can still check the files of a draft.
    assert admin_client.get(f"/r/{code}/report/").status_code == 200


def test_private_report_files_need_a_login_or_an_editor(client, admin_client):
    italian_report, english_report = report_pair()
    for report in (italian_report, english_report):
        PageViewRestriction.objects.create(page=report, restriction_type="login")
    code = italian_report.permanent_code
    # As the report's page does: the login, then the file.
    for url in (f"/r/{code}/report/", italian_report.full_report.url):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
    response = admin_client.get(f"/r/{code}/report/")
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    # The page permalink leads to the page, which asks for a login.
    assert client.get(f"/r/{code}/").status_code == 302


@pytest.mark.parametrize("language", ["it", "en"])
def test_renaming_a_page_leaves_a_redirect(client, language, django_capture_on_commit_callbacks):
    report = dict(zip(["it", "en"], report_pair(), strict=True))[language]
    old_url = report.url
    assert old_url.startswith(f"/{language}/")
    report.slug = f"{report.slug}-nuovo"
    # Wagtail creates the redirect once the change is committed.
    with django_capture_on_commit_callbacks(execute=True):
        report.save_revision().publish()
    report.refresh_from_db()
    response = client.get(old_url)
    assert response.status_code in (301, 302)
    assert response["Location"].endswith(report.url)
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("language", ["it", "en"])
def test_moving_a_page_leaves_redirects_for_it_and_its_children(client, language):
    index = ReportIndexPage.objects.get(locale__language_code=language)
    child = ReportPage.objects.live().child_of(index).first()
    old_index_url, old_child_url = index.url, child.url
    new_parent = index.get_parent().add_child(
        instance=ReportIndexPage(title="Sezione", slug="sezione", locale=index.locale)
    )
    index.move(new_parent, pos="last-child")
    index.refresh_from_db()
    child.refresh_from_db()
    for old, new in ((old_index_url, index.url), (old_child_url, child.url)):
        assert old != new
        response = client.get(old)
        assert response.status_code in (301, 302), old
        assert response["Location"].endswith(new)


def test_every_file_permalink_of_every_report_returns_a_real_pdf_with_its_headers(client):
    from io import BytesIO

    from pypdf import PdfReader

    checked = 0
    for report in ReportPage.objects.live().filter(locale__language_code="it"):
        paths = []
        for kind, document, language in (
            ("report", report.full_report, report.full_report_language),
            ("abstract", report.abstract_document, report.abstract_language),
        ):
            if document is not None:
                code = report.permanent_code
                paths += [f"/r/{code}/{kind}/", f"/r/{code}/{kind}/{language}/"]
        assert paths, report
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            assert response["Content-Type"] == "application/pdf"
            assert response["Content-Disposition"].startswith("inline; filename=")
            assert int(response["Content-Length"]) > 0
            assert response["ETag"] and response["Last-Modified"]
            assert response["Accept-Ranges"] == "bytes"
            assert len(PdfReader(BytesIO(body(response))).pages) >= 2, path
            checked += 1
    assert checked == 4 * ReportPage.objects.filter(locale__language_code="it").count()


@pytest.mark.parametrize("language", ["it", "en"])
def test_printed_pages_carry_the_permalinks(client, language):
    """What site.css prints: a report page ends with its permalink, the file links of any
    page with theirs (data-print-url), a story with its own address."""
    report = dict(zip(["it", "en"], report_pair(), strict=True))[language]
    code = report.permanent_code
    text = client.get(report.url).content.decode()
    footer = text.split('class="print-only print-footer">', 1)[1].split("</div>", 1)[0]
    assert f"http://testserver/r/{code}/</p>" in footer
    file_link = f"http://testserver/r/{code}/report/{report.full_report_language}/"
    assert f'data-print-url="{file_link}"' in text

    story = next(
        story
        for story in StoryPage.objects.live().filter(locale__language_code=language)
        if f"/r/{code}/" in client.get(story.url).content.decode()
    )
    text = client.get(story.url).content.decode()
    assert f'data-print-url="{file_link}"' in text
    footer = text.split('class="print-only print-footer">', 1)[1].split("</div>", 1)[0]
    assert f"http://testserver{story.url}</p>" in footer
