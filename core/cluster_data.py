"""A page read back from a revision with its foreign keys checked in one query per model.

modelcluster's ``from_serializable_data`` (which Wagtail calls for every revision it reads:
publishing, the editor, wagtail-localize's sync) checks that each object a foreign key
names still exists with a query of its own, through the related model's default manager:
a story's revision names some sixteen (programme, organisations, images, territories,
hashtags…), each read whole with its page type's joins. A publish read one revision, a
translation sync five, an imported row three. Here the keys are gathered first, checked
with one ``filter(pk__in=…)`` per model, and the dangling ones are dealt with as
modelcluster does (``on_delete``: CASCADE drops a child, or nulls the key, or answers
None for a strict top object; SET_NULL nulls it; DO_NOTHING keeps it) before modelcluster
builds the object without checking again.

A bulk write that deletes nothing (the import) reads back the same programmes, territories,
hashtags and organisations in each of its pages' revisions: inside ``rows_known_to_exist()``
a row found once is not looked up again.
"""

import threading
from collections import defaultdict
from contextlib import contextmanager

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import ForeignObjectRel
from modelcluster.models import get_all_child_relations

from .memo import thread_scope

HANDLED = (models.CASCADE, models.SET_NULL, models.DO_NOTHING)
_known = threading.local()


@contextmanager
def rows_known_to_exist():
    """In the block, the keys found to name an existing row are remembered: for a block
    that deletes nothing (what it reads may be rolled back with it, never deleted)."""
    with thread_scope(_known, "rows"):
        yield


class Unhandled(Exception):
    """A dangling key whose ``on_delete`` modelcluster refuses (it raises)."""


def _foreign_keys(model, data):
    """(field, clean value) for each foreign key set in ``data``."""
    for name, value in data.items():
        if value is None:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(field, ForeignObjectRel) or not field.remote_field:
            continue
        if not isinstance(field.remote_field, models.ManyToOneRel):
            continue
        target = field.remote_field.model._meta.get_field(field.remote_field.field_name)
        yield field, target.to_python(value)


def _children(model, data):
    """(name, child model, its list of data) for each child relation held in ``data``."""
    for relation in get_all_child_relations(model):
        name = relation.get_accessor_name()
        if name in data:
            yield name, relation.related_model, data[name]


def _gather(model, data, wanted):
    for field, value in _foreign_keys(model, data):
        wanted[(field.remote_field.model, field.remote_field.field_name)].add(value)
    for _name, child_model, child_list in _children(model, data):
        for child_data in child_list:
            _gather(child_model, child_data, wanted)


def _existing(wanted):
    known = getattr(_known, "rows", None)
    found = {}
    for (model, field_name), values in wanted.items():
        seen = set() if known is None else known.setdefault((model, field_name), set())
        present = values & seen
        if values - present:
            rows = model._default_manager.filter(**{f"{field_name}__in": values - present})
            read = set(rows.values_list(field_name, flat=True))
            present |= read
            seen |= read
        found[(model, field_name)] = present
    return found


def _cleaned(model, data, found, strict):
    """``data`` with its dangling keys dealt with, or None when the object goes."""
    cleaned = dict(data)
    for field, value in _foreign_keys(model, data):
        key = (field.remote_field.model, field.remote_field.field_name)
        if value in found[key]:
            continue
        on_delete = field.remote_field.on_delete
        if on_delete not in HANDLED:
            raise Unhandled
        if on_delete == models.CASCADE and strict:
            return None
        if on_delete in (models.CASCADE, models.SET_NULL):
            cleaned[field.name if field.name in data else field.attname] = None
    for name, child_model, child_list in _children(model, data):
        children = (_cleaned(child_model, child, found, strict=True) for child in child_list)
        cleaned[name] = [child for child in children if child is not None]
    return cleaned


def checked_in_bulk(model, data, strict_fks=False):
    """``(data, check_fks)`` to pass on to modelcluster's ``from_serializable_data``:
    ``data`` (a revision's content for ``model``) with its dangling keys dealt with, or
    None when the object itself must go, and False; or, for an ``on_delete`` modelcluster
    refuses, ``data`` as it is and True (modelcluster checks it, and raises)."""
    wanted = defaultdict(set)
    _gather(model, data, wanted)
    try:
        return _cleaned(model, data, _existing(wanted), strict_fks), False
    except Unhandled:
        return data, True
