"""What an editor meets in the admin reads in the editor's language and says what happened:
the workflow's name, a new story's programme, the messages after saving a story, the
inline relations' duplicates."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from wagtail.models import GroupApprovalTask, Workflow
from wagtail.test.utils.form_data import inline_formset
from wagtail.users.models import UserProfile

from editorial.tests.test_publish_checks import (  # noqa: F401 (fixtures)
    add_story_url,
    edit_form,
    hashtag,
    image,
    section,
    story_form,
    territory,
)
from stories.models import Organisation, ProgrammeStoryIndexPage, StoryPage

pytestmark = pytest.mark.django_db

WORKFLOW = {"it": "Approvazione dei moderatori", "en": "Moderators approval"}


def log_in_as_superuser(client, django_user_model, language):
    user = django_user_model.objects.create_superuser(f"utente-{language}", password="pw")
    UserProfile.objects.create(user=user, preferred_language=language)
    client.force_login(user)


@pytest.fixture(params=["it", "en"])
def language(request):
    return request.param


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- The workflow's name ------------------------------------------------------------------


def test_workflow_is_named_in_the_editors_language(client, django_user_model, language):
    log_in_as_superuser(client, django_user_model, language)
    other = "en" if language == "it" else "it"
    story = StoryPage.objects.filter(locale__language_code="it").first()
    for url in (
        reverse("wagtailadmin_pages:edit", args=(story.pk,)),
        reverse("wagtailadmin_workflows:index"),
        reverse("wagtailadmin_workflows:task_index"),
    ):
        html = html_of(client, url)
        assert WORKFLOW[language] in html, url
        assert WORKFLOW[other] not in html, url


def test_saving_the_workflow_keeps_its_translatable_name(language):
    """A workflow or task loaded in Italian and saved unchanged keeps its stored name; a
    new name is the editors' own, kept as written."""
    for model in (Workflow, GroupApprovalTask):
        pk = model.objects.filter(name="Moderators approval").values_list("pk", flat=True)[0]
        with translation.override(language):
            loaded = model.objects.get(pk=pk)
            assert loaded.name == WORKFLOW[language]
            assert str(loaded) == WORKFLOW[language]
            loaded.save()
        assert model.objects.filter(pk=pk).values_list("name", flat=True)[0] == (
            "Moderators approval"
        )
        loaded.name = "Revisione"
        loaded.save()
        assert model.objects.filter(pk=pk).values_list("name", flat=True)[0] == "Revisione"


# --- A new story's programme --------------------------------------------------------------


def test_new_story_names_the_programme_of_its_section(client, django_user_model, language):
    log_in_as_superuser(client, django_user_model, language)
    for parent in ProgrammeStoryIndexPage.objects.filter(locale__language_code="it"):
        html = html_of(
            client, reverse("wagtailadmin_pages:add", args=("stories", "storypage", parent.pk))
        )
        assert ">\n    None\n</div>" not in html
        assert "None" not in html.split('aria-readonly="true">', 1)[1].split("</div>", 1)[0]
        assert parent.programme.title in html


# --- Saving, publishing or submitting a story that fails its checks -----------------------

SAVED_AS_DRAFT = {
    "it": "Salvata come bozza. Prima di poterla pubblicare:",
    "en": "Saved as a draft. Before it can be published:",
}
NOT_CREATED = {
    "it": "Non è stato salvato nulla: una nuova pagina non viene creata",
    "en": "Nothing was saved: a new page is not created",
}
NOT_SAVED = {
    "it": "Questa azione non ha salvato nulla: la pagina resta com’era all’ultimo salvataggio.",
    "en": "This action saved nothing: the page stays as it was last saved.",
}
COULD_NOT_CREATE = {"it": "non può essere creata", "en": "could not be created"}
SHORT_SUMMARY = {"it": "La sintesi ha 6 caratteri", "en": "The summary has 6 characters"}


def shown(client, response):
    if response.status_code == 302:
        response = client.get(response["Location"])
    return " ".join(str(message.message) for message in get_messages(response.wsgi_request))


