"""Builds the demo site: Italian pages from ``content``, English through wagtail-localize.

The English pages are real wagtail-localize translations (the admin shows them as
translations, 100% done): every Italian string the source yields is answered with the
English text written beside it in ``content``. A string with no English counterpart
stops the load, so an Italian sentence can never slip onto an English page.

Loading is idempotent: every object is looked up by a natural key first and only what
is missing is created.
"""

import datetime
import hashlib
import html
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.strings import StringValue

from core.indexing import unindexed
from demo.proposal_page import add_proposal_page
from editorial.permissions import grant_network_editors
from home.models import HomePage, InformationPage
from stories import models as story_models
from stories.sections import move_stories_into_sections

from . import content
from .images import draw_illustration
from .information import INFORMATION_PAGES
from .pdf import build_pdf
from .schema import Bi

IMAGE_CREDIT = Bi(
    "Illustrazione generata per il sito demo", "Illustration generated for the demo site"
)
PDF_LABELS = {
    "it": {"abstract": "Abstract", "report": "Rapporto completo", "published": "Pubblicato da"},
    "en": {"abstract": "Abstract", "report": "Full report", "published": "Published by"},
}

INDEX_MODELS = {
    "programmes": story_models.ProgrammeIndexPage,
    "stories": story_models.StoryIndexPage,
    "hashtags": story_models.HashtagIndexPage,
    "territories": story_models.TerritoryIndexPage,
    "reports": story_models.ReportIndexPage,
}


def number_inline_children(page):
    """Give inline rows their order, as the admin's forms do: rows left without a
    sort_order come back in any order the database likes (PostgreSQL does reorder)."""
    for relation in get_all_child_relations(page):
        children = getattr(page, relation.get_accessor_name()).all()
        for position, child in enumerate(children):
            if hasattr(child, "sort_order") and child.sort_order is None:
                child.sort_order = position


def _shorten(text, limit=155):
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


class MissingTranslation(Exception):
    pass


