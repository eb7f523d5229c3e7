import shutil

import pytest
from django.conf import settings
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Build the demo site once per test session; each test runs in a transaction that is
    rolled back, so every test sees the same demo content."""
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0)
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def italian():
    from wagtail.models import Locale

    return Locale.objects.get(language_code="it")


@pytest.fixture
def english():
    from wagtail.models import Locale

    return Locale.objects.get(language_code="en")


@pytest.fixture(autouse=True)
def empty_caches():
    """Each test starts with empty fragment and rendition caches, as after a deploy."""
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()
