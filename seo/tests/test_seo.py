"""Head metadata (description, canonical, Open Graph, Twitter card, JSON-LD), the sitemap and
robots.txt, in both languages."""

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.models import Page

from core.cache import bump_content_version
from home.models import HomePage
from seo import metadata as seo
from seo import sitemaps
from stories.models import (
    HashtagPage,
    ProgrammeIndexPage,
    ReportPage,
    StoryIndexPage,
    StoryPage,
    TerritoryPage,
)
from tests.helpers import PAGE_MODELS, add_stories

pytestmark = pytest.mark.django_db

LANGUAGES = ["it", "en"]
OG_LOCALES = {"it": "it_IT", "en": "en_GB"}
SITEMAP_NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


class HeadParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta = {}
        self.links = []
        self.json_ld = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("property") or attrs.get("name")):
            key = attrs.get("property") or attrs.get("name")
            self.meta.setdefault(key, []).append(attrs.get("content"))
        if tag == "link":
            self.links.append(attrs)
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data

    def first(self, key):
        return (self.meta.get(key) or [None])[0]

    def link(self, **wanted):
        return [link for link in self.links if all(link.get(k) == v for k, v in wanted.items())]


def head(response):
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


def live_page(model, language):
    return model.objects.live().filter(locale__language_code=language).first()


def absolute(page):
    return f"http://testserver{page.url}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda model: model.__name__)
def test_every_page_type_has_description_canonical_open_graph_and_twitter_card(
    client, model, language
):
    page = live_page(model, language)
    parsed = head(client.get(page.url))
    canonical = parsed.link(rel="canonical")
    assert [link["href"] for link in canonical] == [absolute(page)]
    description = parsed.first("description")
    assert description and len(description) <= 200
    assert parsed.first("og:url") == absolute(page)
    assert parsed.first("og:title") == (page.seo_title or page.title)
    assert parsed.first("og:description") == description
    assert parsed.first("og:locale") == OG_LOCALES[language]
    other = "en" if language == "it" else "it"
    assert parsed.meta["og:locale:alternate"] == [OG_LOCALES[other]]
    assert parsed.first("og:image").startswith("http://testserver/")
    assert parsed.first("og:image:alt")
    assert parsed.first("og:site_name")
    assert parsed.first("og:type") == ("article" if model in (StoryPage, ReportPage) else "website")
    assert parsed.first("twitter:card") == "summary_large_image"
    assert parsed.first("twitter:image") == parsed.first("og:image")
    assert len(parsed.meta["description"]) == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_story_shares_its_hero_image_cropped_for_link_previews(client, language):
    story = live_page(StoryPage, language)
    parsed = head(client.get(story.url))
    assert "fill-1200x630" in parsed.first("og:image")
    assert parsed.first("og:image:width") == "1200"
    assert parsed.first("og:image:height") == "630"
    assert parsed.first("og:image:alt") == story.hero_image_alt
    rendition = story.hero_image.renditions.get(filter_spec=seo.SHARE_IMAGE_SPEC)
    assert parsed.first("og:image") == f"http://testserver{rendition.url}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_without_an_image_share_the_site_picture(client, language):
    parsed = head(client.get(live_page(ProgrammeIndexPage, language).url))
    image = parsed.first("og:image")
    assert image.endswith(".png") and "/static/img/og-default" in image
    response = client.get(image.removeprefix("http://testserver"))
    assert response.status_code == 200
    assert parsed.first("og:image:width") == "1200"


def test_search_description_wins_over_the_summary(client, italian):
    story = live_page(StoryPage, "it")
    story.search_description = "Descrizione scelta dalla redazione."
    story.save_revision().publish()
    assert head(client.get(story.url)).first("description") == story.search_description


def test_description_falls_back_to_the_summary_then_to_the_site_default():
    story = StoryPage(
        title="Prova", summary="  Una   sintesi\nsu due righe. ", search_description=""
    )
    assert seo.meta_description(story) == "Una sintesi su due righe."
    long_story = StoryPage(title="Prova", summary="parola " * 80, search_description="")
    assert len(seo.meta_description(long_story)) <= seo.DESCRIPTION_LENGTH
    assert seo.meta_description(long_story).endswith("…")
    report = ReportPage(title="R", abstract="<p>Primo.</p><p>Secondo &amp; ultimo.</p>")
    assert seo.meta_description(report) == "Primo. Secondo & ultimo."
    with translation.override("it"):
        assert seo.meta_description(None) == str(seo.DEFAULT_DESCRIPTION)
        bare = HomePage(title="Home", intro="", search_description="")
        assert seo.meta_description(bare) == str(seo.DEFAULT_DESCRIPTION)


