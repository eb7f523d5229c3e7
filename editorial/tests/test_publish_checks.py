"""Publishing checks (editorial.checks): they stop a page from being published, submitted or
approved, never from being saved as a draft; the English translation is checked when it is
published from wagtail-localize's translation editor, and bulk publishing is checked too."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from wagtail.images import get_image_model
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield
from wagtail_localize.models import StringSegment, StringTranslation, Translation

import editorial.checks_hooks
import editorial.forms
from editorial.checks import (
    CHECKS,
    META_DESCRIPTION_LENGTH,
    SUMMARY_LENGTH,
    Problem,
    page_problems,
    translation_problems,
)
from editorial.forms import PublishingStreamError, stream_error
from home.models import HomePage
from stories.factories import ProgrammeEditionFactory, ProgrammeStoryIndexPageFactory
from stories.models import (
    HashtagPage,
    ProgrammePage,
    ProgrammeStoryIndexPage,
    StoryHashtag,
    StoryPage,
    StoryTerritory,
    TerritoryIndexPage,
    TerritoryPage,
)
from tests.admin_forms import territory_form

pytestmark = pytest.mark.django_db

SUMMARY = (
    "Una rete di comuni e cooperative apre sportelli di quartiere per le famiglie che "
    "chiedono aiuto per la prima volta."
)
META_DESCRIPTION = (
    "Sportelli di quartiere per le famiglie: come una rete di comuni e cooperative ha "
    "cambiato il welfare locale."
)


def codes(problems):
    return [problem.check.code for problem in problems]


def messages_of(problems):
    return [str(problem.message) for problem in problems]


# --- Fixtures -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def messages_in_english():
    """Messages are compared in English, the language of the admin users below."""
    with translation.override("en"):
        yield


# The admin speaks English to these users, so the messages below read as written.
@pytest.fixture
def moderator(user_in_group):
    return user_in_group("Moderators", username="moderatrice", language="en")


@pytest.fixture
def editor(user_in_group):
    return user_in_group("Editors", username="redattore", language="en")


@pytest.fixture
def section():
    return ProgrammeStoryIndexPage.objects.filter(locale__language_code="it").first()


@pytest.fixture
def territory():
    return TerritoryPage.objects.live().get(locale__language_code="it", title="Lecco")


@pytest.fixture
def hashtag():
    return HashtagPage.objects.live().get(locale__language_code="it", code="comunita")


@pytest.fixture
def image():
    return get_image_model().objects.first()


@pytest.fixture
def story_form(territory, hashtag, image):
    """Editor form data of a story that passes every check; ``changes`` replace fields."""

    def build(title="Sportelli di quartiere", **changes):
        fields = {
            "title": title,
            "slug": "sportelli-di-quartiere",
            "seo_title": "",
            "search_description": META_DESCRIPTION,
            "show_in_menus": "",
            "go_live_at": "",
            "expire_at": "",
            "edition": "",
            "start_year": "2019",
            "end_year": "",
            "lead_partner": "",
            "funding_eur": "",
            "funding_reference_date": "",
            "funding_source_name": "",
            "funding_source_url": "",
            "summary": SUMMARY,
            "hero_image": str(image.pk),
            "hero_image_alt": "Una volontaria accoglie una famiglia allo sportello.",
            "territory_links": inline_formset([{"territory": str(territory.pk)}]),
            "hashtag_links": inline_formset([{"hashtag": str(hashtag.pk)}]),
            "partner_links": inline_formset([]),
            "author_links": inline_formset([]),
            "action_lines": streamfield([]),
            "indicators": streamfield([]),
            "key_figures": streamfield([("figure", key_figure())]),
            "body": streamfield(
                [
                    ("paragraph", rich_text("<p>Gli sportelli hanno aperto nel 2019.</p>")),
                    ("image", body_image(image)),
                ]
            ),
        }
        fields.update(changes)
        return nested_form_data(fields)

    return build


def key_figure(**changes):
    return {
        "label": "Famiglie accolte",
        "value": "320",
        "unit": "none",
        "reference_date": "2021-12-31",
        "source_name": "Rapporto finale del progetto",
        "source_url": "",
        "source_page": "",
    } | changes


def body_image(image, alt_text="Lo sportello di quartiere il giorno dell'apertura."):
    return {"image": str(image.pk), "alt_text": alt_text, "caption": "", "credit": ""}


def add_story_url(section):
    return reverse("wagtailadmin_pages:add", args=("stories", "storypage", section.pk))


def publish(data):
    return data | {"action-publish": "action-publish"}


def submit(data):
    return data | {"action-submit": "action-submit"}


def shown_messages(client, response):
    """The messages the editor sees after ``response``, on the page it redirects to if it
    does (reading them there uses them up, as the browser would)."""
    if response.status_code == 302:
        response = client.get(response["Location"])
    return " ".join(str(message.message) for message in get_messages(response.wsgi_request))


def form_errors(response):
    """Every error of the re-rendered editor: the form's fields, non-field and formsets."""
    form = response.context["form"]
    # In English, as the user reads them: the request left its own language active.
    with translation.override("en"):
        errors = [str(error) for field_errors in form.errors.values() for error in field_errors]
        for formset in form.formsets.values():
            errors += [str(error) for error in formset.non_form_errors()]
    return errors


