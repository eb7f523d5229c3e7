"""Live content changes only through moderation, proved through the admin's own views with
the site's groups:

- a document or an image that a live page uses is changed, replaced or deleted by a
  moderator only; one that nothing live uses stays the editor's (editorial.media_moderation);
- an editor's change to an organisation is a draft that live pages do not show until the
  "Moderators approval" workflow approves it (stories.models.organisations);
- only a moderator turns a translation into an alias of its original
  (editorial.localize_views.convert_to_alias).
"""

import io
from html import unescape

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import WorkflowContentType, WorkflowPage
from wagtail_localize.models import Translation

from downloads.tests.pdf_files import simple_pdf, stream
from stories.models import Organisation, ReportPage, StoryPage
from tests.admin_forms import edit_form_data

pytestmark = pytest.mark.django_db

Document = get_document_model()
Image = get_image_model()

REFUSED = "only a moderator may change, replace or delete it"


@pytest.fixture
def editor(user_in_group):
    """An editor whose admin speaks English, so that its messages read as written here."""
    return user_in_group("Editors", username="editor-anna", language="en")


def pdf_bytes(marker):
    """A one-page PDF that passes the upload checks, its page showing ``marker``."""
    return simple_pdf(b"", b"/Contents 4 0 R", stream(f"BT ({marker}) Tj ET".encode()))


def png_bytes(colour):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (640, 400), colour).save(buffer, "PNG")
    return buffer.getvalue()


def read(field_file):
    with field_file.open("rb") as handle:
        return handle.read()


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def replace_document(client, document, content, follow=False):
    return client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": document.title,
            "file": SimpleUploadedFile("sostituito.pdf", content),
            "collection": document.collection_id,
            "tags": "",
        },
        follow=follow,
    )


def replace_image(client, image, content, follow=False):
    return client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {
            "title": image.title,
            "file": SimpleUploadedFile("sostituita.png", content),
            "description": "",
            "collection": image.collection_id,
            "tags": "",
        },
        follow=follow,
    )


def new_document(user, marker):
    document = Document(title=f"Rapporto {marker}", uploaded_by_user=user)
    document.file.save(f"{marker}.pdf", ContentFile(pdf_bytes(marker)), save=False)
    document.save()
    return document


def new_image(user, colour):
    file = ImageFile(io.BytesIO(png_bytes(colour)), name="copertina.png")
    return Image.objects.create(title="Foto di copertina", file=file, uploaded_by_user=user)


def published(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


# The files are the tests' own: a replaced file is deleted from storage, which the rollback
# of the database would not bring back for the demo's documents and images.


@pytest.fixture
def live_report(editor):
    report = (
        ReportPage.objects.live()
        .filter(locale__language_code="it", full_report__isnull=False)
        .order_by("path")
        .first()
    )
    assert report is not None, "no live report with a PDF in the demo"
    return published(report, full_report=new_document(editor, "pubblicato"))


@pytest.fixture
def live_story(editor):
    story = (
        StoryPage.objects.live()
        .filter(locale__language_code="it", hero_image__isnull=False, lead_partner__isnull=False)
        .order_by("path")
        .first()
    )
    assert story is not None, "no live story with a hero image and a lead partner in the demo"
    return published(story, hero_image=new_image(editor, (120, 80, 40)))


@pytest.fixture
def unused_document(editor):
    return new_document(editor, "bozza")


# --- Documents and images -------------------------------------------------------------------


def test_an_editor_may_not_replace_the_pdf_of_a_live_report(client, editor, live_report):
    document = live_report.full_report
    before = read(document.file)
    client.force_login(editor)

    response = replace_document(client, document, pdf_bytes("swapped"), follow=True)

    # Wagtail escapes the admin's messages.
    refusal = next(unescape(message) for message in messages_of(response) if REFUSED in message)
    users = ReportPage.objects.live().filter(full_report=document)
    assert any(report.title in refusal for report in users), refusal
    document.refresh_from_db()
    assert read(document.file) == before
    permalink = client.get(f"/r/{live_report.permanent_code}/report/")
    assert permalink.status_code == 200
    assert b"".join(permalink.streaming_content) == before


def test_an_editor_is_told_why_before_editing_or_deleting(client, editor, live_report):
    document = live_report.full_report
    client.force_login(editor)

    for url in (
        reverse("wagtaildocs:edit", args=[document.pk]),
        reverse("wagtaildocs:delete", args=[document.pk]),
    ):
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0] == reverse("wagtaildocs:index"), url
        assert any(REFUSED in message for message in messages_of(response)), url

    client.post(reverse("wagtaildocs:delete", args=[document.pk]))
    assert Document.objects.filter(pk=document.pk).exists()


def test_an_editors_bulk_delete_leaves_what_live_pages_use(
    client, editor, live_report, unused_document
):
    used = live_report.full_report
    client.force_login(editor)

    client.post(
        reverse("wagtail_bulk_action", args=["wagtaildocs", "document", "delete"])
        + f"?id={used.pk}&id={unused_document.pk}"
    )

    assert Document.objects.filter(pk=used.pk).exists()
    assert not Document.objects.filter(pk=unused_document.pk).exists()


def test_an_editor_may_replace_a_document_nothing_live_uses(client, editor, unused_document):
    client.force_login(editor)

    response = replace_document(client, unused_document, pdf_bytes("second"))

    assert response.status_code == 302
    unused_document.refresh_from_db()
    assert read(unused_document.file) == pdf_bytes("second")