def test_canonical_stays_when_the_translation_is_missing(client, english):
    story = live_page(StoryPage, "it")
    story.get_translation(english).unpublish()
    parsed = head(client.get(story.url))
    assert [link["href"] for link in parsed.link(rel="canonical")] == [absolute(story)]
    assert "en" not in {link.get("hreflang") for link in parsed.link(rel="alternate")}
    assert "og:locale:alternate" not in parsed.meta


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_results_name_their_own_canonical_url(client, language):
    """A view that is not a page takes its canonical URL from ``alternate_urls``."""
    try:
        with translation.override(language):
            url = reverse("search")
    except NoReverseMatch:
        pytest.skip("the search view is not wired in yet")
    parsed = head(client.get(url, {"q": "welfare"}))
    canonical = parsed.link(rel="canonical")[0]["href"]
    assert canonical.startswith(f"http://testserver{url}")
    assert parsed.first("og:url") == canonical
    assert parsed.first("og:type") == "website"
    assert parsed.json_ld == []


def test_not_found_page_has_no_canonical(client):
    response = client.get("/it/pagina-che-non-esiste/")
    assert response.status_code == 404
    parser = HeadParser()
    parser.feed(response.content.decode())
    assert not parser.link(rel="canonical")
    assert not parser.json_ld
    assert parser.first("og:image").startswith("http://testserver/")


# --- JSON-LD ----------------------------------------------------------------------------