class DemoLoader:
    def __init__(self, log=print):
        self.log = log
        self.italian = Locale.objects.get(language_code="it")
        self.english, _ = Locale.objects.get_or_create(language_code="en")
        self.english_for = {}
        self.created = 0
        self.translated = 0

    # -- bilingual text ------------------------------------------------------------------

    def it(self, text: Bi) -> str:
        """Use the Italian text and remember its English translation."""
        known = self.english_for.get(text.it)
        if known is not None and known != text.en:
            raise MissingTranslation(f"Two English texts for {text.it!r}: {known!r}, {text.en!r}")
        self.english_for[text.it] = text.en
        return text.it

    def meta_description(self, text: Bi) -> str:
        """Search descriptions stay under 155 characters, cut at a word in each language."""
        return self.it(Bi(_shorten(text.it), _shorten(text.en)))

    def paragraphs(self, items):
        return "".join(f"<p>{html.escape(self.it(item), quote=False)}</p>" for item in items)

    # -- entry point ---------------------------------------------------------------------

    def load(self):
        # Wagtail indexes an object at each of its saves, for both search backends, and
        # refreshes its references (a page is saved three or four times on its way to being
        # published, its links with it): each index is rebuilt once at the end instead.
        # A fifth of the build's CPU went to the search index alone, and in production the
        # saves would enqueue some 760 background tasks.
        with unindexed():
            with transaction.atomic():
                self.build_italian_site()
            # Authors first: an English story names the English version of its authors.
            for author in self.authors.values():
                with transaction.atomic():
                    self.translate(author)
            # One transaction per translation: wagtail-localize publishes a translation
            # when its transaction commits, and a publish deferred to the end of one big
            # transaction would save pages from stale copies (losing their tree counters).
            for page in self.pages_in_dependency_order():
                with transaction.atomic():
                    self.translate(page)
            # Older English stories follow once their sections are translated.
            move_stories_into_sections()
            # The reports' PDFs: covers for the listing, the text of each page for the
            # search. Saving a document queues the same reading; with the worker's queue it
            # would wait for the worker, and the demo's reports would not be searchable at
            # once.
            call_command("describe_pdfs", verbosity=0)
        call_command("rebuild_references_index", verbosity=0)
        call_command("update_index", verbosity=0)
        self.log(
            f"Demo content: {self.created} objects created, "
            f"{self.translated} pages and authors translated."
        )

    def build_italian_site(self):
        self.organisations = {org.key: self.organisation(org) for org in content.ORGANISATIONS}
        self.authors = {author.key: self.author(author) for author in content.AUTHORS}
        self.images = {image.key: self.image(image) for image in content.IMAGES}
        self.home = self.home_page()
        self.indexes = {key: self.index_page(key) for key in INDEX_MODELS}
        self.information = [self.information_page(data) for data in INFORMATION_PAGES]
        self.proposal_page = add_proposal_page(self, content.PROPOSAL_PAGE)
        self.hashtags = {tag.code: self.hashtag(tag) for tag in content.HASHTAGS}
        # In content order: a territory comes after the one it lies within.
        self.territories = {}
        for place in content.TERRITORIES:
            self.territories[place.key] = self.territory(place)
        new_reports = set()
        self.reports = {}
        for report in content.REPORTS:
            self.reports[report.key], created = self.report(report)
            if created:
                new_reports.add(report.key)
        self.programmes = {prog.key: self.programme(prog) for prog in content.PROGRAMMES}
        self.story_sections = {prog.key: self.story_section(prog) for prog in content.PROGRAMMES}
        # A database loaded before programme sections existed has its stories right under
        # the story index: move them, so they are found below rather than made twice.
        if move_stories_into_sections():
            for section in self.story_sections.values():
                section.refresh_from_db()  # its child count changed behind its back
        # An example of a network's editors, limited to one programme's stories.
        grant_network_editors(self.story_sections["welfare-in-azione"])
        self.stories = {story.key: self.story(story) for story in content.STORIES}
        for report in content.REPORTS:
            if report.key in new_reports:
                self.link_report(report)

    def pages_in_dependency_order(self):
        yield self.home
        yield from self.indexes.values()
        yield from self.information
        yield self.proposal_page
        yield from self.hashtags.values()
        yield from self.territories.values()
        yield from self.programmes.values()
        yield from self.story_sections.values()
        yield from self.stories.values()
        yield from self.reports.values()

    # -- media and snippets --------------------------------------------------------------

    def organisation(self, org):
        obj, created = story_models.Organisation.objects.get_or_create(
            name=org.name, defaults={"kind": org.kind, "website": org.website}
        )
        self.created += created
        return obj

    def author(self, data):
        organisation = self.organisations.get(data.organisation)
        obj, created = story_models.Author.objects.get_or_create(
            locale=self.italian,
            name=self.it(data.name),
            organisation=organisation,
            defaults={"kind": data.kind, "role": self.it(data.role)},
        )
        self.created += created
        return obj

    def image(self, image):
        image_model = get_image_model()
        existing = image_model.objects.filter(title=image.title).first()
        if existing:
            return existing
        self.created += 1
        new_image = image_model(
            title=image.title,
            file=ContentFile(draw_illustration(image.motif, image.seed), name=f"{image.key}.png"),
        )
        new_image._set_image_file_metadata()
        new_image.save()
        return new_image

    def document(self, title, filename, pdf_bytes):
        document_model = get_document_model()
        existing = document_model.objects.filter(title=title).first()
        if existing:
            return existing
        self.created += 1
        document = document_model(title=title, file=ContentFile(pdf_bytes, name=filename))
        # Wagtail's upload form records size and hash; a document made in code must too,
        # or readers see "0 bytes" next to the download link.
        document.file_size = len(pdf_bytes)
        document.file_hash = hashlib.sha1(pdf_bytes).hexdigest()  # what Wagtail stores
        document.save()
        return document

    # -- pages ---------------------------------------------------------------------------

    def add_page(self, parent, page):
        """Add ``page`` under ``parent`` unless a page with its slug is there already."""
        existing = parent.get_children().filter(slug=page.slug).first()
        if existing:
            return existing.specific, False
        number_inline_children(page)
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created += 1
        return page, True

    def home_page(self):
        data = content.HOME
        self.register_page_texts(data)
        home = HomePage.objects.filter(locale=self.italian).first()
        if home is None:
            root = Page.get_first_root_node()
            home, _ = self.add_page(root, HomePage(title=data.title.it, slug=data.slug.it))
        # The migration creates the home page empty: give it the demo text once.
        if not home.intro:
            home.title = data.title.it
            home.slug = data.slug.it
            home.intro = data.intro.it
            home.search_description = data.search_description.it
            home.save_revision().publish()
        return home

    def register_page_texts(self, data):
        for text in (data.title, data.slug, data.intro, data.search_description):
            self.it(text)

    def index_page(self, key):
        data = content.INDEXES[key]
        self.register_page_texts(data)
        page = INDEX_MODELS[key](
            title=data.title.it,
            slug=data.slug.it,
            intro=data.intro.it,
            search_description=data.search_description.it,
            show_in_menus=True,
        )
        return self.add_page(self.home, page)[0]

    def information_page(self, data):
        self.register_page_texts(data)
        page = InformationPage(
            title=data.title.it,
            slug=data.slug.it,
            intro=data.intro.it,
            search_description=data.search_description.it,
            last_reviewed=datetime.date.fromisoformat(data.last_reviewed),
            body=[self.body_block(block_type, value) for block_type, value in data.body],
        )
        return self.add_page(self.home, page)[0]

    def hashtag(self, tag):
        page = story_models.HashtagPage(
            title=self.it(tag.title),
            slug=self.it(tag.slug),
            code=tag.code,
            meaning=self.it(tag.meaning),
        )
        return self.add_page(self.indexes["hashtags"], page)[0]

    def territory(self, place):
        page = story_models.TerritoryPage(
            title=self.it(place.title),
            slug=self.it(place.slug),
            kind=place.kind,
            region=place.region,
            istat_code=place.istat_code,
            latitude=Decimal(str(place.latitude)),
            longitude=Decimal(str(place.longitude)),
            population=place.population,
            population_year=place.population_year,
            population_source=self.it(place.population_source) if place.population_source else "",
            description=self.it(place.description),
            search_description=self.meta_description(place.description),
            part_of=self.territories[place.part_of] if place.part_of else None,
            alternative_names="\n".join(place.alternative_names),
        )
        page, created = self.add_page(self.indexes["territories"], page)
        if not created:
            self.complete_territory(page, place)
        return page

    def complete_territory(self, page, place):
        """A territory loaded before it had an enclosing territory and alternative names
        gets them now, in both languages (the English page within the English version of
        its enclosing territory)."""
        enclosing = self.territories[place.part_of] if place.part_of else None
        names = "\n".join(place.alternative_names)
        english = page.get_translation_or_none(self.english)
        for version in filter(None, [page, english and english.specific]):
            changed = False
            if enclosing is not None and version.part_of_id is None:
                version.part_of = enclosing.get_translation_or_none(version.locale)
                changed = version.part_of is not None
            if names and not version.alternative_names:
                version.alternative_names = names
                changed = True
            if changed:
                version.save_revision().publish()

    def key_figure(self, figure):
        value = {
            "label": self.it(figure.label),
            "value": Decimal(figure.value),
            "unit": figure.unit,
            "reference_date": datetime.date.fromisoformat(figure.date),
            "source_name": self.it(figure.source_name),
            "source_url": figure.source_url,
            "source_page": self.reports[figure.source_report] if figure.source_report else None,
        }
        return ("figure", value)

    def programme(self, prog):
        page = story_models.ProgrammePage(
            title=self.it(prog.title),
            slug=self.it(prog.slug),
            promoter=self.organisations[prog.promoter],
            start_year=prog.start_year,
            end_year=prog.end_year,
            summary=self.it(prog.summary),
            search_description=self.meta_description(prog.summary),
            description=self.paragraphs(prog.description),
            key_figures=[self.key_figure(figure) for figure in prog.key_figures],
        )
        page.editions = [
            story_models.ProgrammeEdition(
                number=edition.number,
                year=edition.year,
                budget_eur=edition.budget_eur,
                call_deadline=(
                    timezone.make_aware(datetime.datetime.fromisoformat(edition.call_deadline))
                    if edition.call_deadline
                    else None
                ),
                ideas_received=edition.ideas_received,
                ideas_shortlisted=edition.ideas_shortlisted,
                projects_funded=edition.projects_funded,
                local_resources_eur=edition.local_resources_eur,
                figures_through_edition=edition.figures_through_edition,
                source_name=self.it(edition.source_name) if edition.source_name else "",
            )
            for edition in prog.editions
        ]
        return self.add_page(self.indexes["programmes"], page)[0]

    def body_block(self, block_type, value):
        if block_type == "heading":
            return ("heading", {"text": self.it(value), "level": "h2"})
        if block_type == "paragraph":
            return ("paragraph", self.rich_text(value))
        if block_type == "quote":
            return (
                "quote",
                {"text": self.it(value["text"]), "attribution": self.it(value["attribution"])},
            )
        if block_type == "image":
            return (
                "image",
                {
                    "image": self.images[value["image"]],
                    "alt_text": self.it(value["alt"]),
                    "caption": self.it(value["caption"]),
                    "credit": self.it(IMAGE_CREDIT),
                },
            )
        if block_type == "key_figures":
            return ("key_figures", {"title": "", "figures": [self.key_figure(f)[1] for f in value]})
        if block_type == "callout":
            return (
                "callout",
                {"title": self.it(value["title"]), "text": self.rich_text([value["text"]])},
            )
        if block_type == "related_report":
            return ("related_report", {"report": self.reports[value["report"]], "note": ""})
        if block_type == "open_data_reference":
            return ("open_data_reference", None)
        raise ValueError(f"Unknown body block {block_type!r}")

    def rich_text(self, paragraphs):
        return RichText(self.paragraphs(paragraphs))

    def story(self, story):
        page = story_models.StoryPage(
            title=self.it(story.title),
            slug=self.it(story.slug),
            programme=self.programmes[story.programme],
            edition=story.edition,
            start_year=story.start_year,
            end_year=story.end_year,
            lead_partner=self.organisations.get(story.lead_partner),
            summary=self.it(story.summary),
            search_description=self.it(story.search_description),
            hero_image=self.images[story.hero_image],
            hero_image_alt=self.it(story.hero_alt),
            action_lines=[
                (
                    "action_line",
                    {"title": self.it(line.title), "description": self.it(line.description)},
                )
                for line in story.action_lines
            ],
            key_figures=[self.key_figure(figure) for figure in story.key_figures],
            body=[self.body_block(block_type, value) for block_type, value in story.body],
        )
        if story.funding:
            page.funding_eur = Decimal(story.funding.value)
            page.funding_is_approximate = story.funding.approximate
            page.funding_reference_date = datetime.date.fromisoformat(story.funding.date)
            page.funding_source_name = self.it(story.funding.source_name)
            page.funding_source_url = story.funding.source_url
        page.territory_links = [
            story_models.StoryTerritory(territory=self.territories[key])
            for key in story.territories
        ]
        page.hashtag_links = [
            story_models.StoryHashtag(hashtag=self.hashtags[code]) for code in story.hashtags
        ]
        page.partner_links = [
            story_models.StoryPartner(
                organisation=self.organisations[partner.organisation], role=self.it(partner.role)
            )
            for partner in story.partners
        ]
        page.author_links = [
            story_models.StoryAuthor(author=self.authors[key]) for key in story.authors
        ]
        page.indicators = [self.indicator(indicator) for indicator in story.indicators]
        return self.add_page(self.story_sections[story.programme], page)[0]

    def indicator(self, indicator):
        def point(pair):
            if pair is None:
                return None, None
            value, date = pair
            return Decimal(value), datetime.date.fromisoformat(date)

        baseline_value, baseline_date = point(indicator.baseline)
        target_value, target_date = point(indicator.target)
        return (
            "indicator",
            {
                "name": self.it(indicator.name),
                "unit": indicator.unit,
                "baseline_value": baseline_value,
                "baseline_date": baseline_date,
                "target_value": target_value,
                "target_date": target_date,
                "values": [
                    {
                        "date": datetime.date.fromisoformat(item.date),
                        "value": Decimal(item.value),
                        "source_name": self.it(item.source_name),
                        "source_url": item.source_url,
                    }
                    for item in indicator.values
                ],
            },
        )

    def story_section(self, prog):
        """The part of the tree that holds a programme's stories."""
        page = story_models.ProgrammeStoryIndexPage(
            title=self.it(prog.title),
            slug=self.it(prog.slug),
            programme=self.programmes[prog.key],
            intro=self.it(prog.stories_intro),
            search_description=self.meta_description(prog.stories_intro),
        )
        return self.add_page(self.indexes["stories"], page)[0]

    def report(self, report):
        labels = PDF_LABELS[report.file_language]
        publishers = [self.organisations[key] for key in report.publishers]
        meta_lines = [f"{labels['published']}: {', '.join(org.name for org in publishers)}"]
        if report.authors:
            meta_lines.append(", ".join(report.authors))
        if report.publication_date:
            meta_lines.append(report.publication_date)
        author = ", ".join(report.authors) or publishers[0].name
        full_pdf = build_pdf(
            title=report.pdf_title,
            subtitle=labels["report"],
            meta_lines=meta_lines,
            sections=[(section.heading, section.paragraphs) for section in report.pdf_sections],
            language=report.file_language,
            author=author,
        )
        abstract_pdf = build_pdf(
            title=report.pdf_title,
            subtitle=labels["abstract"],
            meta_lines=meta_lines,
            sections=[(labels["abstract"], report.pdf_abstract)],
            language=report.file_language,
            author=author,
        )
        page = story_models.ReportPage(
            title=self.it(report.title),
            slug=self.it(report.slug),
            abstract=self.paragraphs(report.abstract),
            search_description=self.it(report.search_description),
            full_report=self.document(
                f"{report.pdf_title} ({labels['report']})", f"{report.key}.pdf", full_pdf
            ),
            full_report_language=report.file_language,
            abstract_document=self.document(
                f"{report.pdf_title} ({labels['abstract']})",
                f"{report.key}-abstract.pdf",
                abstract_pdf,
            ),
            abstract_language=report.file_language,
            publication_date=(
                datetime.date.fromisoformat(report.publication_date)
                if report.publication_date
                else None
            ),
        )
        page.authors = [story_models.ReportAuthor(name=name) for name in report.authors]
        page.publishers = [story_models.ReportPublisher(organisation=org) for org in publishers]
        return self.add_page(self.indexes["reports"], page)

    def link_report(self, report):
        """Second pass: a report points at its programme and stories, built after it."""
        page = self.reports[report.key]
        page.programme = self.programmes[report.programme]
        page.story_links = [
            story_models.ReportStory(story=self.stories[key]) for key in report.stories
        ]
        number_inline_children(page)
        page.save_revision().publish()

    # -- translation ---------------------------------------------------------------------

    def english_text(self, segment_data):
        plain = html.unescape(segment_data)
        english = self.english_for.get(plain)
        if english is None:
            raise MissingTranslation(f"No English text for the Italian string {plain!r}")
        return StringValue.from_plaintext(english).data

    def translate(self, page):
        """Translate a page, or a translatable snippet (an author), into English."""
        page = getattr(page, "specific", page)
        if page.has_translation(self.english):
            return
        source, _ = TranslationSource.get_or_create_from_instance(page)
        translation, _ = Translation.objects.get_or_create(
            source=source, target_locale=self.english
        )
        segments = StringSegment.objects.filter(source=source).select_related("string", "context")
        for segment in segments:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=self.english,
                context=segment.context,
                defaults={
                    "data": self.english_text(segment.string.data),
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                    "tool_name": "",
                },
            )
        translation.save_target(publish=True)
        self.translated += 1
