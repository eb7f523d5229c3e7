"""``/data/<name>.csv`` and ``/data/<name>.json``: every live public story, territory, key
figure and report (``opendata.datasets``), under CC BY 4.0.

Each file is written once per content version and served as a file (``opendata.files``):
the rows are written as their records are read (the stories a chunk at a time,
``opendata.export.CHUNK_SIZE``), so a worker's memory stays the same whatever the site
holds. The ETag is that of the content version (``core.cache``), not of the body, so a
partner's script that fetches a file every hour gets a 304 without any file being opened.
The CSV and JSON writers here serve the explorer's exports too
(``opendata.explorer_export``). A repeated plain download of a file of the current
version is answered before this view, with what it answered (``opendata.middleware``).
"""

import csv
import hashlib
import json
import re

from django.conf import settings
from django.http import (
    FileResponse,
    HttpResponse,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_etags
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.addresses import absolute_url
from core.cache import cache_answers, content_version
from core.middleware import shared_with_other_sites

from .datasets import DATASETS
from .export import (
    EXPORT_FIELDS,
    LICENCE_NAME,
    LICENCE_URL,
    csv_value,
    json_value,
)
from .files import BEING_WRITTEN, data_file, file_blocks, one_snapshot, version_name


class Echo:
    """A file-like object whose ``write`` hands back what it is given, for ``csv.writer``."""

    def write(self, value):
        return value


# Rows are sent in pieces of about this many characters rather than one by one.
PIECE_SIZE = 64 * 1024


def in_pieces(parts):
    """``parts`` (text) joined into pieces of about ``PIECE_SIZE``, encoded as UTF-8; the
    first part (the file's head) at once, before any record is read."""
    parts = iter(parts)
    for part in parts:
        yield part.encode("utf-8")
        break
    pending, size = [], 0
    for part in parts:
        pending.append(part)
        size += len(part)
        if size >= PIECE_SIZE:
            yield "".join(pending).encode("utf-8")
            pending, size = [], 0
    if pending:
        yield "".join(pending).encode("utf-8")


def csv_parts(records, fields, delimiter=",", decimal_mark="."):
    """A CSV file of ``records``, a row at a time: comma-separated with a decimal point, or
    as spreadsheets set to Italian read it (";" and ",")."""
    writer = csv.writer(Echo(), delimiter=delimiter, lineterminator="\r\n")
    # Excel reads a CSV file as UTF-8 only when it starts with a byte order mark; other
    # tools skip the mark (Python: encoding="utf-8-sig").
    yield "\ufeff" + writer.writerow([field.name for field in fields])
    for record in records:
        yield writer.writerow([csv_value(field.value(record), decimal_mark) for field in fields])


def json_parts(head, key, records, fields):
    """A JSON document: ``head``, then ``records`` under ``key``, one per line."""
    text = json.dumps(head, ensure_ascii=False, indent=1)
    # The head ends with "\n}": the records follow as its last member.
    yield text[:-2] + f',\n "{key}": [\n'
    separator = ""
    for record in records:
        yield separator + json.dumps(json_record(record, fields), ensure_ascii=False)
        separator = ",\n"
    yield "\n ]\n}\n"


def in_each_language(text):
    """A translatable text in every language of the site: the file is the same for all."""
    translations = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translations[language] = str(text)
    return translations


def field_descriptions(fields=None):
    return [
        {
            "name": field.name,
            "description": in_each_language(field.description),
            "standard": "360Giving" if field.standard else None,
        }
        for field in fields or EXPORT_FIELDS
    ]


def document_head(request, fields=None):
    """What every JSON file says before its items: licence, source, date and fields."""
    return {
        "licence": LICENCE_NAME,
        "licence_url": LICENCE_URL,
        "source": {
            "name": in_each_language(settings.WAGTAIL_SITE_NAME),
            "url": absolute_url(request, "/"),
        },
        "generated": timezone.now().isoformat(timespec="seconds"),
        "fields": field_descriptions(fields),
    }


def json_record(record, fields=EXPORT_FIELDS):
    return {field.name: json_value(field.value(record)) for field in fields}


def dataset_parts(request, dataset, extension):
    # A generator: nothing is read before the response is sent (none of it for a 304).
    records = dataset.records(request)
    if extension == "csv":
        yield from csv_parts(records, dataset.fields)
    else:
        head = document_head(request, dataset.fields)
        yield from json_parts(head, dataset.json_key, records, dataset.fields)


FORMATS = {
    # A spreadsheet is saved to open it; JSON is read in place.
    "csv": ("text/csv; charset=utf-8", "attachment"),
    "json": ("application/json; charset=utf-8", "inline"),
}


def content_etag(request, name, version=None):
    """The ETag of a file made from the content as it is: the same until anything public
    changes (``core.cache``), and for the host it names in its addresses. None when the
    cache does not answer: the version is then of this request only. ``version``: that of
    a file made earlier (``opendata.files.version_name``)."""
    if version is None:
        current = content_version()
        if not cache_answers(current):
            return None
        version = version_name(current)
    key = f"{version}:{name}:{request.get_host()}"
    return f'"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'


def open_data_headers(response, filename, disposition):
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    # Open data: any site may read it from a browser script.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def write_dataset(request, dataset, extension, file):
    """Writes the whole file, read in one snapshot of the database."""
    with one_snapshot():
        for piece in in_pieces(dataset_parts(request, dataset, extension)):
            file.write(piece)


def gzip_etag(etag):
    return etag[:-1] + '-gzip"'


def asked_range(request, etag, last_modified, size):
    """``(start, length)`` of the one byte range asked for; None for the whole file (no
    Range, several ranges, a syntax this does not read, or an ``If-Range`` of an earlier
    file); "unsatisfiable" for a range beyond the end."""
    header = request.META.get("HTTP_RANGE", "")
    match = RANGE.fullmatch(header.strip()) if len(header) <= 100 else None
    if match is None:
        return None
    if_range = request.META.get("HTTP_IF_RANGE", "").strip()
    if if_range and if_range not in (etag, last_modified):
        return None
    first, last = match.groups()
    if first:
        start = int(first)
        end = min(int(last), size - 1) if last else size - 1
        if last and int(last) < start:
            return None  # invalid: the header is ignored
    elif last:
        start, end = max(size - int(last), 0), size - 1
        if int(last) == 0:
            return "unsatisfiable"
    else:
        return None
    if start >= size:
        return "unsatisfiable"
    return start, end - start + 1


# One range of bytes: "bytes=0-99", "bytes=100-", "bytes=-100" (the last hundred).
RANGE = re.compile(r"bytes=(\d{0,18})-(\d{0,18})")
ACCEPTS_GZIP = re.compile(r"\bgzip\b(?!\s*;\s*q=0(?:\.0*)?\b)")


def file_response(request, served, filename, content_type, etag):
    """The answer with the file ``served`` (an ``opendata.files.DataFile``): the gzip copy
    to a client that takes it, one byte range of the plain file, or the plain file."""
    plain_size = served.path.stat().st_size
    modified = served.path.stat().st_mtime
    last_modified = http_date(modified)
    ranged = asked_range(request, etag, last_modified, plain_size)
    if ranged is None and ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        path, etag = served.compressed, gzip_etag(etag)
    else:
        path = served.path
    if ranged == "unsatisfiable":
        response = HttpResponse(status=416, content_type=content_type)
        response["Content-Range"] = f"bytes */{plain_size}"
    elif request.method == "HEAD":
        response = HttpResponse(content_type=content_type)
        response["Content-Length"] = str(path.stat().st_size)
    elif ranged is not None:
        start, length = ranged
        response = StreamingHttpResponse(
            file_blocks(path, start, length), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{start + length - 1}/{plain_size}"
        response["Content-Length"] = str(length)
    else:
        # Content-Length from the file; the server may hand it to the kernel (sendfile).
        response = FileResponse(open(path, "rb"), content_type=content_type)  # noqa: SIM115
        response.served_file = path
    if path is served.compressed:
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ["Accept-Encoding"])
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Last-Modified"] = last_modified
    return get_conditional_response(
        request, etag=etag, last_modified=int(modified), response=response
    )


# When a client that found a file being written should ask again.
RETRY_AFTER_SECONDS = 30


@require_safe
def dataset_export(request, name, extension):
    dataset = DATASETS[name]
    content_type, disposition = FORMATS[extension]
    filename = f"{name}.{extension}"
    version = content_version()
    served = None
    if cache_answers(version):
        etag = content_etag(request, filename)
        # The reader's copy is current: a 304 without opening any file.
        if_none_match = parse_etags(request.META.get("HTTP_IF_NONE_MATCH", ""))
        for current in (etag, gzip_etag(etag)):
            if current in if_none_match:
                response = HttpResponseNotModified()
                response["ETag"] = current
                open_data_headers(response, filename, disposition)
                return shared_with_other_sites(response)
        served = data_file(
            request,
            filename,
            version,
            lambda file: write_dataset(request, dataset, extension, file),
        )
    if served is BEING_WRITTEN:
        # The machine's first reader of a large file: back in a moment (a thread writes it).
        response = HttpResponse(
            _(
                "This file is being prepared with the latest content. "
                "Please try again in %(seconds)s seconds."
            )
            % {"seconds": RETRY_AFTER_SECONDS},
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return shared_with_other_sites(response)
    if served is not None:
        etag = content_etag(request, filename, served.version)
        response = file_response(request, served, filename, content_type, etag)
        if served.version == version_name(version) and response.status_code == 200:
            # The whole file of this version: opendata.middleware may serve it again.
            response.current_data_file = getattr(response, "served_file", None)
        open_data_headers(response, filename, disposition)
        return shared_with_other_sites(response)
    # The cache does not answer, or this machine keeps no files: made while it is sent.
    parts = () if request.method == "HEAD" else dataset_parts(request, dataset, extension)
    response = StreamingHttpResponse(in_pieces(parts), content_type=content_type)
    open_data_headers(response, filename, disposition)
    return shared_with_other_sites(response)
