"""The story page: facts panel, reading time, table of contents, related stories, share
links, downloads, back-to-top, and its cache that never shows stale content."""

import re
from urllib.parse import quote, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.cache import VERSION_KEY, bump_content_version, content_version
from editorial.checks import page_problems
from stories.models import ReportPage, StoryHashtag, StoryPage, StoryTerritory
from tests.helpers import parse

pytestmark = pytest.mark.django_db

SHARE_HOSTS = {
    "wa.me",
    "t.me",
    "www.linkedin.com",
    "www.facebook.com",
    "bsky.app",
    "x.com",
}


def story(language, slug_start="wellfare"):
    return StoryPage.objects.get(locale__language_code=language, slug__startswith=slug_start)


def main_html(response):
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize(
    ("language", "amount", "about"),
    [("it", "1,5 milioni di euro", "circa"), ("en", "1.5 million euro", "about")],
)
def test_facts_panel_gives_funding_with_source_and_date(client, language, amount, about):
    page = story(language)
    html = main_html(client.get(page.url))
    facts = html.split('class="facts-panel"', 1)[1].split("</section>", 1)[0]
    assert f"{about} {amount}" in facts
    assert page.funding_source_name in facts
    with translation.override(language):
        from django.utils.formats import date_format

        assert date_format(page.funding_reference_date, "DATE_FORMAT") in facts
    assert page.programme.title in facts
    assert page.lead_partner.name in facts
    for link in page.territory_links.all():
        assert f'href="{link.territory.url}"' in facts


@pytest.mark.parametrize("language", ["it", "en"])
def test_table_of_contents_links_to_every_heading(client, language):
    page = story(language)
    html = main_html(client.get(page.url))
    toc = html.split('class="toc"', 1)[1].split("</nav>", 1)[0]
    anchors = re.findall(r'href="#([^"]+)"', toc)
    assert anchors, "the table of contents is empty"
    for heading in page.headings():
        assert heading["anchor"] in anchors
    for anchor in anchors:
        assert html.count(f'id="{anchor}"') == 1, anchor


