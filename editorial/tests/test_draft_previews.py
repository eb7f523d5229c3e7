"""Drafts, revisions and previews of every page type render through the admin's own views,
in both languages, also when their inline relations changed (issue 10: "preview draft" of a
story answered 500 because its links were a revision's in-memory relations)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import querydict_from_html
from wagtail_localize.models import Translation, TranslationSource

from stories.models import (
    ProgrammeEdition,
    ProgrammePage,
    ProgrammeStoryIndexPage,
    ReportAuthor,
    ReportPage,
    ReportStory,
    StoryHashtag,
    StoryPage,
    StoryPartner,
    StoryTerritory,
    TerritoryIndexPage,
    TerritoryPage,
)
from tests.admin_forms import add_inline_row, block_data, edit_form_data
from tests.helpers import PAGE_MODELS

pytestmark = pytest.mark.django_db

MARK = "Versione-in-bozza"


@pytest.fixture
def moderator(client):
    user = get_user_model().objects.create_superuser("moderatrice", "mod@example.org", "x")
    client.force_login(user)
    return user


def live_page(model, language):
    page = model.objects.live().filter(locale__language_code=language).order_by("path").first()
    assert page is not None, f"no live {language} {model.__name__} in the demo"
    return page.specific


def change_relations(page):
    """Give ``page`` other inline relations, in memory; returns what its draft must show."""
    shown = []
    same_locale = {"locale_id": page.locale_id}
    if isinstance(page, StoryPage):
        linked = [link.territory_id for link in page.territory_links.all()]
        territory = TerritoryPage.objects.live().filter(**same_locale).exclude(pk__in=linked)[0]
        tags = [link.hashtag_id for link in page.hashtag_links.all()]
        hashtag = type(page.hashtag_links.first().hashtag).objects.live().filter(**same_locale)
        hashtag = hashtag.exclude(pk__in=tags).first() or page.hashtag_links.first().hashtag
        partner = page.partner_links.first().organisation
        page.territory_links = [StoryTerritory(territory=territory, locale=page.locale)]
        page.hashtag_links = [StoryHashtag(hashtag=hashtag, locale=page.locale)]
        page.partner_links = [StoryPartner(organisation=partner, role="Ruolo in bozza")]
        shown += [territory.title, hashtag.title, "Ruolo in bozza"]
    elif isinstance(page, ReportPage):
        linked = [link.story_id for link in page.story_links.all()]
        story = StoryPage.objects.live().filter(**same_locale).exclude(pk__in=linked)[0]
        page.authors = [ReportAuthor(name="Autrice In Bozza")]
        page.story_links = [ReportStory(story=story, locale=page.locale)]
        shown += ["Autrice In Bozza", story.title]
    elif isinstance(page, ProgrammePage):
        editions = list(page.editions.all())
        editions.append(
            ProgrammeEdition(number=9, year=2031, projects_funded=4321, locale=page.locale)
        )
        page.editions = editions
        shown += ["2031"]
    return shown


def draft_of(page, user):
    """A draft of ``page`` with another title and other relations, and what it shows."""
    shown = change_relations(page)
    page.title = f"{page.title} {MARK}"
    revision = page.save_revision(user=user)
    return revision, [page.title, *shown]


def assert_shows(response, texts):
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    for text in texts:
        assert escape(text) in html, text


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model.__name__)
def test_draft_and_revision_render_through_the_admin(client, moderator, model, language):
    page = live_page(model, language)
    revision, shown = draft_of(page, moderator)

    view_draft = client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert_shows(view_draft, shown)
    assert f'<html lang="{language}">' in view_draft.content.decode()

    revision_view = reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk])
    assert_shows(client.get(revision_view), shown)


def preview(client, url, data):
    posted = client.post(url, data)
    assert posted.status_code == 200
    assert posted.json() == {"is_valid": True, "is_available": True}, posted.json()
    return client.get(url)


RELATION_FORM_CHANGES = {
    # Form key of an inline row's field: how to find another value in the page's language.
    StoryPage: {
        "territory_links-0-territory": lambda page: (
            TerritoryPage.objects.live()
            .filter(locale_id=page.locale_id)
            .exclude(pk__in=page.territory_links.values("territory_id"))[0]
        ),
    },
    ReportPage: {
        "story_links-0-story": lambda page: (
            StoryPage.objects.live()
            .filter(locale_id=page.locale_id)
            .exclude(pk__in=page.story_links.values("story_id"))[0]
        ),
    },
}


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model.__name__)
def test_italian_editor_preview_shows_the_form_as_edited(client, moderator, model):
    page = live_page(model, "it")
    changes, shown = {"title": f"{page.title} {MARK}"}, [f"{page.title} {MARK}"]
    for key, other in RELATION_FORM_CHANGES.get(model, {}).items():
        target = other(page)
        changes[key] = str(target.pk)
        shown.append(target.title)
    if model is ProgrammePage:
        changes["editions-0-year"] = "2031"
        shown.append("2031")
    data = edit_form_data(client, page, **changes)
    if model is ReportPage:
        add_inline_row(data, "authors", name="Autrice In Bozza", affiliation="")
        shown.append("Autrice In Bozza")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert_shows(preview(client, url, data), shown)


NEW_PAGES = {
    StoryPage: (ProgrammeStoryIndexPage, {"summary": "Una storia ancora da pubblicare."}),
    ReportPage: (None, {"abstract": '{"blocks": [], "entityMap": {}}'}),
    TerritoryPage: (TerritoryIndexPage, {"description": "Un luogo nuovo."}),
    ProgrammePage: (None, {"summary": "Un programma nuovo.", "start_year": "2030"}),
}


@pytest.mark.parametrize("model", list(NEW_PAGES), ids=lambda model: model.__name__)
def test_preview_of_a_page_not_saved_yet(client, moderator, model):
    parent_model, fields = NEW_PAGES[model]
    parent_model = parent_model or model.allowed_parent_page_models()[0]
    parent = live_page(parent_model, "it")
    add_url = reverse(
        "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
    )
    html = client.get(add_url).content.decode()
    data = querydict_from_html(html, form_id="page-edit-form").dict()
    for field in model._meta.get_fields():
        if isinstance(field, StreamField):
            data |= block_data(field.stream_block, [], field.name)
    data |= {"title": f"Pagina nuova {MARK}", "slug": "pagina-nuova-in-bozza", **fields}
    if model is StoryPage:
        territory = TerritoryPage.objects.live().filter(locale_id=parent.locale_id).first()
        data |= {
            "territory_links-TOTAL_FORMS": "1",
            "territory_links-0-territory": str(territory.pk),
            "territory_links-0-ORDER": "1",
            "territory_links-0-DELETE": "",
            "territory_links-0-id": "",
        }
    url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )
    shown = [f"Pagina nuova {MARK}"]
    if model is StoryPage:
        shown.append(territory.title)
    assert_shows(preview(client, url, data), shown)


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model.__name__)
def test_english_translation_being_edited_previews_with_the_new_relations(client, moderator, model):
    """The translation editor's preview of an English page whose Italian source changed its
    inline relations since the last sync."""
    italian = live_page(model, "it")
    english = italian.get_translation(live_page(model, "en").locale)
    translation = Translation.objects.get(
        source__object_id=italian.translation_key, target_locale=english.locale
    )
    change_relations(italian)
    italian.save_revision(user=moderator)
    TranslationSource.update_or_create_from_instance(italian.get_latest_revision_as_object())
    response = client.get(reverse("wagtail_localize:preview_translation", args=[translation.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert escape(english.title) in html
    # What the source now links to, in English.
    if isinstance(italian, StoryPage):
        new_territory = italian.territory_links.all()[0].territory
        assert escape(new_territory.get_translation(english.locale).title) in html
    if isinstance(italian, ReportPage):
        new_story = italian.story_links.all()[0].story
        assert escape(new_story.get_translation(english.locale).title) in html
        assert "Autrice In Bozza" in html
    if isinstance(italian, ProgrammePage):
        assert "2031" in html