# --- The checks, as functions -------------------------------------------------------------


def test_every_check_explains_itself():
    assert len({check.code for check in CHECKS}) == len(CHECKS)
    for check in CHECKS:
        assert str(check.title) and str(check.explanation)
        assert check.page_types


def test_the_demo_content_passes_every_check_in_both_languages():
    pages = [
        page for model in (StoryPage, ProgrammePage, TerritoryPage) for page in model.objects.live()
    ]
    assert {page.locale.language_code for page in pages} == {"it", "en"}
    for page in pages:
        assert page_problems(page) == [], page.title


def test_pages_without_checks_have_no_problems():
    assert page_problems(HashtagPage.objects.first()) == []
    assert page_problems(HomePage.objects.first()) == []


def test_a_story_needs_a_published_territory_and_hashtag(territory, hashtag):
    story = StoryPage(title="Prova", summary=SUMMARY, search_description=META_DESCRIPTION)
    problems = page_problems(story)
    assert "Add at least one territory." in messages_of(problems)
    assert "Add at least one hashtag." in messages_of(problems)
    assert {"territories", "hashtags"} <= set(codes(problems))
    assert [p.field for p in problems if p.check.code == "territories"] == ["territory_links"]

    draft_territory = TerritoryPage.objects.get(pk=territory.pk)
    draft_territory.live = False
    story.territory_links = [StoryTerritory(territory=draft_territory)]
    story.hashtag_links = [StoryHashtag(hashtag=hashtag)]
    problems = page_problems(story)
    assert "territories" in codes(problems)
    assert "None of the chosen territories is published: publish one of them first." in (
        messages_of(problems)
    )
    assert "hashtags" not in codes(problems)


@pytest.mark.parametrize(
    ("length", "message"),
    [
        (0, "Write a summary of 60 to 400 characters."),
        (35, "The summary has 35 characters: write at least 60."),
        (59, "The summary has 59 characters: write at least 60."),
        (60, None),
        (400, None),
        (401, "The summary has 401 characters: keep it to 400 at most."),
    ],
)
def test_summary_length(length, message):
    assert SUMMARY_LENGTH == (60, 400)
    story = StoryPage(title="Prova", summary="s" * length)
    found = [p for p in page_problems(story) if p.check.code == "summary"]
    assert messages_of(found) == ([message] if message else [])
    assert all(p.field == "summary" for p in found)


@pytest.mark.parametrize(
    ("length", "message"),
    [
        (0, "Write a meta description (Promote tab) of 70 to 160 characters"),
        (69, "The meta description has 69 characters: write at least 70."),
        (70, None),
        (160, None),
        (161, "The meta description has 161 characters: keep it to 160 at most."),
    ],
)
@pytest.mark.parametrize("model", [StoryPage, ProgrammePage, TerritoryPage])
def test_meta_description_length(model, length, message):
    assert META_DESCRIPTION_LENGTH == (70, 160)
    page = model(title="Prova", search_description="m" * length)
    found = [p for p in page_problems(page) if p.check.code == "meta-description"]
    if message:
        assert len(found) == 1 and str(found[0].message).startswith(message)
        assert found[0].field == "search_description"
    else:
        assert found == []


def test_a_story_needs_a_body():
    story = StoryPage(title="Prova", body=[])
    assert "Write the body of the story: it has no blocks yet." in messages_of(page_problems(story))
    story.body = [("paragraph", RichText("<p>Testo</p>"))]
    assert "body" not in codes(page_problems(story))


