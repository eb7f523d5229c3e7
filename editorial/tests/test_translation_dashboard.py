"""The translation dashboard (/admin/translations/): the state of the English version of
every Italian story, report and programme, with links into wagtail-localize."""

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from editorial.permissions import grant_network_editors
from stories.factories import ProgrammeStoryIndexPageFactory
from stories.models import ProgrammePage, ReportPage, StoryPage
from tests.helpers import publish_story_like

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/translations/"
SOURCE_MODELS = (StoryPage, ReportPage, ProgrammePage)


class DashboardParser(HTMLParser):
    """Reads the dashboard's table: one entry per row, keyed by the Italian page's id, with
    its status, the text of its cells and its links; also the header cells and totals."""

    def __init__(self):
        super().__init__()
        self.rows = {}
        self.header_cells = []
        self.row_headers = 0
        self.totals = {}
        self._in_table = False
        self._row = None
        self._in_header = False
        self._in_totals = False
        self._total_href = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "translation-dashboard" in (attrs.get("class") or ""):
            self._in_table = True
        elif tag == "tr" and "data-page-id" in attrs:
            self._row = {"status": attrs["data-status"], "links": [], "text": []}
            self.rows[int(attrs["data-page-id"])] = self._row
        elif tag == "thead" and self._in_table:
            self._in_header = True
        elif tag == "th" and self._in_header:
            self.header_cells.append(attrs.get("scope"))
        elif tag == "th" and self._row is not None:
            self.row_headers += attrs.get("scope") == "row"
        elif tag == "ul" and "translation-dashboard__totals" in (attrs.get("class") or ""):
            self._in_totals = True
        elif tag == "a" and self._in_totals:
            self._total_href, self._text = attrs["href"], []
        elif tag == "a" and self._row is not None:
            self._row["links"].append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "table":
            self._in_table = False
        elif tag == "tr":
            self._row = None
        elif tag == "thead":
            self._in_header = False
        elif tag == "ul":
            self._in_totals = False
        elif tag == "a" and self._total_href:
            label, _, count = " ".join("".join(self._text).split()).rpartition(":")
            self.totals[label] = (int(count), self._total_href)
            self._total_href = None

    def handle_data(self, data):
        if self._row is not None:
            self._row["text"].append(data)
        if self._total_href:
            self._text.append(data)


def read_dashboard(client, query="", status_code=200):
    response = client.get(DASHBOARD + query)
    assert response.status_code == status_code
    parser = DashboardParser()
    parser.feed(response.content.decode())
    for row in parser.rows.values():
        row["text"] = " ".join("".join(row["text"]).split())
    return parser, response.content.decode()


@pytest.fixture
def moderator(client, user_in_group):
    user = user_in_group("Moderators", username="moderatrice", language="en")
    client.force_login(user)
    return user


def italian_source_pages(italian):
    return [page for model in SOURCE_MODELS for page in model.objects.filter(locale=italian)]


def a_story(italian):
    return StoryPage.objects.filter(locale=italian).order_by("pk").first()


def english_translation(page, english):
    return Translation.objects.get(
        source__object_id=page.translation_key, target_locale=english, enabled=True
    )


def test_demo_content_is_all_up_to_date(client, moderator, italian):
    dashboard, _ = read_dashboard(client)
    sources = italian_source_pages(italian)
    assert set(dashboard.rows) == {page.pk for page in sources}
    assert {row["status"] for row in dashboard.rows.values()} == {"up-to-date"}
    assert all("100% (" in row["text"] for row in dashboard.rows.values())
    assert dashboard.totals["Up to date"] == (len(sources), f"{DASHBOARD}?status=up-to-date")
    assert dashboard.totals["Missing"][0] == 0
    assert dashboard.totals["All pages"][0] == len(sources)
    # A real table: column headers, and every row headed by its Italian page.
    assert dashboard.header_cells == ["col"] * 8
    assert dashboard.row_headers == len(sources)
    # The status is written out, not only coloured.
    assert "Up to date" in dashboard.rows[sources[0].pk]["text"]


