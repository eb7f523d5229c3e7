"""Work done after a publish, by the worker (``manage.py run_worker``): the open data files
of the new content version written for the site's public address, so that no reader of
this machine waits for them (``opendata.files``)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django_tasks import task

from core.cache import cache_answers, content_version
from stories.tasks import WARMING_PRIORITY, after_commit_once

from .datasets import DATASETS
from .files import data_file, has_been_read
from .views import FORMATS, write_dataset


def site_request():
    """A request for ``SITE_BASE_URL``'s home, as the site's readers send it: the files'
    addresses are written on its host and scheme."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    secure = address.scheme == "https"
    request = HttpRequest()
    request.path = request.path_info = "/"
    request.META = {
        "HTTP_HOST": address.netloc,
        "SERVER_NAME": address.hostname or "localhost",
        "SERVER_PORT": str(address.port or (443 if secure else 80)),
    }
    if secure and settings.SECURE_PROXY_SSL_HEADER:
        header, value = settings.SECURE_PROXY_SSL_HEADER
        request.META[header] = value
    return request


# After the pages' warm-ups (stories.tasks.WARMING_PRIORITY): a publish's readers come to
# its pages first, and at 10,000 stories writing the files takes seconds.
WRITING_PRIORITY = WARMING_PRIORITY - 10


@task(priority=WRITING_PRIORITY)
def write_data_files():
    """Write the open data files of the current content version that readers of this
    machine have asked for before (a file no one reads costs nothing at each publish), unless
    a process has written them already. Returns how many files are current."""
    version = content_version()
    if not cache_answers(version):
        return 0
    request = site_request()
    written = 0
    for dataset in DATASETS.values():
        for extension in FORMATS:
            filename = f"{dataset.name}.{extension}"
            if not has_been_read(request, filename):
                continue
            data_file(
                request,
                filename,
                version,
                lambda file, dataset=dataset, extension=extension: write_dataset(
                    request, dataset, extension, file
                ),
                background=False,  # the worker has the time
            )
            written += 1
    return written


def _enqueue_writing():
    write_data_files.enqueue()


def queue_writing(**kwargs):
    """Receiver of the signals that change what the files hold."""
    if settings.DATA_FILES_AFTER_PUBLISH:
        after_commit_once(write_data_files, _enqueue_writing)
