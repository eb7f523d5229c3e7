import sysconfig
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

from django.apps import apps
from django.utils import timezone
from wagtail.models import Page, Revision, get_page_models

from core.indexing import unindexed
from proposals.models import ProposalPage
from stories.models import HashtagPage, ProgrammePage, StoryHashtag, StoryPage, StoryTerritory

# Every page type of the site, as Wagtail knows them: a new one is tested without being
# added here.
PAGE_MODELS = [model for model in get_page_models() if model is not Page]

_LIBRARIES = Path(sysconfig.get_paths()["purelib"]).resolve()


def postgres_url(database, name=None):
    """A ``postgres://`` URL for another process, from a ``DATABASES`` entry: its server
    (a host, or a Unix socket folder such as /var/run/postgresql) and ``name`` or its own
    database."""
    password = f":{quote(database['PASSWORD'], safe='')}" if database.get("PASSWORD") else ""
    host = quote(database["HOST"] or "127.0.0.1", safe="")
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"postgres://{database['USER']}{password}@{host}{port}/{name or database['NAME']}"


def our_models():
    """The models of this project's apps, not Wagtail's or another library's."""
    return [
        model
        for model in apps.get_models()
        if not Path(model._meta.app_config.path).resolve().is_relative_to(_LIBRARIES)
    ]


class LinkCollector(HTMLParser):
    """Collects href/src attributes and <link rel=alternate> entries of an HTML page."""

    def __init__(self):
        super().__init__()
        self.links = []
        self.alternates = {}
        self.html_lang = None
        self.switcher = []
        self._in_switcher = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if tag == "nav" and "language-switcher" in (attrs.get("class") or ""):
            self._in_switcher = 1
        if tag == "link" and attrs.get("rel") == "alternate" and attrs.get("hreflang"):
            self.alternates[attrs["hreflang"]] = attrs["href"]
        self.links += [attrs[name] for name in ("href", "src") if attrs.get(name)]
        if self._in_switcher and tag == "a":
            self.switcher.append((attrs.get("hreflang"), attrs.get("href")))

    def handle_endtag(self, tag):
        if tag == "nav" and self._in_switcher:
            self._in_switcher = 0


def parse(response):
    collector = LinkCollector()
    collector.feed(response.content.decode())
    return collector


def publish_story_like(template, number, hashtags, territories):
    """Publish a test story beside ``template`` (same section, programme and hero image),
    numbered ``number``, linked to ``hashtags`` and ``territories``.

    The story is added live, with one revision that is its latest and live one: what the
    listings, feeds, caches and search index see of a published story. Not through
    ``save_revision().publish()``, which saves the page and its links twice more and
    refreshes their reference index each time: the growth tests add some 440 stories a
    run. Tests of publishing itself publish through the admin or the factories.

    Nor do these stories reach the search index or the reference index (``unindexed``): no
    test that adds them searches for them or asks where they are used, and indexing was
    three quarters of the time it took to add them."""
    with unindexed():
        return _add_live_story(template, number, hashtags, territories)


def _add_live_story(template, number, hashtags, territories):
    now = timezone.now()
    story = StoryPage(
        title=f"Storia di prova {number}",
        slug=f"storia-di-prova-{number}",
        summary="Sintesi di prova.",
        programme=template.programme,
        hero_image=template.hero_image,
        hero_image_alt="Illustrazione",
        body=[],
        first_published_at=now,
        last_published_at=now,
    )
    story.hashtag_links = [StoryHashtag(hashtag=hashtag) for hashtag in hashtags]
    story.territory_links = [StoryTerritory(territory=place) for place in territories]
    template.get_parent().add_child(instance=story)
    revision = Revision.objects.create(
        content_object=story,
        base_content_type=story.get_base_content_type(),
        content=story.serializable_data(),
        object_str=str(story),
    )
    story.latest_revision = story.live_revision = revision
    story.latest_revision_created_at = revision.created_at
    StoryPage.objects.filter(pk=story.pk).update(
        latest_revision=revision,
        live_revision=revision,
        latest_revision_created_at=revision.created_at,
    )
    return story


def add_stories(count, italian, first_number=0):
    """Publish ``count`` test stories beside a demo story, all with the same hashtag and
    territory; returns that hashtag and territory."""
    template = StoryPage.objects.get(locale=italian, slug__startswith="wellfare")
    hashtag = HashtagPage.objects.get(locale=italian, code="comunita")
    territory = template.territory_links.first().territory
    with unindexed():
        for number in range(first_number, first_number + count):
            _add_live_story(template, number, [hashtag], [territory])
    return hashtag, territory


# The "propose your story" form, as a reader fills it in.
SUMMARY = (
    "Una rete di cooperative e Comuni ha aperto tre portinerie di quartiere, dove i vicini "
    "si scambiano piccoli aiuti e il servizio sociale incontra chi non si rivolgeva mai."
)


def proposal_page(language):
    return ProposalPage.objects.live().get(locale__language_code=language)


def programme_in(language):
    return ProgrammePage.objects.live().filter(locale__language_code=language).first()


def valid_data(language="it", **changes):
    data = {
        "name": "Giulia Rossi",
        "organisation": "Cooperativa Il Ponte",
        "email": "giulia@example.org",
        "territory": "Cremasco",
        "programme": str(programme_in(language).pk),
        "summary": SUMMARY,
        "website": "",
    }
    data.update(changes)
    return data


def post(client, page, data, address="192.0.2.10", **extra):
    return client.post(page.url, data, REMOTE_ADDR=address, **extra)
