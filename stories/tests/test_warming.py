"""The worker's warm-up after a publish (stories.tasks): queued once per transaction, after
the content version's last bump, and only where a worker runs the queue."""

import pickle

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from core import cache as core_cache
from core import page_cache, warming
from core.cache import bump_content_version
from core.warming import render_for_readers
from stories import tasks
from stories.models import HashtagPage, ReportPage, StoryIndexPage, StoryPage

pytestmark = pytest.mark.django_db

WORKER_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def publish_two_stories_in_one_transaction(italian):
    with transaction.atomic():
        for story in StoryPage.objects.live().filter(locale=italian)[:2]:
            story.save_revision().publish()


def test_publishes_in_one_transaction_queue_one_warm_up_after_the_last_bump(
    django_capture_on_commit_callbacks, italian
):
    with (
        override_settings(TASKS=WORKER_QUEUE),
        django_capture_on_commit_callbacks() as callbacks,
    ):
        publish_two_stories_in_one_transaction(italian)
    warm_ups = [i for i, callback in enumerate(callbacks) if callback is tasks._enqueue_warming]
    bumps = [i for i, callback in enumerate(callbacks) if callback is core_cache._bump]
    assert len(warm_ups) == 1
    assert bumps and warm_ups[0] > max(bumps)


def test_without_a_worker_nothing_is_queued(django_capture_on_commit_callbacks, italian):
    with django_capture_on_commit_callbacks() as callbacks:
        publish_two_stories_in_one_transaction(italian)
    assert tasks._enqueue_warming not in callbacks
    assert not any(isinstance(callback, tasks.PendingPages) for callback in callbacks)


# -- The pages a publish touches, rendered by the worker (stories.tasks.warm_pages) ---------


def first_story(italian):
    """The story the speed benchmark publishes."""
    return StoryPage.objects.live().filter(locale=italian).order_by("path").first()


def reader_queries(client, url):
    """Queries of a reader's request from a web process that has read nothing yet (its
    browser names the host, as the test client does not by itself)."""
    core_cache._seen.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, HTTP_HOST="testserver")
    assert response.status_code == 200
    return len(context.captured_queries)


def test_a_story_touches_its_languages_homes_listings_and_explorer(italian, english):
    story = first_story(italian)
    paths = tasks.touched_paths([story.pk])
    translation = story.get_translation(english)
    hashtags = HashtagPage.objects.filter(story_links__page=story, live=True)
    index = StoryIndexPage.objects.get(locale=italian)
    expected = {
        story.url,
        translation.url,
        "/it/",
        "/en/",
        index.url,
        *(hashtag.url for hashtag in hashtags),
        *(f"{index.url}?hashtag={hashtag.slug}" for hashtag in hashtags),
        *(report.url for report in ReportPage.objects.live().filter(story_links__story=story)),
    }
    assert expected <= set(paths)
    assert len(paths) == len(set(paths)) <= tasks.MAX_WARMED_PAGES
    # The pages shared by many come first.
    assert paths.index("/it/") < paths.index(story.url)


def test_a_story_touches_its_languages_feeds_and_the_sitemap_pages_listing_it(italian):
    story = first_story(italian)
    paths = tasks.touched_paths([story.pk])
    outputs = [
        "/it/feed/storie/rss/",
        "/it/feed/storie/atom/",
        "/en/feeds/stories/rss/",
        "/en/feeds/stories/atom/",
        "/sitemap.xml",
        "/sitemap-it.xml",
        "/sitemap-en.xml",
    ]
    assert set(outputs) <= set(paths)
    # Shared by every reader: after the shared pages, before the story's own.
    assert paths.index("/it/") < paths.index("/sitemap.xml") < paths.index(story.url)


def test_an_output_that_cannot_say_its_paths_is_logged_and_skipped(monkeypatch, caplog):
    def broken(pages):
        raise RuntimeError("no sitemap")

    monkeypatch.setattr(warming, "_output_path_finders", [broken, lambda pages: ["/a/", "/a/"]])
    assert warming.output_paths([]) == ["/a/"]
    assert "no sitemap" in caplog.text


@pytest.mark.parametrize("url", ["/it/feed/storie/rss/", "/sitemap-it.xml"])
def test_after_the_warm_up_a_feed_and_a_sitemap_section_are_read_not_made(client, url):
    bump_content_version()
    cold = reader_queries(client, url)
    bump_content_version()
    assert render_for_readers([url]) == 1
    assert reader_queries(client, url) < cold


