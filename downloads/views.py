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

from core.middleware import shared_with_other_sites
from stories.models import ReportPage
from stories.permanent_codes import normalise

from . import citation
from .access import (
    collection_allows,
    is_editor,
    reader_may_see,
    refusal,
    reports_offering,
    restricted_document_ids,
)
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


def language_versions(code, drafts=False, public_only=False):
    """The language versions of the report with ``code``, by language code: live ones
    unless ``drafts``, without view restrictions when ``public_only``."""
    reports = ReportPage.objects.filter(permanent_code=normalise(code)).select_related(
        "locale", "full_report__collection", "abstract_document__collection"
    )
    if not drafts:
        reports = reports.live()
    if public_only:
        reports = reports.public()
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


def readable_versions(request, code):
    """The language versions whose files ``request`` may look for, by language code: for
    editors every version (files of drafts, for checking); for others the live versions
    whose view restrictions the reader has passed first, then, when those offer no file,
    every live version, so that a private report's file asks for its password or a login
    as its page does, instead of a 404."""
    if is_editor(request.user):
        return [language_versions(code, drafts=True)]
    live = language_versions(code)
    passed = {
        language: report for language, report in live.items() if reader_may_see(report, request)
    }
    return [versions for versions in (passed, live) if versions]


def _choose(request, files, language):
    """The (document, file language, report) entries that answer the request."""
    if language is not None:
        return [entry for entry in files if entry[1] == language]
    wanted = reader_language(request)
    return [entry for entry in files if entry[1] == wanted] or [
        entry for entry in files if entry[2].locale.language_code == wanted
    ]


@require_safe
def report_file(request, code, kind, language=None):
    candidates = readable_versions(request, code)
    if not candidates:
        return unknown_code(request, code)
    for versions in candidates:
        files = _files(versions, kind)
        chosen = _choose(request, files, language)
        if chosen or (files and language is None):
            break
    if language is not None and not chosen:
        return _missing_language(request, code, kind, language, files)
    if not files:
        return not_found(request, _no_file_message(kind), code=code)
    document, file_language, report = (chosen or files)[0]
    if not collection_allows(document, request):
        return not_found(request, _no_file_message(kind), code=code)
    if refused := refusal(request, document):
        return refused
    public = not is_editor(request.user) and document.pk not in restricted_document_ids()
    return serve_report_file(request, document, report, kind, file_language, public)


def serve_report_file(request, document, report, kind, file_language, public):
    """``public``: whether shared caches may keep the file (never for editors, nor for a
    file under a view restriction)."""

    def count():
        if not looks_like_a_robot(request):
            DownloadCount.record(report, kind, file_language)

    response = pdf_response(
        request, document, file_name(report, kind, file_language), public=public, on_download=count
    )
    # A file anyone may have can be embedded or fetched by other sites; one behind a
    # restriction, or an editor's, not.
    return shared_with_other_sites(response) if public else response


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
    versions = language_versions(code, public_only=True)
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
    return shared_with_other_sites(response)


@require_safe
def serve_document(request, document_id, document_filename):
    """Wagtail's /documents/<id>/<name> address, served here instead of by Wagtail's own
    view, which sends whole files only. Wagtail's checks (the filename, collection
    restrictions in the ``before_serve_document`` hooks) run as in Wagtail; then the view
    restrictions of every page using the file (``downloads.access.refusal``); readers get
    only the files of live reports, and every file goes out with the headers, ranges and
    counting of the permalinks."""
    document = get_object_or_404(get_document_model(), id=document_id)
    if document.filename != document_filename:
        raise Http404("This document does not match the given filename.")
    for hook in hooks.get_hooks("before_serve_document"):
        result = hook(document, request)
        if isinstance(result, HttpResponse):
            return result
    if refused := refusal(request, document):
        return refused
    reports = reports_offering(document).select_related("locale")
    editor = is_editor(request.user)
    if not editor:
        # Every restriction over a page using the file was passed (``refusal``).
        reports = reports.live()
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
    public = not editor and document.pk not in restricted_document_ids()
    return serve_report_file(request, document, report, kind, file_language, public)
