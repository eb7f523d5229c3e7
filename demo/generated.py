"""Generated stories, for benchmarks only: thousands of live Italian stories with their
English translations on top of the demo (``manage.py generate_stories``).

Publishing through Wagtail costs about a second a story (revisions, signals, the
translation sync); a benchmark needs 10,000 in minutes. So the rows are written in bulk,
as a publish would have left them: the tree paths computed here (treebeard's
materialised path under each programme's section), one revision per page that is both
its latest and its live revision, the links to territories, hashtags, partners and
authors, the English page with the Italian one's ``translation_key`` under the English
section, its links pointing at the English territories, hashtags and authors. No signal
runs: the search index is rebuilt (``update_index``) and the content version bumped once
at the end. Not made: wagtail-localize's translation records (the admin shows the
English page as a page of its own, not as a synced translation), log entries and the
reference index.

The text is built from word lists, with lengths like the demo's stories (a summary of
one or two sentences, three to six sections of a body of some 400 to 1,100 words).
Generated stories are known by their slugs (``SLUG_PREFIX``).
"""

import datetime
import random
import time
import uuid
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, reset_queries, transaction
from django.db.models import F, Max
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, ReferenceIndex, Revision

from core.cache import bump_content_version
from stories.models import (
    Author,
    HashtagPage,
    Organisation,
    ProgrammeEdition,
    ProgrammeStoryIndexPage,
    StoryAuthor,
    StoryHashtag,
    StoryPage,
    StoryPartner,
    StoryTerritory,
    TerritoryKind,
    TerritoryPage,
)
from stories.tasks import refresh_planner_statistics

SLUG_PREFIX = {"it": "storia-generata-", "en": "generated-story-"}
BATCH = 500
LINK_MODELS = (StoryTerritory, StoryHashtag, StoryPartner, StoryAuthor)


def _words(text):
    return tuple(text.split())


WORDS = {
    "it": _words(
        "comunità quartiere famiglie giovani anziani rete servizi cura lavoro scuola casa "
        "volontari cooperativa comune fondazione sportello laboratorio percorso progetto "
        "persone bisogni risorse territorio welfare fragilità inclusione accoglienza ascolto "
        "relazioni fiducia reciprocità partecipazione formazione orientamento tirocinio "
        "impresa sociale associazione parrocchia biblioteca centro incontro mensa orto "
        "bambini genitori caregiver disabilità autonomia abitare mobilità trasporto salute "
        "prevenzione benessere solitudine povertà educativa economia locale negozi mercato "
        "artigiani competenze tempo libero sport cultura festa piazza cortile condominio "
        "operatori assistenti sociali educatori psicologi medici infermieri amministrazione "
        "bando finanziamento budget patto accordo tavolo coprogettazione valutazione dati "
        "risultati obiettivi attività incontri gruppi mutuo aiuto ricerca lavoro digitale "
        "connessione sportelli diffusi frazioni montagna valle città provincia regione"
    ),
    "en": _words(
        "community neighbourhood families young people elderly network services care work "
        "school housing volunteers cooperative municipality foundation help desk workshop "
        "pathway project people needs resources area welfare frailty inclusion welcome "
        "listening relationships trust reciprocity participation training guidance "
        "traineeship social enterprise association parish library centre meeting canteen "
        "garden children parents carers disability autonomy living mobility transport health "
        "prevention wellbeing loneliness educational poverty local economy shops market "
        "craftspeople skills free time sport culture festival square courtyard building "
        "workers social workers educators psychologists doctors nurses administration call "
        "funding budget pact agreement round table co-design evaluation data results goals "
        "activities meetings groups mutual aid job search digital connection outreach "
        "hamlets mountain valley city province region"
    ),
}
CONNECTIVES = {
    "it": _words("e con per tra nel della dei delle alla sul come anche insieme grazie verso"),
    "en": _words("and with for among in of the to on as also together thanks towards"),
}
TITLE_PATTERNS = {
    "it": ("{a} e {b} a {place}", "{place}: {a} per {b}", "Una rete di {a} a {place}"),
    "en": ("{a} and {b} in {place}", "{place}: {a} for {b}", "A network of {a} in {place}"),
}
ROLES = {
    "it": (
        "Capofila operativo",
        "Partner della rete",
        "Gestisce lo sportello",
        "Forma i volontari",
    ),
    "en": ("Operational lead", "Network partner", "Runs the help desk", "Trains the volunteers"),
}
QUOTE_ATTRIBUTIONS = {
    "it": ("un'operatrice del progetto", "un volontario", "una madre del quartiere"),
    "en": ("a project worker", "a volunteer", "a mother from the neighbourhood"),
}
SOURCE_NAMES = {"it": "Rendicontazione del progetto", "en": "Project report"}
FIGURE_LABELS = {
    "it": ("Persone raggiunte", "Volontari coinvolti", "Famiglie sostenute"),
    "en": ("People reached", "Volunteers involved", "Families supported"),
}
FIGURE_UNITS = ("none", "partners", "inhabitants")


