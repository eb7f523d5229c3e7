"""Every block an editor can pick in a StreamField shows a description and a preview drawn
with the site's own templates and stylesheet, in the editor's language."""

import json
import re
from html import unescape as html_unescape

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape, strip_tags
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.rich_text import RichText
from wagtail.users.models import UserProfile

from stories.blocks import KeyFiguresBlock
from stories.models import StoryPage
from tests.helpers import our_models

pytestmark = pytest.mark.django_db


def stream_blocks():
    """The top-level stream block of every StreamField of our models."""
    for model in our_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                yield f"{model.__name__}.{field.name}", field.stream_block


def picker_blocks():
    """Each block offered in a block picker, once: the children of every stream block."""
    found = {}

    def visit(where, stream_block):
        for name, child in stream_block.child_blocks.items():
            found.setdefault(child.definition_prefix, (f"{where} › {name}", child))
            if isinstance(child, blocks.StreamBlock):
                visit(f"{where} › {name}", child)

    for where, stream_block in stream_blocks():
        visit(where, stream_block)
    return sorted(found.values(), key=lambda item: item[0])


def preview_text(block):
    """The first text an editor reads in a block's preview, as the preview's HTML holds
    it (rich text is HTML already; other text is escaped). A block without a value (a
    StaticBlock) shows what its template draws: the first heading."""
    value = block.get_preview_value()
    if isinstance(block, blocks.StaticBlock):
        return re.search(r"<h2[^>]*>(.+?)</h2>", str(block.render(value))).group(1)
    if isinstance(value, RichText):
        return strip_tags(value.source).split(":")[0]
    for name, child in block.child_blocks.items():
        if isinstance(child, blocks.CharBlock | blocks.TextBlock) and value.get(name):
            return escape(value[name])
    raise AssertionError(f"{block.name}: its preview value has no text")


def preview(client, block):
    response = client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200, block.name
    return response.content.decode()


def use_admin_language(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


PICKER_BLOCKS = picker_blocks()
PICKER_IDS = [where.replace(" › ", ":") for where, _block in PICKER_BLOCKS]


def test_the_pickers_offer_the_expected_blocks():
    names = {block.name for _where, block in PICKER_BLOCKS}
    assert {
        "heading",
        "paragraph",
        "quote",
        "image",
        "key_figures",
        "callout",
        "related_report",
        "figure",
        "action_line",
        "open_data_reference",
    } <= names


@pytest.mark.parametrize(("where", "block"), PICKER_BLOCKS, ids=PICKER_IDS)
def test_block_is_previewable_with_a_description_in_both_languages(where, block):
    assert block.is_previewable, where
    with translation.override("en"):
        english = str(block.get_description())
        english_text = str(preview_text(block))
    with translation.override("it"):
        italian = str(block.get_description())
        italian_text = str(preview_text(block))
    assert english and italian, f"{where}: no description"
    assert italian != english, f"{where}: description not translated: {english!r}"
    assert italian_text != english_text, f"{where}: preview not translated: {english_text!r}"


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize(("where", "block"), PICKER_BLOCKS, ids=PICKER_IDS)
def test_block_preview_renders_with_the_site_stylesheet(
    admin_client, admin_user, language, where, block
):
    use_admin_language(admin_user, language)
    html = preview(admin_client, block)
    assert f'<html lang="{language}"' in html
    assert 'rel="stylesheet" href="/static/css/site.css"' in html
    assert 'style="' not in html and "<style" not in html
    with translation.override(language):
        assert preview_text(block) in html, where


def test_key_figures_preview_shows_figures_with_source_and_date(admin_client, admin_user):
    use_admin_language(admin_user, "it")
    block = next(block for _where, block in PICKER_BLOCKS if isinstance(block, KeyFiguresBlock))
    html = preview(admin_client, block)
    assert 'class="figures figures--inline"' in html
    assert html.count('class="figure"') == 3
    assert "Fondazione Cariplo" in html
    assert "2016" in html


def test_image_and_report_previews_show_real_content(admin_client, admin_user):
    use_admin_language(admin_user, "it")
    by_name = {block.name: block for _where, block in PICKER_BLOCKS}
    assert "<img " in preview(admin_client, by_name["image"])
    report_html = preview(admin_client, by_name["related_report"])
    assert 'class="related-report"' in report_html
    assert 'href="/it/' in report_html


def test_action_line_preview_is_drawn_as_on_the_story(admin_client):
    by_name = {block.name: block for _where, block in PICKER_BLOCKS}
    html = preview(admin_client, by_name["action_line"])
    assert '<ol class="action-lines">' in html


def test_block_preview_needs_an_admin_login(client):
    _where, block = PICKER_BLOCKS[0]
    url = reverse("wagtailadmin_block_preview")
    response = client.get(url, {"id": block.definition_prefix})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_unknown_block_preview_is_not_found(admin_client):
    response = admin_client.get(reverse("wagtailadmin_block_preview"), {"id": "blockdef-unknown"})
    assert response.status_code == 404


def test_story_editor_offers_previews_and_descriptions_in_the_picker(admin_client, admin_user):
    use_admin_language(admin_user, "it")
    story = StoryPage.objects.filter(locale__language_code="it").first()
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))
    assert response.status_code == 200
    # The StreamField's definition goes to the admin's JavaScript as JSON in an attribute.
    props = html_unescape(response.content.decode())
    body_blocks = StoryPage.body.field.stream_block.child_blocks.values()
    assert props.count('"isPreviewable": true') >= len(body_blocks)
    with translation.override("it"):
        for block in body_blocks:
            assert json.dumps(str(block.get_description()))[1:-1] in props
