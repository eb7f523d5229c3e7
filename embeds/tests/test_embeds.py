"""Embeddable cards of stories and reports, their oEmbed endpoint and discovery links, and
who may frame which response; in both languages."""

from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from wagtail.models import PageViewRestriction

from home.models import HomePage
from stories.models import HashtagPage, ReportPage, StoryIndexPage, StoryPage

pytestmark = pytest.mark.django_db

LANGUAGES = ["it", "en"]
PROVIDER_NAMES = {"it": "Storie di welfare", "en": "Welfare stories"}
OEMBED_TYPE = "application/json+oembed"


class CardParser(HTMLParser):
    """The parts of a page the tests look at: html lang, head links, images and links."""

    def __init__(self):
        super().__init__()
        self.html_lang = None
        self.links = []
        self.images = []
        self.anchors = []
        self.scripts = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "link":
            self.links.append(attrs)
        elif tag == "img":
            self.images.append(attrs)
        elif tag == "a":
            self.anchors.append(attrs)
        elif tag == "script":
            self.scripts.append(attrs)
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parse(response):
    parser = CardParser()
    parser.feed(response.content.decode())
    return parser


def first_live(model, language):
    return model.objects.live().filter(locale__language_code=language).order_by("path").first()


def absolute(page):
    return f"http://testserver{page.url}"


def oembed(client, url, **params):
    return client.get(reverse("oembed"), {"url": url, **params})


def embed_path(kind, page):
    with translation.override(page.locale.language_code):
        return reverse(f"embed_{kind}", kwargs={"page_id": page.pk})


def discovery_links(response):
    return [link for link in parse(response).links if link.get("type") == OEMBED_TYPE]


def frame_ancestors(response):
    policy = response.headers["Content-Security-Policy"]
    return [part.strip() for part in policy.split(";") if "frame-ancestors" in part]


# --- Framing ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("kind", "model"), [("story", StoryPage), ("report", ReportPage)])
def test_any_site_may_frame_the_card(client, language, kind, model):
    page = first_live(model, language)
    response = client.get(embed_path(kind, page))
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    assert frame_ancestors(response) == ["frame-ancestors *"]
    # The rest of the policy stays as strict as the site's.
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_other_page_refuses_framing(client, language):
    pages = [
        first_live(model, language)
        for model in (HomePage, StoryIndexPage, StoryPage, ReportPage, HashtagPage)
    ]
    with translation.override(language):
        search = reverse("search")
    for url in [page.url for page in pages] + [search, reverse("oembed")]:
        response = client.get(url)
        assert response.headers["X-Frame-Options"] in ("DENY", "SAMEORIGIN"), url
        assert frame_ancestors(response) == ["frame-ancestors 'self'"], url


# --- The card page ----------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_story_card_shows_the_story_in_its_language(client, language):
    story = first_live(StoryPage, language)
    response = client.get(embed_path("story", story))
    html = response.content.decode()
    card = parse(response)

    assert card.html_lang == language
    assert story.title in card.title
    assert PROVIDER_NAMES[language] in card.title
    assert story.summary.replace("'", "&#x27;") in html
    assert story.programme.title in html
    for link in story.hashtag_links.all():
        assert link.hashtag.title in html
    # The hero image as a WebP rendition, with its alternative text.
    [image] = card.images
    assert image["src"].endswith(".webp")
    assert image["alt"] == story.hero_image_alt
    # One link, to the full story, opening outside the frame.
    [link] = card.anchors
    assert link["href"] == absolute(story)
    assert link["target"] == "_blank"
    assert link["rel"] == "noopener"
    read_on = {"it": "Leggi su Storie di welfare", "en": "Read on Welfare stories"}
    if language == "en":  # The Italian text arrives with the lead's catalogue merge.
        assert read_on[language] in html
    # Not indexed apart from the story; only the site's own script and stylesheet.
    assert '<meta name="robots" content="noindex">' in html
    assert {"rel": "canonical", "href": absolute(story)} in card.links
    assert all(script["src"].startswith("/static/") for script in card.scripts)


@pytest.mark.parametrize("language", LANGUAGES)
def test_report_card_shows_the_abstract_and_publishers(client, language):
    report = first_live(ReportPage, language)
    response = client.get(embed_path("report", report))
    html = response.content.decode()
    assert parse(response).html_lang == language
    assert report.title.replace("'", "&#x27;") in html
    for link in report.publishers.all():
        assert link.organisation.name in html
    first_words = " ".join(report.abstract.split("<p>")[1].split()[:4])
    assert first_words.replace("'", "&#x27;") in html
    assert parse(response).anchors[0]["href"] == absolute(report)


def test_card_asked_under_the_other_language_redirects_to_its_own(client):
    story = first_live(StoryPage, "it")
    with translation.override("en"):
        wrong = reverse("embed_story", kwargs={"page_id": story.pk})
    response = client.get(wrong)
    assert response.status_code == 302
    assert response["Location"] == embed_path("story", story)


