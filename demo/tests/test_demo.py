"""The demo site: complete, translated through wagtail-localize, idempotent, no broken link."""

import dataclasses
import re
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils.html import escape
from pypdf import PdfReader
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail_localize.models import Translation

from demo import content
from demo.schema import Bi
from stories.models import Author, Organisation, ReportPage, StoryPage, TerritoryPage
from tests.helpers import parse

pytestmark = pytest.mark.django_db


def demo_counts():
    return {
        "pages": Page.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
        "organisations": Organisation.objects.count(),
        "translations": Translation.objects.count(),
    }


def test_every_italian_page_has_a_live_english_translation(italian, english):
    italian_pages = Page.objects.filter(locale=italian, depth__gt=1)
    assert italian_pages.count() > 40
    for page in italian_pages:
        translated = page.get_translation_or_none(english)
        assert translated is not None, page.url_path
        assert translated.live, page.url_path
        assert translated.alias_of_id is None


def test_english_pages_are_wagtail_localize_translations_fully_done(italian, english):
    translations = Translation.objects.filter(target_locale=english, enabled=True)
    # Every page, and every author of a byline.
    sources = (
        Page.objects.filter(locale=italian, depth__gt=1).count()
        + Author.objects.filter(locale=italian).count()
    )
    assert translations.count() == sources
    assert Author.objects.filter(locale=english).count() == len(content.AUTHORS)
    for item in translations:
        total, done = item.get_progress()
        assert total > 0 and total == done, item.source.get_source_instance()


def test_story_content_is_in_english_on_the_english_page(italian, english):
    for story in StoryPage.objects.filter(locale=english):
        source = story.get_translation(italian)
        assert story.title != source.title
        assert story.summary != source.summary
        assert story.hero_image_alt != source.hero_image_alt


def test_demo_command_run_twice_duplicates_nothing():
    before = demo_counts()
    call_command("load_demo", verbosity=0)
    assert demo_counts() == before


def test_a_territory_for_every_place_with_coordinates():
    territories = TerritoryPage.objects.filter(locale__language_code="it")
    names = set(territories.values_list("title", flat=True))
    for place in ("Cremasco", "Casalasco", "Rhodense", "Valtellina", "Monza", "Rovigo", "Verona"):
        assert any(place in name for name in names), place
    for territory in territories:
        assert territory.latitude and territory.longitude


def test_every_key_figure_carries_its_source_and_date():
    figures = 0
    for story in StoryPage.objects.all():
        for block in story.key_figures:
            figures += 1
            assert block.value["source_name"] and block.value["reference_date"]
    assert figures > 0


def crawl(client, start_urls):
    """Follow every internal link from the start pages; return {url: response}."""
    seen, queue, responses = set(), list(start_urls), {}
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        if url.startswith(settings.MEDIA_URL):
            # Media is served by the web server in production, not by Django: check the file.
            assert default_storage.exists(url.removeprefix(settings.MEDIA_URL)), url
            continue
        # Permalinks (/r/<code>/) redirect to the page in the reader's language.
        response = client.get(url, follow=url.startswith("/r/"))
        responses[url] = response
        if response.get("Content-Type", "").startswith("text/html"):
            for link in parse(response).links:
                parts = urlsplit(link)
                if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http"):
                    continue
                if not parts.path.startswith("/") or parts.path.startswith("/admin/"):
                    continue
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return responses


def test_every_internal_link_answers_200_and_every_pdf_is_real(client):
    responses = crawl(client, ["/it/", "/en/"])
    live_pages = Page.objects.live().filter(depth__gt=1).count()
    assert len([url for url in responses if url.startswith(("/it/", "/en/"))]) >= live_pages
    broken = {url: r.status_code for url, r in responses.items() if r.status_code != 200}
    assert not broken
    pdfs = [url for url in responses if url.endswith(".pdf")]
    assert len(pdfs) == 2 * ReportPage.objects.filter(locale__language_code="it").count()
    for url in pdfs:
        response = responses[url]
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body.startswith(b"%PDF-")
        reader = PdfReader(BytesIO(body))
        assert len(reader.pages) >= 2
        text = reader.pages[0].extract_text()
        assert "Copia dimostrativa" in text or "Demo copy" in text


def bilingual_texts(value, found=None):
    """Every Bi pair in the demo content, however deeply nested."""
    found = set() if found is None else found
    if isinstance(value, Bi):
        found.add(value)
    elif isinstance(value, list | tuple | set):
        for item in value:
            bilingual_texts(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            bilingual_texts(item, found)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            bilingual_texts(getattr(value, field.name), found)
    return found


def test_no_italian_demo_text_appears_on_an_english_page(client, english):
    italian_only = {
        escape(text.it)
        for text in bilingual_texts([getattr(content, name) for name in dir(content)])
        if text.it != text.en and len(text.it) >= 20
    }
    # Organisations keep their own (Italian) names in both languages.
    italian_only -= {escape(organisation.name) for organisation in content.ORGANISATIONS}
    assert len(italian_only) > 100
    for page in Page.objects.live().filter(locale=english):
        main = client.get(page.url).content.decode().split("<main", 1)[1]
        # A citation keeps the title of an Italian-only report as it is, marked as Italian.
        main = re.sub(r'<cite lang="it">.*?</cite>', "", main)
        leaked = [text for text in italian_only if text in main]
        assert not leaked, (page.url, leaked[:3])


def test_a_deleted_or_unpublished_related_report_never_breaks_a_story(client, italian, english):
    legacy = ReportPage.objects.get(locale=italian, slug="ricerca-eredita-welfare-in-azione")
    legacy.get_translation(english).unpublish()
    story = StoryPage.objects.get(locale=english, slug__startswith="wellfare")
    response = client.get(story.url)
    assert response.status_code == 200
    main = response.content.decode().split("<main", 1)[1]
    assert 'href="/it/' not in main and "testserver/it/" not in main
    ReportPage.objects.filter(translation_key=legacy.translation_key).delete()
    for story in StoryPage.objects.live():
        assert client.get(story.url).status_code == 200, story.url
