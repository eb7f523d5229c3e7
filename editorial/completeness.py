"""A translation is published only when every segment is translated: the refusal every
publishing path shares, pointing to the explicit override (editorial.fallback_publish)."""

from django.urls import reverse
from django.utils.translation import gettext, ngettext
from wagtail.admin import messages
from wagtail_localize.models import Translation

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
