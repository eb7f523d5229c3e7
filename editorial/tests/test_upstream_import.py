"""What the import repeats or wraps of wagtail-localize (docs/upstream.md): a new page's
translation source written in bulk (``editorial.importing.NewSources``) and the look-ups of
linked pages' translations made once per import (``editorial.localize_memo``)."""

import json

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale
from wagtail_localize import models as localize
from wagtail_localize.segments import RelatedObjectSegmentValue

from editorial.importing import NewSources
from editorial.localize_memo import memoised
from stories.models import StoryPage
from tests.upstream import assert_unchanged

pytestmark = pytest.mark.django_db

# wagtail-localize 1.14.5.
NEW_SOURCES = "editorial.importing.NewSources"
MEMO = "editorial.localize_memo"
UPSTREAM = [
    (
        localize.TranslationSource.update_or_create_from_instance,
        "61ff7880cd5368b0af66d84afe00e6cf38df069e90852c3613094a3a4ed1f1bc",
        NEW_SOURCES,
    ),
    (
        localize.TranslationSource.refresh_segments,
        "bb6118269350356fee89c5ae3d9d7b74745c7f11f67e0fd11b375e59b7835cd1",
        NEW_SOURCES,
    ),
    (
        localize.String.from_value,
        "16c769995d089f0f41b7dad32966b0369b07ef81c5f3f57471150e0d74b90e8d",
        NEW_SOURCES,
    ),
    (
        localize.StringSegment.from_value,
        "f5ebe6e1da1c93a7a87186969316557a059cf86015388d175d8999dece0b6908",
        NEW_SOURCES,
    ),
    (
        localize.RelatedObjectSegment.from_value,
        "2179baf9161ff0ffc1ba003f8af9a0044e7648ff1258f3760b720354de97c4ff",
        NEW_SOURCES,
    ),
    (
        localize.OverridableSegment.from_value,
        "0b9849be2965d56d17d9ad52fb96b87e5ca7dedeee234fd8f3fd1893be955452",
        NEW_SOURCES,
    ),
    (
        localize.TranslationContext.get_field_path,
        "7ab8d3429777bd9c02e97a4247994c8dec8a63f321b0b338a287f582620a181e",
        NEW_SOURCES,
    ),
    (
        getattr(RelatedObjectSegmentValue.get_instance, "_import_memo_original", None),
        "d332767fa0f91124715177bd7f7aef8eb4e07e9a2ed878654c418a91c3b5dae7",
        MEMO,
    ),
    (
        getattr(localize.TranslatableObject.has_translation, "_import_memo_original", None),
        "60072498d235548df37d28d3a08feeafc19145d887c2ff3ee768bf31e66b6d3e",
        MEMO,
    ),
]


@pytest.mark.parametrize(("upstream", "expected", "ours"), UPSTREAM)
def test_wagtail_localize_is_unchanged(upstream, expected, ours):
    assert upstream is not None, f"{ours} is not installed"
    assert_unchanged(upstream, expected, ours)


def source_records(story):
    """What a source of ``story`` holds, without its ids."""
    source = localize.TranslationSource.objects.get(object_id=story.translation_key)
    records = [
        ("source", source.object_repr, source.schema_version, source.specific_content_type_id)
    ]
    records.append(("content", json.loads(source.content_json)))
    for segment in source.stringsegment_set.select_related("context", "string"):
        context, string = segment.context, segment.string
        records.append(
            ("string", context.path, context.field_path, segment.order, string.data, segment.attrs)
        )
    for segment in source.relatedobjectsegment_set.select_related("context"):
        context = segment.context
        records.append(
            ("related", context.path, context.field_path, segment.order, segment.object_id)
        )
    for segment in source.overridablesegment_set.select_related("context"):
        context = segment.context
        records.append(
            ("overridable", context.path, context.field_path, segment.order, segment.data_json)
        )
    return sorted(records, key=repr)


class Undo(Exception):
    pass


def written_by(write, story):
    """The records ``write`` makes for ``story`` from scratch, rolled back after."""
    try:
        with transaction.atomic():
            localize.TranslationSource.objects.filter(object_id=story.translation_key).delete()
            localize.TranslationContext.objects.filter(object_id=story.translation_key).delete()
            write(story)
            records = source_records(story)
            raise Undo
    except Undo:
        pass
    return records


def test_a_new_source_holds_what_wagtail_localize_writes():
    story = (
        StoryPage.objects.filter(locale__language_code="it", territory_links__isnull=False)
        .exclude(hashtag_links=None)
        .first()
    )
    ours = written_by(NewSources().create, story)
    theirs = written_by(localize.TranslationSource.update_or_create_from_instance, story)
    assert [kind for kind, *_rest in ours].count("related") >= 2
    assert ours == theirs


def test_linked_pages_translations_are_looked_up_once_in_the_import_only():
    story = StoryPage.objects.filter(locale__language_code="it").exclude(programme=None).first()
    english = Locale.objects.get(language_code="en")
    segment = RelatedObjectSegmentValue.from_instance("programme", story.programme)
    translatable = localize.TranslatableObject.objects.get(
        translation_key=story.programme.translation_key
    )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            for _round in range(2):
                assert segment.get_instance(english).locale_id == english.pk
                assert translatable.has_translation(english)
        return len(captured)

    queries()  # the objects' content types, read once each
    outside = queries()
    with memoised():
        inside = queries()
    assert inside < outside
    assert queries() == outside
