"""The stories of one listing as sets of bits, so that filtering, counting and paginating
them costs no query however many stories there are.

Counting a filter's values over every story of a listing, in SQL, grows with the stories:
at 2,000 stories the facet counts took most of the explorer's time (issue 15). What they
need fits in little memory: each story is a position in the listing's newest-first order,
and each filter value, each year and the listing itself a set of positions held as one
Python integer (bit ``i`` set when the story at position ``i`` is in the set). ``&``, ``|``
and ``int.bit_count()`` run over 10,000 stories in microseconds.

An index is built in a few queries (``build``) and kept under the content version
(``core.cache``), so it is built again after a publish; what readers then ask costs the
queries of the page's cards. After a publish the background worker builds the indexes of
every listing page and of each language's stories (``stories.tasks``), so that readers
seldom wait for one.
"""

import hashlib
import re
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import chain

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.models import Page

from core.cache import cached
from core.request_memo import private_pages_q

from .queries import story_cards, territory_tree
from .territories import TERRITORY_LEVELS
from .years import story_years, with_years

ONE = re.compile("1")


def positions(bits):
    """The positions of the bits set in ``bits``, in ascending order."""
    # bin() and the regular expression run in C: a few milliseconds for 10,000 stories.
    return [match.start() for match in ONE.finditer(bin(bits)[:1:-1])]


@dataclass
class FacetValue:
    pk: int
    slug: str
    title: str
    translation_key: object
    bits: int = 0


@dataclass
class ListingIndex:
    """One listing: its stories' ids in newest-first order, and sets of their positions."""

    ids: array
    # The listing: every position set.
    everything: int
    # Facet name -> the facet's values, in the order of their titles.
    facets: dict
    # Year -> the stories that run in that year.
    years: dict
    # Territory id -> the stories linked to it directly (the explorer's map, related stories).
    places: dict = field(default_factory=dict)
    # Hashtag id -> the stories linked to it (related stories).
    tags: dict = field(default_factory=dict)
    # Programme id -> its stories (a programme's page).
    programmes: dict = field(default_factory=dict)

    def ids_at(self, bits, order=None):
        """The ids of the stories in ``bits``, newest first or in ``order`` (positions)."""
        if order is None:
            return [self.ids[position] for position in positions(bits)]
        flags = bin(bits)[:1:-1]
        size = len(flags)
        return [
            self.ids[position] for position in order if position < size and flags[position] == "1"
        ]

    def linked(self, pk):
        """The territories and the hashtags the story ``pk`` of the listing links to."""
        bit = 1 << self.ids.index(pk)
        return (
            [territory_id for territory_id, bits in self.places.items() if bits & bit],
            [hashtag_id for hashtag_id, bits in self.tags.items() if bits & bit],
        )

    def related(self, pk, territory_ids, hashtag_ids, count):
        """The ids of ``count`` stories other than ``pk``: those sharing the most territories
        first, then the most hashtags, then the newest."""
        shared = defaultdict(lambda: [0, 0])
        for kind, linked_ids, sets in (
            (0, territory_ids, self.places),
            (1, hashtag_ids, self.tags),
        ):
            for linked_id in set(linked_ids):
                for position in positions(sets.get(linked_id, 0)):
                    shared[position][kind] += 1
        ranked = sorted(
            shared, key=lambda position: (-shared[position][0], -shared[position][1], position)
        )
        found = []
        # Stories sharing nothing follow, newest first.
        for position in chain(ranked, range(len(self.ids))):
            story_id = self.ids[position]
            if story_id != pk and story_id not in found:
                found.append(story_id)
                if len(found) == count:
                    break
        return found


class StoryCards:
    """The cards of the stories ``ids`` (a list, or a function giving it), in that order: a
    slice is read by id when it is first iterated, so a paginator reads the page's stories
    only, and the ids are worked out only then (not when the page's fragment is read from
    the cache: stories/templatetags/explorer_tags.py)."""

    def __init__(self, ids, cards):
        self._ids = ids
        self.cards = cards

    @cached_property
    def ids(self):
        return self._ids() if callable(self._ids) else self._ids

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return StoryCards(lambda: self.ids[index], self.cards)
        return self.fetched[index]

    def __iter__(self):
        return iter(self.fetched)

    @cached_property
    def fetched(self):
        found = {story.pk: story for story in self.cards.filter(pk__in=self.ids)}
        return [found[pk] for pk in self.ids if pk in found]


def index_key(stories, *args, name=None):
    """A key naming the listing: ``name`` when the caller gives one (a listing page's id,
    which with the content version names its stories), else the SQL of its stories, which
    names the page and the private sections left out."""
    if name is not None:
        return hashlib.sha256(repr((name, args)).encode()).hexdigest()
    # Compiled once per queryset: a sorted view asks for its index and its order.
    compiled = getattr(stories, "_listing_sql", None)
    if compiled is None:
        try:
            compiled = stories.query.sql_with_params()
        except EmptyResultSet:
            compiled = ()
        stories._listing_sql = compiled
    if not compiled:
        return None
    sql, params = compiled
    text = repr((sql, params, args))
    return hashlib.sha256(text.encode()).hexdigest()


