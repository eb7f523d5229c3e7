"""The story explorer: filters read from the query string, counts per filter value and one page
of story cards.

Filters are GET parameters holding page slugs in the reader's language (``hashtag``,
``territory``, ``programme``), plus ``year``, ``sort`` and ``page``. Several values of one
filter widen the result (OR), different filters narrow it (AND); the form says so in words
(``FacetDefinition.combination`` and templates/components/explorer_filters.html). A value
that cannot be used is dropped and named in a notice, so a stale or hand-edited link still
shows stories; bad input never raises.

The story index, the programmes' sections, the hashtag pages and the territory pages all
list their stories through ``StoryExplorer`` (``stories.models.base.StoryListingMixin``); all
but the first fix their own filter. As those page models use this module, it names the models
it queries by label.
"""

import re
from dataclasses import dataclass

from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.cache import cached
from core.request_input import WholeNumberField
from core.request_memo import private_pages_q

from .listing_index import StoryCards, listing_index, sort_order
from .queries import STORIES_PER_PAGE, story_cards
from .territories import within_q
from .years import with_years, year_q

MIN_YEAR = 1900
MAX_YEAR = 2100
# More values than any real form can send; the rest are ignored, which bounds the SQL.
MAX_VALUES_PER_FILTER = 50
# Longest value echoed back in the notice about ignored filters.
SHOWN_VALUE_LENGTH = 40
SLUG_PATTERN = re.compile(r"^[-\w]{1,255}\Z")
# The id of the results heading: the form and the removal links lead there (``#results``),
# so that a reader on a phone lands on the stories rather than at the top of the page.
RESULTS_ID = "results"
# Where the notice of ignored values goes in the explorer's cached fragment
# (``stories.templatetags.explorer_tags``): it echoes what the reader sent, so it is never
# part of what is kept.
NOTICE_MARKER = mark_safe("<!--explorer-notice-->")


@dataclass(frozen=True)
class FacetDefinition:
    """A filter over pages linked to the stories."""

    name: str
    label: str
    model_label: str
    # From Page to the primary keys of the stories the facet page is linked to.
    stories_path: str
    # From StoryPage to the facet page.
    story_lookup: str
    # Territories: a value also finds the stories of the territories within it, and its
    # counts include them (``stories.territories``).
    rolls_up: bool = False
    # How several ticked values combine, said in the form.
    combination: str = ""

    @property
    def model(self):
        return apps.get_model(self.model_label)


FACET_DEFINITIONS = (
    FacetDefinition(
        "hashtag",
        _("Hashtag"),
        "stories.HashtagPage",
        "hashtagpage__story_links__page",
        "hashtag_links__hashtag",
        combination=_("Any of these hashtags"),
    ),
    FacetDefinition(
        "territory",
        _("Territory"),
        "stories.TerritoryPage",
        "territorypage__story_links__page",
        "territory_links__territory",
        rolls_up=True,
        combination=_("Any of these territories, with the places within them"),
    ),
    FacetDefinition(
        "programme",
        _("Programme"),
        "stories.ProgrammePage",
        "programmepage__stories",
        "programme",
        combination=_("Any of these programmes"),
    ),
)


class SortOrder(models.TextChoices):
    NEWEST = "newest", _("Newest first")
    OLDEST = "oldest", _("Oldest first")
    TITLE = "title", _("Title (A–Z)")


SORT_FIELDS = {
    SortOrder.NEWEST: ("-first_published_at", "title", "pk"),
    SortOrder.OLDEST: ("first_published_at", "title", "pk"),
    SortOrder.TITLE: ("title", "pk"),
}


