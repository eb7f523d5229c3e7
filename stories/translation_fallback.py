"""Which parts of a translated page are still in the source language.

A translation goes live only when every segment is translated, unless an editor publishes
it anyway (editorial.fallback_publish): wagtail-localize then fills each untranslated
segment with the Italian text. That publish is logged as ``stories.published_with_fallback``
on the page, with the revision it made live and the paths of the untranslated segments
(``summary``, ``body.<block id>``, ``action_lines.<block id>.title``...). While that revision
is live, the page marks those parts with ``lang="it"`` and tells readers so
(templates/components/translation_note.html, stories/templatetags/translation_fallback_tags.py).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info
from wagtail.models import PageLogEntry

from core.cache import cached
from core.memo import memoize

FALLBACK_ACTION = "stories.published_with_fallback"
# Segments readers never see as text on the page.
NOT_SHOWN = {"slug"}


def untranslated_paths(translation):
    """The paths of the segments of ``translation`` (a wagtail-localize Translation) that
    have no usable translation yet, in the source's order, each once."""
    paths = (
        translation.source.stringsegment_set.annotate_translation(translation.target_locale)
        .filter(translation__isnull=True)
        .order_by("order")
        .values_list("context__path", flat=True)
    )
    return list(dict.fromkeys(paths))


def segment_counts(translation):
    """(translated, total) string segments of ``translation``, as wagtail-localize counts."""
    segments = translation.source.stringsegment_set.annotate_translation(translation.target_locale)
    total = segments.count()
    return total - segments.filter(translation__isnull=True).count(), total


def is_complete(translation):
    return not untranslated_paths(translation)


def log_fallback_publish(page, revision, user, translation, paths):
    """Record that ``revision`` of ``page`` went live with ``paths`` in the source language."""
    return PageLogEntry.objects.log_action(
        instance=page,
        action=FALLBACK_ACTION,
        user=user,
        revision=revision,
        data={
            "untranslated": list(paths),
            "source_language": translation.source.locale.language_code,
        },
    )


@dataclass(frozen=True)
class UntranslatedParts:
    """The parts of a live page shown in ``language`` (the source's) rather than its own."""

    paths: tuple = ()  # in the order of the source's segments
    language: str = ""
    model: type | None = None

    def __bool__(self):
        return bool(self.shown_paths)

    @property
    def shown_paths(self):
        return [path for path in self.paths if path.split(".", 1)[0] not in NOT_SHOWN]

    def covers(self, *parts):
        """Whether the part named by ``parts`` (a field name, then a block id, then a
        sub-field) is untranslated, or holds something that is."""
        prefix = ".".join(str(part) for part in parts)
        return any(path == prefix or path.startswith(prefix + ".") for path in self.paths)

    @property
    def language_name(self):
        return get_language_info(self.language)["name_translated"] if self.language else ""

    @property
    def labels(self):
        """The names of the fields holding untranslated text, in the source's order."""
        names = dict.fromkeys(path.split(".", 1)[0] for path in self.shown_paths)
        labels = []
        for name in names:
            try:
                model_field = self.model._meta.get_field(name)
            except (FieldDoesNotExist, AttributeError):
                continue
            if model_field.is_relation and model_field.auto_created:
                label = model_field.related_model._meta.verbose_name_plural
            else:
                label = model_field.verbose_name
            labels.append(str(capfirst(label)))
        return labels


NONE = UntranslatedParts()


def _fallback_of_revision(revision_id):
    entry = (
        PageLogEntry.objects.filter(action=FALLBACK_ACTION, revision_id=revision_id)
        .order_by("-timestamp")
        .values("data")
        .first()
    )
    return entry["data"] if entry else None


def untranslated_parts(page):
    """What of the live ``page`` is in the source language; empty (false) when it was
    published fully translated. One query per published revision, then cached."""
    revision_id = getattr(page, "live_revision_id", None)
    # Pages in the source language are never translations: no lookup for them.
    if revision_id is None or get_language() == settings.LANGUAGE_CODE:
        return NONE
    key = f"translation-fallback:{revision_id}"
    data = memoize(key, lambda: cached(key, lambda: _fallback_of_revision(revision_id) or {}))
    if not data:
        return NONE
    return UntranslatedParts(
        paths=tuple(data.get("untranslated", ())),
        language=data.get("source_language", ""),
        model=type(page),
    )
