"""What a listing adds to the page's address in each language: its page number and, for
the language switcher, its filters.

- The canonical URL and the hreflang alternates of a listing's page N name that page
  (``?page=N``); page 1 has no parameter. A filtered or sorted view of the explorer is a
  variation of the listing (``noindex``): its canonical stays the listing itself.
- The language switcher keeps everything the reader chose: the explorer's filters, mapped
  to the other language's pages (``StoryExplorer.query_in``), and the page number.
"""

from django.core.paginator import Page as PaginatorPage
from django.http import QueryDict


def listing_page(context):
    """The page of results the view shows (story explorer, reports), or None."""
    explorer = context.get("explorer")
    if explorer is not None:
        return explorer.stories_page
    reports = context.get("reports")
    if isinstance(reports, PaginatorPage):
        return reports
    return None


def _page_query(context):
    query = QueryDict(mutable=True)
    page = listing_page(context)
    if page is not None and page.number > 1:
        query["page"] = str(page.number)
    return query


def _suffix(query):
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else ""


def canonical_suffix(context):
    """``?page=N`` on a listing's page N, else ""."""
    explorer = context.get("explorer")
    if explorer is not None and explorer.noindex:
        return ""
    return _suffix(_page_query(context))


def switcher_suffix(context, language_code):
    """The query string that shows the same listing in ``language_code``."""
    explorer = context.get("explorer")
    if explorer is not None:
        return _suffix(explorer.query_in(language_code))
    return _suffix(_page_query(context))
