"""Factories (factory_boy, wagtail-factories) for the story site's pages and snippets: for
tests that need a page of a given shape rather than one particular page of the demo.

Pages are published under the index page of their language that the site already has (the
Italian tree unless ``language="en"``), or under the ``parent`` given, and published as an
editor would (a revision, then publish), so the signals that invalidate caches run. A story
without a ``parent`` gets a new programme and that programme's section.

    story = StoryPageFactory(hashtags=[hashtag], territories=[TerritoryPageFactory()])

``translate(page)`` gives a page its English version the way wagtail-localize makes one.
"""

from decimal import Decimal

import factory
import wagtail_factories
from django.test import TestCase
from factory.django import DjangoModelFactory
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from stories.models import (
    HashtagCode,
    HashtagIndexPage,
    HashtagPage,
    Organisation,
    OrganisationKind,
    ProgrammeEdition,
    ProgrammeIndexPage,
    ProgrammePage,
    ProgrammeStoryIndexPage,
    Region,
    ReportIndexPage,
    ReportPage,
    StoryHashtag,
    StoryIndexPage,
    StoryPage,
    StoryTerritory,
    TerritoryIndexPage,
    TerritoryKind,
    TerritoryPage,
)


def index_of(model):
    """The ``model`` index page in the factory's language."""
    return factory.LazyAttribute(
        lambda page: model.objects.get(locale__language_code=page.language)
    )


class SitePageFactory(wagtail_factories.PageFactory):
    """A page added live under ``parent`` and published through a revision."""

    class Meta:
        abstract = True

    class Params:
        language = "it"

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        page = model_class(**kwargs)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda number: f"Cooperativa di prova {number}")
    kind = OrganisationKind.COOPERATIVE


class ProgrammePageFactory(SitePageFactory):
    class Meta:
        model = ProgrammePage

    parent = index_of(ProgrammeIndexPage)
    title = factory.Sequence(lambda number: f"Programma di prova {number}")
    promoter = factory.SubFactory(OrganisationFactory)
    start_year = 2014
    summary = "Un programma di prova."
    description = "<p>Un programma di prova, con i suoi bandi.</p>"


class ProgrammeEditionFactory(DjangoModelFactory):
    """An edition of ``page`` (a programme), numbered from 1."""

    class Meta:
        model = ProgrammeEdition

    page = factory.SubFactory(ProgrammePageFactory)
    locale = factory.SelfAttribute("page.locale")
    number = factory.Sequence(lambda number: number + 1)
    year = 2014


class ProgrammeStoryIndexPageFactory(SitePageFactory):
    """A programme's section of the story index, with a programme of its own unless given."""

    class Meta:
        model = ProgrammeStoryIndexPage

    parent = index_of(StoryIndexPage)
    programme = factory.SubFactory(
        ProgrammePageFactory, language=factory.SelfAttribute("..language")
    )
    title = factory.LazyAttribute(lambda section: section.programme.title)


class HashtagPageFactory(SitePageFactory):
    """A hashtag page. The demo has a page for each code in each language already: a second
    one with the same code is for tests of that rule."""

    class Meta:
        model = HashtagPage

    parent = index_of(HashtagIndexPage)
    title = factory.Sequence(lambda number: f"#Prova{number}")
    code = HashtagCode.COMUNITA
    meaning = "Una parola chiave di prova."


class TerritoryPageFactory(SitePageFactory):
    """A city with its coordinates, complete enough to be on the map."""

    class Meta:
        model = TerritoryPage

    parent = index_of(TerritoryIndexPage)
    title = factory.Sequence(lambda number: f"Territorio di prova {number}")
    kind = TerritoryKind.CITY
    region = Region.LOMBARDIA
    latitude = Decimal("45.4642")
    longitude = Decimal("9.1900")


class StoryPageFactory(SitePageFactory):
    """A story in ``parent`` (a programme's section; a new one unless given), linked to the
    ``hashtags`` and ``territories`` given."""

    class Meta:
        model = StoryPage

    parent = factory.SubFactory(
        ProgrammeStoryIndexPageFactory, language=factory.SelfAttribute("..language")
    )
    title = factory.Sequence(lambda number: f"Storia di prova {number}")
    summary = "Sintesi di prova."
    body = factory.LazyFunction(list)
    hashtags = ()
    territories = ()

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        return cls._with_links(model_class, kwargs)

    @classmethod
    def _create_instance(cls, model_class, parent, kwargs):
        story = cls._with_links(model_class, kwargs)
        parent.add_child(instance=story)
        story.save_revision().publish()
        return story

    @staticmethod
    def _with_links(model_class, kwargs):
        kwargs.pop("parent", None)
        hashtags = kwargs.pop("hashtags")
        territories = kwargs.pop("territories")
        story = model_class(**kwargs)
        story.hashtag_links = [StoryHashtag(hashtag=hashtag) for hashtag in hashtags]
        story.territory_links = [StoryTerritory(territory=place) for place in territories]
        return story


class ReportPageFactory(SitePageFactory):
    """A report without its files (``full_report`` and ``abstract_document`` take
    wagtail_factories.DocumentFactory() or a document of the test's own)."""

    class Meta:
        model = ReportPage

    parent = index_of(ReportIndexPage)
    title = factory.Sequence(lambda number: f"Rapporto di prova {number}")
    abstract = "<p>Un rapporto di prova.</p>"


def translate(page, language="en"):
    """The translation of ``page`` into ``language``, made through wagtail-localize as
    "Translate this page" and the translation editor make it, and published. Each segment
    keeps the source's text. Translate the parents first (a story's programme and section):
    wagtail-localize places a translation under its parent's translation."""
    locale = Locale.objects.get(language_code=language)
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(source=source, target_locale=locale)
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": segment.string.data},
        )
    # wagtail-localize publishes once the transaction commits, which a test's never does.
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(publish=True)
    return page.get_translation(locale).specific
