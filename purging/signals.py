"""What sends a page's public addresses to ``purge_after_commit``.

- Publishing and unpublishing: the addresses after the change, and before it (a ``pre_save``
  of a live page reads the saved state: a story that leaves a territory must leave that
  territory's cached page too; a new slug leaves the old address behind).
- Moving: before (``pre_page_move``) and after (``post_page_move``).
- Deleting: Wagtail unpublishes a live page before deleting it, so ``page_unpublished``
  purges it while its links are still there.
- A view restriction: the whole site, for the files its pages use, cached under addresses of
  their own (rare edits).
- A redirect: its old path, with and without the final slash.
- Organisations, images, documents, sites and locales shown across pages: the whole site
  (not on creation: nothing shows a new one yet). These are rare edits; the stories a given
  organisation or image appears on are many and found only through the reference index.
"""

import threading

from django.db import transaction
from wagtail.models import Page

from .public_urls import EVERYTHING, public_urls_for
from .purge import purge_after_commit, purging_enabled

# Outside a transaction (Wagtail's publish opens none), the paths of the state before a
# save wait here, by page id, for the publish or unpublish signal that follows the save.
_before_save = threading.local()


def paths_before_save():
    if not hasattr(_before_save, "paths"):
        _before_save.paths = {}
    return _before_save.paths


def is_page(instance):
    return isinstance(instance, Page)


def purge_page(instance, **kwargs):
    if purging_enabled() and is_page(instance):
        before = paths_before_save().pop(instance.pk, set())
        purge_after_commit(public_urls_for(instance) | before)


def purge_saved_state(sender, instance, update_fields=None, raw=False, **kwargs):
    """Before a full save of a live page (a publish, an unpublish), what showed it."""
    if raw or update_fields is not None or not purging_enabled() or not is_page(instance):
        return
    if instance.pk is None:
        return
    saved = Page.objects.filter(pk=instance.pk, live=True).first()
    if saved is None:
        return
    paths = public_urls_for(saved)
    if transaction.get_connection().in_atomic_block:
        purge_after_commit(paths)
    else:
        # Purged now, the old state could be cached again before the save: purge it with
        # the new state, after the publish.
        paths_before_save().setdefault(instance.pk, set()).update(paths)


def purge_restricted_page(sender, instance, **kwargs):
    # The whole site: the files that the pages under the restriction use follow it
    # (downloads.access), and a cache keeps them under addresses the page does not name
    # (/documents/, /r/<code>/, the API, the other language version).
    if purging_enabled():
        purge_after_commit({EVERYTHING})


def purge_redirect(sender, instance, **kwargs):
    if purging_enabled() and instance.old_path:
        old_path = "/" + instance.old_path.strip("/")
        purge_after_commit({old_path, old_path.rstrip("/") + "/"})


def purge_everything(sender, instance, created=False, update_fields=None, **kwargs):
    # A save of some fields only is Wagtail's own bookkeeping (an image's or document's
    # file size or hash, filled in later), which no page shows.
    if purging_enabled() and not created and update_fields is None:
        purge_after_commit({EVERYTHING})
