"""Stories sit in their programme's section; those that predate sections are moved there."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.contrib.redirects.models import Redirect

from stories.factories import ProgrammeStoryIndexPageFactory
from stories.models import ProgrammeStoryIndexPage, StoryIndexPage, StoryPage
from stories.sections import move_stories_into_sections

pytestmark = pytest.mark.django_db


def test_a_story_left_under_the_story_index_moves_into_its_programme_section(italian):
    index = StoryIndexPage.objects.get(locale=italian)
    section = ProgrammeStoryIndexPageFactory()
    # As in a database from before sections: straight under the index.
    story = index.add_child(
        instance=StoryPage(
            title="Storia di prima",
            slug="storia-di-prima",
            summary="Prima.",
            body=[],
            programme_id=section.programme_id,
        )
    )
    story.save_revision().publish()
    old_url = StoryPage.objects.get(pk=story.pk).url

    assert move_stories_into_sections() == 1
    story = StoryPage.objects.get(pk=story.pk)
    assert story.get_parent().pk == section.pk
    assert story.url == f"{section.url}storia-di-prima/"
    assert Redirect.objects.filter(old_path=old_url.rstrip("/"), redirect_page=story).exists()
    assert move_stories_into_sections() == 0


def test_a_section_names_its_programme_once_per_language():
    section = ProgrammeStoryIndexPageFactory()
    twin = ProgrammeStoryIndexPage(
        title="Ancora lo stesso", slug="ancora-lo-stesso", programme_id=section.programme_id
    )
    with pytest.raises(ValidationError) as error:
        section.get_parent().add_child(instance=twin)
    assert "programme" in error.value.message_dict


def test_a_section_keeps_its_programme():
    section, other = ProgrammeStoryIndexPageFactory(), ProgrammeStoryIndexPageFactory()
    section.programme_id = other.programme_id
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            section.full_clean()
        # The message is lazy: read it while English is still active.
        assert error.value.message_dict["programme"] == [
            "A section keeps its programme: add a new section for another one."
        ]
