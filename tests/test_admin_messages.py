"""What an editor meets in the admin reads in the editor's language and says what happened:
the workflow's name, a new story's programme, the messages after saving a story, the
inline relations' duplicates."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from wagtail.models import GroupApprovalTask, Workflow
from wagtail.users.models import UserProfile

from stories.models import ProgrammeStoryIndexPage, StoryPage

pytestmark = pytest.mark.django_db

WORKFLOW = {"it": "Approvazione dei moderatori", "en": "Moderators approval"}


def admin_user(django_user_model, client, language, group="Moderators", superuser=False):
    make = (
        django_user_model.objects.create_superuser
        if superuser
        else (django_user_model.objects.create_user)
    )
    user = make(f"utente-{language}", password="pw")
    if not superuser:
        user.groups.add(Group.objects.get(name=group))
    UserProfile.objects.create(user=user, preferred_language=language)
    client.force_login(user)
    return user


@pytest.fixture(params=["it", "en"])
def language(request):
    return request.param


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- The workflow's name ------------------------------------------------------------------


def test_workflow_is_named_in_the_editors_language(client, django_user_model, language):
    admin_user(django_user_model, client, language, superuser=True)
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
    admin_user(django_user_model, client, language, superuser=True)
    for section in ProgrammeStoryIndexPage.objects.filter(locale__language_code="it"):
        html = html_of(
            client, reverse("wagtailadmin_pages:add", args=("stories", "storypage", section.pk))
        )
        assert ">\n    None\n</div>" not in html
        assert "None" not in html.split('aria-readonly="true">', 1)[1].split("</div>", 1)[0]
        assert section.programme.title in html
