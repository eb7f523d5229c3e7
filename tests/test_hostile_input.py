"""No request, however hostile, makes the site answer 5xx.

Every URL pattern of the site (Django's resolver walked in both languages, the Wagtail admin
included) and one live page of each page type in each language get a corpus of hostile
requests: traversal, NUL bytes and invalid UTF-8 in paths and query strings, huge and
non-ASCII numbers, full-text search syntax (SQLite FTS5, PostgreSQL tsquery), repeated and
array parameters, odd methods, garbage in the headers the site reads (Range, the conditional
headers, Accept-Language, Host, cookies) and forms declaring a charset Django cannot decode.

Anonymous admin addresses only answer the login, so each gets one request; the others get
every odd method and undecodable form, and the values that make a page render (its query
string, path and header values) in turns: a few to each address, every value to several
addresses, so the run stays within seconds (about 2,100 requests). Parameters read one by
one (oEmbed, the search, the API) get values for each parameter alone.

The requests go through the whole stack with DEBUG off, as in production: a 5xx, or an
exception that reached Django's handler whatever the status, is a failure, reported with the
request and the end of its traceback. Each request runs in a savepoint rolled back at once,
so a request that breaks the transaction (PostgreSQL) or writes (a proposal, a download
count) leaves the next one the same demo.
"""

import itertools
import logging
import re
import time
import traceback
import uuid
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.core.signals import got_request_exception
from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.utils import translation
from django.utils.regex_helper import normalize
from wagtail.models import Page

from proposals.models import ProposalPage
from stories.models import HashtagPage, ReportPage, StoryPage
from stories.models.base import StoryListingMixin

pytestmark = pytest.mark.django_db

LANGUAGES = ("it", "en")
CSRF_SECRET = "h" * 32

# --- The hostile values ----------------------------------------------------------------

HUGE = "9" * 5000


def encoded(*values):
    return [quote(value, safe="") for value in values]