class SlugListField(forms.Field):
    """All values of a repeated parameter; which of them are usable is decided by the form."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        return list(dict.fromkeys(value or []))


class StoryFilterForm(forms.Form):
    """Checks the shape of the query string. Whether a slug names a page is checked against
    the database by ``StoryExplorer``."""

    hashtag = SlugListField(label=_("Hashtag"), required=False)
    territory = SlugListField(label=_("Territory"), required=False)
    programme = SlugListField(label=_("Programme"), required=False)
    year = WholeNumberField(
        label=_("Year"),
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages={
            "invalid": _("not a year"),
            "min_value": _("not a year the stories cover"),
            "max_value": _("not a year the stories cover"),
        },
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=SortOrder.choices,
        error_messages={"invalid_choice": _("not a known order")},
    )
    page = WholeNumberField(
        label=_("Page"),
        required=False,
        min_value=1,
        error_messages={"invalid": _("not a page number"), "min_value": _("not a page number")},
    )

    def __init__(self, data, *, facet_names):
        super().__init__(data)
        for definition in FACET_DEFINITIONS:
            if definition.name not in facet_names:
                del self.fields[definition.name]
        self.facet_names = facet_names
        self.ignored = []

    def clean(self):
        cleaned = super().clean()
        for name in self.facet_names:
            values = cleaned.get(name, [])
            usable = []
            for value in values:
                if SLUG_PATTERN.match(value):
                    usable.append(value)
                else:
                    self.ignore(name, value, _("not a known value"))
            if len(usable) > MAX_VALUES_PER_FILTER:
                for value in usable[MAX_VALUES_PER_FILTER:]:
                    self.ignore(name, value, _("too many values"))
                usable = usable[:MAX_VALUES_PER_FILTER]
            cleaned[name] = usable
        return cleaned

    def ignore(self, name, value, reason):
        self.ignored.append(IgnoredValue(name, self.fields[name].label, value, reason))

    def usable_data(self):
        """The cleaned values, with every field that failed validation left out."""
        self.full_clean()
        for name, errors in self.errors.items():
            if name in self.fields:
                self.ignore(name, self.data.get(name, ""), errors[0])
        return {name: self.cleaned_data.get(name) for name in self.fields}


@dataclass(frozen=True)
class IgnoredValue:
    name: str
    label: str
    raw_value: str
    reason: str

    @property
    def value(self):
        # Control characters (NUL included) are dropped, long values shortened, before the
        # value is shown back to the reader.
        printable = "".join(char for char in str(self.raw_value) if char.isprintable())
        return Truncator(printable).chars(SHOWN_VALUE_LENGTH)


@dataclass
class FacetOption:
    value: str
    label: str
    count: int = 0
    available: int = 0
    selected: bool = False
    # The facet page's translation group, which names the same value in another language.
    translation_key: object = None


@dataclass
class Facet:
    name: str
    label: str
    options: list
    combination: str = ""

    @property
    def shown_options(self):
        """Values that occur in the listing, plus any chosen value so it can be unticked."""
        return [option for option in self.options if option.available or option.selected]


@dataclass(frozen=True)
class ActiveFilter:
    label: str
    value: str
    remove_url: str


class KnownCountPaginator(Paginator):
    """A paginator told the number of items, which the year counts already give."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