def stream(page_model, field_name, raw_blocks):
    """A StreamValue as the page would load it from the database."""
    block = page_model._meta.get_field(field_name).stream_block
    return block.to_python(raw_blocks)


def test_every_image_needs_its_alternative_text(image):
    body = stream(
        StoryPage,
        "body",
        [
            {"type": "paragraph", "value": "<p>Testo</p>", "id": "p1"},
            {"type": "image", "value": {"image": image.pk, "alt_text": "Descritta"}, "id": "i1"},
            {"type": "image", "value": {"image": image.pk, "alt_text": "  "}, "id": "i2"},
        ],
    )
    story = StoryPage(title="Prova", hero_image=image, hero_image_alt="", body=body)
    found = [p for p in page_problems(story) if p.check.code == "alt-text"]
    assert [(p.field, p.path) for p in found] == [("hero_image_alt", ()), ("body", (2, "alt_text"))]
    assert messages_of(found) == [
        "Describe the hero image in its alternative text.",
        "Image 2 of the body has no alternative text: describe it for people who cannot see it.",
    ]
    # No hero image, no alternative text to ask for.
    story.hero_image = None
    assert [p.field for p in page_problems(story) if p.check.code == "alt-text"] == ["body"]


def test_an_untranslated_alternative_text_counts_as_missing(image):
    body = stream(
        StoryPage,
        "body",
        [{"type": "image", "value": {"image": image.pk, "alt_text": "Italiano"}, "id": "i1"}],
    )
    story = StoryPage(title="Prova", hero_image=image, hero_image_alt="Italiano", body=body)
    problems = page_problems(story, untranslated=["hero_image_alt", "body.i1.alt_text"])
    assert messages_of([p for p in problems if p.check.code == "alt-text"]) == [
        "Translate the alternative text of the hero image.",
        "Translate the alternative text of image 1 of the body.",
    ]


def test_every_key_figure_needs_its_source_and_date():
    figure = {"label": "Famiglie", "value": "10", "unit": "none"}
    key_figures = stream(
        StoryPage,
        "key_figures",
        [
            {"type": "figure", "value": key_figure(source_page=None), "id": "f1"},
            {"type": "figure", "value": figure | {"source_name": "Rapporto"}, "id": "f2"},
        ],
    )
    body = stream(
        StoryPage,
        "body",
        [
            {"type": "paragraph", "value": "<p>Testo</p>", "id": "p1"},
            {
                "type": "key_figures",
                "value": {
                    "title": "",
                    "figures": [
                        key_figure(source_page=None),
                        figure | {"reference_date": "2020-01-01"},
                    ],
                },
                "id": "k1",
            },
        ],
    )
    story = StoryPage(title="Prova", key_figures=key_figures, body=body)
    found = [p for p in page_problems(story) if p.check.code == "key-figure-sources"]
    assert [(p.field, p.path) for p in found] == [
        ("key_figures", (1, "reference_date")),
        ("body", (1, "figures", 1, "source_name")),
    ]
    assert messages_of(found) == [
        "Key figure “Famiglie” has no date: give the date it refers to.",
        "Key figure “Famiglie” has no source: name the document or body that published it.",
    ]
    programme = ProgrammePage(title="Programma", key_figures=key_figures)
    assert codes(page_problems(programme)) == ["meta-description", "key-figure-sources"]


def test_a_territory_needs_kind_region_and_coordinates():
    territory = TerritoryPage(title="Nuovo", search_description="m" * 80)
    found = page_problems(territory)
    assert [p.field for p in found] == ["kind", "region", "latitude", "longitude"]
    assert "Choose the kind of territory." in messages_of(found)
    territory.kind, territory.region = "city", "lombardia"
    territory.latitude, territory.longitude = Decimal("45.1"), Decimal("9.2")
    assert page_problems(territory) == []


# --- In the page editor -------------------------------------------------------------------


def test_a_complete_story_publishes(client, moderator, section, story_form, monkeypatch):
    runs = []

    def counted(page, **kwargs):
        runs.append(page)
        return page_problems(page, **kwargs)

    # Once, by the form: the hook that lists problems after a save does not run them again.
    monkeypatch.setattr(editorial.forms, "page_problems", counted)
    monkeypatch.setattr(editorial.checks_hooks, "page_problems", counted)
    client.force_login(moderator)
    response = client.post(add_story_url(section), publish(story_form()))
    assert response.status_code == 302
    assert len(runs) == 1
    story = StoryPage.objects.get(title="Sportelli di quartiere")
    assert story.live
    assert story.territory_links.count() == 1
    assert "Before it can be published" not in shown_messages(client, response)


