"""The years a story runs, for the explorer's year filter and its counts.

A story's years are its project's (start and end year); a story without them takes the year
of its programme's edition, so a story of the 2014 call is found under 2014. Both come from
annotations on the stories' query, so filtering and counting by year costs no query of its own.
The story pages list their stories through the explorer, which uses this module: editions are
named by label.
"""

from django.apps import apps
from django.db.models import Case, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce


def with_years(stories):
    """``stories`` annotated with ``first_year`` and ``last_year`` (None while running)."""
    edition_year = Subquery(
        apps.get_model("stories.ProgrammeEdition")
        .objects.filter(page_id=OuterRef("programme_id"), number=OuterRef("edition"))
        .values("year")[:1]
    )
    return stories.annotate(
        first_year=Coalesce("start_year", edition_year),
        last_year=Case(
            # Without project years the story belongs to its edition's year alone.
            When(start_year__isnull=True, end_year__isnull=True, then=edition_year),
            default=F("end_year"),
        ),
    )


def year_q(year, this_year):
    """Stories (annotated by ``with_years``) running in ``year``: from their first year to
    their last, or to this year when they have none (still running). Must agree with
    ``story_years``."""
    if year <= this_year:
        return Q(first_year__lte=year) & (Q(last_year__gte=year) | Q(last_year__isnull=True))
    return Q(first_year__lte=year, last_year__gte=year) | Q(first_year=year, last_year__isnull=True)


def story_years(first_year, last_year, this_year):
    if first_year is None:
        return range(0)
    if last_year is None:
        last_year = max(first_year, this_year)
    return range(first_year, last_year + 1)
