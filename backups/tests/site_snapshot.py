"""What readers and editors get from a site, reduced to comparable values: the rows of every
model, the objects the brief names, every timestamp, every stored file's bytes, and the
answer to every public address (each live page in both languages, the sitemap, the feeds,
the open data files and API, each document's download).

The tests take it of the original site in their own process and of the restored copy in a
process of its own (``RESTORED_SITE_SCRIPT``, which prints it as JSON).
"""

import hashlib
import re

from django.apps import apps
from django.core.files.storage import storages
from django.db.models import Count, DateTimeField, Sum
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision
from wagtail_localize.models import Translation

from backups.media import site_storages, storage_files
from downloads.models import DownloadCount
from proposals.models import StoryProposal

# The restored site's process (backups/tests/test_backup_restore.py): the restore into a
# fresh site, a second one refused (the site holds content now), a third with --force that
# replaces it; then the snapshot. It prints them as JSON, last of its lines.
RESTORED_SITE_SCRIPT = """
import io, json, sys, time
import django
django.setup()
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from backups.tests.site_snapshot import snapshot
archive = sys.argv[1]
with translation.override("en"):
    fresh, forced = io.StringIO(), io.StringIO()
    started = time.monotonic(), time.process_time()
    call_command("restore", archive, stdout=fresh)
    seconds = time.monotonic() - started[0], time.process_time() - started[1]
    try:
        call_command("restore", archive, stdout=io.StringIO())
        refusal = None
    except CommandError as error:
        refusal = str(error)
    call_command("restore", archive, "--force", stdout=forced)
    print(json.dumps({
        "restore_output": fresh.getvalue(),
        "restore_seconds": seconds,
        "refusal": refusal,
        "forced": forced.getvalue(),
        "snapshot": snapshot(),
    }))
"""


# What changes at every request: a form's token, the time the open data file was made.
PER_REQUEST = [
    re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+"'),
    re.compile(rb'^( "generated": ")[^"]+"', re.MULTILINE),
]


def digest(data):
    return hashlib.sha256(data).hexdigest()


def public_urls():
    urls = [page.url for page in Page.objects.live().filter(depth__gt=1).specific()]
    urls += ["/sitemap.xml", "/sitemap-it.xml", "/sitemap-en.xml", "/robots.txt"]
    urls += ["/data/stories.csv", "/data/stories.json"]
    # Wagtail's API lists at most 20 objects a time.
    for endpoint, count in (
        ("pages", Page.objects.live().count()),
        ("documents", get_document_model().objects.count()),
        ("images", get_image_model().objects.count()),
    ):
        urls += [f"/api/v2/{endpoint}/?limit=20&offset={start}" for start in range(0, count, 20)]
    for language in ("it", "en"):
        with translation.override(language):
            urls += [reverse("story_feed_rss"), reverse("story_feed_atom")]
    urls += [document.url for document in get_document_model().objects.order_by("pk")]
    return sorted(url for url in urls if url)


def answers(urls):
    client = Client()
    result = {}
    for url in urls:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        for pattern in PER_REQUEST:
            body = pattern.sub(rb'\1"', body)
        result[url] = [response.status_code, digest(body)]
    return result


def timestamps():
    """Every date and time of every row, as ISO text (microseconds and offset included)."""
    values = {}
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, DateTimeField)]
        if fields and not model._meta.proxy:
            rows = model._default_manager.order_by("pk").values_list("pk", *fields)
            values[model._meta.label_lower] = [
                [str(pk), *(value.isoformat() if value else None for value in rest)]
                for pk, *rest in rows
            ]
    return values


def snapshot():
    rows = {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy
    }
    named = {
        "pages": Page.objects.count(),
        "live pages": Page.objects.live().count(),
        "revisions": Revision.objects.count(),
        "translations": Translation.objects.count(),
        "pages per language": dict(
            Page.objects.filter(depth__gt=1)
            .values("locale__language_code")
            .annotate(count=Count("pk"))
            .values_list("locale__language_code", "count")
        ),
        "documents": get_document_model().objects.count(),
        "images": get_image_model().objects.count(),
        "proposals": StoryProposal.objects.count(),
        "downloads": DownloadCount.objects.aggregate(total=Sum("count"))["total"] or 0,
    }
    files = {}
    for alias, (storage, skip) in site_storages().items():
        for name in storage_files(storage, skip):
            with storages[alias].open(name, "rb") as content:
                files[f"{alias}/{name}"] = digest(content.read())
    # Last: downloading documents counts them.
    return {
        "rows": rows,
        "named": named,
        "timestamps": timestamps(),
        "files": files,
        "answers": answers(public_urls()),
    }
