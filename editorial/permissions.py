"""Who may touch which part of the page tree.

- Translators change pages in the trees of the languages the site is translated into, never
  in the source language's tree; publishing stays with moderators.
- A network's editors write the stories of one programme: page permissions on that
  programme's story section, nothing else.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

TRANSLATORS = "Translators"
TRANSLATOR_PAGE_PERMISSIONS = ("change_page",)
NETWORK_PAGE_PERMISSIONS = ("add_page", "change_page")
NETWORK_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
)
NETWORK_MODEL_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("wagtail_localize", "submit_translation"),
    ("stories", "add_organisation"),
    ("stories", "view_organisation"),
)


def page_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def is_translated_tree_root(page):
    """A language's home: a page right under the root, in a language other than the source."""
    return page.depth == 2 and page.locale.language_code != settings.LANGUAGE_CODE


def open_translated_tree_to_translators(page):
    """Let translators change the pages under ``page``, the home of a translated tree."""
    translators = Group.objects.filter(name=TRANSLATORS).first()
    if translators is None:
        return
    for codename in TRANSLATOR_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=translators, page=page, permission=page_permission(codename)
        )


def on_page_saved(sender, instance, created, raw=False, **kwargs):
    """A translated tree's home is created by wagtail-localize on the first translation:
    open it to translators then (post_save names the concrete class, hence no sender)."""
    if created and not raw and isinstance(instance, Page) and is_translated_tree_root(instance):
        open_translated_tree_to_translators(instance)


def network_group_name(programme):
    return gettext("%(programme)s network editors") % {"programme": programme.title}


def grant_network_editors(section, name=None):
    """The group of a network's editors, limited to ``section`` (a programme's stories).

    They write and submit stories there, add images, documents and organisations, and
    ask for translations; moderators publish. Running it again changes nothing.
    """
    group, _ = Group.objects.get_or_create(name=name or network_group_name(section.programme))
    for app_label, codename in NETWORK_MODEL_PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    for codename in NETWORK_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group, page=section, permission=page_permission(codename)
        )
    root_collection = Collection.get_first_root_node()
    for app_label, codename in NETWORK_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=root_collection,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )
    return group