def listing_index(stories, *, locale_id, definitions, private_q, this_year, name=None):
    """The index of ``stories`` (annotated by ``years.with_years``), kept under the content
    version; ``name``, when given, names the listing in its key (``index_key``)."""
    names = tuple(d.name for d in definitions)
    key = index_key(stories, locale_id, names, this_year, name=name)
    if key is None:
        return build(stories.none(), locale_id, definitions, private_q, this_year)
    return cached(
        f"listing-index:{key}",
        lambda: build(stories, locale_id, definitions, private_q, this_year),
    )


def language_index(locale_id):
    """Every live public story of a language (related stories)."""
    private_q = private_pages_q()
    stories = apps.get_model("stories.StoryPage").objects.live().filter(locale_id=locale_id)
    return listing_index(
        with_years(stories.exclude(private_q)),
        locale_id=locale_id,
        definitions=(),
        private_q=private_q,
        this_year=timezone.localdate().year,
    )


def newest_stories(locale_id, count, programme_id=None):
    """The cards of the ``count`` newest live public stories of a language (of one
    programme), read by id."""
    index = language_index(locale_id)
    if programme_id is None:
        ids = list(index.ids[:count])
    else:
        ids = index.ids_at(index.programmes.get(programme_id, 0))[:count]
    return list(StoryCards(ids, story_cards(apps.get_model("stories.StoryPage").objects.all())))


def sort_order(index, stories, ordering, name=None):
    """The positions of ``index`` (the listing of ``stories``) in another order, kept under
    the content version beside the index."""
    key = index_key(stories, ordering, name=name)
    if key is None:
        return []

    def compute():
        position_of = {pk: position for position, pk in enumerate(index.ids)}
        ids = stories.order_by(*ordering).values_list("pk", flat=True)
        return array("q", dict.fromkeys(position_of[pk] for pk in ids if pk in position_of))

    return cached(f"listing-order:{key}", compute)


def bits_of(positions, size):
    """The set of ``positions`` as an integer."""
    flags = bytearray(b"0" * size)
    for position in positions:
        flags[position] = ord("1")
    return int(flags[::-1], 2) if size else 0


def build(stories, locale_id, definitions, private_q, this_year):
    """Three to six queries, whatever the number of stories: the stories, the facet pages,
    the links to hashtags and territories, and the territory tree."""
    rows = list(
        stories.order_by("-first_published_at", "title", "pk").values_list(
            "pk", "programme_id", "first_year", "last_year"
        )
    )
    ids = array("q")
    position_of = {}
    for pk, *_rest in rows:
        if pk not in position_of:
            position_of[pk] = len(ids)
            ids.append(pk)
    size = len(ids)
    members = defaultdict(set)  # (kind, key) -> positions

    for pk, programme_id, first_year, last_year in rows:
        position = position_of[pk]
        members["programme", programme_id].add(position)
        for year in story_years(first_year, last_year, this_year):
            members["year", year].add(position)

    facets = {}
    if definitions:
        content_types = ContentType.objects.get_for_models(*(d.model for d in definitions))
        type_names = {content_types[d.model].pk: d.name for d in definitions}
        facets = {d.name: [] for d in definitions}
        options = (
            Page.objects.live()
            .filter(locale_id=locale_id, content_type_id__in=type_names)
            .exclude(private_q)
            .order_by("title")
            .values_list("pk", "slug", "title", "translation_key", "content_type_id")
        )
        for pk, slug, title, translation_key, content_type_id in options:
            facets[type_names[content_type_id]].append(FacetValue(pk, slug, title, translation_key))

    story_ids = stories.values("pk")
    links = apps.get_model("stories.StoryHashtag").objects.filter(page_id__in=story_ids)
    for page_id, hashtag_id in links.values_list("page_id", "hashtag_id"):
        if page_id in position_of:
            members["hashtag", hashtag_id].add(position_of[page_id])
    # Territory links are read for the explorer's map even where territories are no filter.
    tree = territory_tree(locale_id) if "territory" in facets else None
    links = apps.get_model("stories.StoryTerritory").objects.filter(page_id__in=story_ids)
    for page_id, territory_id in links.values_list("page_id", "territory_id"):
        if page_id not in position_of:
            continue
        position = position_of[page_id]
        members["place", territory_id].add(position)
        if tree is not None:
            # A story of a city is a story of its province and region too, up to the levels
            # ``territories.within_q`` looks through.
            for enclosing in tree.enclosing(territory_id)[:TERRITORY_LEVELS]:
                members["territory", enclosing].add(position)

    for name, values in facets.items():
        for value in values:
            value.bits = bits_of(members.get((name, value.pk), ()), size)
    return ListingIndex(
        ids=ids,
        everything=(1 << size) - 1,
        facets=facets,
        years={
            key: bits_of(found, size) for (kind, key), found in members.items() if kind == "year"
        },
        places={
            key: bits_of(found, size) for (kind, key), found in members.items() if kind == "place"
        },
        tags={
            key: bits_of(found, size) for (kind, key), found in members.items() if kind == "hashtag"
        },
        programmes={
            key: bits_of(found, size)
            for (kind, key), found in members.items()
            if kind == "programme" and key is not None
        },
    )
