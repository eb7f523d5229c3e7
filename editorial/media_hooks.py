"""Wagtail's edit and delete views of documents and images, saying why a change to what
live content uses is refused (editorial.media_moderation).

Wagtail's views ask the permission policy and answer a refusal with a bare "Sorry, you do
not have permission". Registered before Wagtail's URLs (order -1), these paths are the ones
Django resolves for the same addresses, and ``reverse("wagtaildocs:edit", ...)`` and the
others keep giving them: each wrapper first tells a user whom only live use stops why,
then sends them back; otherwise Wagtail's own view answers.
"""

from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.documents import get_document_model
from wagtail.documents.views import documents
from wagtail.images import get_image_model
from wagtail.images.views import images
from wagtail.permissions import policy_registry


def explaining_refusal(view, get_model, action, id_kwarg, index_url_name):
    def explained(request, *args, **kwargs):
        model = get_model()
        instance = get_object_or_404(model, pk=kwargs[id_kwarg])
        reason = policy_registry.get_by_type(model).refusal(request.user, action, instance)
        if reason:
            messages.error(request, reason)
            return redirect(get_valid_next_url_from_request(request) or reverse(index_url_name))
        return view(request, *args, **kwargs)

    return explained


@hooks.register("register_admin_urls", order=-1)
def register_explained_media_views():
    return [
        path(
            "documents/edit/<db_id:document_id>/",
            explaining_refusal(
                documents.EditView.as_view(),
                get_document_model,
                "change",
                "document_id",
                "wagtaildocs:index",
            ),
        ),
        path(
            "documents/delete/<db_id:document_id>/",
            explaining_refusal(
                documents.DeleteView.as_view(),
                get_document_model,
                "delete",
                "document_id",
                "wagtaildocs:index",
            ),
        ),
        path(
            "images/<db_id:image_id>/",
            explaining_refusal(
                images.EditView.as_view(),
                get_image_model,
                "change",
                "image_id",
                "wagtailimages:index",
            ),
        ),
        path(
            "images/<db_id:image_id>/delete/",
            explaining_refusal(
                images.DeleteView.as_view(),
                get_image_model,
                "delete",
                "image_id",
                "wagtailimages:index",
            ),
        ),
    ]
