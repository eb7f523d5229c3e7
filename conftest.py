"""Fixtures for every test folder: each app's tests/ and the integration tests in tests/."""

import functools
import gc
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.transaction import Atomic
from django.test import Client, TransactionTestCase
from django.test.utils import setup_databases, teardown_databases
from wagtail.models import Locale, Page
from wagtail.users.models import UserProfile

from core import cache as core_cache
from core import task_coalescing
from scripts.demo_site import save_seed

BROWSER_TESTS_DIR = Path(__file__).resolve().parent / "tests" / "browser"
DEMO_SEED = pytest.StashKey[Path | None]()
DEMO_CACHES = pytest.StashKey[dict]()


# The proxy tests: Varnish, and nginx in front of gunicorn.
PROXY_TESTS = {
    Path(__file__).resolve().parent / "tests" / name
    for name in ("test_varnish.py", "test_nginx.py")
}


def pytest_configure(config):
    """Python's cycle collector ran some 4,600 times in 195 tests (every 700 allocations),
    8% of the test process's CPU, mostly walking the same long-lived objects (Django's and
    Wagtail's modules, the demo's compiled templates). Collecting less often, and never
    walking again what the session's setup left (``gc.freeze`` in ``django_db_setup``),
    cut it to 59 collections; the tests still free their own cycles."""
    gc.set_threshold(50_000, 20, 20)
    commit_index_tasks_at_the_end_of_a_block()


def commit_index_tasks_at_the_end_of_a_block():
    """The index tasks gathered in a transaction (core.task_coalescing) run when it commits.
    A test's transaction never does: each test runs inside the test case's own atomic
    blocks, which are rolled back. So a test's outermost block of its own (a publish, an
    admin view's save) runs its gathered batches when it ends, where production would
    commit; before this, each save indexed its page at once, 13 times per publish (about a
    sixth of the suite's CPU). Django's ``Atomic`` marks the test case's blocks
    ``_from_testcase`` (docs/upstream.md; fingerprints in core/tests/test_task_coalescing.py).
    """
    original_exit = Atomic.__exit__

    @functools.wraps(original_exit)
    def __exit__(self, exc_type, exc_value, traceback):
        result = original_exit(self, exc_type, exc_value, traceback)
        if exc_type is None and not self._from_testcase:
            block_connection = transaction.get_connection(self.using)
            open_blocks = block_connection.atomic_blocks
            # Only the test case's blocks left open: this block would have committed. One
            # rolled back took its batch off run_on_commit, and nothing runs.
            if open_blocks and all(block._from_testcase for block in open_blocks):
                task_coalescing.run_gathered_batches(block_connection)
        return result

    Atomic.__exit__ = __exit__


def demo_server_tests_selected(session):
    """Tests that serve the demo from a server of their own: the browser tests and the
    proxy tests."""
    return any(
        BROWSER_TESTS_DIR in Path(item.path).parents or Path(item.path) in PROXY_TESTS
        for item in session.items
    )


def pytest_sessionfinish(session):
    """The test settings name the media folders without making them; whatever the session
    stored there goes with it, whichever tests ran."""
    for folder in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT, settings.DATA_FILES_ROOT):
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """Build the demo site once per test session; each test runs in a transaction that is
    rolled back, so every test sees the same demo content.

    On SQLite, when browser tests (or the Varnish test) are to run, a copy of the freshly
    built demo (database and media) is kept for their demo server, which then skips migrate
    and load_demo (see ``demo_seed``).

    pytest-django sets up a test database only for tests marked or using ``db``; a session
    of tests that use it outside a transaction only (``core/tests/test_worker_process.py``
    run alone) gets none from it, and is given one here rather than load the demo into
    the database the settings name."""
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    seed = None
    own_test_database = None
    with django_db_blocker.unblock():
        if not test_database_made_by_pytest_django(request.session):
            own_test_database = setup_databases(
                verbosity=0, interactive=False, aliases={DEFAULT_DB_ALIAS}
            )
        call_command("load_demo", verbosity=0)
        make_the_demo_renditions()
        if connection.vendor == "sqlite" and demo_server_tests_selected(request.session):
            seed = save_seed(
                connection, settings.MEDIA_ROOT, tempfile.mkdtemp(prefix="welfare-demo-seed-")
            )
    request.config.stash[DEMO_SEED] = seed
    request.config.stash[DEMO_CACHES] = snapshot_caches()
    # What is alive now lives to the end of the session: out of the collector's sight.
    gc.collect()
    gc.freeze()
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    if seed is not None:
        shutil.rmtree(seed, ignore_errors=True)
    if own_test_database is not None:
        with django_db_blocker.unblock():
            teardown_databases(own_test_database, verbosity=0)


