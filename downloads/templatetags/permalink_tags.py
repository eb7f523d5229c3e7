from django import template
from django.urls import reverse
from django.utils import translation

from core.addresses import page_address

from ..citation import details

register = template.Library()


@register.simple_tag(takes_context=True)
def report_permalinks(context, report, authors=None, publishers=None):
    """The permalinks of ``report`` (absolute URLs) and what its suggested citation
    needs. ``authors`` and ``publishers``, when the page already has them, save queries."""
    request = context["request"]
    code = report.permanent_code

    def absolute(name, *args):
        return request.build_absolute_uri(reverse(f"permalinks:{name}", args=[code, *args]))

    # A page is rendered in its own language: no query for its locale.
    language = translation.get_language()
    links = {"page": absolute("page"), "citation": details(report, authors, publishers, language)}
    if report.full_report_id:
        links["report"] = absolute("report_in", report.full_report_language)
    if report.abstract_document_id:
        links["abstract"] = absolute("abstract_in", report.abstract_language)
    # The citation files follow the page's language, whatever the browser prefers.
    links["bib"] = f"{absolute('bib')}?lang={language}"
    links["ris"] = f"{absolute('ris')}?lang={language}"
    return links


@register.simple_tag(takes_context=True)
def report_permalink(context, report, kind="page"):
    """The absolute permalink of ``report``'s page (``kind`` "page"), full report ("report")
    or short abstract ("abstract"), in the file's own language; "" when it has none (a
    report not yet saved, a file not given)."""
    code = getattr(report, "permanent_code", "")
    request = context.get("request")
    if not code or request is None:
        return ""
    if kind == "page":
        path = reverse("permalinks:page", args=[code])
    elif kind == "report" and report.full_report_id:
        path = reverse("permalinks:report_in", args=[code, report.full_report_language])
    elif kind == "abstract" and report.abstract_document_id:
        path = reverse("permalinks:abstract_in", args=[code, report.abstract_language])
    else:
        return ""
    return request.build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def permanent_page_url(context, page):
    """The address printed at the foot of ``page``: a report's permalink (/r/<code>/),
    which outlives any change of title or place; any other page's own address."""
    return report_permalink(context, page) or page_address(context["request"], page)
