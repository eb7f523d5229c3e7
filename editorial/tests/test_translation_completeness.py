"""A translation is published only when every segment is translated: through the translation
editor, "Sync translated pages" with "Publish immediately" and the bulk "Publish"; or when an
editor who may publish says so on /admin/translations/<id>/publish-untranslated/, and then
the public page says which parts are in Italian, marked lang="it"."""

from html.parser import HTMLParser

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import translation as i18n
from wagtail.models import PageLogEntry
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from home.models import InformationPage
from stories.models import HashtagPage, ProgrammePage, ReportPage, StoryPage, TerritoryPage
from stories.translation_fallback import FALLBACK_ACTION, is_complete, untranslated_parts

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(user_in_group):
    return user_in_group("Moderators", username="moderatrice", language="en")


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """Posts as the browser does; wagtail-localize publishes once the transaction commits."""

    def post(url, data, as_client=None):
        with django_capture_on_commit_callbacks(execute=True):
            return (as_client or client).post(url, data)

    return post


@pytest.fixture
def english_story():
    """A demo story translated in full, with a hero image."""
    return StoryPage.objects.get(locale__language_code="en", slug__startswith="wellfare")


def translation_of(english_page):
    return Translation.objects.get(
        source__object_id=english_page.translation_key,
        target_locale=english_page.locale,
        enabled=True,
    )


def is_alt_text(path):
    return path == "hero_image_alt" or path.endswith(".alt_text")


def forget_all_but_alt_texts(translation):
    """Leaves only the alternative texts translated (the checks need them): as a story
    whose translator has only just started. Returns (translated, total) segments."""
    segments = StringSegment.objects.filter(source=translation.source).select_related("context")
    kept = 0
    for segment in segments:
        if is_alt_text(segment.context.path):
            kept += 1
            continue
        StringTranslation.objects.filter(
            translation_of_id=segment.string_id,
            context_id=segment.context_id,
            locale=translation.target_locale,
        ).delete()
    return kept, len(segments)


def shown_messages(client, response):
    if response.status_code == 302:
        response = client.get(response["Location"])
    return " ".join(str(message.message) for message in get_messages(response.wsgi_request))


def fallback_url(translation):
    return reverse("editorial_publish_untranslated", args=[translation.pk])


class LangCollector(HTMLParser):
    """The tags and ids (or classes) of the elements marked as Italian, leaving out the
    language switcher's links (and what they hold), which always name their language."""

    def __init__(self):
        super().__init__()
        self.marked = []
        self._in_switcher_link = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "hreflang" in attrs:
            self._in_switcher_link = True
        elif attrs.get("lang") == "it" and not self._in_switcher_link:
            self.marked.append((tag, attrs.get("id") or attrs.get("class") or "", attrs["lang"]))

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_switcher_link = False


def lang_marks(html):
    parser = LangCollector()
    parser.feed(html)
    return parser.marked


# --- Refused while incomplete -----------------------------------------------------------


def test_the_translation_editor_refuses_an_incomplete_translation(
    client, post, moderator, english_story
):
    translation = translation_of(english_story)
    translated, total = forget_all_but_alt_texts(translation)
    assert 0 < translated < total
    live_revision, title = english_story.live_revision_id, english_story.title
    edit_url = reverse("wagtailadmin_pages:edit", args=[english_story.pk])

    client.force_login(moderator)
    response = post(edit_url, {"action": "publish"})
    assert (response.status_code, response["Location"]) == (302, edit_url)
    english_story.refresh_from_db()
    assert english_story.live_revision_id == live_revision
    assert english_story.title == title  # not the Italian one
    shown = shown_messages(client, response)
    assert f"was not published: {translated} of {total} segments are translated." in shown
    # The way to publish anyway, offered to who may publish.
    assert fallback_url(translation) in shown


