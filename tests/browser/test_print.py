"""Printing a story (or saving it as PDF) gives the article alone: no menus, share links
or related stories, and the sources' addresses written out."""

from tests.browser.test_accessibility import page_path


def test_printed_story_keeps_the_article_only(demo_site, open_page):
    page, problems = open_page(1280)
    page.goto(demo_site.url(page_path(demo_site, "story", "it")))
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".share", ".related", ".toc", ".breadcrumbs"):
        if page.locator(hidden).count():
            assert not page.locator(hidden).first.is_visible(), f"{hidden} is printed"
    for shown in ("h1", ".facts-panel", "#story-body", ".story__hero img"):
        assert page.locator(shown).first.is_visible(), f"{shown} is not printed"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert not problems.messages, problems.messages
