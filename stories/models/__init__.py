"""Page models of the story site, one module per concern: programmes, hashtags,
territories, stories, reports, and the organisations behind them (``base`` holds what the
page types share: ``SitePage``). Django finds the models here, and ``from stories.models
import StoryPage`` works for every model and choice list; query helpers are in
``stories.queries``."""

# isort: off
# Not sorted: Django registers the models in import order, which orders the content types
# of a new database and the lists of page types; this is the order they have always had.
from .organisations import Organisation, OrganisationKind
from .programmes import ProgrammeEdition, ProgrammeIndexPage, ProgrammePage
from .hashtags import HashtagCode, HashtagIndexPage, HashtagPage
from .territories import Region, TerritoryIndexPage, TerritoryKind, TerritoryPage
from .stories import (
    ProgrammeStoryIndexPage,
    StoryHashtag,
    StoryIndexPage,
    StoryPage,
    StoryPartner,
    StoryTerritory,
    StoryAuthor,
)
from .reports import (
    FileLanguage,
    ReportAuthor,
    ReportIndexPage,
    ReportPage,
    ReportPublisher,
    ReportStory,
)
from .authors import Author, AuthorKind
# isort: on

__all__ = [
    "Author",
    "AuthorKind",
    "FileLanguage",
    "HashtagCode",
    "HashtagIndexPage",
    "HashtagPage",
    "Organisation",
    "OrganisationKind",
    "ProgrammeEdition",
    "ProgrammeIndexPage",
    "ProgrammePage",
    "ProgrammeStoryIndexPage",
    "Region",
    "ReportAuthor",
    "ReportIndexPage",
    "ReportPage",
    "ReportPublisher",
    "ReportStory",
    "StoryAuthor",
    "StoryHashtag",
    "StoryIndexPage",
    "StoryPage",
    "StoryPartner",
    "StoryTerritory",
    "TerritoryIndexPage",
    "TerritoryKind",
    "TerritoryPage",
]
