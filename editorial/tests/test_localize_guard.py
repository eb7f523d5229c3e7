"""wagtail-localize's "Translate this page" and "Sync translated pages" views follow the
site's page permissions and publishing checks (editorial.localize_views), proved through
the real views on wagtail-localize's own URLs."""

import inspect

import pytest
from django.contrib.messages import get_messages
from django.urls import resolve, reverse
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from editorial import localize_views
from editorial.checks import translation_problems
from editorial.permissions import grant_network_editors
from stories.models import ProgrammeStoryIndexPage, StoryPage

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/translations/"
NEW_SUMMARY = "Una sintesi riscritta dopo la traduzione: nuovi sportelli per le famiglie fragili."
NEW_SUMMARY_EN = "A summary rewritten after the translation: new help desks for families in need."


@pytest.fixture
def translator(user_in_group):
    return user_in_group(
        "Translators", username="traduttrice", email="traduttrice@example.org", language="en"
    )


@pytest.fixture
def moderator(user_in_group):
    return user_in_group(
        "Moderators", username="moderatrice", email="moderatrice@example.org", language="en"
    )


@pytest.fixture
def network_editor(user_in_group):
    """An editor of the Welfare in Azione network."""
    return user_in_group(
        grant_network_editors(section("it", "welfare-in-azione")),
        username="rete.wia",
        email="rete@example.org",
        language="en",
    )


def section(language, programme_slug):
    return ProgrammeStoryIndexPage.objects.get(locale__language_code=language, slug=programme_slug)


def translated_story(programme_slug, with_hero_image=False):
    """An Italian demo story whose English translation is published and passes the checks."""
    stories = StoryPage.objects.child_of(section("it", programme_slug)).live().order_by("pk")
    if with_hero_image:
        stories = stories.filter(hero_image__isnull=False).exclude(hero_image_alt="")
    for story in stories:
        translation = english_translation(story)
        if translation and not translation_problems(translation):
            return story
    raise AssertionError(f"The demo has no translated story in {programme_slug}")


def english_translation(page):
    return Translation.objects.filter(
        source__object_id=page.translation_key, target_locale__language_code="en", enabled=True
    ).first()


def new_italian_story(programme_slug, slug):
    """A story with no English page yet."""
    model_story = StoryPage.objects.child_of(section("it", programme_slug)).first()
    story = section("it", programme_slug).add_child(
        instance=StoryPage(
            title="Una storia appena scritta",
            slug=slug,
            summary=model_story.summary,
            programme=model_story.programme,
            live=False,
        )
    )
    story.save_revision()
    return story


def publish_italian_change(story, **changes):
    for name, value in changes.items():
        setattr(story, name, value)
    story.save_revision().publish()
    story.refresh_from_db()
    return story


def submit_url(page):
    return reverse("wagtail_localize:submit_page_translation", args=[page.pk])


def update_url(translation):
    return reverse("wagtail_localize:update_translations", args=[translation.source_id])


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """Posts as the browser does; wagtail-localize publishes once the transaction commits."""

    def post(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


def assert_denied(response):
    """The admin answers a PermissionDenied with a redirect to its home and a message."""
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))


def message_texts(response):
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


def has_segment(translation, text):
    return StringSegment.objects.filter(source=translation.source, string__data=text).exists()


# --- The paths -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args", "view"),
    [
        ("submit_page_translation", [3], localize_views.SubmitPageTranslationView),
        ("update_translations", [4], localize_views.UpdateTranslationsView),
        ("machine_translate", [5], localize_views.machine_translate),
    ],
)
def test_wagtail_localize_paths_lead_to_the_guarded_views(name, args, view):
    url = reverse(f"wagtail_localize:{name}", args=args)
    assert url.startswith("/admin/localize/")
    view_function = inspect.unwrap(resolve(url).func)  # under the admin's login check
    assert getattr(view_function, "view_class", view_function) is inspect.unwrap(view)


def test_the_guarded_views_need_an_admin_login(client):
    story = translated_story("welfare-in-azione")
    response = client.get(update_url(english_translation(story)))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


# --- Translators ---------------------------------------------------------------------------


def test_a_translator_cannot_publish_english_pages_through_the_sync(post, client, translator):
    story = publish_italian_change(translated_story("welfare-in-azione"), summary=NEW_SUMMARY)
    translation = english_translation(story)
    english = story.get_translation(translation.target_locale)
    live_revision, synced_at = english.live_revision_id, translation.source.last_updated_at

    client.force_login(translator)
    assert_denied(client.get(update_url(translation)))
    assert_denied(post(update_url(translation), {"publish_translations": "on"}))

    english.refresh_from_db()
    assert english.live_revision_id == live_revision
    assert english.summary != NEW_SUMMARY
    translation.source.refresh_from_db()
    assert translation.source.last_updated_at == synced_at
    assert not has_segment(translation, NEW_SUMMARY)


