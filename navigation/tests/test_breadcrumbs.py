"""Breadcrumbs name every page above the one in view, at every depth and in both languages,
and the BreadcrumbList JSON-LD lists the same pages (issue 10: a story's breadcrumb skipped
its programme's section)."""

import json
from html.parser import HTMLParser

import pytest
from wagtail.models import Page

from stories.models import StoryPage

pytestmark = pytest.mark.django_db


class BreadcrumbParser(HTMLParser):
    """The breadcrumb's links and current item, and every JSON-LD block of the page."""

    def __init__(self):
        super().__init__()
        self.crumbs, self.json_ld = [], []
        self._in_nav = self._in_item = self._in_json = False
        self._href = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "breadcrumbs" in (attrs.get("class") or ""):
            self._in_nav = True
        elif self._in_nav and tag in ("a", "span"):
            self._in_item, self._href, self._text = True, attrs.get("href"), ""
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_json, self._text = True, ""

    def handle_data(self, data):
        if self._in_item or self._in_json:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = False
        elif self._in_item and tag in ("a", "span"):
            self.crumbs.append((self._href, self._text.strip()))
            self._in_item = False
        elif self._in_json and tag == "script":
            self.json_ld.append(json.loads(self._text))
            self._in_json = False


def parse(response):
    parser = BreadcrumbParser()
    parser.feed(response.content.decode())
    return parser


def breadcrumb_lists(parser):
    return [data for data in parser.json_ld if data.get("@type") == "BreadcrumbList"]


def pages_in(language):
    """One live page of each type and depth below the home, in ``language``."""
    seen = {}
    pages = Page.objects.live().filter(depth__gt=2, locale__language_code=language)
    for page in pages.specific().order_by("path"):
        seen.setdefault((type(page), page.depth), page)
    return list(seen.values())


@pytest.mark.parametrize("language", ["it", "en"])
def test_breadcrumb_names_every_page_above_at_every_depth(client, language):
    pages = pages_in(language)
    assert {page.depth for page in pages} >= {3, 4, 5}
    for page in pages:
        above = list(page.get_ancestors().filter(depth__gte=2).specific())
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        parser = parse(response)
        expected = [(crumb.url, crumb.title) for crumb in above] + [(None, page.title)]
        assert parser.crumbs == expected, page.url

        (data,) = breadcrumb_lists(parser)
        items = data["itemListElement"]
        assert [item["position"] for item in items] == list(range(1, len(expected) + 1))
        assert [item["name"] for item in items] == [title for _url, title in expected]
        urls = [f"http://testserver{crumb.url}" for crumb in above] + [
            f"http://testserver{page.url}"
        ]
        assert [item["item"] for item in items] == urls, page.url


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("it", ["Storie di welfare", "Storie", "Welfare in Azione"]),
        ("en", ["Welfare stories", "Stories", "Welfare in Azione"]),
    ],
)
def test_story_breadcrumb_passes_through_its_programme_section(client, language, names):
    story = StoryPage.objects.live().get(
        locale__language_code=language, slug__startswith="wellfare-legami"
    )
    parser = parse(client.get(story.url))
    assert [title for _url, title in parser.crumbs] == [*names, story.title]
    section = story.get_parent()
    assert parser.crumbs[2] == (section.url, section.title)
    (data,) = breadcrumb_lists(parser)
    assert [item["name"] for item in data["itemListElement"]] == [*names, story.title]


@pytest.mark.parametrize("language", ["it", "en"])
def test_home_has_no_breadcrumb(client, language):
    home = Page.objects.live().get(depth=2, locale__language_code=language)
    parser = parse(client.get(home.url))
    assert parser.crumbs == []
    assert breadcrumb_lists(parser) == []
