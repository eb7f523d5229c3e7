"""Factories for the home app's pages (see stories.factories)."""

import factory

from home.models import HomePage, InformationPage
from stories.factories import SitePageFactory, index_of


class InformationPageFactory(SitePageFactory):
    """An information page under the home page of its language."""

    class Meta:
        model = InformationPage

    parent = index_of(HomePage)
    title = factory.Sequence(lambda number: f"Pagina informativa di prova {number}")
    intro = "Una pagina di prova."
    body = factory.LazyFunction(list)
