"""Model rules: translatable fields declared in full, validation of the content model."""

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, TranslatableMixin

from editorial.checks import page_problems
from stories import models as story_models
from stories.factories import (
    HashtagPageFactory,
    ProgrammeEditionFactory,
    ProgrammeStoryIndexPageFactory,
    StoryPageFactory,
    TerritoryPageFactory,
)
from tests.helpers import PAGE_MODELS

TRANSLATABLE_CHILDREN = [
    story_models.StoryTerritory,
    story_models.StoryHashtag,
    story_models.StoryPartner,
    story_models.StoryAuthor,
    story_models.ReportStory,
]
BASE_PAGE_FIELDS = {field.name for field in Page._meta.get_fields()}


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model.__name__)
def test_page_models_declare_every_own_field_and_relation(model):
    """An undeclared field would silently stop being synchronised to the translation."""
    declared = {field.field_name for field in model.translatable_fields}
    own_fields = {
        field.name
        for field in model._meta.get_fields()
        if field.concrete
        and field.editable
        and field.name not in BASE_PAGE_FIELDS
        and not isinstance(field, models.OneToOneField)
    }
    child_relations = {relation.name for relation in get_all_child_relations(model)}
    child_relations.discard("wagtail_admin_comments")
    assert own_fields | child_relations <= declared


@pytest.mark.parametrize("model", TRANSLATABLE_CHILDREN, ids=lambda model: model.__name__)
def test_inline_relations_to_pages_are_translated(model):
    assert issubclass(model, TranslatableMixin)
    declared = {field.field_name: field for field in model.translatable_fields}
    for field in model._meta.get_fields():
        if (
            isinstance(field, models.ForeignKey)
            and field.editable
            and not isinstance(field, ParentalKey)
        ):
            assert field.name in declared
            if issubclass(field.related_model, Page):
                assert declared[field.name].is_translated(None) is True


@pytest.mark.django_db
def test_story_end_year_cannot_precede_start_year():
    story = StoryPageFactory()
    story.start_year, story.end_year = 2020, 2018
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert "end_year" in error.value.message_dict


@pytest.mark.django_db
def test_story_edition_must_exist_in_the_programme():
    edition = ProgrammeEditionFactory(number=1)
    story = StoryPageFactory(parent=ProgrammeStoryIndexPageFactory(programme=edition.page))
    story.edition = 9
    story.full_clean()  # a draft may hold it; publishing may not
    problems = [problem for problem in page_problems(story) if problem.check.code == "edition"]
    assert [problem.field for problem in problems] == ["edition"]


@pytest.mark.django_db
def test_a_hashtag_code_has_one_page_per_language():
    hashtag = story_models.HashtagPage.objects.get(locale__language_code="it", code="comunita")
    duplicate = HashtagPageFactory.build(code=hashtag.code, locale=hashtag.locale)
    with pytest.raises(ValidationError):
        duplicate.clean()


@pytest.mark.django_db
def test_istat_code_is_digits_only():
    territory = TerritoryPageFactory()
    territory.istat_code = "01A"
    with pytest.raises(ValidationError):
        territory.clean()