def test_a_sync_with_publish_does_not_publish_an_incomplete_translation(
    client, post, moderator, english_story
):
    italian = english_story.get_translation(translation_of(english_story).source.locale)
    italian.summary = (
        "Una sintesi riscritta dopo la traduzione: nuovi sportelli per le famiglie fragili."
    )
    italian.save_revision().publish()
    translation = translation_of(english_story)
    live_revision = english_story.live_revision_id

    client.force_login(moderator)
    url = reverse("wagtail_localize:update_translations", args=[translation.source_id])
    response = post(url, {"publish_translations": "on"})
    assert response.status_code == 302
    english_story.refresh_from_db()
    assert english_story.live_revision_id == live_revision
    assert english_story.summary != italian.summary
    shown = shown_messages(client, response)
    assert "was synced but not published:" in shown
    assert fallback_url(translation) in shown


def unpublished_draft(english_page, translation, user):
    """The English page taken offline, then a draft saved from the translation as
    wagtail-localize saves one (untranslated segments in Italian). Saving a draft of a live
    page would write into its live row: wagtail-localize saves the page itself."""
    english_page.unpublish()
    translation.save_target(user=user, publish=False)
    english_page.refresh_from_db()
    assert not english_page.live
    return english_page


def test_bulk_publishing_refuses_an_incomplete_translation(client, moderator, english_story):
    translation = translation_of(english_story)
    forget_all_but_alt_texts(translation)
    english_story = unpublished_draft(english_story, translation, moderator)

    client.force_login(moderator)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    explorer = reverse("wagtailadmin_explore", args=(english_story.get_parent().pk,))
    response = client.post(f"{url}?id={english_story.pk}&next={explorer}", {})
    assert response.status_code == 302
    english_story.refresh_from_db()
    assert not english_story.live
    shown = shown_messages(client, response)
    assert "Nothing was published." in shown and "segments are translated" in shown


# --- The explicit override ----------------------------------------------------------------


def test_only_who_may_publish_reaches_the_override(client, english_story, user_in_group):
    translation = translation_of(english_story)
    forget_all_but_alt_texts(translation)
    for group in ("Translators", "Editors"):
        client.force_login(user_in_group(group, username=f"persona-{group}", language="en"))
        for response in (
            client.get(fallback_url(translation)),
            client.post(fallback_url(translation)),
        ):
            assert (response.status_code, response["Location"]) == (
                302,
                reverse("wagtailadmin_home"),
            )
    english_story.refresh_from_db()
    assert not PageLogEntry.objects.filter(action=FALLBACK_ACTION).exists()


def test_the_override_answers_bad_requests_with_4xx(client, moderator, english_story):
    translation = translation_of(english_story)
    client.force_login(moderator)
    missing = reverse("editorial_publish_untranslated", args=[translation.pk + 10_000])
    assert client.get(missing).status_code == 404
    assert client.put(fallback_url(translation)).status_code == 405
    # The POST needs the form's CSRF token.
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(moderator)
    assert strict.post(fallback_url(translation)).status_code == 403