class StoryExplorer:
    """Filters, counts and paginates ``stories`` (live stories of one locale) from a request.

    ``fixed`` names the filter a page sets by itself (a hashtag page lists its hashtag's
    stories): it is neither read from the query string nor offered.
    """

    results_id = RESULTS_ID
    notice_marker = NOTICE_MARKER

    def __init__(self, request, stories, *, locale_id, fixed=None, listing=None):
        self.request = request
        self.locale_id = locale_id
        # What names the listing's stories under the content version (a listing page's id),
        # so that finding its index costs no compiling of their SQL (``listing_index``).
        self.listing = listing
        self.this_year = timezone.localdate().year
        self.definitions = [d for d in FACET_DEFINITIONS if d.name != fixed]
        # The private sections, looked up once per request for every query of the page.
        self.private_q = private_pages_q()
        # Each story with the years it runs, its edition's year when it has none of its own.
        self.stories = with_years(stories.exclude(self.private_q))

        self.form = StoryFilterForm(request.GET, facet_names=[d.name for d in self.definitions])
        data = self.form.usable_data()
        self.year = data.get("year")
        self.sort = data.get("sort") or SortOrder.NEWEST
        self.selected = {d.name: data.get(d.name) or [] for d in self.definitions}

        self.facets = self._count_facets()
        self.year_options, self.total = self._count_years()
        self.stories_page = self._paginate(data.get("page"))

    # --- Filtering ----------------------------------------------------------------------

    def _facet_q(self, definition, slugs):
        # A subquery rather than a join, so a story matching two values appears once.
        if definition.rolls_up:
            # A region finds the stories of its provinces and cities too.
            links = apps.get_model("stories.StoryTerritory").objects
            links = links.filter(within_q("__slug__in", slugs))
            return Q(pk__in=links.values("page_id"))
        matching = apps.get_model("stories.StoryPage").objects.filter(
            **{f"{definition.story_lookup}__slug__in": slugs}
        )
        return Q(pk__in=matching.values("pk"))

    def _filters_q(self, *, leave_out=None):
        """Every chosen filter but ``leave_out``: counts for a filter's values are taken over
        the stories the other filters let through, so each count says what ticking the value
        would show."""
        q = Q()
        for definition in self.definitions:
            slugs = self.selected[definition.name]
            if definition.name != leave_out and slugs:
                q &= self._facet_q(definition, slugs)
        if leave_out != "year" and self.year is not None:
            q &= year_q(self.year, self.this_year)
        return q

    # --- Counting ---------------------------------------------------------------------

    @cached_property
    def index(self):
        """The listing's stories as sets of positions (``stories.listing_index``)."""
        return listing_index(
            self.stories,
            locale_id=self.locale_id,
            definitions=self.definitions,
            private_q=self.private_q,
            this_year=self.this_year,
            name=self.listing,
        )

    @classmethod
    def warm(cls, stories, *, locale_id, fixed=None, listing=None):
        """Build the index a listing of ``stories`` reads, and its stories in each of the
        other orders a reader may choose (``stories.tasks``): a sorted view's first reader
        after a publish waits for neither."""
        explorer = cls.__new__(cls)
        explorer.locale_id = locale_id
        explorer.listing = listing
        explorer.this_year = timezone.localdate().year
        explorer.definitions = [d for d in FACET_DEFINITIONS if d.name != fixed]
        explorer.private_q = private_pages_q()
        explorer.stories = with_years(stories.exclude(explorer.private_q))
        for sort, ordering in SORT_FIELDS.items():
            if sort != SortOrder.NEWEST:
                sort_order(explorer.index, explorer.stories, ordering, explorer.listing)
        return explorer.index

    def _chosen_bits(self, name):
        """The stories any chosen value of the filter ``name`` lets through."""
        bits = 0
        for value in self.index.facets.get(name, ()):
            if value.slug in self.selected[name]:
                bits |= value.bits
        return bits

    def _filters_bits(self, *, leave_out=None):
        """Every chosen filter but ``leave_out``: counts for a filter's values are taken over
        the stories the other filters let through, so each count says what ticking the value
        would show."""
        bits = self.index.everything
        for definition in self.definitions:
            if definition.name != leave_out and self.selected[definition.name]:
                bits &= self._chosen_bits(definition.name)
        if leave_out != "year" and self.year is not None:
            bits &= self.index.years.get(self.year, 0)
        return bits

    def _count_facets(self):
        """Every filter value with its counts; values that name no page are dropped and
        named in the notice."""
        facets = []
        for definition in self.definitions:
            values = self.index.facets.get(definition.name, [])
            known = {value.slug for value in values}
            selected = self.selected[definition.name]
            for slug in selected:
                if slug not in known:
                    self.form.ignore(definition.name, slug, _("not a known value"))
            # In the facet's order, whatever the query string's: one listing, one address
            # for its pages (and one cached fragment, ``fragment_key``).
            chosen = set(selected)
            self.selected[definition.name] = [v.slug for v in values if v.slug in chosen]
        for definition in self.definitions:
            others = self._filters_bits(leave_out=definition.name)
            options = [
                FacetOption(
                    value=value.slug,
                    label=value.title,
                    count=(others & value.bits).bit_count(),
                    available=value.bits.bit_count(),
                    selected=value.slug in self.selected[definition.name],
                    translation_key=value.translation_key,
                )
                for value in self.index.facets.get(definition.name, [])
            ]
            facets.append(Facet(definition.name, definition.label, options, definition.combination))
        return facets

    def _count_years(self):
        """Year options with their counts, and the number of stories found."""
        others = self._filters_bits(leave_out="year")
        years = dict(self.index.years)
        if self.year is not None:
            years.setdefault(self.year, 0)
        options = [
            FacetOption(
                value=str(year),
                label=str(year),
                count=(others & bits).bit_count(),
                available=bits.bit_count(),
                selected=year == self.year,
            )
            for year, bits in sorted(years.items())
        ]
        return options, self._filters_bits().bit_count()

    # --- Results ------------------------------------------------------------------------

    def results(self):
        """Every story the chosen filters let through, in the chosen order, unpaginated: what
        the page lists, for the exports of the current result (``opendata``)."""
        return self.stories.filter(self._filters_q()).order_by(*SORT_FIELDS[self.sort])

    @cached_property
    def found_bits(self):
        """The stories found, as positions in the listing (``stories.listing_index``)."""
        return self._filters_bits()

    def _found_ids(self):
        order = None
        if self.sort != SortOrder.NEWEST:
            order = sort_order(self.index, self.stories, SORT_FIELDS[self.sort], self.listing)
        return self.index.ids_at(self.found_bits, order)

    def _paginate(self, page_number):
        # Only the page's own stories are read, by id: no OFFSET over the listing.
        cards = StoryCards(self._found_ids, story_cards(self.stories.model.objects.all()))
        paginator = KnownCountPaginator(cards, STORIES_PER_PAGE, count=self.found_bits.bit_count())
        page = paginator.get_page(page_number)
        if page_number is not None and page.number != page_number:
            self.form.ignore("page", page_number, _("there is no such page"))
        return page

    # --- What the templates show ---------------------------------------------------------

    @cached_property
    def query(self):
        """The usable filters as a query string, for pagination and removal links."""
        query = QueryDict(mutable=True)
        for definition in self.definitions:
            query.setlist(definition.name, self.selected[definition.name])
        if self.year is not None:
            query["year"] = str(self.year)
        if self.sort != SortOrder.NEWEST:
            query["sort"] = self.sort
        return query

    def query_in(self, language_code):
        """The usable filters and the page number for the same listing in another language.

        Hashtags, territories and programmes are pages with their own slugs in each
        language: a chosen value is mapped to its translation, and dropped when it has no
        live translation there. The other parameters mean the same in every language.
        """
        query = self.query.copy()
        chosen = [
            (facet.name, option)
            for facet in self.facets
            for option in facet.options
            if option.selected
        ]
        slugs = {}
        if chosen:
            # Every filter value's slug in that language, kept under the content version:
            # one entry per language, whatever the filters.
            slugs = cached(
                f"explorer-facet-slugs:{language_code}",
                lambda: self._facet_slugs(language_code),
            )
        for facet in self.facets:
            query.setlist(
                facet.name,
                [
                    slugs[option.translation_key]
                    for name, option in chosen
                    if name == facet.name and option.translation_key in slugs
                ],
            )
        return self._with_page(query)

    def _with_page(self, query):
        """``query`` (a mutable copy) with the page shown, when it is not the first."""
        if self.stories_page.number > 1:
            query["page"] = str(self.stories_page.number)
        return query

    def _facet_slugs(self, language_code):
        """Translation key -> slug of the live public filter values (hashtags, territories,
        programmes) of a language."""
        content_types = ContentType.objects.get_for_models(
            *(definition.model for definition in FACET_DEFINITIONS)
        )
        return dict(
            Page.objects.live()
            .filter(
                locale__language_code=language_code,
                content_type__in=content_types.values(),
            )
            .exclude(self.private_q)
            .values_list("translation_key", "slug")
        )

    def _url_without(self, name, value):
        """The same listing without one value, opening at the results."""
        query = self.query.copy()
        query.setlist(name, [v for v in query.getlist(name) if v != value])
        encoded = query.urlencode()
        path = f"{self.request.path}?{encoded}" if encoded else self.request.path
        return f"{path}#{RESULTS_ID}"

    @property
    def results_url(self):
        """The unfiltered listing, opening at the results: the form's action, "clear all"."""
        return f"{self.request.path}#{RESULTS_ID}"

    @cached_property
    def active_filters(self):
        active = []
        for facet in self.facets:
            for option in facet.options:
                if option.selected:
                    remove_url = self._url_without(facet.name, option.value)
                    active.append(ActiveFilter(facet.label, option.label, remove_url))
        if self.year is not None:
            year = str(self.year)
            active.append(ActiveFilter(_("Year"), year, self._url_without("year", year)))
        return active

    @property
    def is_filtered(self):
        return bool(self.active_filters)

    @cached_property
    def ignored(self):
        """What was dropped from the query string, in the order of the form's fields."""
        order = list(self.form.fields)
        return sorted(self.form.ignored, key=lambda item: order.index(item.name))

    @cached_property
    def noindex(self):
        """Filtered and sorted views are variations of the listing, not pages to index."""
        names = [*self.selected, "year", "sort"]
        return any(name in self.request.GET for name in names)

    @cached_property
    def fragment_key(self):
        """What the explorer shows, but the notice of ignored values: the listing (its
        address), the usable filters in a fixed order, the page shown (never beyond the
        last) and whether the view is one to index. Made-up or repeated parameters give the
        key of the listing they amount to."""
        return "\n".join(
            (
                "explorer",
                self.request.scheme,
                self.request.get_host(),
                get_language(),
                self.request.path,
                str(self.this_year),
                self.query.urlencode(),
                str(self.stories_page.number),
                str(self.noindex),
            )
        )

    @property
    def address(self):
        """The path and query string of this view as the explorer's own links write it
        (the usable filters, the page shown): what the worker asks for to warm it."""
        encoded = self._with_page(self.query.copy()).urlencode()
        return f"{self.request.path}?{encoded}" if encoded else self.request.path

    @property
    def few_variants(self):
        """The unfiltered listing in its first order: its pages are as many as they are, so
        each is kept at once; any other view is kept on its second request."""
        return not self.query.urlencode()

    @property
    def sort_options(self):
        return [
            FacetOption(value=value, label=label, selected=value == self.sort)
            for value, label in SortOrder.choices
        ]