def test_a_story_id_is_no_report_card(client):
    story = first_live(StoryPage, "it")
    with translation.override("it"):
        url = reverse("embed_report", kwargs={"page_id": story.pk})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("kind", ["story", "report"])
@pytest.mark.parametrize("page_id", ["9223372036854775808", "99999999999999999999"])
def test_an_id_beyond_the_databases_integers_is_not_found(client, kind, page_id):
    for language in LANGUAGES:
        assert client.get(f"/{language}/embed/{kind}/{page_id}/").status_code == 404


def test_draft_and_private_pages_have_no_card(client):
    story = first_live(StoryPage, "it")
    report = first_live(ReportPage, "en")
    story_url, report_url = absolute(story), absolute(report)
    story.unpublish()
    PageViewRestriction.objects.create(
        page=report, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert client.get(embed_path("story", story)).status_code == 404
    assert client.get(embed_path("report", report)).status_code == 404
    assert oembed(client, story_url).status_code == 404
    assert oembed(client, report_url).status_code == 404


def test_card_queries_do_not_depend_on_the_story(client):
    stories = list(StoryPage.objects.live().filter(locale__language_code="it").order_by("path"))
    counts = set()
    for story in (stories[0], stories[-1]):
        client.get(embed_path("story", story))  # creates the rendition once
        with CaptureQueriesContext(connection) as queries:
            assert client.get(embed_path("story", story)).status_code == 200
        counts.add(len(queries))
    assert len(counts) == 1
    assert counts.pop() <= 6


# --- Discovery --------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("model", [StoryPage, ReportPage])
def test_story_and_report_pages_link_to_their_oembed(client, language, model):
    page = first_live(model, language)
    [link] = discovery_links(client.get(page.url))
    assert link["rel"] == "alternate"
    assert link["title"] == page.title
    query = urlencode({"url": absolute(page), "format": "json"})
    assert link["href"] == f"http://testserver/{language}/oembed/?{query}"
    response = client.get(link["href"])
    assert response.status_code == 200
    assert response.json()["title"] == page.title


@pytest.mark.parametrize("language", LANGUAGES)
def test_other_pages_have_no_discovery_link(client, language):
    for model in (HomePage, StoryIndexPage, HashtagPage):
        page = first_live(model, language)
        assert discovery_links(client.get(page.url)) == [], model


# --- "Embed this story / report" on the pages ----------------------------------------


def embed_section(response):
    text = response.content.decode()
    if 'class="embed-code"' not in text:
        return None
    return text.split('class="embed-code"', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("model", "heading_msgid"),
    [(StoryPage, "Embed this story"), (ReportPage, "Embed this report")],
)
def test_story_and_report_pages_show_their_embed_code(client, language, model, heading_msgid):
    page = first_live(model, language)
    section = embed_section(client.get(page.url))
    assert section is not None
    with translation.override(language):
        heading = translation.gettext(heading_msgid)
    assert f">{escape(heading)}</h2>" in section
    # The code oEmbed hands out, as text to select: escaped once more inside the textarea.
    code = oembed(client, absolute(page)).json()["html"]
    assert f"{escape(code)}</textarea>" in section
    assert "<textarea" in section and " readonly " in section
    # The button needs the script: hidden until static/js/site.js shows it.
    assert 'hidden data-needs-script data-copy-from="embed-code-field"' in section
    assert 'role="status"' in section


def test_a_title_cannot_break_out_of_the_embed_code(client):
    story = first_live(StoryPage, "it")
    story.title = "Storia </textarea><script>alert(1)</script>"
    story.save_revision().publish()
    text = client.get(story.url).content.decode()
    section = embed_section(client.get(story.url))
    assert "<script>alert(1)" not in text
    assert "&amp;lt;/textarea&amp;gt;" in section


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_without_a_card_show_no_embed_code(client, admin_client, language):
    for model in (HomePage, StoryIndexPage, HashtagPage):
        assert embed_section(client.get(first_live(model, language).url)) is None, model
    # A private report has no card, so no code; nor has an editor's preview.
    report = first_live(ReportPage, language)
    story = first_live(StoryPage, language)
    preview = admin_client.get(f"/admin/pages/{story.pk}/view_draft/")
    assert preview.status_code == 200 and embed_section(preview) is None
    PageViewRestriction.objects.create(page=report, restriction_type="login")
    response = admin_client.get(report.url)
    assert response.status_code == 200 and embed_section(response) is None


# --- oEmbed -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_oembed_describes_the_story_card(client, language):
    story = first_live(StoryPage, language)
    response = oembed(client, absolute(story), format="json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["type"] == "rich"
    assert data["version"] == "1.0"
    assert data["title"] == story.title
    assert data["author_name"] == story.lead_partner.name
    assert data["provider_name"] == PROVIDER_NAMES[language]
    assert data["provider_url"] == f"http://testserver/{language}/"
    card_url = f"http://testserver{embed_path('story', story)}"
    assert f'<iframe src="{card_url}"' in data["html"]
    assert f'width="{data["width"]}" height="{data["height"]}"' in data["html"]
    assert 'loading="lazy"' in data["html"]
    assert data["thumbnail_url"].endswith(".webp")
    assert (data["thumbnail_width"], data["thumbnail_height"]) == (640, 360)
    # The iframe shows the card in the story's language.
    assert parse(client.get(card_url)).html_lang == language


def test_oembed_of_a_report_names_its_publishers(client):
    report = first_live(ReportPage, "en")
    data = oembed(client, absolute(report)).json()
    publishers = [link.organisation.name for link in report.publishers.all()]
    assert data["author_name"] == ", ".join(publishers)
    assert f"/en/embed/report/{report.pk}/" in data["html"]
    assert data["provider_name"] == "Welfare stories"


def test_oembed_accepts_https_and_the_configured_host(client, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://storie.example.org"
    story = first_live(StoryPage, "it")
    for url in (f"https://testserver{story.url}", f"https://storie.example.org{story.url}"):
        response = oembed(client, url)
        assert response.status_code == 200, url
        assert response.json()["title"] == story.title


@pytest.mark.parametrize(
    ("params", "width", "height"),
    [
        ({}, 480, 630),
        ({"maxwidth": "320"}, 320, 540),
        ({"maxwidth": "1000", "maxheight": "400"}, 480, 400),
        ({"maxwidth": "100", "maxheight": "100"}, 100, 100),
    ],
)
def test_oembed_honours_maxwidth_and_maxheight(client, params, width, height):
    story = first_live(StoryPage, "en")
    data = oembed(client, absolute(story), **params).json()
    assert (data["width"], data["height"]) == (width, height)
    if "thumbnail_url" in data:
        assert data["thumbnail_width"] <= int(params.get("maxwidth", 10_000))
        assert data["thumbnail_height"] <= int(params.get("maxheight", 10_000))
    if params.get("maxwidth") == "320":
        assert (data["thumbnail_width"], data["thumbnail_height"]) == (320, 180)
    if params.get("maxwidth") == "100":
        assert "thumbnail_url" not in data


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("https://example.com/it/storie/", 404),
        ("ftp://testserver/it/", 404),
        ("http://testserver/", 404),
        ("http://testserver/it/", 404),
        ("http://testserver/fr/storie/", 404),
        ("http://testserver/it/storie/", 404),
        ("http://testserver/it/storie/no-such-story/", 404),
        ("http://testserver/it/storie/a/b/c/d/", 404),
        ("", 400),
        ("storie/", 400),
        ("http://[::1", 400),
        ("http://testserver/" + "a/" * 1500, 400),
    ],
)
def test_oembed_refuses_urls_that_are_not_our_stories(client, url, status):
    response = oembed(client, url)
    assert response.status_code == status
    assert response.json()["error"]


def test_oembed_refuses_a_page_of_the_other_language(client):
    """/en/ followed by the Italian path is no page of ours."""
    story = first_live(StoryPage, "it")
    assert oembed(client, f"http://testserver/en{story.url[3:]}").status_code == 404


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"format": "xml"}, 501),
        ({"format": "yaml"}, 501),
        ({"maxwidth": "wide"}, 400),
        ({"maxwidth": "0"}, 400),
        ({"maxheight": "-5"}, 400),
        ({"maxheight": "99999999999999999999"}, 400),
        ({"maxwidth": "9" * 5000}, 400),
        ({"maxwidth": "²"}, 400),
        ({"maxheight": "①"}, 400),
        ({"maxwidth": "٤٠٠"}, 400),
    ],
)
def test_oembed_answers_bad_parameters_with_a_clear_error(client, params, status):
    story = first_live(StoryPage, "it")
    response = oembed(client, absolute(story), **params)
    assert response.status_code == status
    assert response.json()["error"]


