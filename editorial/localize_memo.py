"""wagtail-localize's look-ups of the pages a translation links to, made once per import.

Translating a story, wagtail-localize checks that each page it links to (its programme,
territories, hashtags) has an English version (``TranslatableObject.has_translation``) and
reads that version (``RelatedObjectSegmentValue.get_instance``), with a query or two each:
for an import, the same few dozen pages for every row. Inside ``memoised()`` (the import's
transaction, which deletes nothing) a version found is remembered; one not found is looked
up again, as it may be created meanwhile (the import translates untranslated pages). Outside
it, and in other threads, both behave as wagtail-localize's own.

``install()`` (called by ``EditorialConfig.ready``) wraps the two methods once.
"""

import threading
from contextlib import contextmanager

from wagtail_localize.models import TranslatableObject, pk
from wagtail_localize.segments import RelatedObjectSegmentValue

from core.memo import thread_scope

_scope = threading.local()
_MARK = "_import_memo_original"


@contextmanager
def memoised():
    with thread_scope(_scope, "memo"):
        yield


def _memo():
    return getattr(_scope, "memo", None)


def _get_instance(original):
    def get_instance(self, locale):
        memo = _memo()
        if memo is None:
            return original(self, locale)
        key = ("instance", self.content_type.pk, str(self.translation_key), pk(locale))
        if key not in memo:
            memo[key] = original(self, locale)
        return memo[key]

    return get_instance


def _has_translation(original):
    def has_translation(self, locale):
        memo = _memo()
        if memo is None:
            return original(self, locale)
        key = ("translated", self.content_type_id, str(self.translation_key), pk(locale))
        if key in memo:
            return True
        found = original(self, locale)
        if found:
            memo[key] = True
        return found

    return has_translation


def install():
    for cls, name, wrap in (
        (RelatedObjectSegmentValue, "get_instance", _get_instance),
        (TranslatableObject, "has_translation", _has_translation),
    ):
        original = cls.__dict__.get(name)
        if original is None:
            raise RuntimeError(
                f"{cls.__name__}.{name} is not defined there any more: see editorial.localize_memo"
            )
        if getattr(original, _MARK, None) is None:
            wrapped = wrap(original)
            setattr(wrapped, _MARK, original)
            wrapped.__doc__ = original.__doc__
            setattr(cls, name, wrapped)
