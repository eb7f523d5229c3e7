"""The page editor's form for pages with publishing checks (stories, programmes, territories).

Only the buttons that publish, or ask a moderator to, run the checks: "Save draft" and
previews never do (Wagtail defers the required fields for them), so a page being written or
imported can always be saved.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import (
    ListBlockValidationError,
    StreamBlockValidationError,
    StructBlockValidationError,
)

from .checks import page_problems

# POST keys of the editor's buttons (Wagtail's edit and create views) that publish the page
# or put it in front of a moderator.
PUBLISHING_BUTTONS = ("action-publish", "action-submit", "action-restart-workflow")
# Set on a page the form checked and found ready to publish.
CHECKED_BY_FORM = "_passed_publishing_checks"
# The moderator's workflow action that publishes (at the last task of the workflow).
APPROVING_ACTIONS = ("approve",)


def requests_publication(data):
    if any(data.get(button) for button in PUBLISHING_BUTTONS):
        return True
    return bool(
        data.get("action-workflow-action") and data.get("workflow-action-name") in APPROVING_ACTIONS
    )


class PublishingStreamError(StreamBlockValidationError):
    """Shows each message on its block; in the list of errors at the top of the editor it
    reads as the messages themselves (Wagtail's own reads "Validation error in StreamBlock")."""

    def __init__(self, messages, block_errors, non_block_errors):
        super().__init__(block_errors=block_errors, non_block_errors=non_block_errors)
        self.message = " ".join(str(message) for message in messages)


def child_errors(messages_by_key):
    """Errors of a block's children from their messages, keyed by child name (struct) or
    position (list); each value is a list of messages or, for a child with children of its
    own, a dict like this one."""
    errors = {}
    for key, value in messages_by_key.items():
        if isinstance(value, list):
            errors[key] = ValidationError(value)
        elif all(isinstance(child_key, str) for child_key in value):
            errors[key] = StructBlockValidationError(block_errors=child_errors(value))
        else:
            errors[key] = ListBlockValidationError(block_errors=child_errors(value))
    return errors


def stream_error(problems):
    """One error for a StreamField, pointing each problem at its block: a path leads from
    the stream's block index through struct child names and list positions."""
    tree, whole_field = {}, []
    for problem in problems:
        if not problem.path:
            whole_field.append(problem.message)
            continue
        node = tree
        *parents, leaf = problem.path
        for key in parents:
            node = node.setdefault(key, {})
        node.setdefault(leaf, []).append(problem.message)
    return PublishingStreamError(
        [problem.message for problem in problems], child_errors(tree), whole_field
    )


class PublishingChecksPageForm(WagtailAdminPageForm):
    """Runs the publishing checks when the editor publishes, submits for moderation or
    approves: each problem becomes an error on its field, under a summary."""

    def clean(self):
        cleaned_data = super().clean()
        if not self.is_deferred_validation and requests_publication(self.data):
            problems = page_problems(self.instance, form=self)
            if problems:
                self.add_publishing_problems(problems)
            else:
                # Read by the hook that lists the problems after a save (checks_hooks).
                setattr(self.instance, CHECKED_BY_FORM, True)
        return cleaned_data

    def add_publishing_problems(self, problems):
        # Say first what happened to the editor's work: a refused publish, submission or
        # approval saves nothing (a draft is saved by "Save draft", or by autosave, which is
        # why the message speaks of this action only).
        if self.instance.pk:
            happened = gettext("This action saved nothing: the page stays as it was last saved.")
        else:
            happened = gettext(
                "Nothing was saved: a new page is not created while it fails these checks."
            )
        self.add_error(None, happened)
        self.add_error(
            None,
            gettext(
                "This page cannot be published yet: fix what is listed here, or save it as "
                "a draft for now."
            ),
        )
        by_field = {}
        for problem in problems:
            by_field.setdefault(problem.field, []).append(problem)
        for field_name, field_problems in by_field.items():
            if field_name in self.formsets:
                formset = self.formsets[field_name]
                formset.is_valid()  # so its non-form errors exist before we add to them
                for problem in field_problems:
                    formset.non_form_errors().append(problem.message)
                    self.add_error(None, problem.message)
            elif field_name in self.fields and any(problem.path for problem in field_problems):
                self.add_error(field_name, stream_error(field_problems))
            elif field_name in self.fields:
                for problem in field_problems:
                    self.add_error(field_name, problem.message)
            else:
                for problem in field_problems:
                    self.add_error(None, problem.message)
