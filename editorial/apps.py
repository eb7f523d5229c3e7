from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """The editors' side of the admin: guide, publishing checks, translation status."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "editorial"
    verbose_name = _("Editorial tools")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_save

        from . import localize_memo, media_moderation, redirects, workflow_names
        from .checks import checked_page_types
        from .forms import PublishingChecksPageForm
        from .permissions import on_page_saved

        # The editor of a page type with publishing checks runs them when the page is
        # published. Set here, not on the models (stories sits below editorial); this is in
        # time, as Wagtail builds a page type's edit handler, and its form class with it, on
        # first use, after every app's ready().
        for label in checked_page_types():
            apps.get_model(label).base_form_class = PublishingChecksPageForm

        post_save.connect(on_page_saved, dispatch_uid="translators-translated-trees")
        workflow_names.connect()
        media_moderation.register_policies()
        redirects.connect()
        localize_memo.install()