@pytest.mark.parametrize("button", ["action-submit", "action-publish"])
def test_a_story_failing_its_checks_says_what_was_saved(
    client,
    user_in_group,
    language,
    section,  # noqa: F811 (the fixture)
    story_form,  # noqa: F811 (the fixture)
    button,
):
    client.force_login(
        user_in_group("Moderators", username=f"utente-{language}", language=language)
    )
    add_url = add_story_url(section)
    other = "en" if language == "it" else "it"

    # Publishing or submitting a new story that fails a check saves nothing, and says so.
    response = client.post(add_url, story_form(summary="Breve.") | {button: button})
    assert response.status_code == 200
    assert not StoryPage.objects.filter(title="Sportelli di quartiere").exists()
    messages = shown(client, response)
    assert NOT_CREATED[language] in messages
    assert SHORT_SUMMARY[language] in messages
    assert NOT_CREATED[other] not in messages

    # "Save draft" saves it, says so and lists what is still missing; nothing says the page
    # could not be created.
    response = client.post(add_url, story_form(summary="Breve."))
    assert response.status_code == 302
    story = StoryPage.objects.get(title="Sportelli di quartiere")
    messages = shown(client, response)
    assert SAVED_AS_DRAFT[language] in messages
    assert SHORT_SUMMARY[language] in messages
    assert COULD_NOT_CREATE[language] not in messages
    assert NOT_CREATED[language] not in messages

    # Publishing or submitting the saved draft with a new problem keeps the saved draft and
    # says that this action saved nothing.
    saved_revision = story.latest_revision_id
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(story.pk,)),
        edit_form(story, story_form, summary="Breve.") | {button: button},
    )
    assert response.status_code == 200
    story.refresh_from_db()
    assert story.latest_revision_id == saved_revision
    assert not story.live and not story.workflow_in_progress
    messages = shown(client, response)
    assert NOT_SAVED[language] in messages
    assert SHORT_SUMMARY[language] in messages
    assert NOT_SAVED[other] not in messages


# --- The same territory, hashtag or partner twice -----------------------------------------

DUPLICATES = {
    "territory_links": {
        "it": "Questo territorio è già indicato.",
        "en": "This territory is already listed.",
    },
    "hashtag_links": {
        "it": "Questo hashtag è già indicato.",
        "en": "This hashtag is already listed.",
    },
    "partner_links": {
        "it": "Questa organizzazione è già indicata tra i partner.",
        "en": "This organisation is already listed among the partners.",
    },
}


def twice(relation, place, tag):
    if relation == "territory_links":
        return inline_formset([{"territory": str(place.pk)}] * 2)
    if relation == "hashtag_links":
        return inline_formset([{"hashtag": str(tag.pk)}] * 2)
    organisation = Organisation.objects.first()
    return inline_formset(
        [{"organisation": str(organisation.pk), "role": role} for role in ("Capofila", "Partner")]
    )


@pytest.mark.parametrize("relation", DUPLICATES)
def test_a_row_named_twice_says_so_in_words(
    client,
    user_in_group,
    language,
    section,  # noqa: F811 (the fixture)
    story_form,  # noqa: F811 (the fixture)
    territory,  # noqa: F811 (the fixture)
    hashtag,  # noqa: F811 (the fixture)
    relation,
):
    client.force_login(user_in_group("Editors", username=f"utente-{language}", language=language))
    data = story_form(**{relation: twice(relation, territory, hashtag)})
    response = client.post(add_story_url(section), data)
    assert response.status_code == 200
    assert not StoryPage.objects.filter(title="Sportelli di quartiere").exists()
    html = response.content.decode()
    assert DUPLICATES[relation][language] in html
    for text in (html, shown(client, response)):
        assert "dati duplicati" not in text and "duplicate data" not in text
    # The message sits on the repeated row's field.
    formset = response.context["form"].formsets[relation]
    with translation.override(language):
        assert [str(e) for e in formset.forms[1].errors.get(formset.distinct_field, [])] == [
            DUPLICATES[relation][language]
        ]
        assert formset.forms[0].errors == {}
