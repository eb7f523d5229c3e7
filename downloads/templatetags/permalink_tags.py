from django import template
from django.urls import reverse
from django.utils import translation

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
