"""wagtail-localize's "Translate this page", "Sync translated pages" and machine translation,
with this site's rules; editorial.localize_hooks puts them on wagtail-localize's own paths.

wagtail-localize asks only for its "submit translation" permission, so anyone holding it
could translate or sync any page, and "Publish immediately" made every translation live
without page permissions or publishing checks. Here:

- translating or syncing a page needs the right to edit it;
- "Publish immediately" syncs, then publishes only the translations the user may publish,
  that are fully translated and pass the publishing checks; the others stay drafts and a
  message says why;
- a machine translator that did not answer is reported, not passed off as a success;
- "Convert to alias page", which replaces a live translation by the source page and so
  unpublishes its own text, needs the right to publish it.
"""

from django import forms
from django.contrib import messages as django_messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.models import DraftStateMixin, Page
from wagtail.snippets.permissions import get_permission_name
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.views import convert, submit_translations, update_translations
from wagtail_localize.views.edit_translation import (
    apply_machine_translation,
    user_can_edit_instance,
)

from .checks import has_checks, translation_problems
from .checks_hooks import add_message
from .completeness import refuse_incomplete


def user_can_publish_instance(user, instance):
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_publish()
    if isinstance(instance, DraftStateMixin):
        return user.has_perm(get_permission_name("publish", type(instance)))
    return user_can_edit_instance(user, instance)  # saving it is publishing it


def target_instance(translation):
    try:
        return translation.get_target_instance()
    except ObjectDoesNotExist:
        return None


def machine_translator_failed(translator):
    return getattr(translator, "failed", False)


def report_machine_translator_failure(request, translator):
    messages.error(
        request,
        gettext(
            "%(tool)s did not answer, so nothing was pre-filled. Try again later, "
            "or translate the segments by hand."
        )
        % {"tool": translator.display_name},
    )


class SubmitPageTranslationView(submit_translations.SubmitPageTranslationView):
    def get_object(self):
        page = super().get_object()
        if not page.permissions_for_user(self.request.user).can_edit():
            raise PermissionDenied
        return page


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    def get_object(self):
        source = super().get_object()
        try:
            instance = source.get_source_instance()
        except ObjectDoesNotExist:
            raise Http404 from None
        if not user_can_edit_instance(self.request.user, instance):
            raise PermissionDenied
        return source

    def enabled_translations(self):
        return list(
            self.object.translations.filter(enabled=True).select_related("source", "target_locale")
        )

    def get_form(self):
        """Offer "Publish immediately" and machine translation only to users who may
        publish, or edit, at least one of the translations. A hidden field still posts, so
        a publish asked for anyway is refused with a message below."""
        form = super().get_form()
        user = self.request.user
        targets = [target_instance(t) for t in self.enabled_translations()]
        targets = [target for target in targets if target is not None]
        publish = form.fields["publish_translations"]
        if any(user_can_publish_instance(user, target) for target in targets):
            publish.help_text = format_lazy(
                "{} {}",
                publish.help_text,
                _("Translations that fail the publishing checks are synced but not published."),
            )
        else:
            publish.widget = forms.HiddenInput()
        machine = form.fields.get("use_machine_translation")
        if machine and not any(user_can_edit_instance(user, target) for target in targets):
            machine.widget = forms.HiddenInput()
        return form

    @transaction.atomic
    def form_valid(self, form):
        publish = form.cleaned_data["publish_translations"]
        use_machine_translation = form.cleaned_data.pop("use_machine_translation", False)
        # wagtail-localize only syncs: machine translation and publishing are done below,
        # translation by translation.
        form.cleaned_data["publish_translations"] = False
        response = super().form_valid(form)
        translations = self.enabled_translations()
        if use_machine_translation:
            self.machine_translate(translations)
        if publish:
            for translation in translations:
                self.publish_if_allowed(translation)
        return response

    def machine_translate(self, translations):
        translator = get_machine_translator()
        if translator is None:
            return
        user = self.request.user
        for translation in translations:
            target = target_instance(translation)
            if (
                target is not None
                and user_can_edit_instance(user, target)
                and translator.can_translate(translation.source.locale, translation.target_locale)
            ):
                apply_machine_translation(translation.id, user, translator)
                if machine_translator_failed(translator):
                    report_machine_translator_failure(self.request, translator)
                    return

    def publish_if_allowed(self, translation):
        request, user = self.request, self.request.user
        target = target_instance(translation)
        language = translation.target_locale.get_display_name()
        if target is None:
            messages.error(
                request,
                gettext(
                    "The translation (%(language)s) was synced but not published: it has no page."
                )
                % {"language": language},
            )
            return
        names = {"title": str(target), "language": language}
        if not user_can_publish_instance(user, target):
            messages.error(
                request,
                gettext(
                    "“%(title)s” (%(language)s) was synced but not published: you do not have "
                    "permission to publish it."
                )
                % names,
            )
            return
        if isinstance(target, Page) and has_checks(target.specific_deferred):
            problems = translation_problems(translation)
            if problems:
                add_message(
                    request,
                    django_messages.ERROR,
                    gettext(
                        "“%(title)s” (%(language)s) was synced but not published. Fix these first:"
                    )
                    % names,
                    [problem.message for problem in problems],
                )
                return
        if isinstance(target, Page) and refuse_incomplete(
            request, translation, target, synced=True
        ):
            return
        try:
            translation.save_target(user=user, publish=True)
        except ValidationError as error:
            messages.error(
                request,
                gettext(
                    "“%(title)s” (%(language)s) was synced but could not be published: %(error)s"
                )
                % {**names, "error": " ".join(error.messages)},
            )
            return
        messages.success(request, gettext("“%(title)s” (%(language)s) was published.") % names)


@require_POST
def machine_translate(request, translation_id):
    """The translation editor's "Translate with …" button. wagtail-localize's own view
    reports a success when the service failed and nothing was filled in."""
    translator = get_machine_translator()
    if translator is None:
        raise Http404
    filled_in = apply_machine_translation(translation_id, request.user, translator)
    if machine_translator_failed(translator):
        report_machine_translator_failure(request, translator)
    elif filled_in:
        messages.success(
            request,
            gettext("Pre-filled with %(tool)s: review each segment before publishing.")
            % {"tool": translator.display_name},
        )
    else:
        messages.warning(request, gettext("Every segment is already translated."))
    return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"))


def convert_to_alias(request, page_id):
    """wagtail-localize's "Convert to alias page" checks only the right to edit the page, yet
    it takes the page's own text off the site at once, with no moderation."""
    page = get_object_or_404(Page, id=page_id, alias_of_id__isnull=True)
    if not page.permissions_for_user(request.user).can_publish():
        messages.error(
            request,
            gettext(
                "Only a moderator may turn “%(title)s” into an alias of its original: it "
                "would take its published text off the site."
            )
            % {"title": page.get_admin_display_title()},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return convert.convert_to_alias(request, page_id)
