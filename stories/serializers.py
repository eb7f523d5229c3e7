"""API representations of the site's own relations, used by the page models' ``api_fields``.

Linked pages are only shown when a reader could open them (live, under no view
restriction), so the API never names a draft or a private page, not even in passing.
This module imports no models: ``stories.models`` imports it.
"""

from rest_framework.fields import Field
from wagtail.models import PageViewRestriction


def _restricted_paths(context):
    """Tree paths of the pages under a view restriction, looked up once per request."""
    if "restricted_paths" not in context:
        context["restricted_paths"] = tuple(
            PageViewRestriction.objects.values_list("page__path", flat=True)
        )
    return context["restricted_paths"]


def is_visible(page, context):
    return page.live and not page.path.startswith(_restricted_paths(context))


def page_summary(page, fields=()):
    return {"id": page.id, "title": page.title} | {name: getattr(page, name) for name in fields}


class LinkedPageField(Field):
    """A foreign key to a page, as ``{"id", "title"}``; null when the page is not visible."""

    def to_representation(self, page):
        return page_summary(page) if is_visible(page, self.context) else None


class LinkedPagesField(Field):
    """The pages an inline panel links to (a story's territories, hashtags), in order."""

    def __init__(self, page_attribute, page_fields=(), **kwargs):
        self.page_attribute = page_attribute
        self.page_fields = page_fields
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, links):
        pages = [getattr(link, self.page_attribute) for link in links.all()]
        return [
            page_summary(page, self.page_fields) for page in pages if is_visible(page, self.context)
        ]


class OrganisationField(Field):
    def to_representation(self, organisation):
        return {"name": organisation.name, "kind": organisation.kind}


class InlineRowsField(Field):
    """Rows of an inline panel as plain objects: a report's authors, a story's partners."""

    def __init__(self, row_fields, **kwargs):
        # {key in the API: attribute of the row, dotted to follow a foreign key}
        self.row_fields = row_fields
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, rows):
        return [
            {key: self._value(row, path) for key, path in self.row_fields.items()}
            for row in rows.all()
        ]

    @staticmethod
    def _value(row, dotted_name):
        value = row
        for part in dotted_name.split("."):
            value = getattr(value, part)
        return value