REFUSED = {
    "no territory": ({"territory_links": inline_formset([])}, "Add at least one territory."),
    "no hashtag": ({"hashtag_links": inline_formset([])}, "Add at least one hashtag."),
    "short summary": (
        {"summary": "Troppo breve per dire che cosa fa."},
        "The summary has 34 characters: write at least 60.",
    ),
    "no meta description": (
        {"search_description": ""},
        "Write a meta description (Promote tab) of 70 to 160 characters: search engines show "
        "it under the title.",
    ),
    "short meta description": (
        {"search_description": "Sportelli di quartiere."},
        "The meta description has 23 characters: write at least 70.",
    ),
    "empty body": ({"body": streamfield([])}, "Write the body of the story: it has no blocks yet."),
}


@pytest.mark.parametrize("case", REFUSED)
def test_each_check_stops_publishing_with_its_message(client, moderator, section, story_form, case):
    changes, message = REFUSED[case]
    client.force_login(moderator)
    response = client.post(add_story_url(section), publish(story_form(**changes)))
    assert response.status_code == 200
    assert not StoryPage.objects.filter(title="Sportelli di quartiere").exists()
    errors = form_errors(response)
    assert message in errors
    assert (
        "This page cannot be published yet: fix what is listed here, or save it as a draft "
        "for now." in errors
    )
    # The summary at the top of the editor lists them.
    assert message in shown_messages(client, response)


@pytest.mark.parametrize("case", REFUSED)
def test_the_same_story_saves_as_a_draft_with_a_warning(client, editor, section, story_form, case):
    changes, message = REFUSED[case]
    client.force_login(editor)
    response = client.post(add_story_url(section), story_form(**changes))
    assert response.status_code == 302
    story = StoryPage.objects.get(title="Sportelli di quartiere")
    assert not story.live
    shown = shown_messages(client, response)
    assert "Saved as a draft. Before it can be published:" in shown
    assert message in shown


def test_autosave_gets_no_warning(client, editor, section, story_form):
    """Wagtail's autosave posts in the background and shows no messages: none are kept
    for later either."""
    client.force_login(editor)
    shown_messages(client, client.post(add_story_url(section), story_form()))
    story = StoryPage.objects.get(title="Sportelli di quartiere")
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(story.pk,)),
        edit_form(story, story_form, summary="Breve."),
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200 and response.json()["success"]
    assert shown_messages(client, response) == ""
    story.refresh_from_db()
    assert story.get_latest_revision_as_object().summary == "Breve."


def test_messages_sit_on_their_field(client, moderator, section, story_form):
    client.force_login(moderator)
    response = client.post(
        add_story_url(section),
        publish(story_form(summary="Breve.", territory_links=inline_formset([]))),
    )
    form = response.context["form"]
    with translation.override("en"):  # the request left its own language active
        assert form.errors["summary"] == ["The summary has 6 characters: write at least 60."]
        territory_errors = [str(e) for e in form.formsets["territory_links"].non_form_errors()]
    assert "Add at least one territory." in territory_errors


def test_a_draft_with_block_problems_is_saved_and_says_where_they_are(
    client, editor, moderator, section, story_form, image
):
    """Wagtail itself requires a key figure's source and an image's alternative text on
    publishing; a draft may lack them, and the warning names them."""
    data = story_form(
        key_figures=streamfield([("figure", key_figure(source_name=""))]),
        body=streamfield(
            [
                ("paragraph", rich_text("<p>Testo.</p>")),
                ("image", body_image(image, alt_text="")),
            ]
        ),
    )
    client.force_login(editor)
    response = client.post(add_story_url(section), data)
    assert response.status_code == 302
    story = StoryPage.objects.get(title="Sportelli di quartiere")
    shown = shown_messages(client, response)
    assert "Key figure “Famiglie accolte” has no source" in shown
    assert "Image 1 of the body has no alternative text" in shown

    client.force_login(moderator)
    response = client.post(reverse("wagtailadmin_pages:edit", args=(story.pk,)), publish(data))
    assert response.status_code == 200
    story.refresh_from_db()
    assert not story.live