def test_after_the_warm_up_the_first_reader_queries_as_little_as_on_a_warm_view(client, italian):
    story = first_story(italian)
    hashtag = HashtagPage.objects.filter(story_links__page=story, live=True).first()
    urls = [
        story.url,
        "/it/",
        hashtag.url,
        story.get_translation(Locale.objects.get(language_code="en")).url,
    ]
    bump_content_version()  # a publish without its warm-up
    cold = {url: reader_queries(client, url) for url in urls}
    bump_content_version()
    # Those of the pages warm_pages renders that are measured here (the whole list costs
    # some forty renders; test_a_story_touches_… checks what it holds).
    touched = [path for path in tasks.touched_paths([story.pk]) if path in urls]
    assert render_for_readers(touched) == len(urls)
    first = {url: reader_queries(client, url) for url in urls}
    warm = {url: reader_queries(client, url) for url in urls}
    assert first == warm
    assert all(first[url] < cold[url] for url in urls), (cold, first)


def test_the_warm_up_keeps_the_filtered_explorer_views_it_renders(client, italian):
    touched = tasks.touched_paths([first_story(italian).pk])
    [explorer, *_] = [path for path in touched if "?" in path]
    bump_content_version()
    assert render_for_readers([explorer]) == 1
    # A web process that has rendered no view yet (a reader's view is kept only at its second
    # render there): it finds the worker's.
    core_cache.forget_variants()
    first = reader_queries(client, explorer)
    reader_queries(client, explorer)
    assert first == reader_queries(client, explorer)


@pytest.mark.parametrize(
    "language, hashtags",
    [("it", ["comunita", "innovazione"]), ("en", ["community", "innovation"])],
)
def test_the_views_readers_come_back_to_are_warmed_after_a_publish(
    client, italian, language, hashtags
):
    """A filtered, sorted view no publish names: kept at a reader's second request, it is
    remembered, and the worker renders it again after the next publish."""
    core_cache.forget_variants()
    index = StoryIndexPage.objects.get(locale__language_code=language).url
    first, second = hashtags
    view = f"{index}?hashtag={second}&hashtag={first}&sort=title"
    address = f"{index}?hashtag={first}&hashtag={second}&sort=title"  # as its links write it
    client.get(view)
    assert address not in core_cache.readers_variants()
    client.get(view)
    assert core_cache.readers_variants()[0] == address
    bump_content_version()
    assert tasks.warm_pages.call([first_story(italian).pk]) > 0
    # A web process that has rendered nothing: the worker's copy answers the first reader.
    core_cache.forget_variants()
    first = reader_queries(client, view)
    reader_queries(client, view)
    assert first == reader_queries(client, view)


class SharedCacheReads:
    """Counts the round trips to the shared cache (with the database cache, a query each):
    the calls made from outside it (the tests' memory cache answers ``get_many`` with a
    ``get`` per key, which the database cache and Redis do in one)."""

    def __init__(self, monkeypatch):
        self.count = 0
        self.depth = 0
        shared = caches["default"]
        for name in ("get", "get_many", "get_or_set"):
            monkeypatch.setattr(shared, name, self.counting(getattr(shared, name)))

    def counting(self, method):
        def counted(*args, **kwargs):
            self.count += self.depth == 0
            self.depth += 1
            try:
                return method(*args, **kwargs)
            finally:
                self.depth -= 1

        return counted

    def of(self, client, url):
        before = self.count
        assert client.get(url, HTTP_HOST="testserver").status_code == 200
        return self.count - before


def test_a_process_reads_a_page_s_pieces_in_one_round_trip_after_a_publish(
    client, italian, english, monkeypatch
):
    """The pieces a web process read for an address last time are asked for together on
    its first view under a new content version: one round trip more than a warm view,
    not one per piece."""
    story = first_story(italian)
    index = StoryIndexPage.objects.get(locale=english)
    urls = [story.url, story.get_translation(english).url, "/it/", f"{index.url}?hashtag=community"]
    reads = SharedCacheReads(monkeypatch)
    for url in urls:
        reads.of(client, url)
        reads.of(client, url)
    warm = {url: reads.of(client, url) for url in urls}
    bump_content_version()
    assert render_for_readers(urls) == len(urls)  # the worker
    # This web process: nothing read under the new version, its addresses remembered.
    core_cache._seen.clear()
    core_cache.forget_variants()
    first = {url: reads.of(client, url) for url in urls}
    assert first == {url: warm[url] + 1 for url in urls}
    # A process that has not shown the address reads each piece where the page needs it.
    bump_content_version()
    assert render_for_readers(urls) == len(urls)
    core_cache._seen.clear()
    core_cache.forget_pieces_of_addresses()
    assert reads.of(client, story.url) > warm[story.url] + 2


