"""Documents and images that live content shows change only through a moderator.

Replacing a report's PDF or a story's hero image changes what readers get at once, with no
review. Here anyone who may change a document or an image still may while nothing live
uses it; once a live page or a live snippet uses it (a ForeignKey, a StreamField block or a
rich-text link, as Wagtail's reference index records them), changing, replacing or
deleting it also needs the right to publish each of those: a moderator's.

The rule is a permission policy (Wagtail's ``register_permission_policy``), so every admin
view, bulk action and chooser that asks Wagtail's policy refuses alike; the edit and delete
views are wrapped (editorial.media_hooks) to say why instead of Wagtail's bare "permission
denied".

The reference index describes what the database holds: a live page's published version
(its drafts are revisions) and a live snippet's. With the database task backend it is
brought up to date by a task, moments after a save.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import DraftStateMixin, Page, ReferenceIndex
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.permissions import get_permission_name

# What changes what readers get; "choose" (using it in a draft) stays open.
MODERATED_ACTIONS = frozenset({"change", "delete"})
NAMED_USES = 3  # how many of the live uses a refusal names


def live_uses(instance):
    """The live pages and other live objects (snippets) that use ``instance``."""
    ids_by_type = defaultdict(set)
    references = ReferenceIndex.get_references_to(instance).values_list(
        "base_content_type", "object_id"
    )
    for content_type_id, object_id in references.distinct():
        ids_by_type[content_type_id].add(object_id)
    uses = []
    for content_type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        objects = model._default_manager.filter(pk__in=ids)
        if issubclass(model, Page | DraftStateMixin):
            objects = objects.filter(live=True)
        uses.extend(objects)
    return uses


def may_publish(user, obj):
    if isinstance(obj, Page):
        return obj.permissions_for_user(user).can_publish()
    if isinstance(obj, DraftStateMixin):
        return user.has_perm(get_permission_name("publish", type(obj)))
    # Anything else goes live when it is saved.
    return user.has_perm(get_permission_name("change", type(obj)))


def uses_beyond(user, instance):
    """The live uses of ``instance`` that ``user`` may not publish."""
    if user.is_active and user.is_superuser:
        return []
    return [obj for obj in live_uses(instance) if not may_publish(user, obj)]


def refusal_message(instance, uses):
    names = ", ".join(str(obj) for obj in uses[:NAMED_USES])
    if len(uses) > NAMED_USES:
        names = gettext("%(names)s and %(count)s more") % {
            "names": names,
            "count": len(uses) - NAMED_USES,
        }
    return gettext(
        "“%(title)s” is in use on live content (%(uses)s): only a moderator may change, "
        "replace or delete it. Upload a new file and use it in a draft instead, or ask a "
        "moderator."
    ) % {"title": instance.title, "uses": names}


class ModeratedMediaPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's policy for documents and images, with changes to what live content uses
    kept for those who may publish that content."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        actions = set(actions)
        unmoderated = actions - MODERATED_ACTIONS
        if unmoderated and super().user_has_any_permission_for_instance(
            user, unmoderated, instance
        ):
            return True
        moderated = actions & MODERATED_ACTIONS
        return bool(moderated) and (
            super().user_has_any_permission_for_instance(user, moderated, instance)
            and not uses_beyond(user, instance)
        )

    def refusal(self, user, action, instance):
        """Why ``user`` may not ``action`` ``instance`` when Wagtail's own rules would let
        them; None otherwise."""
        if action not in MODERATED_ACTIONS:
            return None
        if not super().user_has_any_permission_for_instance(user, [action], instance):
            return None
        uses = uses_beyond(user, instance)
        return refusal_message(instance, uses) if uses else None


def register_policies():
    """Put the policy in place of Wagtail's. ``exact_class``: an exact registration wins over
    the one wagtail.documents and wagtail.images make, whichever app is ready first."""
    for model, auth_model in (
        (get_document_model(), "wagtaildocs.Document"),
        (get_image_model(), "wagtailimages.Image"),
    ):
        policy = ModeratedMediaPolicy(
            model, auth_model=auth_model, owner_field_name="uploaded_by_user"
        )
        register_permission_policy(model, policy, exact_class=True)