class GenerationRefused(Exception):
    pass


def generated_stories(language_code):
    return StoryPage.objects.filter(
        locale__language_code=language_code, slug__startswith=SLUG_PREFIX[language_code]
    )


class Writer:
    """Words in one language, drawn from a generator shared by both languages' texts of a
    story so that the two have the same shape (sections, paragraphs, lengths)."""

    def __init__(self, language):
        self.language = language
        self.words = WORDS[language]
        self.connectives = CONNECTIVES[language]

    def sentence(self, rng, low=8, high=22):
        words = []
        for position in range(rng.randint(low, high)):
            pool = self.connectives if position % 3 == 2 else self.words
            words.append(rng.choice(pool))
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def paragraph(self, rng, sentences):
        return " ".join(self.sentence(rng) for _ in range(sentences))

    def phrase(self, rng, words=3):
        return " ".join(rng.choice(self.words) for _ in range(words))


def block(block_type, value):
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


class StoryGenerator:
    def __init__(self, count, *, seed=15, log=print):
        self.count = count
        self.seed = seed
        self.log = log
        self.italian = Locale.objects.get(language_code="it")
        self.english = Locale.objects.get(language_code="en")
        self.writers = {"it": Writer("it"), "en": Writer("en")}

    # -- what the demo offers ------------------------------------------------------------

    def load_demo_objects(self):
        def english_of(pages):
            by_key = {
                page.translation_key: page
                for page in type(pages[0]).objects.filter(
                    locale=self.english,
                    translation_key__in=[page.translation_key for page in pages],
                )
            }
            missing = [page for page in pages if page.translation_key not in by_key]
            if missing:
                raise GenerationRefused(
                    f"{missing[0]} has no English translation: run load_demo first."
                )
            return [by_key[page.translation_key] for page in pages]

        sections = list(
            ProgrammeStoryIndexPage.objects.live()
            .filter(locale=self.italian)
            .select_related("programme")
        )
        if not sections:
            raise GenerationRefused("No programme section in Italian: run load_demo first.")
        territories = list(TerritoryPage.objects.live().filter(locale=self.italian))
        hashtags = list(HashtagPage.objects.live().filter(locale=self.italian))
        authors = list(Author.objects.filter(locale=self.italian))
        self.sections = list(zip(sections, english_of(sections), strict=True))
        self.territories = list(zip(territories, english_of(territories), strict=True))
        self.hashtags = list(zip(hashtags, english_of(hashtags), strict=True))
        self.authors = list(zip(authors, english_of(authors), strict=True)) if authors else []
        # Cities more often than provinces and regions, as in the demo's stories.
        self.territory_weights = [
            {TerritoryKind.CITY: 6}.get(page.kind, 1) for page, _ in self.territories
        ]
        self.organisations = list(Organisation.objects.values_list("pk", flat=True))
        self.images = list(get_image_model().objects.values_list("pk", flat=True))
        self.editions = {}
        for edition in ProgrammeEdition.objects.filter(page__locale=self.italian):
            self.editions.setdefault(edition.page_id, []).append((edition.number, edition.year))

    # -- entry points --------------------------------------------------------------------

    def generate(self):
        """Create ``count`` stories in each language, numbered after those already made."""
        self.load_demo_objects()
        last = generated_stories("it").aggregate(last=Max("slug"))["last"]
        first_number = int(last.removeprefix(SLUG_PREFIX["it"])) + 1 if last else 1
        self.story_type = ContentType.objects.get_for_model(StoryPage)
        self.page_type = ContentType.objects.get_for_model(Page)
        self.now = timezone.now()
        self.next_step = {}
        made = 0
        for start in range(0, self.count, BATCH):
            numbers = range(first_number + start, first_number + min(start + BATCH, self.count))
            with transaction.atomic():
                self.create_batch(numbers)
            # With DEBUG on, Django keeps every query's text: the bulk inserts' are long.
            reset_queries()
            made += len(numbers)
            self.log(f"{made} of {self.count} stories in each language")
        return made

    def create_batch(self, numbers):
        stories, links = [], []
        for number in numbers:
            rng = random.Random(self.seed * 1_000_003 + number)
            italian_section, english_section = self.sections[number % len(self.sections)]
            italian, english = self.story_pair(rng, number, italian_section, english_section)
            stories += [italian, english]
        sections = {}
        for story in stories:
            sections.setdefault(story.section.pk, (story.section, []))[1].append(story)
        for section, children in sections.values():
            self.place_in_tree(section, children)
        page_fields = [field for field in Page._meta.local_concrete_fields if not field.primary_key]
        rows = Page._base_manager._insert(
            stories, fields=page_fields, returning_fields=[Page._meta.pk]
        )
        for story, (pk,) in zip(stories, rows, strict=True):
            story.pk = story.id = story.page_ptr_id = pk
        StoryPage._base_manager._insert(stories, fields=StoryPage._meta.local_concrete_fields)
        for story in stories:
            for relation, items in story.pending_links.items():
                for position, link in enumerate(items):
                    link.page_id = story.pk
                    link.sort_order = position
                    links.append(link)
                # In memory too, for the revision's copy of the page.
                setattr(story, relation, items)
        for model in LINK_MODELS:
            model.objects.bulk_create([link for link in links if isinstance(link, model)])
        revisions = Revision.objects.bulk_create(
            [
                Revision(
                    content_type=self.story_type,
                    base_content_type=self.page_type,
                    object_id=str(story.pk),
                    created_at=story.last_published_at,
                    content=story.serializable_data(),
                    object_str=story.title,
                )
                for story in stories
            ]
        )
        for story, revision in zip(stories, revisions, strict=True):
            story.latest_revision_id = story.live_revision_id = revision.pk
        Page.objects.bulk_update(stories, ["latest_revision", "live_revision"], batch_size=BATCH)

    def place_in_tree(self, section, children):
        """Paths after the section's last child, as treebeard's add_child would give."""
        if section.pk not in self.next_step:
            last = section.get_last_child()
            self.next_step[section.pk] = (
                Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
            )
        for child in children:
            child.path = Page._get_path(section.path, section.depth + 1, self.next_step[section.pk])
            child.depth = section.depth + 1
            child.url_path = f"{section.url_path}{child.slug}/"
            self.next_step[section.pk] += 1
        Page.objects.filter(pk=section.pk).update(numchild=F("numchild") + len(children))

    # -- one story -----------------------------------------------------------------------

    def story_pair(self, rng, number, italian_section, english_section):
        """The Italian story and its English translation, drawn from the same choices."""
        programme_id = italian_section.programme_id
        editions = self.editions.get(programme_id) or [(None, None)]
        edition, edition_year = rng.choice(editions)
        start_year = (edition_year or rng.randint(2014, 2024)) + rng.randint(0, 1)
        end_year = start_year + rng.randint(1, 4) if rng.random() < 0.6 else None
        # Published some time after the project started, never in the future.
        published = timezone.make_aware(
            datetime.datetime(min(start_year + 1, self.now.year - 1), 1, 1)
        ) + datetime.timedelta(minutes=rng.randint(0, 525_600))
        places = set()
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            places.add(rng.choices(range(len(self.territories)), self.territory_weights)[0])
        choices = {
            "number": number,
            "translation_key": uuid.uuid4(),
            "edition": edition,
            "start_year": start_year,
            "end_year": end_year,
            "published": published,
            "territories": sorted(places),
            "hashtags": rng.sample(range(len(self.hashtags)), rng.randint(1, 4)),
            "lead_partner": rng.choice(self.organisations) if self.organisations else None,
            "partners": rng.sample(
                self.organisations, min(len(self.organisations), rng.randint(2, 8))
            ),
            "authors": rng.sample(
                range(len(self.authors)), min(len(self.authors), rng.randint(1, 2))
            ),
            "image": rng.choice(self.images) if self.images else None,
            "funding": Decimal(rng.randrange(20_000, 2_000_000, 500)),
            "link_keys": [uuid.uuid4() for _ in range(40)],
            "text_seed": rng.getrandbits(64),
        }
        return (
            self.story(choices, "it", italian_section, self.italian),
            self.story(choices, "en", english_section, self.english),
        )

    def story(self, choices, language, section, locale):
        english = language == "en"
        writer = self.writers[language]
        # The same seed in both languages: the translation has the source's shape.
        rng = random.Random(choices["text_seed"])
        place = self.territories[choices["territories"][0]][english]
        title = rng.choice(TITLE_PATTERNS[language]).format(
            a=writer.phrase(rng, 1), b=writer.phrase(rng, 2), place=place.title
        )
        title = title[0].upper() + title[1:]
        summary = writer.paragraph(rng, rng.randint(1, 2))[:390]
        body, headings = [], set()
        for _ in range(rng.randint(3, 6)):
            heading = writer.phrase(rng, 3).capitalize()
            while heading in headings:
                heading = writer.phrase(rng, 3).capitalize()
            headings.add(heading)
            body.append(block("heading", {"text": heading, "level": "h2"}))
            for _ in range(rng.randint(1, 3)):
                body.append(
                    block("paragraph", f"<p>{writer.paragraph(rng, rng.randint(3, 6))}</p>")
                )
            if rng.random() < 0.15:
                attribution = rng.choice(QUOTE_ATTRIBUTIONS[language])
                body.append(
                    block("quote", {"text": writer.sentence(rng), "attribution": attribution})
                )
        action_lines = [
            block(
                "action_line",
                {
                    "title": writer.phrase(rng, 2).capitalize(),
                    "description": writer.paragraph(rng, 2),
                },
            )
            for _ in range(rng.randint(2, 4))
        ]
        year = choices["start_year"]
        key_figures = [
            block(
                "figure",
                {
                    "label": rng.choice(FIGURE_LABELS[language]),
                    "value": str(rng.randint(10, 5000)),
                    "unit": rng.choice(FIGURE_UNITS),
                    "reference_date": f"{year + 1}-12-31",
                    "source_name": SOURCE_NAMES[language],
                    "source_url": "",
                    "source_page": None,
                },
            )
            for _ in range(rng.choice((0, 1, 2)))
        ]
        indicators = []
        if rng.random() < 0.2:
            indicators.append(
                block(
                    "indicator",
                    {
                        "name": rng.choice(FIGURE_LABELS[language]),
                        "unit": "none",
                        "baseline_value": "0",
                        "baseline_date": f"{year}-01-01",
                        "target_value": str(rng.randint(100, 900)),
                        "target_date": f"{year + 3}-12-31",
                        "values": [
                            block(
                                "item",
                                {
                                    "date": f"{year + step}-12-31",
                                    "value": str(rng.randint(10, 100) * step),
                                    "source_name": SOURCE_NAMES[language],
                                    "source_url": "",
                                },
                            )
                            for step in (1, 2)
                        ],
                    },
                )
            )
        slug = f"{SLUG_PREFIX[language]}{choices['number']:05d}"
        published = choices["published"]
        story = StoryPage(
            title=title,
            draft_title=title,
            slug=slug,
            locale=locale,
            translation_key=choices["translation_key"],
            content_type=self.story_type,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published,
            last_published_at=published,
            latest_revision_created_at=published,
            search_description=(
                summary if len(summary) <= 155 else summary[:150].rsplit(" ", 1)[0] + "…"
            ),
            programme_id=section.programme_id,
            edition=choices["edition"],
            start_year=choices["start_year"],
            end_year=choices["end_year"],
            lead_partner_id=choices["lead_partner"],
            summary=summary,
            hero_image_id=choices["image"],
            hero_image_alt=writer.sentence(rng, 6, 12) if choices["image"] else "",
            funding_eur=choices["funding"],
            funding_is_approximate=choices["number"] % 3 == 0,
            funding_reference_date=datetime.date(year, 6, 30),
            funding_source_name=SOURCE_NAMES[language],
            funding_source_url="",
            action_lines=action_lines,
            key_figures=key_figures,
            body=body,
            indicators=indicators,
        )
        story.section = section
        keys = iter(choices["link_keys"])
        role_rng = random.Random(choices["text_seed"] + 1)

        def link(model, **fields):
            # A translated link row shares its source's translation_key, as wagtail-localize
            # copies it.
            return model(locale=locale, translation_key=next(keys), **fields)

        story.pending_links = {
            "territory_links": [
                link(StoryTerritory, territory=self.territories[index][english])
                for index in choices["territories"]
            ],
            "hashtag_links": [
                link(StoryHashtag, hashtag=self.hashtags[index][english])
                for index in choices["hashtags"]
            ],
            "partner_links": [
                link(
                    StoryPartner,
                    organisation_id=organisation,
                    role=role_rng.choice(ROLES[language]),
                )
                for organisation in choices["partners"]
            ],
            "author_links": [
                link(StoryAuthor, author=self.authors[index][english])
                for index in choices["authors"]
            ],
        }
        return story