def test_reading_time_counts_the_words(client):
    page = story("it")
    words = len(page.summary.split())
    assert page.reading_minutes >= max(1, words // 200)
    html = main_html(client.get(page.url))
    assert f"{page.reading_minutes} min" in html


@pytest.mark.parametrize("language", ["it", "en"])
def test_related_stories_prefer_shared_territories_then_hashtags(client, language):
    page = story(language)
    related = list(page.related_stories())
    assert len(related) == 3
    assert page.pk not in {other.pk for other in related}
    assert all(other.locale_id == page.locale_id for other in related)
    own_territories = set(page.territory_links.values_list("territory_id", flat=True))
    own_hashtags = set(page.hashtag_links.values_list("hashtag_id", flat=True))

    def shared(other):
        territories = set(
            StoryTerritory.objects.filter(page=other).values_list("territory_id", flat=True)
        )
        hashtags = set(StoryHashtag.objects.filter(page=other).values_list("hashtag_id", flat=True))
        return (len(territories & own_territories), len(hashtags & own_hashtags))

    candidates = StoryPage.objects.live().filter(locale=page.locale).exclude(pk=page.pk)
    best = sorted((shared(other) for other in candidates), reverse=True)[:3]
    assert [shared(other) for other in related] == best
    html = main_html(client.get(page.url))
    section = html.split('class="related', 1)[1]
    for other in related:
        assert f'href="{other.url}"' in section


def test_share_links_load_nothing_from_third_parties(client):
    page = story("en")
    response = client.get(page.url)
    html = response.content.decode()
    share = html.split('class="share"', 1)[1].split("</section>", 1)[0]
    hrefs = re.findall(r'href="([^"]+)"', share)
    assert any(href.startswith("mailto:") for href in hrefs)
    external = [href for href in hrefs if href.startswith("https://")]
    assert {urlsplit(href).hostname for href in external} == SHARE_HOSTS
    encoded_url = quote(f"http://testserver{page.url}", safe="/")
    assert all(encoded_url in href for href in external)
    # Nothing on the page is fetched from another host: scripts, styles, images, frames.
    for tag in re.findall(r"<(?:script|img|iframe|link|source)\b[^>]*>", html):
        for url in re.findall(r'(?:src|href)="([^"]+)"', tag):
            assert not url.startswith(("http://", "https://", "//")) or "testserver" in url, tag


def test_reports_of_the_story_offer_their_pdfs(client):
    report = ReportPage.objects.live().filter(locale__language_code="it").first()
    linked = report.story_links.first().story
    html = main_html(client.get(linked.url))
    assert f'href="{report.url}"' in html
    assert f'href="{report.full_report.url}"' in html
    assert 'type="application/pdf"' in html


def test_back_to_top_and_print_styles(client):
    html = client.get(story("it").url).content.decode()
    assert 'href="#top"' in html
    assert 'id="top"' in html
    css = client.get("/static/css/site.css")
    stylesheet = b"".join(css.streaming_content).decode()
    print_rules = stylesheet.split("@media print", 1)[1]
    for hidden in (".share", ".related", ".site-header", ".toc"):
        assert hidden in print_rules


def test_funding_needs_a_source_and_a_date_to_be_published():
    page = story("it")
    page.funding_source_name = ""
    page.funding_reference_date = None
    page.full_clean()  # a draft may wait for them
    fields = {
        problem.field for problem in page_problems(page) if problem.check.code == "funding-source"
    }
    assert fields == {"funding_source_name", "funding_reference_date"}


def test_body_headings_must_differ():
    page = story("it")
    heading = {"text": "Una sezione", "level": "h2"}
    page.body = [("heading", heading), ("heading", heading)]
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "body" in error.value.message_dict


def test_a_published_change_shows_at_once_despite_the_cache(client):
    page = story("it")
    other = page.related_stories()[0]
    assert f'href="{other.url}"' in client.get(page.url).content.decode()

    page.title = "Titolo cambiato"
    page.save_revision().publish()
    other.unpublish()
    html = client.get(page.url).content.decode()
    assert "Titolo cambiato" in html
    assert f'href="{other.url}"' not in html


def test_previews_are_never_served_from_the_cache(rf, client):
    page = story("it")
    client.get(page.url)  # fills the cache
    page.title = "Bozza non pubblicata"
    request = rf.get(page.url)
    preview = page.make_preview_request(request, page.default_preview_mode)
    assert "Bozza non pubblicata" in preview.rendered_content


def test_links_of_the_story_page_resolve(client):
    page = story("en")
    links = parse(client.get(page.url)).links
    # Images are checked by the demo crawl; here, the pages and files the story links to.
    internal = [
        link
        for link in links
        if link.startswith("/") and "#" not in link and not link.startswith("/media/images/")
    ]
    for link in set(internal):
        assert client.get(link).status_code in (200, 302), link


def test_a_new_alias_shows_in_listings_at_once(client):
    page = story("it")
    index_html = client.get(page.get_parent().url).content.decode()
    assert "alias-della-storia" not in index_html
    page.create_alias(update_slug="alias-della-storia")
    html = client.get(page.get_parent().url).content.decode()
    assert "alias-della-storia" in html


def test_a_lost_content_version_never_restarts_from_an_old_number():
    from django.core.cache import cache

    first = content_version()
    cache.delete(VERSION_KEY)
    bump_content_version()
    assert cache.get(VERSION_KEY) > first


def test_an_unpublished_programme_is_not_named_on_its_stories(client):
    page = story("en")
    programme = page.programme
    programme.unpublish()
    html = main_html(client.get(page.url))
    assert f'href="{programme.url}"' not in html
    assert 'class="kicker"' not in html.split("</header>", 1)[0]


def test_downloads_state_the_real_file_size(client):
    from django.template.defaultfilters import filesizeformat

    report = ReportPage.objects.live().filter(locale__language_code="en").first()
    size = report.full_report.file.size
    assert report.full_report.file_size == size
    html = client.get(report.url).content.decode()
    assert f"PDF, {filesizeformat(size)}".replace("\xa0", " ") in html.replace("\xa0", " ")
    assert "0 bytes" not in html


def test_italian_dates_write_months_in_lower_case(client):
    html = main_html(client.get(story("it").url))
    assert "31 dicembre 2014" in html
    assert "Dicembre" not in html
