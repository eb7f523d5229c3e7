"""Redirects only for addresses readers could have used.

Wagtail's redirects app records a redirect whenever a page's slug changes or a page moves,
even when the page was never published. wagtail-localize creates a translation as a copy of
the Italian page, under the Italian slug, then gives it its translated slug: every first
publish of an English page left a redirect from an address that never served anything
(``/en/storie`` to ``/en/stories``), 30 of them after ``load_demo``.

Wagtail's own receivers are turned off (``WAGTAILREDIRECTS_AUTO_CREATE = False`` in the
settings) and these take their place: they create the same redirects, with Wagtail's
``create_redirects``, for a page that was ever published or that has a page below it that
was. A later slug change or move of a published page still leaves a redirect.
"""

from wagtail.contrib.redirects.signal_handlers import create_redirects
from wagtail.models import Page, Site
from wagtail.signals import page_slug_changed, post_page_move


def was_ever_public(page):
    """Whether an address of ``page``, or of a page below it, could have been read."""
    if page.live or page.first_published_at is not None:
        return True
    return Page.objects.descendant_of(page).filter(first_published_at__isnull=False).exists()


def site_ids_of(page, url_path=None):
    """The sites whose tree holds ``page`` (at ``url_path`` if given)."""
    url_path = url_path or page.url_path
    return {
        root.site_id for root in Site.get_site_root_paths() if url_path.startswith(root.root_path)
    }


def redirect_on_slug_change(sender, instance, instance_before, **kwargs):
    if not was_ever_public(instance_before):
        return
    sites = Site.objects.filter(id__in=site_ids_of(instance)).exclude(root_page=instance)
    create_redirects(page=instance, page_old=instance_before, sites=sites)


def redirect_on_move(sender, instance, url_path_before, url_path_after, **kwargs):
    if url_path_after == url_path_before:  # a reordering among siblings
        return
    instance = instance.specific
    if not was_ever_public(instance):
        return
    # The page as it was, for Wagtail to work out its old addresses.
    page_old = type(instance)()
    page_old.__dict__.update(instance.__dict__)
    page_old.url_path = url_path_before
    # No redirect from one site to another.
    site_ids = site_ids_of(instance) & site_ids_of(instance, url_path_before)
    sites = Site.objects.filter(id__in=site_ids).exclude(root_page=instance)
    create_redirects(page=instance, page_old=page_old, sites=sites)


def connect():
    page_slug_changed.connect(redirect_on_slug_change, dispatch_uid="editorial-redirects-slug")
    post_page_move.connect(redirect_on_move, dispatch_uid="editorial-redirects-move")
