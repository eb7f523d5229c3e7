"""A translation is published only when every segment is translated: the refusal every
publishing path shares, pointing to the explicit override (editorial.fallback_publish)."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from wagtail.admin import messages
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
)

from stories.translation_fallback import segment_counts


def enabled_translation(page):
    """The wagtail-localize translation that makes ``page``, when its translation editor is
    the page's editor (as wagtail-localize's own before_edit_page hook decides)."""
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key,
            target_locale_id=page.locale_id,
            enabled=True,
        )
        .select_related("source", "target_locale")
        .first()
    )


def fallback_publish_url(translation):
    return reverse("editorial_publish_untranslated", args=[translation.pk])


def incomplete_message(translation, title, synced=False):
    """Says how far the translation has got, or "" when every segment is translated."""
    translated, total = segment_counts(translation)
    if translated == total:
        return ""
    values = {
        "title": title,
        "language": translation.target_locale.get_display_name(),
        "translated": translated,
        "total": total,
    }
    if synced:
        return (
            ngettext(
                "“%(title)s” (%(language)s) was synced but not published: %(translated)d of "
                "%(total)d segment is translated.",
                "“%(title)s” (%(language)s) was synced but not published: %(translated)d of "
                "%(total)d segments are translated.",
                total,
            )
            % values
        )
    return (
        ngettext(
            "“%(title)s” (%(language)s) was not published: %(translated)d of %(total)d segment "
            "is translated.",
            "“%(title)s” (%(language)s) was not published: %(translated)d of %(total)d segments "
            "are translated.",
            total,
        )
        % values
    )


def refuse_incomplete(request, translation, page, synced=False):
    """When ``translation`` is incomplete, tell the user, offering the explicit override to
    those who may publish ``page``, and return True; False when it is complete."""
    message = incomplete_message(translation, page.get_admin_display_title(), synced)
    if not message:
        return False
    buttons = []
    if page.permissions_for_user(request.user).can_publish():
        buttons.append(
            messages.button(fallback_publish_url(translation), gettext("Publish anyway…"))
        )
    messages.error(
        request,
        message + " " + gettext("Translate the remaining segments first."),
        buttons=buttons,
    )
    return True


def edited_since(translation, revision):
    """Whether a segment of ``translation`` was translated or overridden after ``revision``
    (None: no revision) was saved. wagtail-localize saves the translator's edits as
    StringTranslation and SegmentOverride rows; only its own publish, or a sync, writes them
    into a new revision of the page."""
    source, locale = translation.source, translation.target_locale
    strings = StringTranslation.objects.filter(locale=locale).filter(
        Exists(
            StringSegment.objects.filter(
                source=source,
                string_id=OuterRef("translation_of_id"),
                context_id=OuterRef("context_id"),
            )
        )
    )
    overrides = SegmentOverride.objects.filter(locale=locale).filter(
        Exists(OverridableSegment.objects.filter(source=source, context_id=OuterRef("context_id")))
    )
    if revision is not None:
        strings = strings.filter(updated_at__gt=revision.created_at)
        overrides = overrides.filter(updated_at__gt=revision.created_at)
    return strings.exists() or overrides.exists()


def stale_revision_message(translation, page, title):
    """Says why publishing the latest revision of ``page`` would not publish its translation,
    or "" when that revision holds every edit of the translator. The bulk "Publish" and a
    workflow's approval publish that revision as it was saved."""
    if not edited_since(translation, page.get_latest_revision()):
        return ""
    return gettext(
        "“%(title)s” (%(language)s) was not published: its translation was edited after its "
        "latest revision was saved, and that revision does not hold those edits. Publish it "
        "from the translation editor, which saves the translated text."
    ) % {"title": title, "language": translation.target_locale.get_display_name()}


def refuse_stale_revision(request, translation, page):
    """When publishing the latest revision of ``page`` would leave out the translator's
    edits, tell the user, with a link to the translation editor, and return True."""
    message = stale_revision_message(translation, page, page.get_admin_display_title())
    if not message:
        return False
    messages.error(
        request,
        message,
        buttons=[
            messages.button(
                reverse("wagtailadmin_pages:edit", args=[page.pk]),
                gettext("Open the translation editor"),
            )
        ],
    )
    return True
