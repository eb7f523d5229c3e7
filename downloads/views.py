"""Permalinks of reports: /r/<code>/ and the files, citations below it.

They name a report only by its permanent code, so they survive any change of title,
slug, place in the tree or file. Each answers in the reader's language (``?lang=`` or
Accept-Language) and falls back to the other language version when needed.
"""

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_safe
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.documents.models import document_served

from stories.models import ReportPage
from stories.permanent_codes import normalise

from . import citation
from .access import collection_allows, is_editor, reports_offering
from .models import DownloadCount, FileKind
from .robots import looks_like_a_robot
from .serving import pdf_response

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def reader_language(request):
    asked = request.GET.get("lang", "")
    if asked in LANGUAGE_CODES:
        return asked
    return translation.get_language_from_request(request)


def not_found(request, message, code=None, choices=()):
    """A readable 404 that says what is missing and, when there is one, what to try."""
    context = {"message": message, "code": code, "choices": choices}
    return TemplateResponse(request, "downloads/not_found.html", context, status=404)


def unknown_code(request, code):
    return not_found(
        request,
        translation.gettext("No report has the permanent code “%(code)s”.") % {"code": code},
    )


def language_versions(request, code, readable_only=True):
    """The language versions of the report with ``code``, by language code. Anonymous
    readers get live, public versions only; editors get every version when
    ``readable_only`` is False (files of drafts, for checking)."""
    reports = ReportPage.objects.filter(permanent_code=normalise(code)).select_related(
        "locale", "full_report__collection", "abstract_document__collection"
    )
    if readable_only or not is_editor(request.user):
        reports = reports.live().public()
    return {report.locale.language_code: report for report in reports}


def preferred(versions, language):
    """The version in ``language``, else the one in the site's source language."""
    return (
        versions.get(language)
        or versions.get(settings.LANGUAGE_CODE)
        or next(iter(versions.values()))
    )


@require_safe
def report_page(request, code):
    # Live pages, private ones included: their own page asks for the login or password.
    versions = {
        report.locale.language_code: report
        for report in ReportPage.objects.live()
        .filter(permanent_code=normalise(code))
        .select_related("locale")
    }
    if not versions:
        return unknown_code(request, code)
    report = preferred(versions, reader_language(request))
    return HttpResponseRedirect(report.get_url(request))


def _files(versions, kind):
    """Each distinct file of ``kind`` offered by the versions: (document, file language,
    report offering it), the report in the file's own language first."""
    files = {}
    ordered = sorted(
        versions.values(),
        key=lambda report: report.locale.language_code != _file_language(report, kind),
    )
    for report in ordered:
        document = report.full_report if kind == FileKind.REPORT else report.abstract_document
        if document is not None and document.pk not in files:
            files[document.pk] = (document, _file_language(report, kind), report)
    return list(files.values())


def _file_language(report, kind):
    return report.full_report_language if kind == FileKind.REPORT else report.abstract_language


def file_name(report, kind, language):
    label = "abstract" if kind == FileKind.ABSTRACT else "report"
    return f"{report.title} {label} {language}.pdf"


@require_safe
def report_file(request, code, kind, language=None):
    versions = language_versions(request, code, readable_only=False)
    if not versions:
        return unknown_code(request, code)
    files = _files(versions, kind)
    if language is not None:
        chosen = [entry for entry in files if entry[1] == language]
        if not chosen:
            return _missing_language(request, code, kind, language, files)
    else:
        wanted = reader_language(request)
        chosen = [entry for entry in files if entry[1] == wanted] or [
            entry for entry in files if entry[2].locale.language_code == wanted
        ]
    if not chosen and not files:
        return not_found(request, _no_file_message(kind), code=code)
    document, file_language, report = (chosen or files)[0]
    if not collection_allows(document, request):
        return not_found(request, _no_file_message(kind), code=code)
    # Anonymous readers only ever get live, public versions.
    public = None if is_editor(request.user) else True
    return serve_report_file(request, document, report, kind, file_language, public)


def serve_report_file(request, document, report, kind, file_language, public=None):
    """``public``: whether anonymous readers may have the file, when the caller knows."""

    def count():
        if not looks_like_a_robot(request):
            DownloadCount.record(report, kind, file_language)

    return pdf_response(
        request,
        document,
        file_name(report, kind, file_language),
        public=public if public is not None else report.live and not is_private(report),
        on_download=count,
    )


def is_private(report):
    return bool(report.get_view_restrictions())


def _no_file_message(kind):
    if kind == FileKind.ABSTRACT:
        return translation.gettext("This report has no short abstract to download.")
    return translation.gettext("This report has no full report to download.")


def _missing_language(request, code, kind, language, files):
    language_name = dict(settings.LANGUAGES).get(language, language)
    if kind == FileKind.ABSTRACT:
        message = translation.gettext(
            "The short abstract of this report is not available in %(language)s."
        )
    else:
        message = translation.gettext("The full report is not available in %(language)s.")
    choices = [
        {
            "name": dict(settings.LANGUAGES)[file_language],
            "code": file_language,
            "url": reverse(f"permalinks:{kind}_in", args=[code, file_language]),
        }
        for _document, file_language, _report in files
    ]
    return not_found(request, message % {"language": language_name}, code=code, choices=choices)


@require_safe
def report_citation(request, code, citation_format):
    versions = language_versions(request, code)
    if not versions:
        return unknown_code(request, code)
    report = preferred(versions, reader_language(request))
    accessed = timezone.localdate()
    permalink = request.build_absolute_uri(reverse("permalinks:page", args=[report.permanent_code]))
    if citation_format == "bib":
        text = citation.bibtex(report, permalink, accessed)
        content_type = "application/x-bibtex; charset=utf-8"
    else:
        text = citation.ris(report, permalink, accessed)
        content_type = "application/x-research-info-systems; charset=utf-8"
    response = HttpResponse(text, content_type=content_type)
    filename = f"{report.permanent_code.lower()}.{citation_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def serve_document(request, document_id, document_filename):
    """Wagtail's /documents/<id>/<name> address, served here instead of by Wagtail's own
    view, which sends whole files only. Wagtail's checks (the filename, collection
    restrictions in the ``before_serve_document`` hooks) run as in Wagtail; then
    anonymous readers get only the files of live, public reports, and every file goes
    out with the headers, ranges and counting of the permalinks."""
    document = get_object_or_404(get_document_model(), id=document_id)
    if document.filename != document_filename:
        raise Http404("This document does not match the given filename.")
    for hook in hooks.get_hooks("before_serve_document"):
        result = hook(document, request)
        if isinstance(result, HttpResponse):
            return result
    reports = reports_offering(document).select_related("locale")
    editor = is_editor(request.user)
    if not editor:
        reports = reports.live().public()
    language = translation.get_language()
    reports = sorted(reports, key=lambda report: report.locale.language_code != language)
    if not reports:
        if not editor:
            raise Http404("No readable report offers this document.")
        return pdf_response(request, document, document.filename, public=False)
    document_served.send(sender=type(document), instance=document, request=request)
    report = reports[0]
    if report.full_report_id == document.pk:
        kind, file_language = FileKind.REPORT, report.full_report_language
    else:
        kind, file_language = FileKind.ABSTRACT, report.abstract_language
    return serve_report_file(
        request, document, report, kind, file_language, public=None if editor else True
    )