def test_deleted_english_page_is_missing_with_a_link_to_translate_it(
    client, moderator, italian, english
):
    story = a_story(italian)
    story.get_translation(english).delete()

    dashboard, _ = read_dashboard(client)
    row = dashboard.rows[story.pk]
    assert row["status"] == "missing"
    assert "Missing" in row["text"]
    assert dashboard.totals["Missing"][0] == 1
    translate_url = reverse("wagtail_localize:submit_page_translation", args=[story.pk])
    assert translate_url in row["links"]
    assert client.get(translate_url).status_code == 200
    # Missing ones come first.
    assert next(iter(dashboard.rows)) == story.pk


def test_partly_translated_page_is_in_progress_with_its_percentage(
    client, moderator, italian, english
):
    story = a_story(italian)
    translation = english_translation(story, english)
    segments = list(StringSegment.objects.filter(source=translation.source).order_by("order"))
    # A translator clears three segments in wagtail-localize's editor.
    for segment in segments[:3]:
        url = reverse(
            "wagtail_localize:edit_string_translation",
            kwargs={"translation_id": translation.pk, "string_segment_id": segment.pk},
        )
        assert client.delete(url).status_code == 200

    dashboard, _ = read_dashboard(client)
    row = dashboard.rows[story.pk]
    total = len(segments)
    assert row["status"] == "in-progress"
    assert f"{(total - 3) * 100 // total}% ({total - 3} of {total})" in row["text"]
    assert "Some segments are not translated yet." in row["text"]
    edit_url = reverse("wagtailadmin_pages:edit", args=[story.get_translation(english).pk])
    assert edit_url in row["links"]
    # The English page's edit view is wagtail-localize's translation editor.
    response = client.get(edit_url)
    assert response.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in [t.name for t in response.templates]


def test_translated_changes_not_yet_published_are_in_progress(client, moderator, italian, english):
    story = a_story(italian)
    translation = english_translation(story, english)
    segment = StringSegment.objects.filter(source=translation.source).order_by("order").last()
    url = reverse(
        "wagtail_localize:edit_string_translation",
        kwargs={"translation_id": translation.pk, "string_segment_id": segment.pk},
    )
    response = client.put(
        url, urlencode({"value": "A better sentence."}), "application/x-www-form-urlencoded"
    )
    assert response.status_code == 200

    row = read_dashboard(client)[0].rows[story.pk]
    assert row["status"] == "in-progress"
    assert "100%" in row["text"]
    assert "the latest changes are not published" in row["text"]


def test_unpublished_english_page_is_in_progress(client, moderator, italian, english):
    story = a_story(italian)
    story.get_translation(english).unpublish()

    row = read_dashboard(client)[0].rows[story.pk]
    assert row["status"] == "in-progress"
    assert "the English page is not published" in row["text"]


def test_italian_published_after_the_sync_is_out_of_date_until_synced(
    client, moderator, italian, english
):
    story = a_story(italian)
    story.summary = "Una sintesi riscritta dopo la traduzione, con parole nuove."
    story.save_revision(user=moderator).publish()

    dashboard, _ = read_dashboard(client)
    row = dashboard.rows[story.pk]
    assert row["status"] == "out-of-date"
    assert "Out of date" in row["text"]
    assert dashboard.totals["Out of date"][0] == 1
    source = TranslationSource.objects.get(object_id=story.translation_key, locale=italian)
    sync_url = reverse("wagtail_localize:update_translations", args=[source.pk])
    sync_link = next(link for link in row["links"] if link.startswith(sync_url))
    assert parse_qs(urlsplit(sync_link).query) == {"next": [DASHBOARD]}
    assert client.get(sync_link).status_code == 200

    # Syncing brings the new summary in as a segment still to translate.
    response = client.post(sync_link)
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    row = read_dashboard(client)[0].rows[story.pk]
    assert row["status"] == "in-progress"
    assert "Some segments are not translated yet." in row["text"]


