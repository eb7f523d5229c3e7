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

Files are streamed: the stories' translation keys are read in one query, then the records in
chunks of ``CHUNK_SIZE`` with a fixed number of queries each. At most ``MAX_ROWS`` stories
are written; the JSON says when the result was cut.
"""

import csv
import json

from django.http import Http404, StreamingHttpResponse
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from core.middleware import shared_with_other_sites
from core.views import bad_request_page
from stories.explorer import StoryExplorer
from stories.models import StoryIndexPage, StoryPage

from .export import EXPORT_FIELDS, LICENCE_URL, csv_value, records_in_order
from .views import document_head, json_record

MAX_ROWS = 5000
CHUNK_SIZE = 200


class Echo:
    """A file-like object whose ``write`` hands back what it is given, for ``csv.writer``."""

    def write(self, value):
        return value


def explorer_for(request):
    """The story index's explorer in the active language, reading the request's filters."""
    language = translation.get_language()
    index = StoryIndexPage.objects.live().public().filter(locale__language_code=language).first()
    if index is None:
        raise Http404
    stories = index.listed_stories(StoryPage.objects.live())
    return StoryExplorer(request, stories, locale_id=index.locale_id)


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


def csv_rows(request, keys, delimiter, decimal_mark):
    writer = csv.writer(Echo(), delimiter=delimiter, lineterminator="\r\n")
    # Excel reads a CSV file as UTF-8 only when it starts with a byte order mark.
    yield "\ufeff" + writer.writerow([field.name for field in EXPORT_FIELDS])
    for record in records_in_order(request, keys, CHUNK_SIZE):
        yield writer.writerow(
            [csv_value(field.value(record), decimal_mark) for field in EXPORT_FIELDS]
        )


def json_parts(request, explorer, keys, truncated):
    head = document_head(request) | {
        "language": translation.get_language(),
        "filters": {name: values for name, values in explorer.query.lists() if values},
        "count": len(keys),
        "truncated": truncated,
    }
    text = json.dumps(head, ensure_ascii=False, indent=1)
    # The head ends with "\n}": the stories follow as its last member.
    yield text[:-2] + ',\n "stories": [\n'
    separator = ""
    for record in records_in_order(request, keys, CHUNK_SIZE):
        yield separator + json.dumps(json_record(record), ensure_ascii=False)
        separator = ",\n"
    yield "\n ]\n}\n"


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
    if extension == "json":
        parts = json_parts(request, explorer, keys, truncated)
    elif extension == "it.csv":
        parts = csv_rows(request, keys, delimiter=";", decimal_mark=",")
    else:
        parts = csv_rows(request, keys, delimiter=",", decimal_mark=".")
    content_type, disposition, suffix = FORMATS[extension]
    response = StreamingHttpResponse(
        (part.encode("utf-8") for part in parts), content_type=content_type
    )
    name = "stories-it" if extension == "it.csv" else "stories"
    response["Content-Disposition"] = f'{disposition}; filename="{name}.{suffix}"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
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