def json_ld(response):
    """The page's own JSON-LD; its breadcrumb has a block of its own (test_breadcrumbs)."""
    blocks = [json.loads(block) for block in head(response).json_ld]
    own = [block for block in blocks if block.get("@type") != "BreadcrumbList"]
    assert len(own) == 1
    return own[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_story_json_ld_is_an_article(client, language):
    story = live_page(StoryPage, language)
    data = json_ld(client.get(story.url))
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Article"
    assert data["headline"] == story.title
    assert data["url"] == absolute(story)
    assert data["inLanguage"] == language
    assert "fill-1200x630" in data["image"]
    assert data["datePublished"].startswith(str(story.first_published_at.year))
    assert data["dateModified"]
    assert data["publisher"]["@type"] == "Organization"
    # The byline's authors; a story without one is the site's own.
    authors = [link.author for link in story.author_links.all()]
    if authors:
        assert [author["name"] for author in data["author"]] == [a.name for a in authors]
    else:
        assert data["author"]["@type"] == "Organization"
    hashtags = [link.hashtag.title for link in story.hashtag_links.all()]
    assert [thing["name"] for thing in data["about"]] == hashtags
    territories = [link.territory for link in story.territory_links.all()]
    assert [place["name"] for place in data["contentLocation"]] == [t.title for t in territories]
    geo = data["contentLocation"][0]["geo"]
    assert geo["latitude"] == float(territories[0].latitude)
    assert data["isPartOf"]["name"] == story.programme.title
    assert data["isPartOf"]["url"] == absolute(story.programme)


@pytest.mark.parametrize("language", LANGUAGES)
def test_report_json_ld_names_authors_publishers_and_pdfs(client, language):
    report = (
        ReportPage.objects.live()
        .filter(locale__language_code=language, publication_date__isnull=False)
        .first()
    )
    data = json_ld(client.get(report.url))
    assert data["@type"] == "Report"
    assert data["name"] == report.title
    assert data["inLanguage"] == language
    assert data["datePublished"] == report.publication_date.isoformat()
    assert data["abstract"] and "<" not in data["abstract"]
    assert [person["name"] for person in data["author"]] == [a.name for a in report.authors.all()]
    assert all(person["@type"] == "Person" for person in data["author"])
    publishers = [link.organisation.name for link in report.publishers.all()]
    assert [organisation["name"] for organisation in data["publisher"]] == publishers
    media = data["associatedMedia"]
    assert {item["encodingFormat"] for item in media} == {"application/pdf"}
    assert media[0]["contentUrl"] == f"http://testserver{report.full_report.url}"
    assert media[0]["inLanguage"] == report.full_report_language
    assert data["isPartOf"] == {
        "@type": "CreativeWorkSeries",
        "name": report.programme.title,
        "url": absolute(report.programme),
    }


def test_report_without_people_is_authored_by_its_publishers(client):
    report = ReportPage.objects.live().filter(locale__language_code="it", authors=None).first()
    data = json_ld(client.get(report.url))
    assert "datePublished" not in data  # the publisher gives no date
    assert {node["@type"] for node in data["author"]} == {"Organization"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_json_ld_describes_the_website_and_the_organization(client, language):
    home = live_page(HomePage, language)
    data = json_ld(client.get(home.url))
    nodes = {node["@type"]: node for node in data["@graph"]}
    assert nodes["WebSite"]["url"] == absolute(home)
    assert nodes["WebSite"]["inLanguage"] == language
    assert nodes["Organization"]["url"] == absolute(home)
    assert nodes["WebSite"]["publisher"]["@id"] == nodes["Organization"]["@id"]
    try:
        with translation.override(language):
            search = reverse("search")
    except NoReverseMatch:
        assert "potentialAction" not in nodes["WebSite"]
    else:
        target = nodes["WebSite"]["potentialAction"]["target"]["urlTemplate"]
        assert target == f"http://testserver{search}?q={{search_term_string}}"


def test_home_json_ld_leaves_out_the_search_action_without_a_search_view(client):
    def reverse_without_search(name, *args, **kwargs):
        if name == "search":
            raise NoReverseMatch(name)
        return reverse(name, *args, **kwargs)

    # The head's metadata is cached under the content version: rendered again here.
    bump_content_version()
    with mock.patch.object(seo, "reverse", reverse_without_search):
        data = json_ld(client.get("/it/"))
    website = next(node for node in data["@graph"] if node["@type"] == "WebSite")
    assert website["url"] == "http://testserver/it/"
    assert "potentialAction" not in website


@pytest.mark.parametrize("model", [HashtagPage, TerritoryPage, StoryIndexPage])
def test_other_page_types_carry_no_json_ld(client, model):
    blocks = [json.loads(block) for block in head(client.get(live_page(model, "it").url)).json_ld]
    # Only the breadcrumb's own block (test_breadcrumbs).
    assert [block["@type"] for block in blocks] == ["BreadcrumbList"]


def test_json_ld_cannot_break_out_of_its_script_element(client):
    story = live_page(StoryPage, "it")
    hostile = 'Storia </script><script>alert("x")</script> & <!-- fine'
    story.title = hostile
    story.save_revision().publish()
    body = client.get(story.url).content.decode()
    block = body.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block
    assert json.loads(block)["headline"] == hostile


def test_preview_metadata_is_never_kept_for_the_published_page(client, rf):
    story = live_page(StoryPage, "it")
    draft = StoryPage.objects.get(pk=story.pk)
    draft.title = "Titolo ancora in bozza"
    request = rf.get(story.url)
    request.is_preview = True
    with translation.override("it"):
        meta = seo.page_meta({"request": request, "page": draft, "languages": []})
    assert "Titolo ancora in bozza" in meta.json_ld
    assert "Titolo ancora in bozza" not in client.get(story.url).content.decode()


def test_head_metadata_costs_at_most_two_queries(client):
    """Compared with the same page rendered with the tag stubbed out, on a cold cache."""
    stub = seo.PageMeta("t", "d", "", "website", "it_IT", [], "s", seo.ShareImage("u", 1, 1, "a"))
    for model in PAGE_MODELS:
        url = live_page(model, "it").url
        client.get(url)  # renditions and process-wide caches
        counts = []
        for page_meta in (seo.page_meta, lambda context: stub):
            cache.clear()
            with (
                mock.patch.object(seo, "page_meta", page_meta),
                CaptureQueriesContext(connection) as queries,
            ):
                assert client.get(url).status_code == 200
            counts.append(len(queries))
        assert counts[0] - counts[1] <= 2, (model.__name__, counts)


def test_head_metadata_runs_no_query_once_cached(client):
    story = live_page(StoryPage, "en")
    client.get(story.url)
    request = client.get(story.url).wsgi_request
    context = {"request": request, "page": story.specific, "languages": []}
    with translation.override("en"), CaptureQueriesContext(connection) as queries:
        meta = seo.page_meta(context)
    assert meta.json_ld and len(queries) == 0


# --- Sitemap and robots.txt -------------------------------------------------------------


def sitemap_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def sitemap_sections(client):
    """The addresses the index at /sitemap.xml lists: a section per language and page."""
    index = sitemap_xml(client, "/sitemap.xml")
    return [
        entry.find("sm:loc", SITEMAP_NS).text for entry in index.findall("sm:sitemap", SITEMAP_NS)
    ]


def sitemap_entries(client):
    """{address: {hreflang: address}} of every section the index lists."""
    entries = {}
    for section in sitemap_sections(client):
        root = sitemap_xml(client, section.removeprefix("http://testserver"))
        for url in root.findall("sm:url", SITEMAP_NS):
            location = url.find("sm:loc", SITEMAP_NS).text
            assert location not in entries, location
            entries[location] = {
                link.get("hreflang"): link.get("href")
                for link in url.findall("xhtml:link", SITEMAP_NS)
            }
    return entries


def test_sitemap_lists_every_live_page_of_both_languages_with_alternates(client, italian):
    assert sitemap_sections(client) == [
        "http://testserver/sitemap-it.xml",
        "http://testserver/sitemap-en.xml",
    ]
    entries = sitemap_entries(client)
    pages = Page.objects.live().public().filter(depth__gt=1)
    assert set(entries) == {absolute(page) for page in pages}
    for page in pages.filter(locale=italian):
        alternates = entries[absolute(page)]
        translations = {p.locale.language_code: absolute(p) for p in page.get_translations().live()}
        assert alternates["it"] == absolute(page)
        assert alternates["x-default"] == absolute(page)
        assert alternates.get("en") == translations.get("en")
        # The English version lists the same alternates.
        if "en" in translations:
            assert entries[translations["en"]] == alternates


def test_sitemap_leaves_out_unpublished_pages_and_keeps_the_other_language(client, english):
    story = live_page(StoryPage, "it")
    english_story = story.get_translation(english)
    english_story.unpublish()
    entries = sitemap_entries(client)
    assert absolute(english_story) not in entries
    assert entries[absolute(story)] == {"it": absolute(story), "x-default": absolute(story)}


def test_sitemap_sections_split_into_pages_of_a_flat_cost(client, italian, monkeypatch):
    """A section page reads its pages and their alternates in a fixed number of queries,
    whatever the site holds; the index names every page of every section."""
    monkeypatch.setattr(sitemaps, "SECTION_SIZE", 10)
    # The cost of making a section page, not of its kept copy (seo/tests/test_kept_outputs.py).
    monkeypatch.setattr(sitemaps, "cached_response", lambda key, render: render())

    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add_stories(3, italian)
    few = [count("/sitemap.xml"), count("/sitemap-it.xml"), count("/sitemap-it.xml?p=2")]
    add_stories(9, italian, first_number=3)
    assert [count("/sitemap.xml"), count("/sitemap-it.xml"), count("/sitemap-it.xml?p=2")] == few
    assert few == [2, 4, 4]
    italian_pages = Page.objects.live().public().filter(locale=italian, depth__gt=1).count()
    sections = sitemap_sections(client)
    pages = -(-italian_pages // 10)
    assert sections[:pages] == ["http://testserver/sitemap-it.xml"] + [
        f"http://testserver/sitemap-it.xml?p={number}" for number in range(2, pages + 1)
    ]
    entries = sitemap_entries(client)
    assert len([url for url in entries if url.startswith("http://testserver/it/")]) == italian_pages


@pytest.mark.parametrize(
    "url",
    ["/sitemap-it.xml?p=abc", "/sitemap-it.xml?p=0", "/sitemap-en.xml?p=99", "/sitemap-de.xml"],
)
def test_sitemap_bad_section_or_page_number_is_a_404(client, url):
    assert client.get(url).status_code == 404


def test_robots_txt_allows_all_but_the_admin_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert client.post("/robots.txt").status_code == 405
