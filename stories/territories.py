"""Which territories lie within which, from ``TerritoryPage.part_of``.

A region holds its provinces, districts and cities, a province its districts and cities:
a territory's stories are its own and those of every territory within it.

Territories nest at most ``TERRITORY_LEVELS`` deep (region, province, district, city;
``TerritoryPage.clean`` refuses deeper), so "this territory or one within it" is a fixed
condition on a story link's territory, its parent, grandparent and great-grandparent. The
roll-up is then part of the query that lists or counts the stories, with no query of its
own and the same number of queries however many territories and stories there are.

``TerritoryTree`` walks the whole tree of one language in memory, for the checks that
keep the tree within those bounds. This module imports no models: ``stories.models``
imports it.
"""

from collections import defaultdict

from django.db.models import F, Func, IntegerField, Q

# Region > province > district > city.
TERRITORY_LEVELS = 4


def within_q(lookup, value, path="territory"):
    """Rows whose territory (reached by ``path``) is the territory matched by
    ``lookup=value`` or lies within it: e.g. ``within_q("_id", pk)`` on story links, or
    ``within_q("__slug__in", slugs)``."""
    q = Q()
    for _level in range(TERRITORY_LEVELS):
        q |= Q(**{f"{path}{lookup}": value})
        path = f"{path}__part_of"
    return q


class CountDistinct(Func):
    """``COUNT(DISTINCT field)`` as a plain expression, for a subquery that counts the rows
    it selects without grouping them."""

    function = "COUNT"
    template = "%(function)s(DISTINCT %(expressions)s)"
    output_field = IntegerField()

    def __init__(self, field_name):
        super().__init__(F(field_name))


class TerritoryTree:
    """The territories of one language as ``(pk, part_of_id)`` rows.

    A loop in the data (which ``TerritoryPage.clean`` refuses, but the database does not
    forbid) is walked once and never followed round again.
    """

    def __init__(self, rows):
        self.parent = {}
        self.children = defaultdict(list)
        for pk, part_of_id in rows:
            self.parent[pk] = part_of_id
            if part_of_id is not None:
                self.children[part_of_id].append(pk)

    def within(self, pk):
        """``pk`` and every territory that lies within it."""
        found, pending = set(), [pk]
        while pending:
            current = pending.pop()
            if current not in found:
                found.add(current)
                pending.extend(self.children.get(current, ()))
        return found

    def enclosing(self, pk):
        """``pk`` and the territories it lies within, innermost first."""
        chain = []
        while pk is not None and pk not in chain:
            chain.append(pk)
            pk = self.parent.get(pk)
        return chain

    def levels_below(self, pk):
        """How many levels of territories lie within ``pk`` (0 when none)."""
        deepest, pending, seen = 0, [(pk, 0)], set()
        while pending:
            current, depth = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            deepest = max(deepest, depth)
            pending.extend((child, depth + 1) for child in self.children.get(current, ()))
        return deepest
