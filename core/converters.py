"""URL converters shared by the site's own routes."""

from django.urls import register_converter


class DatabaseIdConverter:
    """A primary key in a path: at most 18 digits, so that every id it lets through fits
    the databases' 64-bit integers (a longer number is a 404, never an overflow)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(DatabaseIdConverter, "db_id")