# Query values, percent-encoded. Numbers for the parameters that take one:
NUMBERS = encoded(
    "0", "-1", "+3", " 2 ", "1e3", "0x10", "1_000", "1.5", "9" * 19, "9" * 30, HUGE, "²", "١٠٠", "①"
)
# Text for the others: search syntax of SQLite FTS5 and PostgreSQL tsquery, markup, addresses.
TEXTS = encoded(
    "' OR '1'='1",
    '"unterminated',
    "a AND OR NOT",
    "NEAR(a b, 2)",
    "a* OR ^b",
    "title:x {a b}",
    "a & b | !c",
    "a <-> b:*",
    "!!(()",
    "\\",
    "<script>alert(1)</script>",
    "../../../etc/passwd",
    "http://testserver/it/",
    "javascript:alert(1)",
    "é" * 300,
    "x" * 5000,
    "😀\ufeff",
    "\x01\x1f\x7f",
)
# For every parameter: nothing, NUL, invalid UTF-8 (an overlong slash, a lone surrogate, a
# cut sequence), malformed escapes.
ANY = ["", "%20", "%00", "a%00b", "%FF", "%C0%AF", "%ED%A0%80", "%F0%9F", "%", "%zz", "%2500"]
QUERY_VALUES = [*ANY, *NUMBERS, *TEXTS]
NUMBER_PARAMETERS = ("page", "year", "maxwidth", "maxheight", "offset", "limit", "child_of", "p")
TEXT_PARAMETERS = (
    "q",
    "sort",
    "hashtag",
    "territory",
    "programme",
    "lang",
    "url",
    "format",
    "search",
    "fields",
    "order",
    "type",
    "html_path",
    "locale",
    "next",
)
# Parameters read one by one, each refusing a bad value before the next is read: each is
# tried alone. Elsewhere every parameter gets the same value in one request.
ONE_BY_ONE = {
    "oembed": ("url", "maxwidth", "maxheight", "format"),
    "search": ("q", "page"),
    "page": ("lang",),  # /r/<code>/
    "listing": ("offset", "limit", "search", "order", "fields", "type", "child_of", "locale"),
    "find": ("html_path",),
}
# Appended to a path, or put in place of one of its parameters.
PATH_VALUES = [
    "%00",
    "%FF",
    "%ED%A0%80",
    "..%2F..%2F..%2Fetc%2Fpasswd",
    "../../../etc/passwd",
    "9" * 19,
    HUGE,
    "%D9%A1%D9%A0%D9%A0",  # ١٠٠
    "%C2%B2",  # ²
    "x" * 300,
]
ODD_METHODS = ("TRACE", "PROPFIND", "OPTIONS", "PUT", "DELETE")
# Headers read by the file downloads and conditional responses: sent to every file.
FILE_HEADERS = [
    {"range": f"bytes={HUGE}-"},
    {"range": f"bytes=0-{HUGE}"},
    {"range": f"bytes=-{HUGE}"},
    {"range": "bytes=١-٢"},
    {"range": "bytes=99999999999999999999-99999999999999999999"},
    {"range": "bytes=5-1"},
    {"range": "bytes=0-0,1-1,-1"},
    {"range": "bytes=abc", "if-range": "garbage"},
    {"range": "bytes=0-1", "if-range": "Sun, 06 Nov 99999 08:49:37 GMT"},
    {"if-modified-since": "garbage"},
    {"if-modified-since": "Sun, 06 Nov 99999 08:49:37 GMT"},
    {"if-unmodified-since": HUGE},
    {"if-none-match": '"' + "a" * 5000},
    {"if-match": "\x7f, *, W/"},
]
# Headers every request may carry: sent to each address in turn.
ANY_HEADERS = [
    {"accept-language": "zz-ZZ;q=abc, *;q=99999999999999999999, it;q=-1"},
    {"accept-language": "x" * 5000},
    {"accept-language": "ÿ,;q=;;;"},
    {"host": "testserver:99999999999999999999"},
    {"host": "TESTSERVER."},
    {"host": "testserver:abc"},
    {"host": "evil.example.org"},
    {"cookie": 'sessionid="\\000aaaaaaaaaaaa"; django_language="\\000"; csrftoken=' + "x" * 5000},
    {"cookie": "sessionid=" + "a" * 5000},
    {"x-forwarded-for": "garbage, ::::, 999.999.999.999"},
    {"x-forwarded-port": HUGE},
    {"content-length": "abc"},
    {"accept": "*/*;q=abc, application/json;q=2"},
]
# Forms whose body Django cannot decode.
BAD_BODIES = [
    ("application/x-www-form-urlencoded; charset=utf-16", "a=b".encode("utf-16")),
    ("application/x-www-form-urlencoded; charset=no-such-charset", b"a=b"),
    ("application/x-www-form-urlencoded", b"a=%FF%FE&b=\xff\xfe"),
    ("multipart/form-data", b"a=b"),
    ("multipart/form-data; boundary=x; charset=utf-32", b"--x\r\n\r\n--x--"),
]


# --- Requests --------------------------------------------------------------------------


@dataclass
class Probe:
    kind: str
    method: str
    path: str
    headers: dict = field(default_factory=dict)
    content_type: str = ""
    body: bytes = b""

    def __str__(self):
        shown = self.path if len(self.path) < 160 else f"{self.path[:150]}…({len(self.path)})"
        extra = {key: value[:60] for key, value in self.headers.items()}
        return f"[{self.kind}] {self.method} {shown} {extra or ''} {self.content_type}".rstrip()


def with_query(path, query):
    return f"{path}{'&' if '?' in path else '?'}{query}"


def values_for(parameter):
    return [*ANY, *(NUMBERS if parameter in NUMBER_PARAMETERS else TEXTS)]


def one_by_one_probes(path, parameters, count):
    """``count`` hostile values for each parameter alone (different ones for the next
    parameter), and each parameter repeated and as an array."""
    for index, name in enumerate(parameters):
        for value in taking_turns(values_for(name), index, count):
            yield Probe("query", "GET", with_query(path, f"{name}={value}"))
        yield Probe("query-array", "GET", with_query(path, f"{name}=1&{name}=2&{name}[]=x"))


def all_at_once_probes(path, values, arrays=False):
    """Every parameter the site reads set to each of ``values`` at once, then, with
    ``arrays``, each repeated and as an array."""
    for value in values:
        query = "&".join(f"{name}={value}" for name in (*NUMBER_PARAMETERS, *TEXT_PARAMETERS))
        yield Probe("query", "GET", with_query(path, query))
    if arrays:
        query = "&".join(f"{name}[]=1&{name}=a&{name}=b" for name in TEXT_PARAMETERS)
        yield Probe("query-array", "GET", with_query(path, query))