def test_italian_draft_alone_does_not_make_the_translation_out_of_date(client, moderator, italian):
    """Syncing copies the Italian page as published: a draft has nothing to sync yet."""
    story = a_story(italian)
    story.summary = "Una bozza non ancora pubblicata."
    story.save_revision(user=moderator)

    row = read_dashboard(client)[0].rows[story.pk]
    assert row["status"] == "up-to-date"


def test_english_page_outside_the_translation_editor_is_followed_by_dates(
    client, moderator, italian, english
):
    """An English page whose synced translation was stopped is edited in Wagtail's own
    editor: the dashboard compares publishing dates and links to that editor."""
    story = a_story(italian)
    english_page = story.get_translation(english)
    Translation.objects.filter(pk=english_translation(story, english).pk).update(enabled=False)
    edit_url = reverse("wagtailadmin_pages:edit", args=[english_page.pk])

    row = read_dashboard(client)[0].rows[story.pk]
    assert row["status"] == "up-to-date"
    assert "Edit English page" in row["text"]
    assert edit_url in row["links"]

    story.save_revision(user=moderator).publish()
    row = read_dashboard(client)[0].rows[story.pk]
    assert row["status"] == "out-of-date"
    assert "The Italian page was published after the English one." in row["text"]
    # Nothing to sync: the way forward is the English page's editor.
    assert not any("/localize/update/" in link for link in row["links"])
    assert edit_url in row["links"]
    assert client.get(edit_url).status_code == 200


def test_an_english_alias_is_not_a_translation(client, moderator, italian, english):
    story = a_story(italian)
    story.get_translation(english).delete()
    story.copy_for_translation(english, alias=True)

    row = read_dashboard(client)[0].rows[story.pk]
    assert row["status"] == "missing"


def test_page_type_filter(client, moderator, italian):
    dashboard, _ = read_dashboard(client, "?page_type=report")
    reports = ReportPage.objects.filter(locale=italian)
    assert set(dashboard.rows) == {page.pk for page in reports}
    assert dashboard.totals["All pages"][0] == reports.count()


def test_status_filter_keeps_the_other_filters_and_totals(client, moderator, italian, english):
    story = a_story(italian)
    story.get_translation(english).delete()

    dashboard, _ = read_dashboard(client, "?page_type=story&status=missing")
    assert list(dashboard.rows) == [story.pk]
    # Totals count every status of the chosen type, so the other statuses stay reachable.
    stories = StoryPage.objects.filter(locale=italian).count()
    assert dashboard.totals["Up to date"] == (
        stories - 1,
        f"{DASHBOARD}?page_type=story&status=up-to-date",
    )

    dashboard, html = read_dashboard(client, "?page_type=programme&status=missing")
    assert dashboard.rows == {}
    assert "No page matches these filters." in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?status=done", "“done” is not a translation status: choose one from the list."),
        (
            "?page_type=hashtag",
            "“hashtag” is not a page type of this dashboard: choose one from the list.",
        ),
        ("?status=%3Cb%3Ebold%3C/b%3E", "“&lt;b&gt;bold&lt;/b&gt;” is not a translation status"),
        (
            "?live_incomplete=maybe",
            "“maybe” is not a value of this filter: tick the box or leave it.",
        ),
    ],
)
def test_bad_filter_values_get_a_clear_message(client, moderator, query, message):
    dashboard, html = read_dashboard(client, query, status_code=400)
    assert message in html
    assert "The filters could not be applied" in html
    assert dashboard.rows == {}


def test_a_bad_page_number_shows_the_last_page(client, moderator, italian):
    dashboard, _ = read_dashboard(client, "?p=999")
    assert len(dashboard.rows) == len(italian_source_pages(italian))
    dashboard, _ = read_dashboard(client, "?p=abc")
    assert len(dashboard.rows) == len(italian_source_pages(italian))


@pytest.mark.parametrize("group", ["Translators", "Editors", "Moderators"])
def test_menu_item_and_dashboard_are_open_to_every_editorial_group(client, group, user_in_group):
    client.force_login(user_in_group(group, username="persona", language="it"))
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar menu is rendered from JSON props.
    assert '"name": "translations"' in home or '"name":"translations"' in home
    assert DASHBOARD in home
    assert client.get(DASHBOARD).status_code == 200


