"""manage.py generate_stories (benchmarks only): bulk-written stories that the site serves as
published ones, in both languages, and that go away again."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from wagtail.models import Page

from demo.generated import generated_stories
from stories.models import StoryPage

pytestmark = pytest.mark.django_db


def planned_rows(table):
    """The rows the query planner believes ``table`` holds, from its last statistics."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # Each of the table's rows there (one per index) begins with the table's size.
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s LIMIT 1", [table])
            row = cursor.fetchone()
            return int(row[0].split()[0]) if row else 0
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return int(cursor.fetchone()[0])


def test_generated_stories_are_live_translated_routable_and_removable(client, admin_user):
    pages_before = Page.objects.count()
    call_command("generate_stories", count=20, update_index=False, verbosity=0)
    italian, english = generated_stories("it"), generated_stories("en")
    assert italian.count() == english.count() == 20
    # The planner's statistics count them, on either database.
    assert planned_rows(StoryPage._meta.db_table) >= 40
    # The tree as treebeard would have built it: paths, depths and child counts.
    assert Page.find_problems() == ([], [], [], [], [])

    story = italian.order_by("path").last()
    translation = story.get_translation(english.first().locale)
    assert translation.slug.startswith("generated-story-")
    assert translation.get_parent().specific.programme == story.programme.get_translation(
        translation.locale
    )
    assert story.live_revision_id == story.latest_revision_id
    assert story.live_revision.as_object().title == story.title
    for page, words in ((story, "storie"), (translation, "stories")):
        response = client.get(page.url)
        assert response.status_code == 200
        assert page.title.encode() in response.content
        assert f"/{words}/" in page.url
        # Linked to live territories and hashtags of its own language.
        assert page.territory_links.filter(territory__locale=page.locale).exists()
        assert page.hashtag_links.filter(hashtag__locale=page.locale).exists()

    # The explorer lists them (newest first, or through a filter) and the admin shows them.
    hashtag = story.hashtag_links.first().hashtag
    listing = client.get(f"{story.get_parent().get_parent().url}?hashtag={hashtag.slug}")
    assert listing.status_code == 200
    client.force_login(admin_user)
    explorer = client.get(reverse("wagtailadmin_explore", args=(story.get_parent().pk,)))
    assert story.title.encode() in explorer.content

    # Asking again for as many adds none; --delete removes them all.
    call_command("generate_stories", count=20, update_index=False, verbosity=0)
    assert italian.count() == 20
    call_command("generate_stories", delete=True, update_index=False, verbosity=0)
    assert Page.objects.count() == pages_before
    assert not StoryPage.objects.filter(slug__startswith="generated-story-").exists()
    assert Page.find_problems() == ([], [], [], [], [])


def test_generate_stories_refuses_the_production_settings():
    with (
        override_settings(SETTINGS_MODULE="site_cms.settings.production"),
        pytest.raises(CommandError, match="--force"),
    ):
        call_command("generate_stories", count=1, verbosity=0)