def test_stream_problems_point_at_their_block():
    """In a StreamField each message is shown on its block, and the list at the top of the
    editor reads the messages themselves."""
    error = stream_error(
        [
            Problem("Manca la fonte.", "body", (3, "figures", 1, "source_name")),
            Problem("Descrivi l'immagine.", "body", (2, "alt_text")),
            Problem("Scrivi il testo.", "body"),
        ]
    )
    assert isinstance(error, PublishingStreamError)
    assert list(error) == ["Manca la fonte. Descrivi l'immagine. Scrivi il testo."]
    assert error.as_json_data() == {
        "messages": ["Scrivi il testo."],
        "blockErrors": {
            3: {
                "blockErrors": {
                    "figures": {
                        "blockErrors": {
                            1: {"blockErrors": {"source_name": {"messages": ["Manca la fonte."]}}}
                        }
                    }
                }
            },
            2: {"blockErrors": {"alt_text": {"messages": ["Descrivi l'immagine."]}}},
        },
    }


def test_an_editor_cannot_submit_an_incomplete_story(client, editor, section, story_form):
    client.force_login(editor)
    response = client.post(
        add_story_url(section), submit(story_form(hashtag_links=inline_formset([])))
    )
    assert response.status_code == 200
    assert "Add at least one hashtag." in form_errors(response)
    assert not StoryPage.objects.filter(title="Sportelli di quartiere").exists()


def submitted_story(client, editor, section, story_form):
    """A complete story the editor submitted for moderation."""
    client.force_login(editor)
    response = client.post(add_story_url(section), submit(story_form()))
    assert response.status_code == 302
    story = StoryPage.objects.get(title="Sportelli di quartiere")
    assert story.workflow_in_progress
    return story


def edit_form(story, story_form, **changes):
    """The editor form of a saved story: its inline rows keep their ids."""

    def rows(relation, target):
        links = getattr(story, relation).all()
        items = [{"id": str(link.pk), target: str(getattr(link, f"{target}_id"))} for link in links]
        return inline_formset(items, initial=len(items))

    return story_form(
        territory_links=rows("territory_links", "territory"),
        hashtag_links=rows("hashtag_links", "hashtag"),
        **changes,
    )


def test_the_moderator_approves_from_the_dashboard(client, editor, moderator, section, story_form):
    story = submitted_story(client, editor, section, story_form)
    task_state = story.current_workflow_task_state
    client.force_login(moderator)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(story.pk, "approve", task_state.pk))
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.live


def test_approving_in_the_editor_runs_the_checks(client, editor, moderator, section, story_form):
    story = submitted_story(client, editor, section, story_form)
    edit_url = reverse("wagtailadmin_pages:edit", args=(story.pk,))
    approve = {"action-workflow-action": "true", "workflow-action-name": "approve"}
    client.force_login(moderator)

    response = client.post(
        edit_url, edit_form(story, story_form, summary="Troppo corto.") | approve
    )
    assert response.status_code == 200
    assert "The summary has 13 characters: write at least 60." in form_errors(response)
    story.refresh_from_db()
    assert not story.live and story.workflow_in_progress

    response = client.post(edit_url, edit_form(story, story_form) | approve)
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.live


def test_requesting_changes_is_not_checked(client, editor, moderator, section, story_form):
    story = submitted_story(client, editor, section, story_form)
    client.force_login(moderator)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(story.pk,)),
        edit_form(story, story_form, summary="Corto.")
        | {"action-workflow-action": "true", "workflow-action-name": "reject"},
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert not story.live and not story.workflow_in_progress


def test_a_territory_without_coordinates_is_a_draft_until_completed(client, moderator):
    parent = TerritoryIndexPage.objects.get(locale__language_code="it")
    url = reverse("wagtailadmin_pages:add", args=("stories", "territorypage", parent.pk))
    client.force_login(moderator)

    response = client.post(url, publish(territory_form()))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["kind"] == ["Choose the kind of territory."]
    assert form.errors["latitude"] == ["Give the latitude, so the territory appears on the map."]

    response = client.post(url, territory_form())
    assert response.status_code == 302
    territory = TerritoryPage.objects.get(title="Sondrio")
    assert not territory.live
    assert "Choose the region." in shown_messages(client, response)

    complete = territory_form(
        kind="city", region="lombardia", latitude="46.1699", longitude="9.8787"
    )
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(territory.pk,)), publish(complete)
    )
    assert response.status_code == 302
    territory.refresh_from_db()
    assert territory.live


