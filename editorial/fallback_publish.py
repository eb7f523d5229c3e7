"""A translation goes live only when every segment is translated, unless an editor who may
publish it says so on a page of its own.

wagtail-localize publishes a translation with its untranslated segments in the source
language, silently: an English story at 1 of 13 segments went out with its Italian title,
summary and body under ``lang="en"``. Every way this site publishes a translation refuses an
incomplete one (the translation editor's "Publish", "Sync translated pages" with "Publish
immediately", the listing's bulk "Publish" and a workflow's approval: see
editorial.checks_hooks, editorial.localize_views and editorial.workflow_guard) and points to
``/admin/translations/<id>/publish-untranslated/``. There the editor sees what is not
translated and may publish anyway (POST, with the CSRF token): the publish is logged as
``stories.published_with_fallback`` and the public page marks those parts ``lang="it"``
and says so to readers (stories.translation_fallback).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page
from wagtail_localize.models import Translation, TranslationLog

from stories.translation_fallback import (
    FALLBACK_ACTION,
    UntranslatedParts,
    log_fallback_publish,
    segment_counts,
    untranslated_paths,
)

from .checks import has_checks, translation_problems
from .localize_views import target_instance


def latest_revision_of(translation):
    log = (
        TranslationLog.objects.filter(source=translation.source, locale=translation.target_locale)
        .order_by("-created_at", "-pk")
        .first()
    )
    return log.revision if log else None


class PublishUntranslatedView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then publish a translation with its untranslated parts in the source
    language."""

    template_name = "editorial/fallback_publish.html"
    http_method_names = ["get", "post"]
    page_title = _("Publish with untranslated parts")
    header_icon = "wagtail-localize-language"

    def dispatch(self, request, translation_id):
        self.translation = get_object_or_404(
            Translation.objects.select_related("source", "target_locale"),
            pk=translation_id,
            enabled=True,
        )
        target = target_instance(self.translation)
        if not isinstance(target, Page):
            raise Http404
        self.target = target.specific_deferred
        if not self.target.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        return super().dispatch(request, translation_id)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("editorial_translations"), "label": gettext("Translations")},
            {"url": "", "label": self.get_page_title()},
        ]

    @property
    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.target.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        translated, total = segment_counts(self.translation)
        parts = UntranslatedParts(
            paths=tuple(untranslated_paths(self.translation)),
            language=self.translation.source.locale.language_code,
            model=type(self.target),
        )
        context.update(
            page=self.target,
            translation=self.translation,
            translated=translated,
            total=total,
            untranslated=parts,
            problems=self.problems(),
            edit_url=self.edit_url,
            source_language=self.translation.source.locale.get_display_name(),
            target_language=self.translation.target_locale.get_display_name(),
        )
        return context

    def problems(self):
        if has_checks(self.target):
            return [problem.message for problem in translation_problems(self.translation)]
        return []

    def post(self, request, translation_id):
        paths = untranslated_paths(self.translation)
        names = {
            "title": self.target.get_admin_display_title(),
            "language": self.translation.target_locale.get_display_name(),
        }
        if self.problems():
            messages.error(
                request,
                gettext("“%(title)s” (%(language)s) was not published: it fails the checks.")
                % names,
            )
            return redirect(request.path)
        try:
            # One transaction: wagtail-localize publishes the new revision once it commits,
            # with the log already there. Logged after a publish of its own, a request in
            # between could cache "nothing untranslated" for the new revision under the
            # content version the publish had bumped (stories.translation_fallback).
            with transaction.atomic():
                self.translation.save_target(user=request.user, publish=True)
                if paths:
                    log_fallback_publish(
                        self.target,
                        latest_revision_of(self.translation),
                        request.user,
                        self.translation,
                        paths,
                    )
        except ValidationError as error:
            messages.error(
                request,
                gettext("“%(title)s” (%(language)s) could not be published: %(error)s")
                % {**names, "error": " ".join(error.messages)},
            )
            return redirect(request.path)
        if paths:
            messages.warning(
                request,
                gettext(
                    "“%(title)s” (%(language)s) was published with untranslated parts "
                    "in %(source_language)s; readers are told which."
                )
                % {**names, "source_language": self.translation.source.locale.get_display_name()},
            )
        else:
            messages.success(request, gettext("“%(title)s” (%(language)s) was published.") % names)
        return redirect(self.edit_url)


@hooks.register("register_admin_urls")
def register_publish_untranslated_url():
    return [
        path(
            "translations/<db_id:translation_id>/publish-untranslated/",
            PublishUntranslatedView.as_view(),
            name="editorial_publish_untranslated",
        )
    ]


@hooks.register("register_log_actions")
def register_fallback_log_action(actions):
    actions.register_action(
        FALLBACK_ACTION,
        _("Published with untranslated parts"),
        _("Published with untranslated parts in the source language"),
    )