def test_an_override_publishes_and_the_page_says_what_is_in_italian(
    client, post, moderator, english_story
):
    translation = translation_of(english_story)
    translated, total = forget_all_but_alt_texts(translation)
    italian = english_story.get_translation(translation.source.locale)

    client.force_login(moderator)
    page = client.get(fallback_url(translation))
    assert page.status_code == 200
    html = page.content.decode()
    assert f"{translated} of {total} segments are translated." in html
    for label in ("Title", "Summary", "Body"):
        assert f"<li>{label}</li>" in html

    response = post(fallback_url(translation), {})
    assert response.status_code == 302
    english_story.refresh_from_db()
    assert english_story.title == italian.title
    log = PageLogEntry.objects.get(action=FALLBACK_ACTION, page=english_story)
    assert log.revision_id == english_story.live_revision_id
    assert log.user == moderator
    assert "summary" in log.data["untranslated"]
    assert "was published with untranslated parts in Italian" in shown_messages(client, response)

    # Readers: the Italian parts carry lang="it" and a note says which they are.
    client.logout()
    response = client.get(english_story.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    marks = lang_marks(html)
    assert ("h1", "story-title", "it") in marks
    assert ("p", "lead", "it") in marks
    body_blocks = [block for block in italian.body if block.block_type != "image"]
    assert marks.count(("div", "untranslated", "it")) >= len(body_blocks) > 0
    assert "Parts of this page are not translated yet and are shown in Italian." in html
    assert "Not translated yet: Title, " in html
    # The alternative text is translated: the image is not marked.
    assert not any(tag == "img" for tag, _, _ in marks)

    with i18n.override("en"):
        parts = untranslated_parts(english_story)
    assert parts and parts.covers("summary") and not parts.covers("hero_image_alt")


def test_a_translated_page_carries_no_marks(client, english_story):
    html = client.get(english_story.url).content.decode()
    assert lang_marks(html) == []
    assert "not translated yet" not in html


def test_a_later_complete_publish_drops_the_marks(client, post, moderator, english_story):
    translation = translation_of(english_story)
    forget_all_but_alt_texts(translation)
    client.force_login(moderator)
    post(fallback_url(translation), {})
    english_story.refresh_from_db()
    with i18n.override("en"):
        assert untranslated_parts(english_story)

    # The translator finishes; the translation editor's "Publish" now goes through.
    for segment in StringSegment.objects.filter(source=translation.source).select_related(
        "string", "context"
    ):
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            context=segment.context,
            locale=translation.target_locale,
            defaults={"data": f"EN {segment.string.data}"},
        )
    edit_url = reverse("wagtailadmin_pages:edit", args=[english_story.pk])
    post(edit_url, {"action": "publish"})
    english_story.refresh_from_db()
    assert english_story.title.startswith("EN ")
    with i18n.override("en"):
        assert not untranslated_parts(english_story)
    client.logout()
    html = client.get(english_story.url).content.decode()
    assert lang_marks(html) == []


# --- The translation dashboard ------------------------------------------------------------


def dashboard_rows(client, query=""):
    """The dashboard's rows, by Italian page id: whether each is flagged live but incomplete,
    and its HTML."""
    html = client.get("/admin/translations/" + query).content.decode()
    rows = {}
    for chunk in html.split("<tr ")[1:]:
        if 'data-page-id="' not in chunk.split(">", 1)[0]:
            continue
        page_id = int(chunk.split('data-page-id="', 1)[1].split('"', 1)[0])
        rows[page_id] = ('data-live-incomplete="true"' in chunk.split(">", 1)[0], chunk)
    return rows, html


def test_the_dashboard_flags_live_pages_that_are_incomplete(client, post, moderator, english_story):
    translation = translation_of(english_story)
    italian = english_story.get_translation(translation.source.locale)
    client.force_login(moderator)
    rows, html = dashboard_rows(client)
    assert not any(flagged for flagged, _ in rows.values())
    assert "Live but incomplete: <strong>0</strong>" in html

    # Live, and the translator has only just started over.
    forget_all_but_alt_texts(translation)
    rows, html = dashboard_rows(client)
    flagged, row = rows[italian.pk]
    assert flagged
    assert "The English page is live while some segments are not translated." in row
    assert "Live but incomplete: <strong>1</strong>" in html
    assert [page_id for page_id, (flagged, _) in rows.items() if flagged] == [italian.pk]
    only, _ = dashboard_rows(client, "?live_incomplete=on")
    assert list(only) == [italian.pk]

    # Published anyway: still flagged, and the reason says readers are told.
    post(fallback_url(translation), {})
    flagged, row = dashboard_rows(client)[0][italian.pk]
    assert flagged
    assert "Published with untranslated parts: readers see them in Italian" in row


# --- A workflow's approval ----------------------------------------------------------------


def start_workflow(page, user):
    workflow = page.get_workflow()
    assert workflow is not None  # the whole tree goes through "Moderators approval"
    workflow.start(page, user)
    page.refresh_from_db()
    return page.current_workflow_task_state