def path_probes(path, values):
    for value in values:
        yield Probe("path", "GET", f"{path.rstrip('/')}/{value}/")


def method_probes(path):
    for method in ODD_METHODS:
        yield Probe("method", method, path)


def header_probes(path, headers):
    for extra in headers:
        yield Probe("header", "GET", path, headers=extra)


def body_probes(path, index):
    """Undecodable forms, with the CSRF cookie only (the CSRF failure view reads the form)
    or with a matching token too (the view reads it), four of them in turns."""
    combinations = list(itertools.product(BAD_BODIES, ({}, {"x-csrftoken": CSRF_SECRET})))
    for (content_type, body), headers in taking_turns(combinations, index, 4):
        yield Probe("post-charset", "POST", path, headers, content_type, body)


def taking_turns(items, index, count):
    """``count`` of ``items``, a different few for each ``index``: across the addresses,
    every item is sent, without sending every item to every address."""
    return [items[(index * count + offset) % len(items)] for offset in range(count)]


# --- The site's addresses --------------------------------------------------------------


def resolver_patterns(patterns, prefix=""):
    """(regex, URLPattern) for every pattern of the URLconf, included ones too."""
    for entry in patterns:
        regex = prefix + entry.pattern.regex.pattern.removeprefix("^")
        if isinstance(entry, URLResolver):
            yield from resolver_patterns(entry.url_patterns, regex)
        else:
            yield regex, entry


def demo_samples():
    """Values for the URL patterns' parameters that name something of the demo."""
    story = StoryPage.objects.live().public().filter(locale__language_code="it").first()
    report = (
        ReportPage.objects.live()
        .public()
        .filter(locale__language_code="it", full_report__isnull=False)
        .select_related("full_report")
        .first()
    )
    return {
        "document_id": [str(report.full_report_id)],
        "document_filename": [report.full_report.filename],
        "page_id": [str(story.pk), str(report.pk)],
        "code": [report.permanent_code],
        "language": ["it"],
        "hashtag_slug": list(HashtagPage.objects.live().values_list("slug", flat=True)),
    }


GENERIC_SAMPLES = ("1", "it", "x", "abc-1", "abc/", "a/b", "", str(uuid.UUID(int=1)))


def sample_path(regex, samples):
    """A path that the pattern matches, with demo values where the parameters name some."""
    compiled = re.compile(regex)
    for format_string, names in normalize(regex):
        choices = [[*samples.get(name, []), *GENERIC_SAMPLES] for name in names]
        for values in itertools.product(*choices):
            path = format_string % dict(zip(names, values, strict=True))
            if compiled.fullmatch(path):
                return "/" + path, dict(zip(names, values, strict=True))
    return None, None


@dataclass
class Address:
    path: str
    name: str = ""
    parameters: dict = field(default_factory=dict)

    @property
    def is_admin(self):
        return self.path.startswith("/admin/")

    @property
    def is_file(self):
        """Files the site serves itself, reading Range and the conditional headers."""
        return self.path.startswith(("/documents/", "/r/", "/data/"))


def site_addresses():
    """Every URL pattern of the URLconf as a sample path, in each language (the patterns
    under the language prefixes differ)."""
    samples = demo_samples()
    addresses = {}
    for language in LANGUAGES:
        with translation.override(language):
            for regex, pattern in resolver_patterns(get_resolver().url_patterns):
                path, parameters = sample_path(regex, samples)
                assert path is not None, f"no sample path for {regex}"
                addresses.setdefault(path, Address(path, pattern.name or "", parameters))
    return list(addresses.values())


def page_addresses():
    """One live page of each page type in each language, and the proposal's thank-you."""
    pages = {}
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        pages.setdefault((type(page), page.locale_id), page)
    addresses = [
        Address(page.url, "explorer" if isinstance(page, StoryListingMixin) else "")
        for page in pages.values()
    ]
    return addresses + [Address(page.thanks_url()) for page in ProposalPage.objects.live()]


