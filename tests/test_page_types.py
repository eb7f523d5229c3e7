"""Every page type: where it may be created, and that it routes, renders and previews in
both languages."""

import pytest
from django.utils import translation
from django.utils.html import escape
from wagtail.models import Page

from home.models import HomePage, InformationPage
from proposals.models import ProposalPage
from stories.models import (
    HashtagIndexPage,
    HashtagPage,
    ProgrammeIndexPage,
    ProgrammePage,
    ProgrammeStoryIndexPage,
    ReportIndexPage,
    ReportPage,
    StoryIndexPage,
    StoryPage,
    TerritoryIndexPage,
    TerritoryPage,
)
from tests.helpers import PAGE_MODELS
from tests.page_test_case import I18nPageTestCase

INDEX_CHILDREN = {
    ProgrammeIndexPage: ProgrammePage,
    StoryIndexPage: ProgrammeStoryIndexPage,
    HashtagIndexPage: HashtagPage,
    TerritoryIndexPage: TerritoryPage,
    ReportIndexPage: ReportPage,
}


class PageTreeRulesTests(I18nPageTestCase):
    def test_the_home_takes_every_page_type_that_names_it_as_parent(self):
        # Both sides list the relation (subpage_types, parent_page_types): a new page type
        # for the home's level is caught here until the home lists it too.
        naming_the_home = {
            model for model in PAGE_MODELS if HomePage in model.allowed_parent_page_models()
        }
        self.assertEqual(set(HomePage.allowed_subpage_models()), naming_the_home)

    def test_home_is_created_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {*INDEX_CHILDREN, InformationPage, ProposalPage})

    def test_information_pages_live_under_home_and_have_no_children(self):
        self.assertAllowedParentPageTypes(InformationPage, {HomePage})
        self.assertAllowedSubpageTypes(InformationPage, set())
        home = HomePage.objects.get(locale__language_code="it")
        # Several information pages may sit under one home (statement, about, data...).
        self.assertTrue(InformationPage.can_create_at(home))
        self.assertCanCreateAt(HomePage, InformationPage)
        self.assertCanNotCreateAt(StoryIndexPage, InformationPage)

    def test_index_pages_live_under_home_and_hold_their_own_type(self):
        for index_model, child_model in INDEX_CHILDREN.items():
            with self.subTest(index=index_model.__name__):
                self.assertAllowedParentPageTypes(index_model, {HomePage})
                self.assertAllowedSubpageTypes(index_model, {child_model})
                self.assertAllowedParentPageTypes(child_model, {index_model})
                if child_model is not ProgrammeStoryIndexPage:
                    self.assertAllowedSubpageTypes(child_model, set())

    def test_stories_live_in_their_programme_section_only(self):
        self.assertAllowedSubpageTypes(ProgrammeStoryIndexPage, {StoryPage})
        self.assertAllowedParentPageTypes(StoryPage, {ProgrammeStoryIndexPage})
        self.assertAllowedSubpageTypes(StoryPage, set())
        section = ProgrammeStoryIndexPage.objects.filter(locale__language_code="it").first()
        self.assertCanCreateAt(ProgrammeStoryIndexPage, StoryPage)
        self.assertTrue(StoryPage.can_create_at(section))
        for other in (StoryIndexPage, HomePage, ProgrammePage):
            self.assertCanNotCreateAt(other, StoryPage)

    def test_content_pages_cannot_be_created_elsewhere(self):
        for index_model, child_model in INDEX_CHILDREN.items():
            with self.subTest(child=child_model.__name__):
                self.assertCanNotCreateAt(HomePage, child_model)
                for other_index in INDEX_CHILDREN:
                    if other_index is not index_model:
                        self.assertCanNotCreateAt(other_index, child_model)

    def test_one_index_of_each_kind_per_home(self):
        home = HomePage.objects.get(locale__language_code="it")
        for index_model in INDEX_CHILDREN:
            with self.subTest(index=index_model.__name__):
                self.assertFalse(index_model.can_create_at(home))

    def test_exactly_four_hashtags_per_language(self):
        for index in HashtagIndexPage.objects.all():
            with self.subTest(locale=index.locale.language_code):
                self.assertEqual(index.get_children().count(), 4)
                self.assertFalse(HashtagPage.can_create_at(index))


class PageRenderingTests(I18nPageTestCase):
    def test_every_page_type_routes_renders_and_previews_in_both_languages(self):
        for model in PAGE_MODELS:
            for language in ("it", "en"):
                page = model.objects.live().filter(locale__language_code=language).first()
                with self.subTest(model=model.__name__, language=language):
                    self.assertIsNotNone(page, f"no {language} {model.__name__} in the demo")
                    with translation.override(language):
                        self.assertPageIsRoutable(page)
                        self.assertPageIsRenderable(page)
                        preview = page.make_preview_request(
                            original_request=self.dummy_request,
                            preview_mode=page.default_preview_mode,
                        )
                        self.assertEqual(preview.status_code, 200)
                        self.assertIn(escape(page.title), preview.rendered_content)
                    response = self.client.get(page.url)
                    self.assertEqual(response.status_code, 200)
                    self.assertContains(response, f'<html lang="{language}">')


@pytest.mark.django_db
def test_story_page_shows_relations_in_its_language(client):
    story = StoryPage.objects.get(locale__language_code="en", slug__startswith="wellfare")
    response = client.get(story.url)
    body = response.content.decode()
    assert story.programme.url in body
    for link in story.hashtag_links.all():
        assert f'href="{link.hashtag.url}"' in body
    for link in story.territory_links.all():
        assert f'href="{link.territory.url}"' in body
    # No link to an Italian page (a file's permalink may name its language: /r/CODE/report/it/).
    main = body.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'href="/it/' not in main and "testserver/it/" not in main


class AdminPreviewTests(I18nPageTestCase):
    def setUp(self):
        self.login()

    def test_italian_hashtag_previews_from_the_admin_editor(self):
        from wagtail.test.utils.form_data import nested_form_data

        page = HashtagPage.objects.get(locale__language_code="it", code="risorse")
        data = nested_form_data(
            {"title": page.title, "slug": page.slug, "code": page.code, "meaning": "Anteprima"}
        )
        self.assertPageIsPreviewable(page, post_data=data)
