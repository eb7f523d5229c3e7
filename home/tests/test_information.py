"""Information pages: the accessibility statement, linked from every footer."""

import pytest
from django.test import override_settings

from home.factories import InformationPageFactory
from home.models import InformationPage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "title", "sections"),
    [
        (
            "it",
            "Dichiarazione di accessibilità",
            ["Stato di conformità", "Contenuti non accessibili", "Procedura di attuazione"],
        ),
        (
            "en",
            "Accessibility statement",
            ["Compliance status", "Content that is not accessible", "Enforcement procedure"],
        ),
    ],
)
def test_accessibility_statement_follows_the_agid_model(client, language, title, sections):
    page = InformationPage.objects.live().get(locale__language_code=language, title=title)
    with override_settings(SITE_CONTACT_EMAIL="accessibilita@example.org"):
        response = client.get(page.url)
    html = response.content.decode()
    for heading in sections:
        assert heading in html
    assert 'href="mailto:accessibilita@example.org"' in html
    assert "WCAG 2.2" in html
    # Linked from the footer of every page in its language.
    home = client.get(f"/{language}/").content.decode()
    footer = home.split('<footer class="site-footer">', 1)[1]
    assert f'href="{page.url}"' in footer


def test_information_page_shows_breadcrumbs_to_its_home(client):
    page = InformationPageFactory(language="en")
    html = client.get(page.url).content.decode()
    crumbs = html.split('class="breadcrumbs', 1)[1].split("</nav>", 1)[0]
    assert 'href="/en/"' in crumbs
    assert 'aria-current="page"' in crumbs