def test_a_translator_cannot_start_translations_of_italian_pages(post, client, translator, english):
    story = new_italian_story("welfare-in-azione", "nuova-per-traduttrice")
    client.force_login(translator)
    assert_denied(client.get(submit_url(story)))
    assert_denied(post(submit_url(story), {"locales": [english.pk]}))
    assert story.get_translation_or_none(english) is None


# --- A network's editors -------------------------------------------------------------------


def test_a_network_editor_cannot_translate_or_sync_another_programme(
    post, client, network_editor, english
):
    new_story = new_italian_story("will", "nuova-storia-will")
    story = publish_italian_change(translated_story("will"), summary=NEW_SUMMARY)
    translation = english_translation(story)
    synced_at = translation.source.last_updated_at

    client.force_login(network_editor)
    assert_denied(client.get(submit_url(new_story)))
    assert_denied(post(submit_url(new_story), {"locales": [english.pk]}))
    assert new_story.get_translation_or_none(english) is None

    assert_denied(client.get(update_url(translation)))
    assert_denied(post(update_url(translation), {"publish_translations": "on"}))
    translation.source.refresh_from_db()
    assert translation.source.last_updated_at == synced_at
    assert not has_segment(translation, NEW_SUMMARY)


def test_a_network_editor_translates_their_own_story(post, client, network_editor, english):
    story = new_italian_story("welfare-in-azione", "nuova-storia-wia")
    client.force_login(network_editor)
    assert client.get(submit_url(story)).status_code == 200
    response = post(submit_url(story), {"locales": [english.pk]})
    assert response.status_code == 302
    english_story = story.get_translation(english)
    assert not english_story.live
    assert english_story.get_parent().pk == section("en", "welfare-in-azione").pk
    assert english_translation(story) is not None


def test_a_network_editor_syncs_their_own_story_but_publishes_nothing(post, client, network_editor):
    story = publish_italian_change(translated_story("welfare-in-azione"), summary=NEW_SUMMARY)
    translation = english_translation(story)
    english = story.get_translation(translation.target_locale)
    live_revision = english.live_revision_id

    client.force_login(network_editor)
    form = client.get(update_url(translation)).content.decode()
    # Not theirs to publish: the option is not offered.
    assert 'type="hidden" name="publish_translations"' in form
    assert 'type="checkbox" name="publish_translations"' not in form

    # Asked for anyway, it syncs and says why nothing was published.
    response = post(update_url(translation), {"publish_translations": "on"})
    assert response.status_code == 302
    assert has_segment(translation, NEW_SUMMARY)
    english.refresh_from_db()
    assert english.live_revision_id == live_revision
    assert english.summary != NEW_SUMMARY
    assert "you do not have permission to publish it" in message_texts(response)


# --- Moderators ----------------------------------------------------------------------------


def test_a_moderator_publishes_a_synced_translation_that_passes_the_checks(post, client, moderator):
    story = publish_italian_change(translated_story("welfare-in-azione"), summary=NEW_SUMMARY)
    translation = english_translation(story)
    english = story.get_translation(translation.target_locale)
    live_revision = english.live_revision_id

    client.force_login(moderator)
    form = client.get(update_url(translation)).content.decode()
    assert 'type="checkbox" name="publish_translations"' in form
    assert "Translations that fail the publishing checks are synced but not published." in form
    response = post(update_url(translation), {"publish_translations": "on"})
    assert response.status_code == 302

    # The new summary is not translated yet: synced, but not published in Italian.
    english.refresh_from_db()
    assert english.live_revision_id == live_revision
    assert "was synced but not published: " in message_texts(response)

    # Once it is translated, the next sync publishes it.
    segment = StringSegment.objects.get(source=translation.source, string__data=NEW_SUMMARY)
    StringTranslation.objects.create(
        translation_of=segment.string,
        context=segment.context,
        locale=translation.target_locale,
        data=NEW_SUMMARY_EN,
    )
    response = post(update_url(translation), {"publish_translations": "on"})
    english.refresh_from_db()
    assert english.live_revision_id != live_revision
    assert english.summary == NEW_SUMMARY_EN
    assert f"“{english.title}” (English) was published." in message_texts(response)


