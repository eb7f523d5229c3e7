"""Building content in bulk without indexing it object by object.

Wagtail indexes a page at every save (the search backends, a task per save) and refreshes
its references (the reference index): a page saved four times on its way to being published
is indexed four times by each backend. A bulk build (the demo, an import of test stories)
defers both, as Wagtail's own fixture loading does, and rebuilds each index once at the end.
"""

from contextlib import contextmanager

from django.conf import settings
from django.test.utils import override_settings
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def unindexed():
    """Objects saved meanwhile are left out of the search indexes (each backend's
    ``AUTO_UPDATE: False``, which modelsearch reads at every save) and of the reference
    index. The caller rebuilds them (``update_index``, ``rebuild_references_index``) or
    does not need them."""
    backends = {
        alias: {**config, "AUTO_UPDATE": False}
        for alias, config in settings.WAGTAILSEARCH_BACKENDS.items()
    }
    with override_settings(WAGTAILSEARCH_BACKENDS=backends), disable_reference_index_auto_update():
        yield
