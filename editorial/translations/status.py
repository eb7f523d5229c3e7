"""How far the English version of each Italian story, report and programme has got.

The Italian pages are the source; wagtail-localize keeps, for each of them, a
``TranslationSource`` (the Italian content as it was when last synced, dated
``last_updated_at``) and a ``Translation`` into English whose segments translators fill in.
Everything here is read in a fixed number of queries, however many pages there are.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    TextChoices,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, PageLogEntry
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from stories.models import ProgrammePage, ReportPage, StoryPage
from stories.translation_fallback import FALLBACK_ACTION

TARGET_LANGUAGE = "en"

# The page types whose English version editors follow, by the value used in the type filter.
SOURCE_PAGE_MODELS = {
    "story": StoryPage,
    "report": ReportPage,
    "programme": ProgrammePage,
}


class TranslationStatus(TextChoices):
    """In the order the dashboard lists them: what needs doing first comes first."""

    MISSING = "missing", _("Missing")
    OUT_OF_DATE = "out-of-date", _("Out of date")
    IN_PROGRESS = "in-progress", _("In progress")
    UP_TO_DATE = "up-to-date", _("Up to date")


STATUS_ORDER = {status: position for position, status in enumerate(TranslationStatus)}


def newer(moment: datetime | None, than: datetime | None) -> bool:
    """Whether ``moment`` happened after ``than`` (anything is newer than never)."""
    return moment is not None and (than is None or moment > than)


@dataclass
class TranslationRow:
    source_page: Page
    english_page: Page | None
    # The enabled wagtail-localize translation into English, with its source; None when the
    # English page is missing or is edited outside wagtail-localize's translation editor.
    translation: Translation | None
    page_type: str
    # Whether the English page's live revision was published with untranslated parts
    # (editorial.fallback_publish).
    published_with_fallback: bool = False

    @property
    def total_segments(self):
        return self.translation.total_segments if self.translation else None

    @property
    def translated_segments(self):
        return self.translation.translated_segments if self.translation else None

    @property
    def percent_translated(self):
        """Rounded down, so 100% means every segment is translated."""
        if self.translation is None:
            return None
        if not self.total_segments:
            return 100
        return self.translated_segments * 100 // self.total_segments

    @property
    def live_incomplete(self):
        """The English page is live while not every segment is translated, or was published
        with untranslated parts: readers may meet Italian text on it."""
        if self.english_page is None or not self.english_page.live:
            return False
        if self.published_with_fallback:
            return True
        return self.translation is not None and self.translated_segments < self.total_segments

    @property
    def last_synced_at(self):
        return self.translation.source.last_updated_at if self.translation else None

    @cached_property
    def status_and_reason(self):
        source, english = self.source_page, self.english_page
        if english is None:
            return TranslationStatus.MISSING, _("There is no English page yet.")
        if self.translation is None:
            # An English page edited in Wagtail's ordinary editor: only dates can tell.
            if newer(source.last_published_at, english.last_published_at):
                return TranslationStatus.OUT_OF_DATE, _(
                    "The Italian page was published after the English one."
                )
            if not english.live:
                return TranslationStatus.IN_PROGRESS, _("The English page is not published.")
            return TranslationStatus.UP_TO_DATE, _(
                "Edited outside the translation editor; published after the Italian page."
            )
        # Syncing copies the Italian page as published, so only a publish makes it stale.
        if newer(source.last_published_at, self.last_synced_at):
            return TranslationStatus.OUT_OF_DATE, _(
                "The Italian page was published after the translation was last synced."
            )
        if self.translated_segments < self.total_segments:
            return TranslationStatus.IN_PROGRESS, _("Some segments are not translated yet.")
        if not english.live:
            return TranslationStatus.IN_PROGRESS, _(
                "Every segment is translated, but the English page is not published."
            )
        if newer(self.last_synced_at, english.last_published_at) or newer(
            self.translation.strings_updated_at, english.last_published_at
        ):
            return TranslationStatus.IN_PROGRESS, _(
                "Every segment is translated, but the latest changes are not published."
            )
        return TranslationStatus.UP_TO_DATE, _("The English page is published and in sync.")

    @property
    def status(self):
        return self.status_and_reason[0]

    @property
    def reason(self):
        return self.status_and_reason[1]

    @property
    def source_edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.source_page.pk])

    @property
    def english_edit_url(self):
        """wagtail-localize turns the edit view of a translation into its translation editor."""
        if self.english_page is None:
            return None
        return reverse("wagtailadmin_pages:edit", args=[self.english_page.pk])

    @property
    def translate_url(self):
        return reverse("wagtail_localize:submit_page_translation", args=[self.source_page.pk])

    @property
    def sync_url(self):
        if self.translation is None:
            return None
        return reverse("wagtail_localize:update_translations", args=[self.translation.source_id])


def count_of(queryset, group_by):
    """A subquery counting the rows of ``queryset`` (already filtered on an OuterRef)."""
    counted = queryset.order_by().values(group_by).annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def english_translations(source_locale, target_locale, translation_keys):
    """Enabled translations of these pages into the target locale, with their progress:
    ``total_segments``, ``translated_segments`` (as wagtail-localize's ``get_progress``
    counts them) and ``strings_updated_at``, when a segment translation last changed."""
    segments = StringSegment.objects.filter(source_id=OuterRef("source_id"))
    translated = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale_id=target_locale.pk,
        has_error=False,
    )
    # A segment translation belongs to this source when one of its segments has the same
    # string in the same context.
    strings_updated_at = (
        StringTranslation.objects.filter(
            locale_id=target_locale.pk,
            context__stringsegment__source_id=OuterRef("source_id"),
            context__stringsegment__string_id=F("translation_of_id"),
        )
        .order_by()
        .values("locale_id")
        .annotate(latest=Max("updated_at"))
        .values("latest")
    )
    return (
        Translation.objects.filter(
            enabled=True,
            target_locale=target_locale,
            source__locale=source_locale,
            source__object_id__in=translation_keys,
        )
        .select_related("source")
        # The frozen copy of the whole Italian page is not needed here.
        .defer("source__content_json")
        .annotate(
            total_segments=count_of(segments, "source_id"),
            translated_segments=count_of(segments.filter(Exists(translated)), "source_id"),
            strings_updated_at=Subquery(strings_updated_at),
        )
    )


def visible_to(user, pages):
    """The pages of ``pages`` that ``user`` may see listed: the live ones (anyone can read
    them on the site), and drafts the user may change in either language, so a network's
    editors never see other programmes' draft titles and translators see the drafts they
    translate."""
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return pages.filter(
        Q(live=True)
        | Q(pk__in=editable.values("pk"))
        | Q(translation_key__in=editable.values("translation_key"))
    )


def translation_rows(page_types=None, user=None):
    """One row per Italian page of the chosen types (keys of ``SOURCE_PAGE_MODELS``; all
    when None) that ``user`` may see (all when None), most urgent status first."""
    models = [SOURCE_PAGE_MODELS[key] for key in page_types or SOURCE_PAGE_MODELS]
    type_labels = {
        content_type.pk: capfirst(model._meta.verbose_name)
        for model, content_type in ContentType.objects.get_for_models(*models).items()
    }
    locales = {
        locale.language_code: locale
        for locale in Locale.objects.filter(
            language_code__in=[settings.LANGUAGE_CODE, TARGET_LANGUAGE]
        )
    }
    source_locale, target_locale = locales[settings.LANGUAGE_CODE], locales.get(TARGET_LANGUAGE)

    # By page type, not by position in the tree: stories may sit in any folder.
    source_pages = Page.objects.filter(locale=source_locale, content_type__in=list(type_labels))
    if user is not None:
        source_pages = visible_to(user, source_pages)
    translation_keys = source_pages.values("translation_key")
    english_pages, translations = {}, {}
    if target_locale is not None:
        english_pages = {
            page.translation_key: page
            for page in Page.objects.filter(
                locale=target_locale,
                translation_key__in=translation_keys,
                # An alias only mirrors the Italian page: it is not a translation.
                alias_of__isnull=True,
            )
        }
        translations = {
            translation.source.object_id: translation
            for translation in english_translations(source_locale, target_locale, translation_keys)
        }

    # The live revisions that went out with untranslated parts, in one query.
    fallback_revisions = set(
        PageLogEntry.objects.filter(
            action=FALLBACK_ACTION,
            revision_id__in=[
                page.live_revision_id
                for page in english_pages.values()
                if page.live and page.live_revision_id
            ],
        ).values_list("revision_id", flat=True)
    )
    rows = [
        TranslationRow(
            source_page=page,
            english_page=english_pages.get(page.translation_key),
            translation=(
                translations.get(page.translation_key)
                if page.translation_key in english_pages
                else None
            ),
            page_type=type_labels[page.content_type_id],
            published_with_fallback=(
                page.translation_key in english_pages
                and english_pages[page.translation_key].live_revision_id in fallback_revisions
            ),
        )
        for page in source_pages
    ]
    rows.sort(key=lambda row: (STATUS_ORDER[row.status], row.source_page.title.lower()))
    return rows
