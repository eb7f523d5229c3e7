"""A page's inline relations as the page holds them, saved or not.

A page rebuilt from a revision (the admin's "preview draft", the revision view), from the
editor's form (preview) or by wagtail-localize's translation preview keeps its inline
relations in memory: querying them through the database would show the published links, and
building a query from them (``values()`` of an in-memory relation gives dicts) fails. These
helpers read the linked ids from the objects the page holds, and answer from the database
only for a page whose relations are the saved ones.
"""


def holds_in_memory(page, relation):
    """True when ``page.<relation>`` is held in memory rather than read from the database:
    a page rebuilt from a revision or a form, or one not saved yet."""
    manager = getattr(page, relation)
    return page.pk is None or getattr(manager, "is_deferring", False)


def linked_ids(page, relation, field):
    """Ids of the pages (or objects) ``page.<relation>`` links through ``field``: a list for
    a relation held in memory, else a subquery that costs no query of its own."""
    manager = getattr(page, relation)
    if holds_in_memory(page, relation):
        return [
            target_id
            for target_id in (getattr(link, f"{field}_id") for link in manager.all())
            if target_id is not None
        ]
    return manager.values(f"{field}_id")


def held_ids(page, relation, field):
    """Ids of the pages ``page.<relation>`` links through ``field``, as a list."""
    if holds_in_memory(page, relation):
        return linked_ids(page, relation, field)
    return list(getattr(page, relation).values_list(f"{field}_id", flat=True))


def live_links(page, relation, field, saved_links):
    """The links of ``page.<relation>`` whose target page is live, in the editor's order, with
    the target loaded. ``saved_links`` is the queryset used for a page read from the database
    (kept lazy); for a relation held in memory the targets are fetched in one query."""
    if not holds_in_memory(page, relation):
        return saved_links
    links = [link for link in getattr(page, relation).all() if getattr(link, f"{field}_id")]
    target_model = links[0]._meta.get_field(field).related_model if links else None
    if target_model is None:
        return []
    targets = target_model.objects.filter(
        pk__in=[getattr(link, f"{field}_id") for link in links], live=True
    ).in_bulk()
    shown = []
    for link in sorted(links, key=lambda link: link.sort_order or 0):
        target = targets.get(getattr(link, f"{field}_id"))
        if target is not None:
            setattr(link, field, target)
            shown.append(link)
    return shown


def pointing_at(page, queryset, lookup):
    """``queryset`` filtered to the objects whose ``lookup`` points at ``page``; none for a
    page not saved yet (a preview of a new page), which nothing can point at."""
    if page.pk is None:
        return queryset.none()
    return queryset.filter(**{lookup: page})


def in_memory_or_saved(page, relation, saved_objects):
    """``page.<relation>`` as the page holds it when in memory, else ``saved_objects``."""
    if holds_in_memory(page, relation):
        return list(getattr(page, relation).all())
    return saved_objects
