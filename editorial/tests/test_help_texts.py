"""Every field, block and panel group an editor sees explains itself, in Italian and in
English.

The test walks what the admin builds: each page type's edit handler (the panel tree and the
form class it makes, inline panels included), every StreamField block down to the leaves,
and the snippets. Page types and fields added later are walked too."""

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail import blocks
from wagtail.admin.panels import (
    CommentPanel,
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    ObjectList,
    PanelGroup,
    PublishingPanel,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.snippets.models import get_snippet_models
from wagtail.users.models import UserProfile

from stories.models import StoryPage
from tests.helpers import PAGE_MODELS, our_models

# Help texts that read the same in both languages on purpose. Keep it short.
SAME_IN_BOTH_LANGUAGES = set()

# Wagtail's schedule dialog explains go-live and expiry dates, which have no help text.
PUBLISHING_PANEL_EXPLANATION = "Choose when this page should go live and/or expire"


def page_models():
    return PAGE_MODELS


def snippet_models():
    return [model for model in get_snippet_models() if model in our_models()]


def is_wagtail_field(model, field_name):
    """A field Wagtail defines (title, slug, seo_title, go_live_at...), not one of ours."""
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:
        return False
    return field.model.__module__.startswith("wagtail.")


class HelpText:
    """One help text an editor reads, where it is shown, and whose msgid it is."""

    def __init__(self, where, text, wagtails=False):
        self.where, self.text, self.wagtails = where, text, wagtails

    def problem(self):
        with translation.override("en"):
            english = str(self.text or "").strip()
        with translation.override("it"):
            italian = str(self.text or "").strip()
        if not english:
            return f"{self.where}: no help text"
        if not italian:
            return f"{self.where}: no Italian help text"
        if self.wagtails or english in SAME_IN_BOTH_LANGUAGES:
            return None
        if italian == english:
            return f"{self.where}: help text not translated into Italian: {english!r}"
        return None


def block_help_texts(block, where):
    """The help text of a block and of every block inside it."""
    if isinstance(block, blocks.FieldBlock):
        yield HelpText(where, block.field.help_text)
    elif isinstance(block, blocks.StructBlock | blocks.ListBlock):
        yield HelpText(where, getattr(block.meta, "help_text", ""))
    elif isinstance(block, blocks.StaticBlock):
        # No field to explain: the block's text in the editor says what it shows.
        yield HelpText(where, block.meta.admin_text)
    # A StreamBlock's own help is its StreamField's help text, checked with the field.
    if isinstance(block, blocks.StructBlock | blocks.StreamBlock):
        for name, child in block.child_blocks.items():
            yield from block_help_texts(child, f"{where} › {name}")
    elif isinstance(block, blocks.ListBlock):
        yield from block_help_texts(block.child_block, f"{where} › item")


def holds_only_wagtail_fields(panel):
    """A group of Wagtail's own fields (the Promote tab's), headed and explained by Wagtail."""
    if isinstance(panel, FieldPanel):
        return is_wagtail_field(panel.model, panel.field_name)
    if isinstance(panel, PanelGroup):
        return all(holds_only_wagtail_fields(child) for child in panel.children)
    return False


def panel_help_texts(panel, form_class, where):
    """Help texts of a bound panel tree. ``form_class`` is the form the panel's fields
    live in (an inline panel's fields live in its formset's form)."""
    model = panel.model
    if isinstance(panel, PublishingPanel | CommentPanel):
        # Wagtail's own furniture, explained by Wagtail (see the publishing test below).
        return
    if isinstance(panel, FieldPanel):
        name = f"{where} › {panel.field_name}"
        form_field = form_class.base_fields.get(panel.field_name)
        db_field = getattr(panel, "db_field", None)
        # What Wagtail shows: the panel's text, else the form field's (a read-only
        # panel has no form field and shows the model field's).
        text = panel.help_text or (
            form_field.help_text if form_field is not None else getattr(db_field, "help_text", "")
        )
        yield HelpText(name, text, wagtails=is_wagtail_field(model, panel.field_name))
        model_field = model._meta.get_field(panel.field_name)
        if isinstance(model_field, StreamField):
            yield from block_help_texts(model_field.stream_block, name)
        return
    if isinstance(panel, InlinePanel):
        name = f"{where} › {panel.relation_name}"
        yield HelpText(f"{name} (inline panel)", panel.help_text)
        inline_form = form_class.formsets[panel.relation_name].form
        # The inline panel wraps its children in a group of its own, not an editor's.
        for child in panel.child_edit_handler.children:
            yield from panel_help_texts(child, inline_form, name)
        return
    if isinstance(panel, PanelGroup):
        is_tab = isinstance(panel, TabbedInterface | ObjectList)
        # A row without a heading only lays fields side by side; each field explains itself.
        is_plain_row = isinstance(panel, FieldRowPanel) and not panel.heading
        if not (is_tab or is_plain_row or holds_only_wagtail_fields(panel)):
            label = str(panel.heading) or type(panel).__name__
            yield HelpText(f"{where} › [{label}] ({type(panel).__name__})", panel.help_text)
        for child in panel.children:
            yield from panel_help_texts(child, form_class, where)


def edit_handler_help_texts(model, edit_handler):
    form_class = edit_handler.get_form_class()
    yield from panel_help_texts(edit_handler, form_class, model.__name__)


def all_help_texts():
    # Named in English, so failures read the same for everyone.
    with translation.override("en"):
        found = []
        for model in page_models():
            found += edit_handler_help_texts(model, model.get_edit_handler())
        for model in snippet_models():
            found += edit_handler_help_texts(model, model.snippet_viewset.get_edit_handler())
    return found


def test_the_walk_covers_every_page_type_snippet_and_block():
    names = {help_text.where for help_text in all_help_texts()}
    assert len(page_models()) >= 12
    assert any(model.__name__ == "Organisation" for model in snippet_models())
    for expected in (
        "StoryPage › summary",
        "StoryPage › territory_links (inline panel)",
        "StoryPage › partner_links › role",
        "StoryPage › body › key_figures › figures › item › source_name",
        "ProgrammePage › editions › budget_eur",
        "InformationPage › body › paragraph",
        "InformationPage › body › open_data_reference",
        "Organisation › website",
        "StoryPage › title",
        "StoryPage › search_description",
    ):
        assert expected in names
    assert any("[Funding] (MultiFieldPanel)" in name for name in names)


def test_every_field_block_and_panel_has_a_help_text_in_both_languages():
    problems = [
        problem for help_text in all_help_texts() if (problem := help_text.problem()) is not None
    ]
    assert problems == [], "\n".join(problems)


def test_wagtail_publishing_schedule_explains_itself_in_italian():
    """go_live_at and expire_at have no help text of their own: the schedule dialog that
    holds them (Wagtail's PublishingPanel) explains them."""
    with translation.override("it"):
        italian = gettext(PUBLISHING_PANEL_EXPLANATION)
    assert italian and italian != PUBLISHING_PANEL_EXPLANATION


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["it", "en"])
def test_help_texts_reach_the_page_editor(admin_client, admin_user, language):
    """The texts are not only defined: the story editor shows them, in the editor's
    language."""
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = language
    profile.save()
    story = StoryPage.objects.filter(locale__language_code="it").first()
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override(language):
        for field_name in ("summary", "hero_image_alt", "lead_partner"):
            assert escape(str(StoryPage._meta.get_field(field_name).help_text)) in html
