"""The current result of the story explorer as a file: ``/it/esporta/storie.csv?hashtag=…``.

The query string is the explorer's own, read by ``stories.explorer.StoryExplorer`` exactly as
the story index reads it (slugs in the language of the address, ``year``, ``sort``). Where
the explorer drops an unusable value and says so above the results, a file would silently
hold more stories than asked for: the export answers 400 and names the values instead. A NUL
is refused before any of this, as on every page (``core.middleware``).

Three files, with the columns of ``/data/stories.csv`` (``opendata.export.EXPORT_FIELDS``):

- ``.csv``: comma-separated, decimal point, UTF-8 with a byte order mark, as the open data;
- ``-it.csv``: for spreadsheets set to Italian (Excel, LibreOffice), which read a file
  opened with a double click with ";" between columns and "," before decimals; UTF-8 with a
  byte order mark. A CSV rather than an XLSX: it streams row by row from the first story,
  needs no library, and stays a plain text file that any script reads too;
- ``.json``: the open data's document (licence, source, fields) with the chosen filters.

Files are streamed with the writers of ``/data/`` (``opendata.views``): the stories'
translation keys are read in one query, then the records in chunks of
``opendata.export.CHUNK_SIZE`` with a fixed number of queries each. At most ``MAX_ROWS`` stories
are written; the JSON says when the result was cut.
"""

from django.http import Http404, StreamingHttpResponse
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from core.middleware import shared_with_other_sites
from core.views import bad_request_page
from stories.explorer import StoryExplorer
from stories.models import StoryIndexPage, StoryPage

from .export import CHUNK_SIZE, EXPORT_FIELDS, records_in_order
from .views import csv_parts, document_head, in_pieces, json_parts, open_data_headers

MAX_ROWS = 5000


def explorer_for(request):
    """The story index's explorer in the active language, reading the request's filters."""
    language = translation.get_language()
    index = StoryIndexPage.objects.live().public().filter(locale__language_code=language).first()
    if index is None:
        raise Http404
    stories = index.listed_stories(StoryPage.objects.live())
    return StoryExplorer(request, stories, locale_id=index.locale_id, listing=index.listing_name)


SHOWN_REFUSED = 10


def refused_filters_message(ignored):
    values = "; ".join(
        gettext("%(label)s “%(value)s”: %(reason)s")
        % {"label": item.label, "value": item.value, "reason": item.reason}
        for item in ignored[:SHOWN_REFUSED]
    )
    if len(ignored) > SHOWN_REFUSED:
        values += " …"
    return gettext(
        "These filters cannot be used, so no file was made: %(values)s. Remove them and try again."
    ) % {"values": values}


def json_head(request, explorer, keys, truncated):
    return document_head(request) | {
        "language": translation.get_language(),
        "filters": {name: values for name, values in explorer.query.lists() if values},
        "count": len(keys),
        "truncated": truncated,
    }


FORMATS = {
    "csv": ("text/csv; charset=utf-8", "attachment", "csv"),
    "it.csv": ("text/csv; charset=utf-8", "attachment", "csv"),
    "json": ("application/json; charset=utf-8", "inline", "json"),
}


@require_safe
def explorer_export(request, extension):
    explorer = explorer_for(request)
    if explorer.ignored:
        return bad_request_page(request, refused_filters_message(explorer.ignored))
    keys = list(explorer.results().values_list("translation_key", flat=True)[: MAX_ROWS + 1])
    truncated = len(keys) > MAX_ROWS
    keys = keys[:MAX_ROWS]
    records = records_in_order(request, keys, CHUNK_SIZE)
    if extension == "json":
        head = json_head(request, explorer, keys, truncated)
        parts = json_parts(head, "stories", records, EXPORT_FIELDS)
    elif extension == "it.csv":
        parts = csv_parts(records, EXPORT_FIELDS, delimiter=";", decimal_mark=",")
    else:
        parts = csv_parts(records, EXPORT_FIELDS)
    content_type, disposition, suffix = FORMATS[extension]
    response = StreamingHttpResponse(in_pieces(parts), content_type=content_type)
    name = "stories-it" if extension == "it.csv" else "stories"
    open_data_headers(response, f"{name}.{suffix}", disposition)
    # A filtered view, like the explorer's: not a page for search engines.
    response["X-Robots-Tag"] = "noindex"
    return shared_with_other_sites(response)


# Included under _("export/") inside i18n_patterns by site_cms/urls.py: the slugs of the
# filters are those of the address's language (/it/esporta/stories.csv, /en/export/...).
urlpatterns = [
    path("stories.csv", explorer_export, {"extension": "csv"}, name="explorer_export_csv"),
    path("stories-it.csv", explorer_export, {"extension": "it.csv"}, name="explorer_export_it_csv"),
    path("stories.json", explorer_export, {"extension": "json"}, name="explorer_export_json"),
]