def approve_url(page, task_state):
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])


def approve_in_workflow(client, post, moderator, page):
    """Start the moderation workflow on ``page`` and approve it as ``moderator`` through
    the admin's own view; ``page`` is refreshed, the messages shown are returned."""
    task_state = start_workflow(page, moderator)
    client.force_login(moderator)
    response = post(approve_url(page, task_state), {})
    assert response.status_code == 302
    page.refresh_from_db()
    return shown_messages(client, response)


def test_a_workflow_approval_does_not_publish_an_incomplete_translation(
    client, post, moderator, english_story
):
    translation = translation_of(english_story)
    forget_all_but_alt_texts(translation)
    english_story = unpublished_draft(english_story, translation, moderator)
    shown = approve_in_workflow(client, post, moderator, english_story)
    assert not english_story.live
    assert english_story.workflow_in_progress
    assert "segments are translated" in shown


def test_a_workflow_approval_publishes_a_complete_translation(
    client, post, moderator, english_story
):
    translation = translation_of(english_story)
    english_story = unpublished_draft(english_story, translation, moderator)
    approve_in_workflow(client, post, moderator, english_story)
    assert english_story.live
    assert not english_story.workflow_in_progress


def test_other_page_types_mark_their_italian_parts_too(client, post, moderator):
    hashtag, _italian = publish_untranslated(client, post, moderator, HashtagPage)
    html = client.get(hashtag.url).content.decode()
    marks = lang_marks(html)
    assert ("h1", "", "it") in marks
    assert ("p", "page-intro__lead", "it") in marks
    assert "Parts of this page are not translated yet and are shown in Italian." in html


# --- A revision saved before the translator finished ----------------------------------------


def finish_translating(translation):
    """The translator translates every segment in the translation editor, which saves
    StringTranslation rows and no revision."""
    for segment in StringSegment.objects.filter(source=translation.source).select_related(
        "string", "context"
    ):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            context=segment.context,
            locale=translation.target_locale,
            defaults={"data": f"EN {segment.string.data}", "translation_type": "manual"},
        )


def draft_with_italian_stand_ins_then_finished(english_story, moderator):
    """A sync saved a revision with Italian stand-ins, then the translator finished: the
    segments are all translated, the latest revision still holds the Italian text."""
    translation = translation_of(english_story)
    forget_all_but_alt_texts(translation)
    english_story = unpublished_draft(english_story, translation, moderator)
    italian_title = english_story.get_latest_revision_as_object().title
    assert not italian_title.startswith("EN ")
    finish_translating(translation)
    assert is_complete(translation)
    return english_story, translation, italian_title


def assert_editor_publish_puts_the_translation_live(post, english_story):
    """The remedy the message gives: the translation editor's "Publish" saves and publishes
    the translated text."""
    post(reverse("wagtailadmin_pages:edit", args=[english_story.pk]), {"action": "publish"})
    english_story.refresh_from_db()
    assert english_story.live
    assert english_story.title.startswith("EN ")
    assert not PageLogEntry.objects.filter(action=FALLBACK_ACTION, page=english_story).exists()


def test_bulk_publishing_refuses_a_revision_older_than_the_translation(
    client, post, moderator, english_story
):
    english_story, translation, _ = draft_with_italian_stand_ins_then_finished(
        english_story, moderator
    )
    client.force_login(moderator)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    explorer = reverse("wagtailadmin_explore", args=(english_story.get_parent().pk,))
    response = post(f"{url}?id={english_story.pk}&next={explorer}", {})
    assert response.status_code == 302
    english_story.refresh_from_db()
    assert not english_story.live
    shown = shown_messages(client, response)
    assert "Nothing was published." in shown
    assert "was edited after its latest revision was saved" in shown
    assert "Publish it from the translation editor" in shown

    assert_editor_publish_puts_the_translation_live(post, english_story)


