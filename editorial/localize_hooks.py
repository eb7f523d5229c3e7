"""Puts editorial.localize_views on wagtail-localize's own admin paths.

Registered before wagtail-localize's URLs (order -1), these patterns are the ones Django
resolves for those paths, while ``reverse("wagtail_localize:update_translations", ...)`` and
the other names keep giving the same paths, so every link wagtail-localize draws leads here.
"""

from django.urls import path
from wagtail import hooks

from . import localize_views

# wagtail-localize mounts its admin views under this prefix.
LOCALIZE_PREFIX = "localize/"


@hooks.register("register_admin_urls", order=-1)
def register_localize_views():
    return [
        path(
            f"{LOCALIZE_PREFIX}submit/page/<db_id:page_id>/",
            localize_views.SubmitPageTranslationView.as_view(),
        ),
        path(
            f"{LOCALIZE_PREFIX}update/<db_id:translation_source_id>/",
            localize_views.UpdateTranslationsView.as_view(),
        ),
        path(
            f"{LOCALIZE_PREFIX}translate/<db_id:translation_id>/machine_translate/",
            localize_views.machine_translate,
        ),
        path(
            f"{LOCALIZE_PREFIX}page/<db_id:page_id>/convert_to_alias/",
            localize_views.convert_to_alias,
        ),
    ]