def corpus():
    """The hostile requests, and how many addresses they went to."""
    site = site_addresses()
    admin = [address for address in site if address.is_admin]
    public = [address for address in site if not address.is_admin]
    pages = page_addresses()
    # Anonymous: each admin address answers the login page (or its own refusal).
    probes = [Probe("admin", "GET", address.path) for address in admin]
    # A page costs tens of milliseconds to render where a refusal costs one or two: what
    # renders a page is sent in turns, a few values to each address.
    for index, address in enumerate([*public, *pages]):
        path = address.path
        probes.append(Probe("plain", "GET", path))
        probes += method_probes(path)
        probes += path_probes(path, taking_turns(PATH_VALUES, index, 3))
        probes += body_probes(path, index)
        if address.name in ONE_BY_ONE:
            # JSON and the search: cheap, and each parameter is read on its own.
            count = 5 if path.startswith("/api/") else 10
            probes += one_by_one_probes(path, ONE_BY_ONE[address.name], count)
        else:
            # The explorer reads its filters; its pages are the dearest to render.
            explorer = address.name == "explorer"
            values = taking_turns(QUERY_VALUES, index, 4 if explorer else 1)
            probes += all_at_once_probes(path, values, arrays=explorer)
        probes += header_probes(path, taking_turns(ANY_HEADERS, index, 1))
        if address.is_file:
            probes += header_probes(path, FILE_HEADERS)
        # A hostile value in place of each of the pattern's parameters.
        for value in filter(None, address.parameters.values()):
            before, _value, after = path.rpartition(value)
            for hostile in taking_turns(PATH_VALUES, index, 4):
                probes.append(Probe("path-parameter", "GET", f"{before}{hostile}{after}"))
    counts = {"admin patterns": len(admin), "other patterns": len(public), "pages": len(pages)}
    return probes, counts


# --- Running them ----------------------------------------------------------------------


def expected(probe, status):
    """oEmbed's answer to a format it does not offer is 501, as its specification says."""
    return status == 501 and "/oembed/?" in probe.path and "format=" in probe.path


def summary():
    """The exception being handled and the last frames that led to it."""
    lines = traceback.format_exc(limit=-3).splitlines()
    return "    " + "\n    ".join(lines[-8:]) + "\n"


def run(probes):
    """The probes that got a 5xx or raised, with the end of the traceback."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    raised = []

    def keep(sender, request=None, **kwargs):
        raised.append(summary())

    failures = []
    got_request_exception.connect(keep)
    # Each failure is reported below; the log of thousands of 4xx would bury it.
    logging.disable(logging.CRITICAL)
    try:
        for probe in probes:
            raised.clear()
            client.cookies.clear()
            client.cookies["csrftoken"] = CSRF_SECRET
            savepoint = transaction.savepoint()
            try:
                status = client.generic(
                    probe.method,
                    probe.path,
                    data=probe.body,
                    content_type=probe.content_type or "application/octet-stream",
                    headers=probe.headers,
                ).status_code
            except Exception:
                # Raised by an error handler itself: the WSGI server would answer 500.
                status = "no response"
                raised.append(summary())
            finally:
                transaction.savepoint_rollback(savepoint)
            if (
                raised
                or not isinstance(status, int)
                or (status >= 500 and not expected(probe, status))
            ):
                failures.append(f"{probe} -> {status}\n{''.join(raised)}")
    finally:
        got_request_exception.disconnect(keep)
        logging.disable(logging.NOTSET)
    return failures


@pytest.fixture
def production_like(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]


def test_no_hostile_request_gets_a_server_error(production_like):
    probes, addresses = corpus()
    started, cpu_started = time.monotonic(), time.process_time()
    failures = run(probes)
    elapsed, cpu = time.monotonic() - started, time.process_time() - cpu_started
    kinds = dict(Counter(probe.kind for probe in probes))
    # Shown with -s: what the corpus holds and how long it took.
    print(f"\n{len(probes)} requests in {elapsed:.1f} s ({cpu:.1f} s CPU) to {addresses}: {kinds}")
    assert len(probes) >= 1000
    assert not failures, f"{len(failures)} of {len(probes)} requests failed:\n\n" + "\n".join(
        failures[:40]
    )
