"""The open data reference an information page shows where its editors place the block
(home.blocks.OpenDataReferenceBlock), generated from the code that writes the files, so
the documented fields are always those of the files."""

from django import template
from django.urls import reverse

from opendata.datasets import MORE_DATASETS
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
        "datasets": [
            {
                "dataset": dataset,
                "csv_url": reverse(f"{dataset.url_name}_csv"),
                "json_url": reverse(f"{dataset.url_name}_json"),
            }
            for dataset in MORE_DATASETS
        ],
        "explorer_url": reverse("explorer_export_csv"),
        "territory_api_url": reverse("wagtailapi:pages:listing")
        + "?type=stories.TerritoryPage&fields=kind,istat_code,latitude,longitude,part_of",
        "api_urls": {
            endpoint: reverse(f"wagtailapi:{endpoint}:listing")
            for endpoint in ("pages", "documents", "images")
        },
    }


@register.simple_tag
def explorer_export_query(explorer, page):
    """The query string of the exports of ``explorer``'s current result: its filters, and
    the one the page sets by itself (a hashtag page's hashtag), which the exports read from
    the query string like any other (``opendata.explorer_export``)."""
    query = explorer.query.copy()
    fixed = getattr(page, "fixed_filter", None)
    if fixed is not None:
        # A programme's story section stands for its programme.
        value = page.programme if fixed == "programme" else page
        query.setlist(fixed, [value.slug] if value is not None else [])
    return query.urlencode()