def test_the_pieces_remembered_are_bounded(client, italian, monkeypatch):
    # The same memory with room for 20 addresses (the site's has 1,000): made-up query
    # strings push out the oldest, and none holds more than its bound of pieces.
    small = LocMemCache("pieces-of-address-test", {"OPTIONS": {"MAX_ENTRIES": 20}})
    monkeypatch.setattr(core_cache, "_pieces_of_address", small)
    monkeypatch.setattr(core_cache, "PIECES_PER_ADDRESS", 3)
    story = first_story(italian)
    for number in range(30):
        client.get(f"{story.url}?utm_source={number}", HTTP_HOST="testserver")
    assert 0 < len(small._cache) <= 20
    assert all(len(pickle.loads(value)) == 3 for value in small._cache.values())


def test_readers_variants_are_bounded():
    for number in range(core_cache.READERS_VARIANTS + 5):
        core_cache.remember_readers_variant(f"/it/storie/?page={number}")
    core_cache.remember_readers_variant("/it/storie/?hashtag=" + "x" * 600)
    remembered = core_cache.readers_variants()
    assert len(remembered) == core_cache.READERS_VARIANTS
    assert remembered[0] == f"/it/storie/?page={core_cache.READERS_VARIANTS + 4}"


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 600
    page_cache.reset()
    yield
    page_cache.reset()


@pytest.mark.usefixtures("page_cache_on")
def test_with_the_page_cache_the_warm_up_keeps_the_whole_page(client, editor, italian):
    story = first_story(italian)
    bump_content_version()
    assert render_for_readers([story.url]) == 1
    # An anonymous reader's request is answered from the copy: no view, no query.
    assert reader_queries(client, story.url) == 0
    # Never an editor's page: the warm-up sent no session, and an editor's request is
    # rendered for them, not answered from the copy.
    client.force_login(editor)
    with CaptureQueriesContext(connection) as context:
        assert client.get(story.url).status_code == 200
    assert len(context.captured_queries) > 0


def test_a_page_is_rendered_once_per_content_version(italian):
    story = first_story(italian)
    bump_content_version()
    assert render_for_readers([story.url, "/it/"]) == 2
    # A second publish's warm-up, before any new publish: nothing to render again.
    with CaptureQueriesContext(connection) as context:
        assert render_for_readers([story.url, "/it/"]) == 0
    assert len(context.captured_queries) == 0
    bump_content_version()
    assert render_for_readers([story.url, "/it/"]) == 2


def test_a_failing_warm_up_is_logged_and_never_raises(italian, monkeypatch, caplog):
    story = first_story(italian)
    bump_content_version()
    assert render_for_readers(["/it/no-such-page/", "/it/"]) == 1
    assert "answered 404" in caplog.text

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    bump_content_version()
    monkeypatch.setattr(warming._Handler, "get_response", broken)
    assert render_for_readers(["/it/"]) == 0
    monkeypatch.setattr(tasks, "touched_paths", broken)
    assert tasks.warm_pages.call([story.pk]) == 0
    failures = [r for r in caplog.records if r.exc_info and "database gone" in str(r.exc_info[1])]
    assert [r.name for r in failures] == ["core.warming", "stories.tasks"]


def test_publishes_in_one_transaction_queue_one_page_warm_up_with_every_page(
    django_capture_on_commit_callbacks, italian
):
    with (
        override_settings(TASKS=WORKER_QUEUE),
        django_capture_on_commit_callbacks() as callbacks,
    ):
        publish_two_stories_in_one_transaction(italian)
    pending = [c for c in callbacks if isinstance(c, tasks.PendingPages)]
    assert len(pending) == 1
    assert len(pending[0].ids) >= 2
    bumps = [i for i, callback in enumerate(callbacks) if callback is core_cache._bump]
    assert callbacks.index(pending[0]) > max(bumps)


def test_a_warm_up_that_cannot_be_queued_does_not_break_the_publish(
    django_capture_on_commit_callbacks, italian, monkeypatch, caplog
):
    queued_task = tasks.warm_pages

    class UnreachableQueue:
        def get_backend(self):
            return queued_task.get_backend()

        def enqueue(self, *args, **kwargs):
            raise ConnectionError("queue unreachable")

    monkeypatch.setattr(tasks, "warm_pages", UnreachableQueue())
    with (
        override_settings(TASKS=WORKER_QUEUE),
        django_capture_on_commit_callbacks(execute=True),
    ):
        publish_two_stories_in_one_transaction(italian)
    assert "queue unreachable" in caplog.text
