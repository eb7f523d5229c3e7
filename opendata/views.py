"""``/data/<name>.csv`` and ``/data/<name>.json``: every live public story, territory, key
figure and report (``opendata.datasets``), under CC BY 4.0.

The files are built once per content version (see ``core.cache``) and served with an
ETag, so a partner's script that fetches them every hour costs almost nothing.
"""

import csv
import hashlib
import io
import json

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from core.addresses import absolute_url
from core.cache import cached
from core.middleware import shared_with_other_sites

from .datasets import DATASETS
from .export import (
    EXPORT_FIELDS,
    LICENCE_NAME,
    LICENCE_URL,
    csv_value,
    json_value,
)


def dataset_csv(request, dataset):
    # Excel reads a CSV file as UTF-8 only when it starts with a byte order mark; other
    # tools skip the mark (Python: encoding="utf-8-sig").
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([field.name for field in dataset.fields])
    for record in dataset.records(request):
        writer.writerow([csv_value(field.value(record)) for field in dataset.fields])
    return buffer.getvalue().encode("utf-8-sig")


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


def dataset_json(request, dataset):
    document = document_head(request, dataset.fields) | {
        dataset.json_key: [
            json_record(record, dataset.fields) for record in dataset.records(request)
        ]
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


FORMATS = {
    # A spreadsheet is saved to open it; JSON is read in place.
    "csv": ("text/csv; charset=utf-8", "attachment", dataset_csv),
    "json": ("application/json; charset=utf-8", "inline", dataset_json),
}


@require_safe
def dataset_export(request, name, extension):
    dataset = DATASETS[name]
    content_type, disposition, build = FORMATS[extension]
    # Absolute URLs follow the host the file is fetched from.
    host_key = hashlib.sha256(request.get_host().encode()).hexdigest()[:16]
    body = cached(f"opendata:{name}.{extension}:{host_key}", lambda: build(request, dataset))
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="{name}.{extension}"'
    response["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    # Open data: any site may read it from a browser script.
    response["Access-Control-Allow-Origin"] = "*"
    # On a 304 too: a browser would store a same-origin policy it came with.
    return shared_with_other_sites(
        get_conditional_response(request, etag=response["ETag"], response=response)
    )
