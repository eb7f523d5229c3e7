"""wagtail-localize and Wagtail code that the editorial app subclasses, replaces or imports
from private modules (docs/upstream.md). The behaviour is tested elsewhere (test_localize_guard,
test_machine_translation, test_localize_buttons, test_translation_redirects,
test_translation_completeness); these fingerprints make an upgrade that changes that code
fail until someone has re-read it against ours."""

import pytest
import wagtail.documents
import wagtail.images
from django.apps import apps
from django.urls import resolve, reverse
from wagtail.admin.viewsets.pages import base_page_viewset
from wagtail.contrib.redirects import signal_handlers as redirect_handlers
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import policy_registry
from wagtail_localize import wagtail_hooks as localize_hooks
from wagtail_localize.views import (
    convert,
    edit_translation,
    submit_translations,
    update_translations,
)

from editorial.checks import checked_page_types
from editorial.forms import PublishingChecksPageForm
from editorial.media_hooks import explaining_refusal
from editorial.media_moderation import ModeratedMediaPolicy
from editorial.workflow_guard import TranslationAwareWorkflowActionView
from tests.upstream import assert_unchanged

# wagtail-localize 1.14.5, Wagtail 8.0.1.
UPSTREAM = [
    (
        submit_translations.SubmitPageTranslationView,
        "ba1c8560e801f674d15f49274a545897c87553f58269720bd4a287c5da3c78ec",
        "editorial.localize_views.SubmitPageTranslationView",
    ),
    (
        update_translations.UpdateTranslationsView,
        "607b964d230cbcbd662604d4ba86a8ba8e2faa398bf6aa0a496eb96201043612",
        "editorial.localize_views.UpdateTranslationsView",
    ),
    (
        edit_translation.apply_machine_translation,
        "d8eb977b3caec3bf28cdbc4a2caedbe7de65d2b4dc1a269efdc415cedfb2399a",
        "editorial.localize_views (imported from a private module)",
    ),
    (
        edit_translation.user_can_edit_instance,
        "fc465b44adc01a5e5b5614c2c3165d0f2a7239e363fa9707241f027d48e52d3c",
        "editorial.localize_views (imported from a private module)",
    ),
    (
        edit_translation.machine_translate,
        "9a9839e5b15421d3eec32101e0c1a27d87e4958dc1718b4a92e786ec6d425a94",
        "editorial.localize_views.machine_translate (which replaces it)",
    ),
    (
        localize_hooks.page_listing_more_buttons,
        "722209ebf5b98d704ddd4371cd751c435975d1566426dccae012c908274b25f7",
        "editorial.localize_buttons.permitted_localize_buttons (which wraps it)",
    ),
    (
        convert.convert_to_alias,
        "86a09b4a3a87641b1643caeff689289fc1cb5d045738e9000702ba32d796a8b3",
        "editorial.localize_views.convert_to_alias (which wraps it)",
    ),
    (
        localize_hooks.ConvertToAliasPageActionMenuItem,
        "03891bb783d6c7ecb1cbf890e6904ef3b07ea42dc9a1ae821947c417efa9a540",
        "editorial.localize_buttons.hide_convert_to_alias (which removes it by its name)",
    ),
    (
        wagtail.documents.get_permission_policy,
        "1e2014fd5c4139689dbb42b761ff17a4d8aa8d38e3b23b446dda556862fb7cbf",
        "editorial.media_moderation.register_policies (which builds the same policy)",
    ),
    (
        wagtail.images.get_permission_policy,
        "acdacc379814b79e975cce94e169dc6b56b3233e002b1fe235ee8fc095858efa",
        "editorial.media_moderation.register_policies (which builds the same policy)",
    ),
    (
        CollectionOwnershipPermissionPolicy.user_has_any_permission_for_instance,
        "f5d51afab02e43a1e9822169bd678cd57e7dbb4fe8b9838139ce223cce353689",
        "editorial.media_moderation.ModeratedMediaPolicy (which narrows it)",
    ),
    (
        redirect_handlers.create_redirects,
        "c4c71ed7234e234a1f506fe91e33cf80833b35687f2bf948b8354268b14a98a6",
        "editorial.redirects (which calls it from its own receivers)",
    ),
    (
        redirect_handlers.autocreate_redirects_on_slug_change,
        "819d634d6a3d102b0fe575649b9e9098bcbd004cce664338ca1b01b85f9c17af",
        "editorial.redirects.redirect_on_slug_change (which replaces it)",
    ),
    (
        redirect_handlers.autocreate_redirects_on_page_move,
        "de3a40e3bd603d8d732e7aeb8da24db722fa5c03d46704fefd3e458d9aec9c43",
        "editorial.redirects.redirect_on_move (which replaces it)",
    ),
]


@pytest.mark.parametrize(("upstream", "expected", "ours"), UPSTREAM)
def test_the_upstream_code_we_build_on_is_unchanged(upstream, expected, ours):
    assert_unchanged(upstream, expected, ours)


def test_the_page_viewset_builds_our_workflow_action_view():
    """editorial.workflow_guard sets an attribute of Wagtail's default page viewset; a
    renamed attribute would leave Wagtail's own view in place without an error."""
    view = base_page_viewset.workflow_action_view
    assert view.view_class is TranslationAwareWorkflowActionView


def test_page_types_with_checks_edit_with_the_checking_form():
    """editorial.apps sets ``base_form_class`` on other apps' page types in ready(), which
    works only while Wagtail builds a page type's edit handler on first use, after that."""
    labels = checked_page_types()
    assert labels
    for label in labels:
        form_class = apps.get_model(label).get_edit_handler().get_form_class()
        assert issubclass(form_class, PublishingChecksPageForm), label


def test_documents_and_images_use_the_moderated_policy():
    """An exact registration wins over Wagtail's own, whichever app was ready first."""
    for model in (get_document_model(), get_image_model()):
        assert isinstance(policy_registry.get_by_type(model), ModeratedMediaPolicy)


@pytest.mark.parametrize(
    ("url_name", "view"),
    [
        ("wagtaildocs:edit", "explained"),
        ("wagtaildocs:delete", "explained"),
        ("wagtailimages:edit", "explained"),
        ("wagtailimages:delete", "explained"),
        ("wagtail_localize:convert_to_alias", "convert_to_alias"),
    ],
)
def test_upstream_paths_lead_to_our_views(url_name, view):
    """editorial.media_hooks and editorial.localize_hooks answer on upstream's paths; a moved
    path would silently leave upstream's view in place."""
    match = resolve(reverse(url_name, args=[1]))
    assert match.func.__module__.startswith("editorial."), url_name
    assert match.func.__name__ == view
    if view == "explained":
        assert match.func.__qualname__.startswith(explaining_refusal.__name__)