def test_a_workflow_approval_refuses_a_revision_older_than_the_translation(
    client, post, moderator, english_story
):
    english_story, translation, _ = draft_with_italian_stand_ins_then_finished(
        english_story, moderator
    )
    shown = approve_in_workflow(client, post, moderator, english_story)
    assert not english_story.live
    assert english_story.workflow_in_progress
    assert "was edited after its latest revision was saved" in shown
    assert "Publish it from the translation editor" in shown
    assert reverse("wagtailadmin_pages:edit", args=[english_story.pk]) in shown


def test_bulk_publishing_a_revision_saved_after_the_last_edit_goes_through(
    client, post, moderator, english_story
):
    english_story, translation, _ = draft_with_italian_stand_ins_then_finished(
        english_story, moderator
    )
    # A sync (without publishing) saves the finished translation in a new revision.
    translation.save_target(user=moderator, publish=False)
    client.force_login(moderator)
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    explorer = reverse("wagtailadmin_explore", args=(english_story.get_parent().pk,))
    response = post(f"{url}?id={english_story.pk}&next={explorer}", {})
    assert response.status_code == 302
    english_story.refresh_from_db()
    assert english_story.live
    assert english_story.title.startswith("EN ")


# --- Every page type marks what is in Italian ------------------------------------------------


def publish_untranslated(client, post, moderator, page_model, **filters):
    """Publishes the English translation of the first demo ``page_model`` page (matching
    ``filters``) with nothing but its alternative texts translated; returns the English page
    and the Italian one."""
    english_page = (
        page_model.objects.filter(locale__language_code="en", **filters).order_by("pk").first()
    )
    assert english_page is not None
    translation = translation_of(english_page)
    forget_all_but_alt_texts(translation)
    client.force_login(moderator)
    assert post(fallback_url(translation), {}).status_code == 302
    english_page.refresh_from_db()
    italian = english_page.get_translation(translation.source.locale)
    assert english_page.title == italian.title
    client.logout()
    return english_page, italian


def test_a_territory_marks_its_description(client, post, moderator):
    territory, italian = publish_untranslated(
        client, post, moderator, TerritoryPage, population_source__gt=""
    )
    assert territory.description
    html = client.get(territory.url).content.decode()
    marks = lang_marks(html)
    assert ("h1", "", "it") in marks
    assert ("p", "page-intro__lead", "it") in marks
    assert ("span", "", "it") in marks  # the source of the population figure
    assert "Parts of this page are not translated yet and are shown in Italian." in html
    # The site's own English words stay unmarked: the kicker, the facts' terms.
    assert not any(cls == "page-intro__kicker" for _, cls, _ in marks)


def test_an_information_page_marks_its_intro_and_body(client, post, moderator):
    page, italian = publish_untranslated(client, post, moderator, InformationPage)
    html = client.get(page.url).content.decode()
    marks = lang_marks(html)
    assert ("h1", "", "it") in marks
    assert ("p", "page-intro__lead", "it") in marks
    assert marks.count(("div", "untranslated", "it")) == len(italian.body) > 0
    assert "Not translated yet: Title, " in html


def test_a_report_marks_its_intro_and_abstract(client, post, moderator):
    report, italian = publish_untranslated(client, post, moderator, ReportPage)
    html = client.get(report.url).content.decode()
    marks = lang_marks(html)
    assert ("h1", "", "it") in marks
    assert ("div", "prose", "it") in marks  # the abstract
    assert 'id="abstract">Abstract</h2>' in html  # the heading is the site's, in English
    assert not any(tag == "h2" for tag, _, _ in marks)


def test_a_programme_marks_its_summary_and_description(client, post, moderator):
    programme, italian = publish_untranslated(client, post, moderator, ProgrammePage)
    assert italian.description
    marks = lang_marks(client.get(programme.url).content.decode())
    assert ("p", "page-intro__lead", "it") in marks
    assert ("div", "prose", "it") in marks