def test_bulk_publishing_is_checked(client, editor, moderator, section, story_form):
    client.force_login(editor)
    client.post(add_story_url(section), story_form(summary="Breve."))
    story = StoryPage.objects.get(title="Sportelli di quartiere")
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    explorer = reverse("wagtailadmin_explore", args=(section.pk,))
    client.force_login(moderator)

    response = client.post(f"{url}?id={story.pk}&next={explorer}", {})
    assert response.status_code == 302
    story.refresh_from_db()
    assert not story.live
    shown = shown_messages(client, response)
    assert "Nothing was published. These pages are not ready yet:" in shown
    assert "Sportelli di quartiere: The summary has 6 characters" in shown

    # Publishing the section with its draft stories checks the stories too.
    response = client.post(f"{url}?id={section.pk}&next={explorer}", {"include_descendants": "on"})
    story.refresh_from_db()
    assert not story.live
    assert "Sportelli di quartiere" in shown_messages(client, response)


# --- The English translation --------------------------------------------------------------


@pytest.fixture
def english_story():
    return StoryPage.objects.get(locale__language_code="en", slug__startswith="wellfare")


def forget_english(translation, path):
    """Removes the English translation of one string, as if it had never been translated."""
    segment = StringSegment.objects.get(source=translation.source, context__path=path)
    StringTranslation.objects.filter(
        translation_of=segment.string,
        context=segment.context,
        locale=translation.target_locale,
    ).delete()
    return segment


def test_the_translation_editor_does_not_publish_an_untranslated_alt_text(
    client, moderator, english_story, django_capture_on_commit_callbacks
):
    translation = Translation.objects.get(
        source__object_id=english_story.translation_key, target_locale=english_story.locale
    )
    assert translation_problems(translation) == []
    segment = forget_english(translation, "hero_image_alt")
    problems = translation_problems(translation)
    assert messages_of(problems) == ["Translate the alternative text of the hero image."]

    live_revision = english_story.live_revision_id
    url = reverse("wagtailadmin_pages:edit", args=(english_story.pk,))
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "publish"})
    assert response.status_code == 302 and response["Location"] == url
    english_story.refresh_from_db()
    assert english_story.live_revision_id == live_revision
    shown = shown_messages(client, response)
    assert "The translation “Wel(l)FARE legami" in shown and "was not published" in shown
    assert "Translate the alternative text of the hero image." in shown

    StringTranslation.objects.create(
        translation_of=segment.string,
        context=segment.context,
        locale=translation.target_locale,
        data="A volunteer welcomes a family at the help desk.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "publish"})
    english_story.refresh_from_db()
    assert english_story.live_revision_id != live_revision
    assert english_story.hero_image_alt == "A volunteer welcomes a family at the help desk."
    assert "was not published" not in shown_messages(client, response)


def test_an_untranslated_body_image_alt_text_is_named(english_story):
    translation = Translation.objects.get(
        source__object_id=english_story.translation_key, target_locale=english_story.locale
    )
    italian = english_story.get_translation(translation.source.locale)
    image_block = next(block for block in italian.body if block.block_type == "image")
    forget_english(translation, f"body.{image_block.id}.alt_text")
    assert messages_of(translation_problems(translation)) == [
        "Translate the alternative text of image 1 of the body."
    ]


def test_a_new_story_needs_an_edition_of_its_sections_programme(client, moderator, story_form):
    """The form of a new story does not know its programme yet: the check reads it from the
    section the story is added to. A draft with the wrong edition still saves."""
    wia = ProgrammeStoryIndexPageFactory()
    for number in (1, 2):
        ProgrammeEditionFactory(page=wia.programme, number=number)
    client.force_login(moderator)
    response = client.post(add_story_url(wia), publish(story_form(edition="9")))
    assert response.status_code == 200
    with translation.override("en"):
        errors = [str(error) for error in response.context["form"].errors["edition"]]
    assert errors[0].startswith("The programme has no edition 9: choose one of 1, ")
    assert not StoryPage.objects.filter(slug="sportelli-di-quartiere").exists()

    client.post(add_story_url(wia), story_form(edition="9"))  # Save draft
    draft = StoryPage.objects.get(slug="sportelli-di-quartiere")
    assert not draft.live and draft.edition == 9
