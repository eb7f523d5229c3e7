"""The open data reference an information page shows where its editors place the block
(home.blocks.OpenDataReferenceBlock), generated from the code that writes the files, so
the documented fields are always those of the files."""

from django import template
from django.urls import reverse

from opendata.export import EXPORT_FIELDS, LICENCE_NAME, LICENCE_URL, LIST_SEPARATOR

register = template.Library()


@register.inclusion_tag("components/open_data_reference.html")
def open_data_reference():
    return {
        "fields": EXPORT_FIELDS,
        "licence_name": LICENCE_NAME,
        "licence_url": LICENCE_URL,
        "list_separator": LIST_SEPARATOR.strip(),
        "csv_url": reverse("opendata_stories_csv"),
        "json_url": reverse("opendata_stories_json"),
        "api_urls": {
            endpoint: reverse(f"wagtailapi:{endpoint}:listing")
            for endpoint in ("pages", "documents", "images")
        },
    }
