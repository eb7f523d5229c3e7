from urllib.parse import urlencode

from django.conf import settings
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from core.request_input import whole_number
from stories.queries import paginate

from .engine import reading_the_index, search_pages, with_excerpts
from .query import MAX_QUERY_LENGTH, parse_query
from .reports import search_report_files

RESULTS_PER_PAGE = 10


def search_url(language_code, text=""):
    with translation.override(language_code):
        url = reverse("search")
    return f"{url}?{urlencode({'q': text})}" if text else url


@require_safe
def search(request):
    """Results for ``q`` among the live pages of the reader's language.

    Reads only: no session, no cookie, no query statistics, so an anonymous search leaves
    nothing behind in the database.
    """
    query = parse_query(request.GET.get("q", ""))
    language_code = translation.get_language()
    results, suggestions, page_was_moved, report_hits = None, [], False, None
    more_results, max_counted = False, None
    if query.can_search:
        found = search_pages(query, language_code)
        # The results are read from the index one page at a time, the page asked for in
        # the same statement as their count; at most MAX_COUNTED of them are counted and
        # paged through (the page says when there are more).
        number = whole_number(request.GET.get("page"), minimum=1) or 1
        found.pages.expect((number - 1) * RESULTS_PER_PAGE, number * RESULTS_PER_PAGE)
        with reading_the_index():
            results = paginate(request, found.pages, per_page=RESULTS_PER_PAGE)
            page_ids = list(results.object_list)
        more_results, max_counted = found.pages.more, found.pages.limit
        # A page number that is no page of these results shows the nearest one: say so.
        asked_page = request.GET.get("page", "")
        page_was_moved = bool(len(found)) and asked_page not in ("", str(results.number))
        results.object_list = with_excerpts(page_ids, found)
        # The pages of the reports' PDFs, under the first page of results.
        if results.number == 1:
            report_hits = search_report_files(query, language_code)
        # Did you mean...? Each suggestion has been run and finds something.
        suggestions = [
            {"text": text, "url": search_url(language_code, text)} for text in found.suggestions()
        ]
    context = {
        "search_query": query,
        "results": results,
        "more_results": more_results,
        "max_counted": max_counted,
        "suggestions": suggestions,
        "page_was_moved": page_was_moved,
        "report_hits": report_hits,
        "max_query_length": MAX_QUERY_LENGTH,
        # The language switcher offers the same search in the other language.
        "alternate_urls": {code: search_url(code, query.text) for code, _ in settings.LANGUAGES},
    }
    response = TemplateResponse(request, "search/search_results.html", context)
    if request.GET.get("q", "").strip():
        # Results are for this reader only: a shared cache keyed by every query anyone
        # types would fill with pages nobody asks for again. The empty form stays public.
        patch_cache_control(response, private=True, no_cache=True)
    return response