def test_people_outside_the_admin_are_sent_to_log_in(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_dashboard_speaks_both_admin_languages(client, italian, english, user_in_group):
    story = a_story(italian)
    story.get_translation(english).delete()

    client.force_login(user_in_group("Translators", username="translator", language="en"))
    html = client.get(DASHBOARD).content.decode()
    assert '<html lang="en"' in html
    for text in ("Translations", "Missing", "Up to date", "Machine translation:"):
        assert text in html

    client.force_login(user_in_group("Translators", username="traduttrice", language="it"))
    html = client.get(DASHBOARD).content.decode()
    assert '<html lang="it"' in html
    for text in ("Traduzioni", "Mancante", "Aggiornato", "Traduzione automatica:"):
        assert text in html
    assert "Up to date" not in html


def add_stories(count, italian, english, first_number):
    """Stories beside the demo ones, in every state: a third with no English page, a third
    partly translated (English draft), the rest translated by wagtail-localize."""
    template = a_story(italian)
    hashtags = [link.hashtag for link in template.hashtag_links.all()]
    territories = [link.territory for link in template.territory_links.all()]
    for number in range(first_number, first_number + count):
        story = publish_story_like(template, number, hashtags, territories)
        if number % 3 == 0:
            continue
        source, _ = TranslationSource.get_or_create_from_instance(story)
        translation = Translation.objects.create(source=source, target_locale=english)
        segments = StringSegment.objects.filter(source=source).select_related("string")
        for segment in segments if number % 3 == 2 else segments[:1]:
            StringTranslation.objects.create(
                translation_of=segment.string,
                locale=english,
                context=segment.context,
                data=f"EN {segment.string.data}",
                translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
            )
        translation.save_target(publish=False)


def count_dashboard_queries(client):
    client.get(DASHBOARD)  # warm the caches that live for the process (content types...)
    with CaptureQueriesContext(connection) as context:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_query_count_does_not_grow_with_the_pages(client, moderator, italian, english):
    add_stories(3, italian, english, first_number=0)
    few = count_dashboard_queries(client)
    add_stories(10, italian, english, first_number=3)
    many = count_dashboard_queries(client)
    assert many == few
    # Session, user and admin furniture, plus the dashboard's own five.
    assert few <= 20

    statuses = {row["status"] for row in read_dashboard(client)[0].rows.values()}
    assert statuses == {"missing", "in-progress", "up-to-date"}
    assert Page.objects.filter(locale=english, title__startswith="EN Storia di prova").exists()


def test_drafts_are_listed_only_to_who_may_change_them(client, italian, user_in_group):
    """Live pages are public anyway; a draft's title shows only to users who may change it
    (in Italian or, for translators, in English)."""
    sections = {"own": ProgrammeStoryIndexPageFactory(), "other": ProgrammeStoryIndexPageFactory()}
    drafts = {}
    for name, section in sections.items():
        draft = section.add_child(
            instance=StoryPage(
                title=f"Bozza riservata {section.slug}",
                slug=f"bozza-riservata-{section.slug}",
                summary="Bozza.",
                body=[],
                live=False,
            )
        )
        drafts[name] = draft
    network_editor = user_in_group(grant_network_editors(sections["own"]), username="rete")
    client.force_login(network_editor)
    dashboard, _ = read_dashboard(client, "?" + urlencode({"page_type": "story"}))
    assert drafts["own"].pk in dashboard.rows
    assert drafts["other"].pk not in dashboard.rows
    assert a_story(italian).pk in dashboard.rows  # live: listed for everyone

    client.force_login(user_in_group("Editors", username="redattrice", language=""))
    dashboard, _ = read_dashboard(client, "?" + urlencode({"page_type": "story"}))
    assert {drafts["own"].pk, drafts["other"].pk} <= set(dashboard.rows)