def test_a_moderator_sync_does_not_publish_a_translation_failing_a_check(post, client, moderator):
    new_alt = "Una volontaria accoglie una famiglia allo sportello di quartiere."
    story = translated_story("welfare-in-azione", with_hero_image=True)
    story = publish_italian_change(story, hero_image_alt=new_alt, summary=NEW_SUMMARY)
    translation = english_translation(story)
    english = story.get_translation(translation.target_locale)
    live_revision, english_alt = english.live_revision_id, english.hero_image_alt

    client.force_login(moderator)
    response = post(update_url(translation), {"publish_translations": "on"})
    assert response.status_code == 302

    # Synced: the new Italian texts wait for a translator ...
    assert has_segment(translation, new_alt)
    assert has_segment(translation, NEW_SUMMARY)
    # ... but readers still see the English page as it was.
    english.refresh_from_db()
    assert english.live_revision_id == live_revision
    assert english.hero_image_alt == english_alt
    messages = message_texts(response)
    assert f"“{english.title}” (English) was synced but not published. Fix these first:" in messages
    assert "Translate the alternative text of the hero image." in messages


def test_a_moderator_sync_refuses_an_emptied_alternative_text(post, client, moderator):
    story = translated_story("welfare-in-azione", with_hero_image=True)
    story = publish_italian_change(story, hero_image_alt="")
    translation = english_translation(story)
    english = story.get_translation(translation.target_locale)
    live_revision = english.live_revision_id

    client.force_login(moderator)
    response = post(update_url(translation), {"publish_translations": "on"})
    assert response.status_code == 302
    english.refresh_from_db()
    assert english.live_revision_id == live_revision
    assert english.hero_image_alt
    assert "Describe the hero image in its alternative text." in message_texts(response)


def test_a_sync_without_publishing_publishes_nothing(post, client, moderator):
    story = publish_italian_change(translated_story("welfare-in-azione"), summary=NEW_SUMMARY)
    translation = english_translation(story)
    english = story.get_translation(translation.target_locale)
    live_revision = english.live_revision_id

    client.force_login(moderator)
    response = post(update_url(translation), {})
    assert response.status_code == 302
    assert has_segment(translation, NEW_SUMMARY)
    english.refresh_from_db()
    assert english.live_revision_id == live_revision
    assert "was published" not in message_texts(response)


# --- The dashboard offers only what the user may do ----------------------------------------


def dashboard_links(client, page):
    html = client.get(DASHBOARD).content.decode()
    start = html.index(f'data-page-id="{page.pk}"')
    return html[start : html.index("</tr>", start)]


def test_the_dashboard_offers_translate_and_sync_to_those_who_may(
    client, translator, network_editor, moderator
):
    own = publish_italian_change(translated_story("welfare-in-azione"), summary=NEW_SUMMARY)
    other = publish_italian_change(translated_story("will"), summary=NEW_SUMMARY)
    missing = new_italian_story("welfare-in-azione", "ancora-da-tradurre")
    sync = {page: update_url(english_translation(page)) for page in (own, other)}

    client.force_login(moderator)
    assert sync[own] in dashboard_links(client, own)
    assert sync[other] in dashboard_links(client, other)
    assert submit_url(missing) in dashboard_links(client, missing)

    client.force_login(network_editor)
    assert sync[own] in dashboard_links(client, own)
    assert sync[other] not in dashboard_links(client, other)
    assert submit_url(missing) in dashboard_links(client, missing)

    client.force_login(translator)
    assert sync[own] not in dashboard_links(client, own)
    # An Italian draft they may not change is not even listed to them.
    assert f'data-page-id="{missing.pk}"' not in client.get(DASHBOARD).content.decode()
    # They still reach the English page to translate it.
    english = own.get_translation(english_translation(own).target_locale)
    assert reverse("wagtailadmin_pages:edit", args=[english.pk]) in dashboard_links(client, own)


def test_a_sync_pre_fills_machine_translations_only_where_the_user_may_edit(
    post, client, network_editor, moderator
):
    """The tests' machine translator is wagtail-localize's dummy, which reverses the words."""
    story = publish_italian_change(translated_story("welfare-in-azione"), summary=NEW_SUMMARY)
    translation = english_translation(story)

    # A network editor cannot edit the English page: not offered, and ignored when asked
    # (wagtail-localize would answer it with "permission denied" and sync nothing).
    client.force_login(network_editor)
    form = client.get(update_url(translation)).content.decode()
    assert 'type="hidden" name="use_machine_translation"' in form
    response = post(update_url(translation), {"use_machine_translation": "on"})
    assert response.status_code == 302
    segment = StringSegment.objects.get(source=translation.source, string__data=NEW_SUMMARY)
    assert not StringTranslation.objects.filter(
        translation_of=segment.string, context=segment.context, locale=translation.target_locale
    ).exists()

    client.force_login(moderator)
    assert 'type="checkbox" name="use_machine_translation"' in (
        client.get(update_url(translation)).content.decode()
    )
    response = post(update_url(translation), {"use_machine_translation": "on"})
    assert response.status_code == 302
    machine = StringTranslation.objects.get(
        translation_of=segment.string, context=segment.context, locale=translation.target_locale
    )
    assert machine.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE
    assert machine.data == " ".join(reversed(NEW_SUMMARY.split()))