def generate_stories(count, *, seed=15, update_index=True, log=print):
    """Create ``count`` more generated stories in each language; returns how many."""
    started, cpu = time.monotonic(), time.process_time()
    made = StoryGenerator(count, seed=seed, log=log).generate()
    log(
        f"{made} stories in each language written in {time.monotonic() - started:.0f} s "
        f"({time.process_time() - cpu:.0f} s of CPU)"
    )
    finish(update_index, log)
    return made


def delete_generated_stories(*, update_index=True, log=print):
    """Remove every generated story in both languages; returns how many pages went."""
    stories = generated_stories("it") | generated_stories("en")
    ids, parent_paths = [], set()
    for pk, path in stories.values_list("pk", "path"):
        ids.append(pk)
        parent_paths.add(path[: -Page.steplen])
    page_type = ContentType.objects.get_for_model(Page)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        # Plain DELETEs of the rows generate_stories wrote, without Django's collector: its
        # signals (wagtail-localize's clean-up, the reference index) cost 80 ms a page.
        # treebeard's delete would also build one condition per page. The pages are
        # leaves: their parents' child counts are set right below. The search index
        # forgets them in update_index.
        with transaction.atomic():
            for model in LINK_MODELS:
                model.objects.filter(page_id__in=chunk)._raw_delete(connection.alias)
            revisions = Revision.objects.filter(
                base_content_type=page_type, object_id__in=[str(pk) for pk in chunk]
            )
            Page.objects.filter(pk__in=chunk).update(latest_revision=None, live_revision=None)
            revisions._raw_delete(connection.alias)
            ReferenceIndex.objects.filter(
                base_content_type=page_type, object_id__in=[str(pk) for pk in chunk]
            )._raw_delete(connection.alias)
            StoryPage.objects.filter(pk__in=chunk)._raw_delete(connection.alias)
            Page.objects.filter(pk__in=chunk)._raw_delete(connection.alias)
        log(f"{min(start + BATCH, len(ids))} of {len(ids)} pages deleted")
    for parent in Page.objects.filter(path__in=parent_paths):
        Page.objects.filter(pk=parent.pk).update(numchild=parent.get_children().count())
    finish(update_index, log)
    return len(ids)


def finish(update_index, log):
    if update_index:
        log("Updating the search index")
        started, cpu = time.monotonic(), time.process_time()
        call_command("update_index", verbosity=0)
        log(
            f"Search index updated in {time.monotonic() - started:.0f} s "
            f"({time.process_time() - cpu:.0f} s of CPU in this process)"
        )
    bump_content_version()
    # The planner's statistics for the new rows, as a site has them after a publish (the
    # worker's warm-up refreshes SQLite's, PostgreSQL's autovacuum comes by in a while):
    # without them, the first benchmark rounds planned 10,000 stories as a demo's few.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        refresh_planner_statistics()
