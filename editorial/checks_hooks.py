"""Where the publishing checks meet the admin, besides the page editor's form
(editorial.forms.PublishingChecksPageForm refuses to publish, submit or approve):

- a draft saved from the editor gets a warning listing what still blocks publishing;
- the "Publish" of wagtail-localize's translation editor is refused while the translation
  fails the checks (an alternative text not translated yet counts as missing);
- the bulk "Publish" of the page listing is refused while a selected page fails them.

Both also refuse a translation with segments not translated yet (editorial.completeness); the
bulk "Publish" also one edited since its latest revision, which it would publish as saved.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.admin.messages import render
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction

from .checks import has_checks, page_problems, translation_problems
from .completeness import (
    enabled_translation,
    incomplete_message,
    refuse_incomplete,
    stale_revision_message,
)
from .forms import CHECKED_BY_FORM


def problem_list(items):
    return format_html(
        '<ul class="errorlist">{}</ul>', format_html_join("", "<li>{}</li>", ((i,) for i in items))
    )


def add_message(request, level, message, details):
    messages.add_message(request, level, render(message, None, detail=problem_list(details)))


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_what_blocks_publishing(request, page):
    """After a draft is saved, say what still keeps it from being published. Autosave
    (a JSON request) shows no messages, so it gets none. A page the editor's form has just
    checked (a publish, a submission, an approval: ``PublishingChecksPageForm``) passed
    them: they are not run a second time."""
    if not request.accepts("text/html") or getattr(page, CHECKED_BY_FORM, False):
        return None
    if not has_checks(page.specific_deferred):
        return None
    problems = page_problems(page)
    if problems:
        add_message(
            request,
            messages.WARNING,
            gettext("Saved as a draft. Before it can be published:"),
            [problem.message for problem in problems],
        )
    return None


# After the checks below (their messages say what to fix first), before wagtail-localize's
# hook (order 0), which publishes.
@hooks.register("before_edit_page", order=-1)
def refuse_incomplete_translation(request, page):
    """The translation editor's "Publish" is refused while a segment is not translated; the
    message offers the explicit override to those who may publish."""
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    if not page.permissions_for_user(request.user).can_publish():
        return None  # wagtail-localize refuses it anyway
    translation = enabled_translation(page)
    if translation is None or not refuse_incomplete(request, translation, page):
        return None
    return redirect(request.path)


# Before wagtail-localize's hook (order 0), which runs the translation editor's actions.
@hooks.register("before_edit_page", order=-2)
def check_translation_before_publishing(request, page):
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    if not has_checks(page.specific_deferred):
        return None
    if not page.permissions_for_user(request.user).can_publish():
        return None  # wagtail-localize refuses it anyway
    translation = enabled_translation(page)
    if translation is None:
        return None
    problems = translation_problems(translation)
    if not problems:
        return None
    add_message(
        request,
        messages.ERROR,
        gettext("The translation “%(title)s” was not published. Fix these first:")
        % {"title": page.title},
        [problem.message for problem in problems],
    )
    # Back to the translation editor, as wagtail-localize does after its own actions.
    return redirect(request.path)


@hooks.register("before_bulk_action")
def check_pages_before_bulk_publishing(request, action_type, objects, action_class_instance):
    if action_type != "publish" or not isinstance(action_class_instance, PublishBulkAction):
        return None
    pages = [page.specific_deferred for page in objects]
    form = action_class_instance.cleaned_form
    if form is not None and form.cleaned_data.get("include_descendants"):
        for page in objects:
            pages += page.get_descendants().not_live().specific(defer=True)
    details = []
    for page in pages:
        translation = enabled_translation(page)
        if translation is not None:
            title = page.get_admin_display_title()
            # The bulk action publishes the latest revision as saved: the translator's later
            # edits would not go live (stale_revision_message).
            message = incomplete_message(translation, title) or stale_revision_message(
                translation, page, title
            )
            if message:
                details.append(message)
        if not has_checks(page):
            continue
        # What the bulk action publishes: the latest revision.
        latest = page.get_latest_revision_as_object()
        details += [
            format_html("{}: {}", latest.get_admin_display_title(), problem.message)
            for problem in page_problems(latest)
        ]
    if not details:
        return None
    add_message(
        request,
        messages.ERROR,
        gettext("Nothing was published. These pages are not ready yet:"),
        details,
    )
    return redirect(action_class_instance.next_url)