def test_an_empty_format_is_json(client):
    story = first_live(StoryPage, "it")
    response = oembed(client, absolute(story), format="")
    assert response.status_code == 200
    assert response.json()["type"] == "rich"


def test_a_url_with_control_characters_is_no_page_of_ours(client):
    story = first_live(StoryPage, "it")
    response = oembed(client, f"http://testserver{story.url}%00/")
    assert response.status_code == 404
    # A raw NUL never reaches the endpoint (core.middleware.RequestInputMiddleware).
    assert oembed(client, f"http://testserver{story.url}\x00/").status_code == 400


def test_oembed_without_url_and_with_post(client):
    assert client.get(reverse("oembed")).status_code == 400
    assert client.post(reverse("oembed"), {"url": "x"}).status_code == 405


def test_oembed_queries_do_not_depend_on_the_page(client):
    counts = {}
    for language in LANGUAGES:
        for model in (StoryPage, ReportPage):
            pages = model.objects.live().filter(locale__language_code=language).order_by("path")
            for page in (pages.first(), pages.last()):
                oembed(client, absolute(page))  # renditions are made on the first call
                with CaptureQueriesContext(connection) as queries:
                    assert oembed(client, absolute(page)).status_code == 200
                counts.setdefault((model, language), set()).add(len(queries))
    # The English home is a translation of the site's root page: one more lookup.
    for key, seen in counts.items():
        assert len(seen) == 1, (key, seen)
        assert seen.pop() <= 8, key