def test_an_editor_may_not_replace_the_hero_image_of_a_live_story(client, editor, live_story):
    image = live_story.hero_image
    file_name = image.file.name
    client.force_login(editor)

    response = replace_image(client, image, png_bytes((10, 120, 200)), follow=True)

    assert any(REFUSED in message for message in messages_of(response))
    image.refresh_from_db()
    assert image.file.name == file_name


def test_a_moderator_may_replace_both(client, moderator, live_report, live_story):
    document, image = live_report.full_report, live_story.hero_image
    client.force_login(moderator)

    assert replace_document(client, document, pdf_bytes("reviewed")).status_code == 302
    assert replace_image(client, image, png_bytes((200, 200, 20))).status_code == 302

    document.refresh_from_db()
    assert read(document.file) == pdf_bytes("reviewed")
    image.refresh_from_db()
    assert read(image.file) == png_bytes((200, 200, 20))


def test_a_draft_does_not_make_a_document_moderated(client, editor, unused_document):
    """Only live uses count: a draft page that uses a new document leaves it editable."""
    report = ReportPage.objects.live().filter(locale__language_code="it").first()
    report.full_report = unused_document
    report.save_revision(user=editor)
    client.force_login(editor)

    assert replace_document(client, unused_document, pdf_bytes("again")).status_code == 302


# --- Organisations --------------------------------------------------------------------------


def organisation_url(action, *args):
    return reverse(f"wagtailsnippets_stories_organisation:{action}", args=args)


def test_organisations_go_through_the_site_workflow():
    workflow = WorkflowContentType.objects.get(content_type__model="organisation").workflow
    assert workflow == WorkflowPage.objects.get(page__depth=1).workflow
    assert not Organisation.objects.filter(live=False).exists()


def test_an_editors_change_to_an_organisation_waits_for_a_moderator(
    client, editor, moderator, live_story
):
    organisation = live_story.lead_partner
    old_name, new_name = organisation.name, "Rete rinominata senza revisione"
    client.force_login(editor)

    response = client.post(
        organisation_url("edit", organisation.pk),
        {
            "name": new_name,
            "kind": organisation.kind,
            "website": organisation.website,
            "action-submit": "1",
        },
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == old_name
    assert organisation.has_unpublished_changes
    page = client.get(live_story.url).content.decode()
    assert old_name in page
    assert new_name not in page

    task_state = organisation.current_workflow_task_state
    assert task_state is not None
    response = client.post(
        organisation_url("workflow_action", organisation.pk, "approve", task_state.pk)
    )
    organisation.refresh_from_db()
    assert organisation.name == old_name, "an editor approved their own change"

    client.force_login(moderator)
    listing = client.get(organisation_url("list"), {"live": "true"})
    assert organisation in listing.context["object_list"]
    response = client.post(
        organisation_url("workflow_action", organisation.pk, "approve", task_state.pk)
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == new_name
    assert not organisation.has_unpublished_changes
    assert new_name in client.get(live_story.url).content.decode()


def test_a_page_may_not_link_an_unpublished_organisation(client, moderator, live_story):
    draft = Organisation.objects.create(name="Cooperativa in bozza", kind="cooperative", live=False)
    client.force_login(moderator)
    data = edit_form_data(client, live_story, lead_partner=str(draft.pk))

    response = client.post(reverse("wagtailadmin_pages:edit", args=[live_story.pk]), data)

    assert response.status_code == 200
    assert "lead_partner" in response.context["form"].errors
    live_story.refresh_from_db()
    assert live_story.get_latest_revision_as_object().lead_partner_id != draft.pk


# --- Convert to alias -----------------------------------------------------------------------


@pytest.fixture
def english_translation():
    translation = (
        Translation.objects.filter(
            target_locale__language_code="en",
            enabled=True,
            source__specific_content_type__model="storypage",
        )
        .select_related("source")
        .first()
    )
    assert translation is not None, "no English story translation in the demo"
    page = translation.get_target_instance()
    assert page.live and page.alias_of_id is None
    return page


def convert_url(page):
    return reverse("wagtail_localize:convert_to_alias", args=[page.pk])


def test_a_translator_may_not_turn_a_live_translation_into_an_alias(
    client, user_in_group, english_translation
):
    translator = user_in_group("Translators", username="traduttrice", language="en")
    client.force_login(translator)
    page = english_translation
    assert page.permissions_for_user(translator).can_edit()

    response = client.post(convert_url(page), follow=True)

    assert any("Only a moderator may turn" in message for message in messages_of(response))
    page.refresh_from_db()
    assert page.live
    assert page.alias_of_id is None
    assert Translation.objects.filter(
        source__object_id=page.translation_key, target_locale=page.locale
    ).exists()


def test_a_moderator_may_turn_a_translation_into_an_alias(client, moderator, english_translation):
    client.force_login(moderator)

    response = client.post(convert_url(english_translation))

    assert response.status_code == 302
    english_translation.refresh_from_db()
    assert english_translation.alias_of_id is not None


def test_the_convert_to_alias_menu_item_is_for_moderators(
    client, user_in_group, moderator, english_translation
):
    """wagtail-localize offers it in the page editor's menu once the translation is stopped
    (its translation editor, for a running one, leads to the refusal above)."""
    page = english_translation
    Translation.objects.filter(
        source__object_id=page.translation_key, target_locale=page.locale
    ).update(enabled=False)
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])

    client.force_login(moderator)
    assert "localize-convert-to-alias" in client.get(edit_url).content.decode()
    client.force_login(user_in_group("Translators", username="traduttrice"))
    assert "localize-convert-to-alias" not in client.get(edit_url).content.decode()
