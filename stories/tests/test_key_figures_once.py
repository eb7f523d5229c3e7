"""A story shows each of its key figures once (issue 10: the WILL story showed its three key
figures in the figures panel and again in a box of the body)."""

import pytest
from django.utils.html import escape

from stories.models import StoryPage

pytestmark = pytest.mark.django_db


def will_story(language):
    story = StoryPage.objects.live().get(slug="will-laboratorio-welfare-locale")
    return story.get_translations(inclusive=True).live().get(locale__language_code=language)


def figure_labels(html):
    """The label of every figure drawn on the page, in order."""
    marker = '<p class="figure__label">'
    return [part.split("</p>", 1)[0] for part in html.split(marker)[1:]]


def story_figures(story):
    figures = [block.value for block in story.key_figures]
    for block in story.body:
        if block.block_type == "key_figures":
            figures += list(block.value["figures"])
    return figures


@pytest.mark.parametrize("language", ["it", "en"])
def test_will_story_shows_its_three_key_figures_once(client, language):
    story = will_story(language)
    labels = figure_labels(client.get(story.url).content.decode())
    expected = [escape(block.value["label"]) for block in story.key_figures]
    assert len(expected) == 3
    assert sorted(labels) == sorted(expected)


@pytest.mark.parametrize("language", ["it", "en"])
def test_no_demo_story_repeats_a_figure(client, language):
    for story in StoryPage.objects.live().filter(locale__language_code=language):
        labels = figure_labels(client.get(story.url).content.decode())
        assert labels, story.url
        assert len(labels) == len(set(labels)), (story.url, labels)
        shown = {escape(figure["label"]) for figure in story_figures(story)}
        assert set(labels) == shown, story.url


def test_a_figure_the_body_repeats_is_shown_once(client, admin_user):
    """An editor who puts the story's figures in a box of the body too: the box keeps them,
    the panel before the body drops them, and the table of contents no longer offers it."""
    story = will_story("it")
    figures = [block.value for block in story.key_figures]
    story.body.append(("key_figures", {"title": "In cifre", "figures": figures}))
    story.save_revision(user=admin_user).publish()

    html = client.get(story.url).content.decode()
    labels = figure_labels(html)
    assert sorted(labels) == sorted(escape(figure["label"]) for figure in figures)
    assert 'id="key-figures"' not in html
    assert 'href="#key-figures"' not in html
    assert "In cifre" in html
