"""The worker (``manage.py run_worker``): scheduled publishing and the queued tasks
(proposal e-mails, Wagtail's search index), in process (core/tests/test_worker_process.py runs it
as a real subprocess)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult
from wagtail.models import Revision

from core.worker import Worker
from home.models import HomePage, InformationPage
from proposals.models import StoryProposal
from stories.models import StoryPage
from tests.helpers import post, proposal_page, valid_data

NOTIFY_TASK = "proposals.tasks.notify_editors_of_proposal"
INDEX_TASKS = {"insert_or_update_object_task", "update_reference_index_task"}
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_tasks(settings):
    """Tasks stored in the database, as in production, instead of run at once."""
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def later(monkeypatch):
    """Moves the clock on, for the worker and Wagtail alike (both ask
    ``django.utils.timezone.now``): what was scheduled an hour ahead comes due without
    the test waiting, and with no race against a slow machine."""

    def move_on(delta=timedelta(hours=2)):
        real_now = timezone.now
        monkeypatch.setattr(timezone, "now", lambda: real_now() + delta)

    return move_on


def italian_home():
    return HomePage.objects.get(locale__language_code="it")


def add_information_page(title, slug, **fields):
    page = InformationPage(title=title, slug=slug, intro="Una pagina di prova.", **fields)
    italian_home().add_child(instance=page)
    return page


def schedule(page, go_live_at):
    """What an editor does: set a go-live date in the future and publish."""
    page.go_live_at = go_live_at
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live and page.has_unpublished_changes


def set_expiry(page, expire_at):
    page.expire_at = expire_at
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.live


# --- In process: the worker's rounds against the test database ------------------------


def test_a_round_publishes_what_is_due_and_unpublishes_what_expired(client, later):
    upcoming = add_information_page("Pagina in arrivo", "pagina-in-arrivo", live=False)
    schedule(upcoming, timezone.now() + timedelta(hours=1))
    expiring = add_information_page("Pagina in scadenza", "pagina-in-scadenza")
    set_expiry(expiring, timezone.now() + timedelta(hours=1))
    worker = Worker(interval=0.1)

    assert worker.run_round() == 0  # nothing due yet
    later()
    assert worker.run_round() == 2

    upcoming.refresh_from_db()
    expiring.refresh_from_db()
    assert upcoming.live and not expiring.live and expiring.expired
    assert client.get(upcoming.url).status_code == 200
    assert client.get("/it/pagina-in-scadenza/").status_code == 404
    assert worker.run_round() == 0  # done once


def test_a_revision_that_fails_to_publish_holds_back_nothing_else(
    client, editor, moderator, queued_tasks, monkeypatch, caplog, later
):
    broken = add_information_page("Pagina guasta", "pagina-guasta", live=False)
    schedule(broken, timezone.now() + timedelta(hours=1))
    upcoming = add_information_page("Pagina in arrivo", "pagina-in-arrivo", live=False)
    schedule(upcoming, timezone.now() + timedelta(hours=1))
    assert post(client, proposal_page("it"), valid_data()).status_code == 302
    publish = Revision.publish

    def publish_unless_broken(revision, *args, **kwargs):
        if revision.object_id == str(broken.pk):
            raise ValueError("a hook refused this revision")
        return publish(revision, *args, **kwargs)

    monkeypatch.setattr(Revision, "publish", publish_unless_broken)
    later()
    with caplog.at_level("INFO", logger="site_cms.worker"):
        Worker(interval=0.1).run_round()

    broken.refresh_from_db()
    upcoming.refresh_from_db()
    assert not broken.live and upcoming.live
    [error] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert "Could not publish revision" in error.getMessage() and error.exc_info
    assert DBTaskResult.objects.get(task_path=NOTIFY_TASK).status == TaskResultStatus.SUCCESSFUL
    assert len(mail.outbox) == 2


def test_a_proposal_email_waits_for_the_worker(client, editor, moderator, queued_tasks):
    response = post(client, proposal_page("it"), valid_data())
    assert response.status_code == 302
    assert mail.outbox == []  # the reader did not wait for the mail server
    proposal = StoryProposal.objects.get()
    [task] = DBTaskResult.objects.filter(task_path=NOTIFY_TASK)
    assert task.args_kwargs["args"] == [proposal.pk]
    assert task.status == TaskResultStatus.READY

    assert Worker(interval=0.1).run_round() >= 1  # with Wagtail's index updates

    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.return_value == 2
    assert sorted(message.to[0] for message in mail.outbox) == [editor.email, moderator.email]
    assert "Cooperativa Il Ponte" in mail.outbox[0].subject


def test_a_failing_mail_server_marks_the_task_failed_and_the_worker_goes_on(
    client, editor, queued_tasks, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    # Committed: Wagtail's index tasks are queued when the transaction commits
    # (core/task_coalescing.py).
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, proposal_page("it"), valid_data()).status_code == 302
    with caplog.at_level("INFO", logger="site_cms.worker"):
        Worker(interval=0.1).run_round()
    task = DBTaskResult.objects.get(task_path=NOTIFY_TASK)
    assert task.status == TaskResultStatus.FAILED
    assert "ConnectionRefusedError" in task.exception_class_path
    [record] = [r for r in caplog.records if r.name == "site_cms.worker" and r.levelname == "ERROR"]
    assert NOTIFY_TASK in record.getMessage() and record.exc_info
    # The other tasks of the round (Wagtail's index updates) were done all the same.
    others = DBTaskResult.objects.exclude(task_path=NOTIFY_TASK)
    assert others.exists()
    assert not others.exclude(status=TaskResultStatus.SUCCESSFUL)
    assert StoryProposal.objects.count() == 1  # the proposal is kept all the same


def test_the_public_search_sees_what_the_worker_indexed(
    client, queued_tasks, django_capture_on_commit_callbacks
):
    story = StoryPage.objects.live().filter(locale__language_code="it").first().specific
    word = "ornitorinco"
    search = f"/it/cerca/?q={word}"
    assert story.title not in client.get(search).content.decode()

    story.summary = f"{story.summary} Un {word} tra i volontari."
    # Committed: Wagtail's index update is queued when the transaction commits
    # (core/task_coalescing.py).
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    # Published, but Wagtail's index update is still queued: the search built for this
    # content version cannot know the word yet.
    assert DBTaskResult.objects.filter(task_path__endswith="insert_or_update_object_task")
    assert story.title not in client.get(search).content.decode()

    Worker(interval=0.1).run_round()

    assert story.title in client.get(search).content.decode()


def test_django_tasks_db_worker_runs_the_index_tasks_and_the_search_sees_them(
    client, queued_tasks, django_capture_on_commit_callbacks
):
    """django-tasks-db's own worker (``db_worker``) sends the backend instance, not its
    class, with ``task_started``: the receivers that bump the content version after an index
    task take both (every task failed on it)."""
    story = StoryPage.objects.live().filter(locale__language_code="it").first().specific
    word = "ornitorinco"
    story.summary = f"{story.summary} Un {word} tra i volontari."
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    assert story.title not in client.get(f"/it/cerca/?q={word}").content.decode()

    # What db_worker does with each task it claims (its loop's exclusive transaction cannot
    # open inside the test's).
    worker = DatabaseWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
    )
    # The index tasks, whose receivers failed (the warm-up's renders are other tests').
    index_tasks = [
        task_result
        for task_result in DBTaskResult.objects.ready()
        if task_result.task_path.rsplit(".", 1)[1] in INDEX_TASKS
    ]
    assert {task_result.task_path.rsplit(".", 1)[1] for task_result in index_tasks} == INDEX_TASKS
    for task_result in index_tasks:
        task_result.claim(worker.worker_id)
        worker.run_task(task_result)

    ran = DBTaskResult.objects.filter(pk__in=[task_result.pk for task_result in index_tasks])
    assert {task_result.status for task_result in ran} == {TaskResultStatus.SUCCESSFUL}
    assert story.title in client.get(f"/it/cerca/?q={word}").content.decode()


def test_with_tasks_run_at_once_the_worker_only_publishes(settings):
    worker = Worker(interval=0.1)
    assert not worker.runs_tasks
    assert worker.run_round() == 0
