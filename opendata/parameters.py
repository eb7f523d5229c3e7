"""The API's query string, checked before Wagtail reads it, the same way on every endpoint.

Wagtail's API passes most values to the database as they came: a NUL byte, a number beyond 64
bits or a search with a hundred words then fails in the database or in the search backend,
and the client gets a 500. Here every parameter is checked once, as text and then as the
kind of value it names, and a value that cannot be right is refused with a 400 and a message
(``BadRequestError``, which Wagtail's endpoints answer in JSON).
"""

import re

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext
from wagtail.api.v2.utils import BadRequestError

from core.request_input import whole_number
from search.query import MAX_QUERY_LENGTH, parse_query

# No address, type list, field list or search of this API is longer.
MAX_VALUE_LENGTH = 1000
# Far beyond any listing here, and well inside what every database takes as an offset.
MAX_OFFSET = 1_000_000
# Each word is one more condition in the search backend's expression, which PostgreSQL's
# backend compiles recursively: 300 words exhaust Python's recursion limit on their own,
# about 150 under a request's deeper stack. 32 is more than any real search.
MAX_SEARCH_WORDS = 32

# A field filter's integer, sign allowed (ids and offsets go through core.request_input).
WHOLE_NUMBER = re.compile(r"-?[0-9]+")

# Parameters that name an object of the endpoint by its id; some also take ``root``.
ID_PARAMETERS = {
    "id": False,
    "child_of": True,
    "ancestor_of": False,
    "descendant_of": True,
    "translation_of": True,
}


def refuse(message, **values):
    raise BadRequestError(message % values)


def check_text(name, value):
    # PostgreSQL refuses a NUL anywhere in a query.
    if "\x00" in name or "\x00" in value:
        refuse(
            gettext("%(name)s: null characters are not allowed"),
            name=name.replace("\x00", "")[:50],
        )
    if len(name) > MAX_VALUE_LENGTH or len(value) > MAX_VALUE_LENGTH:
        refuse(
            gettext("%(name)s: at most %(length)d characters"),
            name=name[:50],
            length=MAX_VALUE_LENGTH,
        )


def natural_number(name, value, highest):
    number = whole_number(value, maximum=highest)
    if number is None:
        refuse(
            gettext("%(name)s must be a whole number from 0 to %(highest)d"),
            name=name,
            highest=highest,
        )
    return number


def column_field(field):
    """The field whose column holds the value: a foreign key's (or a page type's link to its
    parent page) is the target's primary key."""
    while isinstance(field, models.ForeignKey):
        field = field.target_field
    return field


def highest_id(model):
    """The largest id the model's table can hold (its primary key's column type)."""
    validators = column_field(model._meta.pk).validators
    return min(
        (validator.limit_value for validator in validators if validator.code == "max_value"),
        default=2**63 - 1,
    )


def check_search(value):
    if len(value) > MAX_QUERY_LENGTH:
        refuse(gettext("search: at most %(length)d characters"), length=MAX_QUERY_LENGTH)
    query = parse_query(value)
    if len(query.words) + len(query.excluded_words) > MAX_SEARCH_WORDS:
        refuse(gettext("search: at most %(count)d words"), count=MAX_SEARCH_WORDS)


def check_query(query, model):
    """Check the parameters that mean the same on every endpoint of ``model``'s objects."""
    for name, values in query.lists():
        if len(values) > 1:
            refuse(gettext("%(name)s is given more than once"), name=name[:50])
        check_text(name, values[0])
    if "offset" in query:
        natural_number("offset", query["offset"], MAX_OFFSET)
    if "limit" in query:
        # Wagtail's own bound (no bound when set to None).
        limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20) or MAX_OFFSET
        natural_number("limit", query["limit"], limit_max)
    for name, takes_root in ID_PARAMETERS.items():
        if name in query and not (takes_root and query[name] == "root"):
            natural_number(name, query[name], highest_id(model))
    if ":" in query.get("site", ""):
        # ``host:port``, whose port Wagtail reads with ``int()``.
        natural_number("site port", query["site"].split(":", 1)[1], 65535)
    if "search" in query:
        check_search(query["search"])
    if query.get("search_operator", "or").lower() not in ("and", "or"):
        refuse(gettext("search_operator must be 'and' or 'or'"))


def check_field_filters(query, model, names):
    """Check the values given for the model's fields (``?funding_eur=…``) as those fields
    read them, so that the database only ever sees values it can store."""
    for name in names:
        # ``locale`` is a language code, which Wagtail looks up itself (404 if unknown).
        if name not in query or name == "locale":
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        field = column_field(field)
        if field.is_relation or not field.concrete or isinstance(field, models.BooleanField):
            # Wagtail reads true/false itself; tags are matched by name.
            continue
        value = query[name]
        if isinstance(field, models.IntegerField) and not WHOLE_NUMBER.fullmatch(value):
            refuse(gettext("%(name)s must be a whole number"), name=name)
        try:
            field.run_validators(field.to_python(value))
        except ValidationError as error:
            refuse("%(name)s: %(errors)s", name=name, errors="; ".join(error.messages))
        except (TypeError, ValueError):
            # A StreamField reads '12' as JSON, a number, which it cannot take.
            refuse(gettext("%(name)s: not a value of this field"), name=name)
