"""Names of the workflows and tasks the site creates itself (stories migration 0002), shown
in the editor's language.

They are stored in English, as created by the migration; each time one is loaded its name is
put in the language active then (the admin has activated the editor's own by the time its
views query the database), so every place Wagtail shows it (status panel, workflow history,
dashboard, reports, settings) reads in that language. Saving puts the stored English name
back, so a workflow edited in Italian keeps its translatable name unless it is renamed.
"""

from django.conf import settings
from django.db.models.signals import post_init, pre_save
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import GroupApprovalTask, Task, Workflow

# The stored name -> its translation.
KNOWN_NAMES = {
    "Moderators approval": _("Moderators approval"),
}

MODELS = (Workflow, Task, GroupApprovalTask)


def stored_name(name):
    """The stored name of ``name``, which may be a known name in any admin language."""
    for stored, translated in KNOWN_NAMES.items():
        if name == stored:
            return stored
        for language, _label in settings.LANGUAGES:
            with translation.override(language):
                if name == str(translated):
                    return stored
    return name


def show_in_active_language(sender, instance, **kwargs):
    translated = KNOWN_NAMES.get(instance.__dict__.get("name"))
    if translated is not None:
        instance.name = str(translated)


def store_known_name(sender, instance, **kwargs):
    instance.name = stored_name(instance.name)


def connect():
    for model in MODELS:
        post_init.connect(
            show_in_active_language, sender=model, dispatch_uid=f"workflow-name-{model.__name__}"
        )
        pre_save.connect(
            store_known_name, sender=model, dispatch_uid=f"workflow-name-store-{model.__name__}"
        )
