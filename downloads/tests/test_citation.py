"""Citations of reports (downloads/citation.py): publishing organisations are publishers,
and a title keeps the language the report is written in, marked as such; both languages."""

import pytest
from django.utils import translation
from django.utils.html import escape

from downloads import citation
from stories.models import ReportPage

from .test_permalinks import report_pair

pytestmark = pytest.mark.django_db

LANGUAGES = ["it", "en"]


def report_without_authors(language):
    """The demo's report (in Italian) published by organisations with no author named, in
    ``language``."""
    for report in ReportPage.objects.live().filter(locale__language_code=language):
        if not report.authors.exists() and report.publishers.count() > 1:
            return report
    raise AssertionError("The demo has no report without authors")


def citation_paragraph(client, report):
    text = client.get(report.url).content.decode()
    return text.split('id="report-citation">', 1)[1].split("</p>", 1)[0]


def ris_lines(client, report, language):
    ris = client.get(f"/r/{report.permanent_code}/cite.ris?lang={language}").content.decode()
    return [line.split("  - ", 1) for line in ris.split("\r\n") if line]


@pytest.mark.parametrize("language", LANGUAGES)
def test_ris_names_publishing_organisations_as_publishers_not_editors(client, language):
    report = report_without_authors(language)
    publishers = [link.organisation.name for link in report.publishers.all()]
    lines = ris_lines(client, report, language)
    tags = [tag for tag, _value in lines]
    assert not {"A2", "ED", "A3", "AU"} & set(tags), lines
    assert ["PB", ", ".join(publishers)] in lines
    assert tags.count("PB") == 1
    # BibTeX, whose reports have an institution, keeps them as corporate authors.
    bib = client.get(f"/r/{report.permanent_code}/cite.bib?lang={language}").content.decode()
    assert f"institution = {{{', '.join(publishers)}}}" in bib


def test_english_citation_keeps_the_italian_title_with_its_language_marked(client):
    italian, english = report_pair()
    assert italian.full_report_language == "it" and italian.title != english.title

    paragraph = citation_paragraph(client, english)
    with translation.override("en"):
        note = translation.gettext("in Italian")
    assert f'<cite lang="it">{escape(italian.title)}</cite> [{note}].' in paragraph
    assert escape(english.title) not in paragraph

    lines = ris_lines(client, english, "en")
    assert ["TI", italian.title] in lines
    assert ["TT", english.title] in lines
    assert ["LA", "it"] in lines
    bib = client.get(f"/r/{english.permanent_code}/cite.bib?lang=en").content.decode()
    assert f"title = {{{italian.title}}}" in bib and "language = {italian}" in bib


def test_italian_citation_of_an_italian_report_marks_nothing(client):
    italian, _english = report_pair()
    paragraph = citation_paragraph(client, italian)
    assert f"<cite>{escape(italian.title)}</cite>." in paragraph
    assert "lang=" not in paragraph and "[" not in paragraph
    lines = ris_lines(client, italian, "it")
    assert ["TI", italian.title] in lines and ["LA", "it"] in lines
    assert "TT" not in [tag for tag, _value in lines]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_report_written_in_english_is_cited_by_its_english_title(language):
    italian, english = report_pair()
    for report in (italian, english):
        ReportPage.objects.filter(pk=report.pk).update(full_report_language="en")
        report.refresh_from_db()
    page = {"it": italian, "en": english}[language]
    with translation.override(language):
        data = citation.details(page, language=language)
        note = translation.gettext("in English")
    assert data["title"] == english.title
    assert data["language"] == "en"
    if language == "it":
        assert data["title_lang"] == "en" and data["language_note"] == note
        assert data["translated_title"] == italian.title
    else:
        assert data["title_lang"] == "" and data["language_note"] == ""
        assert data["translated_title"] == ""