def test_database_made_by_pytest_django(session):
    """Whether pytest-django's own ``django_db_setup`` made the test database: it does when a
    collected test is a Django test case, is marked ``django_db`` or asks for one of its
    database fixtures. (Comparing the connection's name with the test database's name, as
    this once did, told PostgreSQL's ``test_welfare`` from ``test_test_welfare`` and built
    and migrated a second database on every PostgreSQL run.)"""
    database_fixtures = {"db", "transactional_db", "live_server"}
    return any(
        (isinstance(getattr(item, "cls", None), type) and issubclass(item.cls, TransactionTestCase))
        or item.get_closest_marker("django_db") is not None
        or database_fixtures & set(getattr(item, "fixturenames", ()))
        for item in session.items
    )


def make_the_demo_renditions():
    """Render every live page once, so the image renditions its templates ask for exist in
    the committed demo. Otherwise each test, whose transaction is rolled back, would resize
    and encode the same images again: about a fifth of the suite's time went there."""
    client = Client()
    for page in Page.objects.live().filter(depth__gt=1).specific():
        url = page.url
        if url:
            client.get(url)


@pytest.fixture(scope="session")
def demo_seed(request):
    """The demo as this session's SQLite test database held it before any test ran (a folder
    for scripts.demo_site.DemoSite's ``seed``); None when there is none (PostgreSQL, or only
    browser tests selected), and the demo server builds its own SQLite copy. The browser
    tests run last (tests/browser/conftest.py), after the database tests built the demo."""
    return request.config.stash.get(DEMO_SEED, None)


@pytest.fixture
def user_in_group(django_user_model):
    """Makes a user in the given groups, by name or as Group objects (a network's group):
    ``user_in_group("Editors", username="redattrice", language="en")``. ``language`` is
    the admin's language in their account settings; without it they have no profile yet,
    as a new user, and the admin speaks Italian."""

    def make(*groups, username, language=None, email="", **extra):
        user = django_user_model.objects.create_user(
            username, email=email, password="not-used-here", **extra
        )
        for group in groups:
            user.groups.add(group if isinstance(group, Group) else Group.objects.get(name=group))
        if language is not None:
            UserProfile.objects.create(user=user, preferred_language=language)
        return user

    return make


@pytest.fixture
def editor(user_in_group):
    """An editor with an e-mail address: told of each story proposal (a test module that
    needs another editor defines its own)."""
    return user_in_group("Editors", username="editor-anna", email="editor-anna@example.org")


@pytest.fixture
def moderator(user_in_group):
    """A moderator with an e-mail address, told of proposals too."""
    return user_in_group(
        "Moderators", username="moderator-bruno", email="moderator-bruno@example.org"
    )


@pytest.fixture
def italian():
    return Locale.objects.get(language_code="it")


@pytest.fixture
def english():
    return Locale.objects.get(language_code="en")


@pytest.fixture(autouse=True)
def demo_caches(request):
    """Each test starts with the caches as the demo's build left them, every page rendered
    once (what a site holds after its first readers), and never with what another test
    cached: entries are copied back from a snapshot taken before any test ran. Rendering
    every fragment, story index and rendition lookup again in each test took about a tenth
    of the suite's time. A test that wants them cold clears them itself. Without the demo
    (a run of tests that need no database) the caches start empty."""
    snapshot = request.config.stash.get(DEMO_CACHES, {})
    for alias in settings.CACHES:
        restore_cache(caches[alias], snapshot.get(alias))
    # What each process has read of the shared cache (core.cache): read again.
    core_cache._seen.clear()
    # The open data files are kept under the content version, which the snapshot restores:
    # another test's file would be served for it (opendata/files.py).
    shutil.rmtree(settings.DATA_FILES_ROOT, ignore_errors=True)
    core_cache.forget_variants()
    core_cache.forget_pieces_of_addresses()
    core_cache.ProcessMemo.forget_all()


def snapshot_caches():
    """The tests' memory caches (settings.test) as (entries, seconds each had left). Kept
    relative: a test that runs long after the snapshot (a slow machine) gets the entries
    with the time they had, not entries expired meanwhile, which changed query counts."""
    now = time.time()
    return {
        alias: (
            dict(caches[alias]._cache),
            {
                key: None if expiry is None else expiry - now
                for key, expiry in caches[alias]._expire_info.items()
            },
        )
        for alias in settings.CACHES
    }


def restore_cache(cache, snapshot):
    """Puts ``snapshot`` back into a memory cache in place: every LocMemCache of the same
    location shares these dictionaries."""
    with cache._lock:
        cache._cache.clear()
        cache._expire_info.clear()
        if snapshot is not None:
            entries, seconds_left = snapshot
            now = time.time()
            cache._cache.update(entries)
            cache._expire_info.update(
                (key, None if left is None else now + left) for key, left in seconds_left.items()
            )
