"""Publishing checks: what a story, a programme or a territory needs before it goes live.

A check never stops a draft from being saved (imports and half-written stories are drafts);
it stops the page from being published, submitted for moderation or approved, and says what
to do. Each check is a pure function of the page's content: the values of the editor's form
when one is given (inline rows and StreamField values live there until saved), the page's
own values otherwise, so the same checks run on a saved page or on a translation about to
be published.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from stories.models import ProgrammeEdition

SUMMARY_LENGTH = (60, 400)
META_DESCRIPTION_LENGTH = (70, 160)

STORY = "stories.StoryPage"
PROGRAMME = "stories.ProgrammePage"
TERRITORY = "stories.TerritoryPage"


@dataclass(frozen=True)
class Problem:
    """Something that keeps a page from being published.

    ``field`` names the form field (or inline panel) the message belongs to; ``path`` leads
    from that StreamField to the block concerned, e.g. ``(3, "figures", 0, "source_name")``.
    ``check`` is filled in by the check that found it.
    """

    message: str
    field: str | None = None
    path: tuple = ()
    check: "Check | None" = None


@dataclass(frozen=True)
class Check:
    code: str
    title: str
    explanation: str
    page_types: tuple[str, ...]
    find: Callable[["PageContent"], Iterable[Problem]]

    def applies_to(self, page):
        return page._meta.label in self.page_types

    def run(self, content):
        return [replace(problem, check=self) for problem in self.find(content)]


class PageContent:
    """The content a check reads.

    With a bound, cleaned editor ``form`` the values come from the form; without one, from
    ``page``. ``untranslated`` holds the wagtail-localize segment paths (``hero_image_alt``,
    ``body.<block id>.alt_text``) that have no translation yet, so the page carries the
    source language's text there.
    """

    def __init__(self, page, form=None, untranslated=()):
        self.page = page
        self.form = form
        self.untranslated = frozenset(untranslated)

    def value(self, name):
        if self.form is not None and name in self.form.fields:
            return self.form.cleaned_data.get(name)
        return getattr(self.page, name, None)

    def has_form_errors(self, name):
        return self.form is not None and name in self.form.errors

    def linked_pages(self, relation, target):
        """The pages chosen in an inline panel, leaving out rows marked for deletion."""
        formset = self.form.formsets.get(relation) if self.form is not None else None
        if formset is None:
            return [
                getattr(row, target)
                for row in getattr(self.page, relation).all()
                if getattr(row, f"{target}_id")
            ]
        formset.is_valid()  # cleans every row, so each one has its cleaned_data
        return [
            row.cleaned_data[target]
            for row in formset.forms
            if getattr(row, "cleaned_data", None)
            and row.cleaned_data.get(target)
            and not row.cleaned_data.get("DELETE")
        ]

    def is_translated(self, segment_path):
        return segment_path not in self.untranslated


def text_length(value):
    return len((value or "").strip())


# --- The checks ---------------------------------------------------------------------------


def find_missing_link(relation, target, missing_message, none_live_message):
    def find(content):
        pages = content.linked_pages(relation, target)
        if not pages:
            yield Problem(missing_message, relation)
        elif not any(page.live for page in pages):
            yield Problem(none_live_message, relation)

    return find


def length_problems(content, field_name, name, bounds, missing_message):
    """A text of ``bounds`` characters. ``name`` says which text; ``missing_message`` asks
    for it, given the bounds as ``minimum`` and ``maximum``."""
    if content.has_form_errors(field_name):
        return  # the field already says what is wrong with it
    minimum, maximum = bounds
    length = text_length(content.value(field_name))
    if not length:
        yield Problem(missing_message % {"minimum": minimum, "maximum": maximum}, field_name)
    elif length < minimum:
        message = ngettext(
            "%(name)s has %(count)d character: write at least %(minimum)d.",
            "%(name)s has %(count)d characters: write at least %(minimum)d.",
            length,
        )
        yield Problem(message % {"name": name, "count": length, "minimum": minimum}, field_name)
    elif length > maximum:
        message = ngettext(
            "%(name)s has %(count)d character: keep it to %(maximum)d at most.",
            "%(name)s has %(count)d characters: keep it to %(maximum)d at most.",
            length,
        )
        yield Problem(message % {"name": name, "count": length, "maximum": maximum}, field_name)


def find_summary_problems(content):
    return length_problems(
        content,
        "summary",
        gettext("The summary"),
        SUMMARY_LENGTH,
        gettext("Write a summary of %(minimum)d to %(maximum)d characters."),
    )


def find_meta_description_problems(content):
    return length_problems(
        content,
        "search_description",
        gettext("The meta description"),
        META_DESCRIPTION_LENGTH,
        gettext(
            "Write a meta description (Promote tab) of %(minimum)d to %(maximum)d characters: "
            "search engines show it under the title."
        ),
    )


def find_empty_body(content):
    if content.has_form_errors("body"):
        return
    if not len(content.value("body") or []):
        yield Problem(gettext("Write the body of the story: it has no blocks yet."), "body")


def stream_blocks(stream):
    return list(enumerate(stream or []))


def find_missing_alt_texts(content):
    hero_image = content.value("hero_image")
    if hero_image and not content.has_form_errors("hero_image_alt"):
        if not text_length(content.value("hero_image_alt")):
            yield Problem(
                gettext("Describe the hero image in its alternative text."), "hero_image_alt"
            )
        elif not content.is_translated("hero_image_alt"):
            yield Problem(
                gettext("Translate the alternative text of the hero image."), "hero_image_alt"
            )
    if content.has_form_errors("body"):
        return
    images = [
        (index, block)
        for index, block in stream_blocks(content.value("body"))
        if block.block_type == "image"
    ]
    for number, (index, block) in enumerate(images, start=1):
        if not block.value.get("image"):
            continue
        if not text_length(block.value.get("alt_text")):
            message = gettext(
                "Image %(number)d of the body has no alternative text: describe it for "
                "people who cannot see it."
            )
            yield Problem(message % {"number": number}, "body", (index, "alt_text"))
        elif not content.is_translated(f"body.{block.id}.alt_text"):
            message = gettext("Translate the alternative text of image %(number)d of the body.")
            yield Problem(message % {"number": number}, "body", (index, "alt_text"))


def key_figures(content):
    """Every key figure of the page, with where it sits: (field, path, figure)."""
    if not content.has_form_errors("key_figures"):
        for index, block in stream_blocks(content.value("key_figures")):
            yield "key_figures", (index,), block.value
    if content.page._meta.label == STORY and not content.has_form_errors("body"):
        for index, block in stream_blocks(content.value("body")):
            if block.block_type == "key_figures":
                for position, figure in enumerate(block.value.get("figures") or []):
                    yield "body", (index, "figures", position), figure


def find_key_figures_without_source(content):
    for field_name, path, figure in key_figures(content):
        label = (figure.get("label") or "").strip() or "…"
        if not (figure.get("source_name") or "").strip():
            message = gettext(
                "Key figure “%(label)s” has no source: name the document or body that published it."
            )
            yield Problem(message % {"label": label}, field_name, (*path, "source_name"))
        if not figure.get("reference_date"):
            message = gettext("Key figure “%(label)s” has no date: give the date it refers to.")
            yield Problem(message % {"label": label}, field_name, (*path, "reference_date"))


def find_funding_without_source(content):
    if content.has_form_errors("funding_eur") or content.value("funding_eur") is None:
        return
    if not (content.value("funding_source_name") or "").strip():
        yield Problem(gettext("Say where the funding figure comes from."), "funding_source_name")
    if not content.value("funding_reference_date"):
        yield Problem(gettext("Give the date the funding refers to."), "funding_reference_date")


def story_programme_id(content):
    """The story's programme, or for a story not saved yet the programme of the section
    it is being added to (StoryPage.save takes it from there)."""
    if content.page.programme_id:
        return content.page.programme_id
    parent = getattr(content.form, "parent_page", None)
    return getattr(getattr(parent, "specific", None), "programme_id", None)


def find_unknown_edition(content):
    edition = content.value("edition")
    if content.has_form_errors("edition") or not edition:
        return
    editions = ProgrammeEdition.objects.filter(page_id=story_programme_id(content))
    numbers = sorted(editions.values_list("number", flat=True))
    if numbers and edition not in numbers:
        message = gettext(
            "The programme has no edition %(edition)s: choose one of %(numbers)s, or leave it "
            "empty."
        )
        yield Problem(
            message % {"edition": edition, "numbers": ", ".join(map(str, numbers))}, "edition"
        )


def find_missing_territory_details(content):
    required = {
        "kind": gettext("Choose the kind of territory."),
        "region": gettext("Choose the region."),
        "latitude": gettext("Give the latitude, so the territory appears on the map."),
        "longitude": gettext("Give the longitude, so the territory appears on the map."),
    }
    for field_name, message in required.items():
        if content.has_form_errors(field_name):
            continue
        value = content.value(field_name)
        if value is None or value == "":
            yield Problem(message, field_name)


CHECKS = [
    Check(
        "territories",
        _("At least one territory"),
        _("A story names at least one published territory where the project takes place."),
        (STORY,),
        find_missing_link(
            "territory_links",
            "territory",
            _("Add at least one territory."),
            _("None of the chosen territories is published: publish one of them first."),
        ),
    ),
    Check(
        "hashtags",
        _("At least one hashtag"),
        _("A story carries at least one of the four published hashtags."),
        (STORY,),
        find_missing_link(
            "hashtag_links",
            "hashtag",
            _("Add at least one hashtag."),
            _("None of the chosen hashtags is published: publish one of them first."),
        ),
    ),
    Check(
        "summary",
        _("Summary of sensible length"),
        _("The summary of a story has between 60 and 400 characters."),
        (STORY,),
        find_summary_problems,
    ),
    Check(
        "meta-description",
        _("Meta description of sensible length"),
        _(
            "The meta description (Promote tab) has between 70 and 160 characters: search "
            "engines and shared links show it."
        ),
        (STORY, PROGRAMME, TERRITORY),
        find_meta_description_problems,
    ),
    Check(
        "body",
        _("A body"),
        _("A story has a body of at least one block (imported stories start without one)."),
        (STORY,),
        find_empty_body,
    ),
    Check(
        "alt-text",
        _("Alternative text on every image"),
        _(
            "The hero image and every image of the body are described for people who cannot "
            "see them, in Italian and in the English translation."
        ),
        (STORY,),
        find_missing_alt_texts,
    ),
    Check(
        "key-figure-sources",
        _("Every key figure with its source and date"),
        _("Each key figure names its source and the date it refers to."),
        (STORY, PROGRAMME),
        find_key_figures_without_source,
    ),
    Check(
        "funding-source",
        _("Funding with its source and date"),
        _("An amount of funding names its source and the date it refers to."),
        (STORY,),
        find_funding_without_source,
    ),
    Check(
        "edition",
        _("An edition the programme has"),
        _("The edition of a story is one of its programme's editions, or empty."),
        (STORY,),
        find_unknown_edition,
    ),
    Check(
        "territory-details",
        _("Kind, region and coordinates"),
        _(
            "A territory has its kind, region, latitude and longitude (imported territories "
            "start without them)."
        ),
        (TERRITORY,),
        find_missing_territory_details,
    ),
]


def checked_page_types():
    """Labels of the page types that have publishing checks."""
    return {label for check in CHECKS for label in check.page_types}


def checks_for(page):
    return [check for check in CHECKS if check.applies_to(page)]


def has_checks(page):
    return bool(checks_for(page))


def page_problems(page, form=None, untranslated=()):
    """What keeps ``page`` from being published, in the order of ``CHECKS``.

    ``form``: the bound and cleaned editor form, whose values win over the page's.
    ``untranslated``: segment paths of a translation that are not translated yet.
    """
    page = page.specific_deferred
    content = PageContent(page, form, untranslated)
    return [problem for check in checks_for(page) for problem in check.run(content)]


def translation_problems(translation):
    """What keeps the translation of a page from being published through wagtail-localize's
    translation editor: the checks run on the page its "Publish" would save (untranslated
    strings fall back on the source language), and an alternative text that is not
    translated yet counts as missing."""
    source, locale = translation.source, translation.target_locale
    page = source.get_ephemeral_translated_instance(locale, fallback=True)
    untranslated = (
        source.stringsegment_set.annotate_translation(locale)
        .filter(translation__isnull=True)
        .values_list("context__path", flat=True)
    )
    return page_problems(page, untranslated=list(untranslated))
