"""The purging app replaces wagtail.contrib.frontend_cache's publish receivers and wraps its
backends (docs/upstream.md). An upgrade that connects those receivers another way (so that
our disconnect misses them) or changes the backends we subclass fails here."""

from unittest import mock

import pytest
from django.apps import apps
from wagtail.contrib.frontend_cache import signal_handlers
from wagtail.contrib.frontend_cache.backends import cloudflare, cloudfront, http
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from tests.upstream import assert_unchanged

pytestmark = pytest.mark.django_db

# Wagtail 8.0.1.
UPSTREAM = [
    (
        signal_handlers.register_signal_handlers,
        "65f8234712668c0f32f580a9815637ee9766ec60516576352bb2561f1ab1f430",
        "purging.apps.PurgingConfig.ready (disconnects these receivers)",
    ),
    (
        http.HTTPBackend,
        "592d7e221ee113e3c7f2cea80a3e57048cf5581e7fbd66cc47ac5868fe96750d",
        "purging.backends.HTTPBackend",
    ),
    (
        cloudflare.CloudflareBackend,
        "a23cad89e82063abc78d942bcce842010e9bf126e13244e49c527be34c2944b4",
        "purging.backends.CloudflareBackend (overrides _purge_urls)",
    ),
    (
        cloudfront.CloudfrontBackend,
        "6bc5d0eb2c11efff3ee50c295ac72a8be03102dd2b52b6eb9d2e79cd70281550",
        "purging.backends.CloudfrontBackend (overrides _create_invalidation)",
    ),
]


@pytest.mark.parametrize(("upstream", "expected", "ours"), UPSTREAM)
def test_the_frontend_cache_code_we_build_on_is_unchanged(upstream, expected, ours):
    assert_unchanged(upstream, expected, ours)


def test_wagtails_own_purge_receivers_are_disconnected_for_every_page_type():
    page = Page.objects.live().filter(depth__gt=1).first()
    page_models = [model for model in apps.get_models() if issubclass(model, Page)]
    assert len(page_models) > 5
    with mock.patch.object(signal_handlers, "purge_page_from_cache") as wagtails_purge:
        for model in page_models:
            page_published.send(sender=model, instance=page, revision=None)
            page_unpublished.send(sender=model, instance=page)
    wagtails_purge.assert_not_called()
