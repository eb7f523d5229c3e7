"""The MDN HTTP Observatory's grading, for one response, in Python (a test helper).

A port of the rules of mdn/mdn-http-observatory, the scanner behind
developer.mozilla.org/observatory (it replaced mozilla/http-observatory, whose
httpobs/docs/scoring.md has the same modifiers minus the newest tests):

- src/scanner/index.js: every site starts at 100; each test's result adds its modifier;
  the bonuses (positive modifiers) count only when the score without them is at least 90
  (MINIMUM_SCORE_FOR_EXTRA_CREDIT); the minimum is 0, there is no maximum.
- src/grader/charts.js: the modifier of each result (SCORE_TABLE, copied below as
  MODIFIERS) and the grades (GRADE_CHART: the score rounded down to a multiple of 5, 100
  and above is A+).
- src/analyzer/tests/*.js: how each test reads the responses, ported one function each
  below, in the scanner's order of precedence.

The Observatory scans a host's front page; here any address is scanned the same way, so
that each kind of response (a page, a PDF, an embed card, the API) gets its own grade.
What the scanner fetches over the network is handed in: the final https response, the
chain of redirects from the http address, and the answer to its CORS preflight.
HSTS preloading (a list kept by browsers) is left out: the site is not on it.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

# src/grader/charts.js, SCORE_TABLE.
MODIFIERS = {
    "csp-implemented-with-no-unsafe-default-src-none": 10,
    "csp-implemented-with-no-unsafe": 5,
    "csp-implemented-with-unsafe-inline-in-style-src-only": 0,
    "csp-implemented-with-insecure-scheme-in-passive-content-only": -10,
    "csp-implemented-with-unsafe-eval": -10,
    "csp-implemented-with-unsafe-inline": -20,
    "csp-implemented-with-insecure-scheme": -20,
    "csp-header-invalid": -25,
    "csp-not-implemented": -25,
    "csp-not-implemented-but-reporting-enabled": -25,
    "csp-implemented-but-duplicate-directives": 0,
    "cookies-secure-with-httponly-sessions-and-samesite": 5,
    "cookies-secure-with-httponly-sessions": 0,
    "cookies-not-found": 0,
    "cookies-without-secure-flag-but-protected-by-hsts": -5,
    "cookies-session-without-secure-flag-but-protected-by-hsts": -10,
    "cookies-without-secure-flag": -20,
    "cookies-samesite-flag-invalid": -20,
    "cookies-anticsrf-without-samesite-flag": -20,
    "cookies-session-without-httponly-flag": -30,
    "cookies-session-without-secure-flag": -40,
    "cross-origin-resource-sharing-not-implemented": 0,
    "cross-origin-resource-sharing-implemented-with-public-access": 0,
    "cross-origin-resource-sharing-implemented-with-restricted-access": 0,
    "cross-origin-resource-sharing-implemented-with-universal-access": -50,
    "redirection-to-https": 0,
    "redirection-not-needed-no-http": 0,
    "redirection-off-host-from-http": -5,
    "redirection-not-to-https-on-initial-redirection": -10,
    "redirection-not-to-https": -20,
    "redirection-missing": -20,
    "referrer-policy-private": 5,
    "referrer-policy-not-implemented": 0,
    "referrer-policy-unsafe": -5,
    "referrer-policy-header-invalid": -5,
    "hsts-implemented-max-age-at-least-six-months": 0,
    "hsts-implemented-max-age-less-than-six-months": -10,
    "hsts-not-implemented": -20,
    "hsts-header-invalid": -20,
    "hsts-not-implemented-no-https": -20,
    "sri-implemented-and-all-scripts-loaded-securely": 5,
    "sri-implemented-and-external-scripts-loaded-securely": 5,
    "sri-not-implemented-response-not-html": 0,
    "sri-not-implemented-but-no-scripts-loaded": 0,
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": 0,
    "sri-not-implemented-but-external-scripts-loaded-securely": -5,
    "sri-implemented-but-external-scripts-not-loaded-securely": -20,
    "sri-not-implemented-and-external-scripts-not-loaded-securely": -50,
    "html-not-parseable": -20,
    "x-content-type-options-nosniff": 0,
    "x-content-type-options-not-implemented": -5,
    "x-content-type-options-header-invalid": -5,
    "x-frame-options-implemented-via-csp": 5,
    "x-frame-options-sameorigin-or-deny": 5,
    "x-frame-options-allow-from-origin": 0,
    "x-frame-options-not-implemented": -20,
    "x-frame-options-header-invalid": -20,
    "cross-origin-resource-policy-header-invalid": -5,
    "cross-origin-resource-policy-implemented-with-cross-origin": 0,
    "cross-origin-resource-policy-implemented-with-same-origin": 10,
    "cross-origin-resource-policy-implemented-with-same-site": 10,
    "cross-origin-resource-policy-not-implemented": 0,
    "coep-implemented-with-require-corp": 10,
    "coep-implemented-with-credentialless": 10,
    "coep-implemented-with-unsafe-none": 0,
    "coep-not-implemented": 0,
    "coep-header-invalid": -5,
    "coop-implemented-with-same-origin": 10,
    "coop-implemented-with-same-origin-allow-popups": 10,
    "coop-implemented-with-noopener-allow-popups": 10,
    "coop-implemented-with-unsafe-none": 0,
    "coop-not-implemented": 0,
    "coop-header-invalid": -5,
}
MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90
# GRADE_CHART, from the top: the grade of a score rounded down to a multiple of 5.
GRADES = [
    (100, "A+"),
    (90, "A"),
    (85, "A-"),
    (80, "B+"),
    (70, "B"),
    (65, "B-"),
    (60, "C+"),
    (50, "C"),
    (45, "C-"),
    (40, "D+"),
    (30, "D"),
    (25, "D-"),
    (0, "F"),
]
HTML_TYPES = {"text/html", "application/xhtml+xml"}
# strict-transport-security.js
SIX_MONTHS = 15_552_000
# csp.js
DANGEROUSLY_BROAD = {"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*"}
DANGEROUSLY_BROAD |= {"https://*.*"}
UNSAFE_INLINE = {"'unsafe-inline'", "data:"}
PASSIVE_DIRECTIVES = ("img-src", "media-src")
NONCES_HASHES = ("'sha256-", "'sha384-", "'sha512-", "'nonce-")
# cspParser.js: the shortest policy it accepts, "img-src" less one character.
SHORTEST_POLICY = len("img-src") - 1
SCANNER_ORIGIN = "https://http-observatory.security.mozilla.org"


@dataclass
class Response:
    """What the scanner saw of one address."""

    url: str  # the final (https) address
    headers: list[tuple[str, str]]  # every header, Set-Cookie once per cookie
    body: str = ""
    # The addresses from the http one to the last (the scanner's httpRedirects), or None
    # when nothing answers over http.
    http_route: list[str] | None = None
    # Headers of the answer to the CORS preflight (OPTIONS with Origin: SCANNER_ORIGIN).
    cors_headers: list[tuple[str, str]] = field(default_factory=list)

    def all(self, name, headers=None):
        return [value for key, value in (headers or self.headers) if key.lower() == name.lower()]

    def first(self, name, headers=None):
        values = self.all(name, headers)
        return values[0] if values else None


@dataclass
class Grade:
    score: int
    grade: str
    results: dict  # test name -> result name

    def modifiers(self):
        return {test: (result, MODIFIERS[result]) for test, result in self.results.items()}


def only_if_worse(new, old, order):
    if not old:
        return new
    return new if order.index(new) > order.index(old) else old


def parse_csp(policies):
    """cspParser.js parseCsp: {directive: set of sources}; ValueError when invalid."""
    csp = {}
    for index, policy in enumerate(policy.strip() for policy in policies):
        if not policy or len(policy) < SHORTEST_POLICY:
            raise ValueError(policy)
        seen = set()
        for entry in policy.split(";"):
            words = entry.strip().split()
            if not words:
                continue
            directive = words[0].lower()
            if directive in seen and directive not in {"report-uri", "report-to"}:
                raise ValueError(f"duplicate {directive}")
            seen.add(directive)
            sources = {source.lower() for source in words[1:]}
            if not sources and directive.endswith("-src"):
                sources = {"'none'"}
            # A later policy can only narrow an earlier one; the site sends a single one.
            csp[directive] = sources if index == 0 else csp.get(directive, set()) | sources
    return {directive: sources or {"'none'"} for directive, sources in csp.items()}


def csp_test(response):
    """csp.js contentSecurityPolicyTest (HTTP headers; the site sends no <meta> policy)."""
    policies = [
        part.strip()
        for header in response.all("Content-Security-Policy")
        for part in header.split(",")
    ]
    if not policies:
        if response.first("Content-Security-Policy-Report-Only"):
            return "csp-not-implemented-but-reporting-enabled", None
        return "csp-not-implemented", None
    try:
        csp = parse_csp(policies)
    except ValueError:
        return "csp-header-invalid", None
    default = csp.get("default-src")
    object_src = set(csp.get("object-src") or default or {"*"})
    script_src = set(csp.get("script-src") or default or {"*"})
    style_src = set(csp.get("style-src") or default or {"*"})
    for sources in (script_src, style_src):
        if any(source.startswith(NONCES_HASHES) for source in sources):
            sources.discard("'unsafe-inline'")
    result = None
    if any(source.startswith(NONCES_HASHES) for source in script_src) and (
        "'strict-dynamic'" in script_src
    ):
        script_src = {
            source
            for source in script_src
            if not source.startswith(tuple(DANGEROUSLY_BROAD))
            and source not in {"'self'", "'unsafe-inline'"}
        }
    elif "'strict-dynamic'" in script_src:
        result = "csp-header-invalid"
    active = [
        source
        for directive, sources in csp.items()
        if directive not in PASSIVE_DIRECTIVES and directive != "script-src"
        for source in sources
    ] + list(script_src)
    passive = [
        source
        for directive in PASSIVE_DIRECTIVES
        for source in (csp.get(directive) or default or set())
    ]
    https = urlsplit(response.url).scheme == "https"
    insecure = ("http:", "ftp:")
    checks = [
        (
            script_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE) or object_src & DANGEROUSLY_BROAD,
            "csp-implemented-with-unsafe-inline",
        ),
        (
            https and any(s.startswith(insecure) for s in active),
            "csp-implemented-with-insecure-scheme",
        ),
        ("'unsafe-eval'" in script_src | style_src, "csp-implemented-with-unsafe-eval"),
        (
            https and any(s.startswith(insecure) for s in passive),
            "csp-implemented-with-insecure-scheme-in-passive-content-only",
        ),
        (
            style_src & (DANGEROUSLY_BROAD | UNSAFE_INLINE),
            "csp-implemented-with-unsafe-inline-in-style-src-only",
        ),
        (default == {"'none'"}, "csp-implemented-with-no-unsafe-default-src-none"),
        (True, "csp-implemented-with-no-unsafe"),
    ]
    for failed, name in checks:
        if result is None and failed:
            result = name
    return result, csp


def cookies_test(response, hsts_passes):
    """cookies.js cookiesTest, on the cookies the response sets."""
    order = [
        "cookies-without-secure-flag-but-protected-by-hsts",
        "cookies-without-secure-flag",
        "cookies-session-without-secure-flag-but-protected-by-hsts",
        "cookies-samesite-flag-invalid",
        "cookies-anticsrf-without-samesite-flag",
        "cookies-session-without-httponly-flag",
        "cookies-session-without-secure-flag",
    ]
    raw_cookies = response.all("Set-Cookie")
    result = None
    cookies = []
    for raw in raw_cookies:
        name = raw.split("=", 1)[0].strip()
        attributes = {}
        for part in raw.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            attributes[key.strip().lower()] = value.strip()
        samesite = attributes.get("samesite")
        if samesite is not None and samesite.lower() not in {"lax", "strict", "none"}:
            result = only_if_worse("cookies-samesite-flag-invalid", result, order)
        cookies.append(
            {
                "name": name.lower(),
                "secure": "secure" in attributes,
                "httponly": "httponly" in attributes,
                "samesite": samesite.lower() if samesite else None,
            }
        )
    if not cookies:
        return "cookies-not-found"
    missing_samesite = False
    # A cookie without Secure costs less when HSTS keeps the browser on https anyway.
    hsts = "-but-protected-by-hsts" if hsts_passes else ""
    for cookie in cookies:
        session = any(word in cookie["name"] for word in ("login", "sess"))
        anticsrf = "csrf" in cookie["name"]
        if not cookie["secure"] and cookie["samesite"] == "none":
            result = only_if_worse("cookies-samesite-flag-invalid", result, order)
        if not cookie["secure"]:
            result = only_if_worse(f"cookies-without-secure-flag{hsts}", result, order)
        if anticsrf and not cookie["samesite"]:
            result = only_if_worse("cookies-anticsrf-without-samesite-flag", result, order)
        if session and not cookie["secure"]:
            result = only_if_worse(f"cookies-session-without-secure-flag{hsts}", result, order)
        if session and not cookie["httponly"]:
            result = only_if_worse("cookies-session-without-httponly-flag", result, order)
        missing_samesite = missing_samesite or not cookie["samesite"]
    if result:
        return result
    if missing_samesite:
        return "cookies-secure-with-httponly-sessions"
    return "cookies-secure-with-httponly-sessions-and-samesite"


def cors_test(response):
    """cors.js: the answer to a preflight from the scanner's origin."""
    allow_origin = response.first("Access-Control-Allow-Origin", response.cors_headers)
    if not allow_origin:
        return "cross-origin-resource-sharing-not-implemented"
    allow_origin = allow_origin.strip().lower()
    if allow_origin == "*":
        return "cross-origin-resource-sharing-implemented-with-public-access"
    credentials = response.first("Access-Control-Allow-Credentials", response.cors_headers)
    if allow_origin == SCANNER_ORIGIN and (credentials or "").strip().lower() == "true":
        return "cross-origin-resource-sharing-implemented-with-universal-access"
    return "cross-origin-resource-sharing-implemented-with-restricted-access"


def redirection_test(response):
    """redirection.js (no host of the site is HSTS-preloaded)."""
    route = response.http_route
    if route is None:
        return "redirection-not-needed-no-http"
    schemes = [urlsplit(url).scheme for url in route]
    if len(route) == 1:
        return "redirection-missing"
    if schemes[-1] != "https":
        return "redirection-not-to-https"
    if schemes[1] == "http":
        return "redirection-not-to-https-on-initial-redirection"
    if urlsplit(route[0]).hostname != urlsplit(route[1]).hostname:
        return "redirection-off-host-from-http"
    return "redirection-to-https"


def referrer_policy_test(response):
    """referrer-policy.js (HTTP header; the site sends no <meta name="referrer">)."""
    good = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
    bad = {"origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"}
    headers = response.all("Referrer-Policy")
    if not headers:
        return "referrer-policy-not-implemented"
    valid = [
        p.strip().lower() for p in ", ".join(headers).split(",") if p.strip().lower() in good | bad
    ]
    policy = valid[-1] if valid else ""
    if policy in good:
        return "referrer-policy-private"
    if policy in bad:
        return "referrer-policy-unsafe"
    return "referrer-policy-header-invalid"


def hsts_test(response):
    """strict-transport-security.js: from the https response."""
    if urlsplit(response.url).scheme != "https":
        return "hsts-not-implemented-no-https"
    header = response.first("Strict-Transport-Security")
    if header is None:
        return "hsts-not-implemented"
    header = header[:1024]
    if "," in header:
        return "hsts-header-invalid"
    max_age = None
    for parameter in (part.strip().lower() for part in header.split(";")):
        if parameter.startswith("max-age="):
            digits = re.match(r"\d+", parameter[8:128])
            max_age = int(digits.group()) if digits else None
    if max_age is None:
        return "hsts-header-invalid"
    if max_age < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months"
    return "hsts-implemented-max-age-at-least-six-months"


class ScriptCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts.append(dict(attrs))


def registrable_domain(host):
    """The "second level domain" the scanner compares (tldts' domain), for the hosts
    used here: the last two labels."""
    return ".".join((host or "").split(".")[-2:])


def sri_test(response):
    """subresource-integrity.js."""
    order = [
        "sri-implemented-and-all-scripts-loaded-securely",
        "sri-implemented-and-external-scripts-loaded-securely",
        "sri-implemented-but-external-scripts-not-loaded-securely",
        "sri-not-implemented-but-external-scripts-loaded-securely",
        "sri-not-implemented-and-external-scripts-not-loaded-securely",
        "sri-not-implemented-response-not-html",
    ]
    mime = (response.first("Content-Type") or "").split(";", 1)[0].strip()
    if mime and mime not in HTML_TYPES:
        return "sri-not-implemented-response-not-html"
    collector = ScriptCollector()
    collector.feed(response.body)
    result = None
    on_foreign_origin = False
    page_https = urlsplit(response.url).scheme == "https"
    for script in collector.scripts:
        src = script.get("src")
        if not src:
            continue
        integrity = script.get("integrity")
        relative_protocol = bool(re.match(r"^//[^/]", src))
        full_url = bool(re.match(r"^https?://", src))
        relative_origin = not relative_protocol and not full_url
        if relative_protocol:
            same_domain = True
        elif full_url:
            same_domain = registrable_domain(urlsplit(src).hostname) == registrable_domain(
                urlsplit(response.url).hostname
            )
        else:
            same_domain = True
        secure_origin = relative_origin or (same_domain and not relative_protocol)
        scheme = None if relative_protocol or relative_origin else urlsplit(src).scheme
        secure_scheme = scheme == "https" or (relative_origin and page_https)
        if not secure_origin:
            on_foreign_origin = True
            if integrity and not secure_scheme:
                worse = "sri-implemented-but-external-scripts-not-loaded-securely"
            elif not integrity and secure_scheme:
                worse = "sri-not-implemented-but-external-scripts-loaded-securely"
            elif not integrity:
                worse = "sri-not-implemented-and-external-scripts-not-loaded-securely"
            else:
                continue
            result = only_if_worse(worse, result, order)
        elif integrity and secure_scheme and not result:
            result = "sri-implemented-and-all-scripts-loaded-securely"
    if not collector.scripts:
        return "sri-not-implemented-but-no-scripts-loaded"
    if result:
        return result
    if on_foreign_origin:
        return "sri-implemented-and-external-scripts-loaded-securely"
    return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin"


def x_content_type_options_test(response):
    header = response.first("X-Content-Type-Options")
    if header is None:
        return "x-content-type-options-not-implemented"
    if header[:256].strip().lower() == "nosniff":
        return "x-content-type-options-nosniff"
    return "x-content-type-options-header-invalid"


def x_frame_options_test(response, csp):
    """x-frame-options.js: a CSP with frame-ancestors wins over the header."""
    if csp and "frame-ancestors" in csp:
        return "x-frame-options-implemented-via-csp"
    header = response.first("X-Frame-Options")
    if header is None:
        return "x-frame-options-not-implemented"
    value = header[:1024].strip().lower()
    if value in {"deny", "sameorigin"}:
        return "x-frame-options-sameorigin-or-deny"
    if value.startswith("allow-from"):
        return "x-frame-options-allow-from-origin"
    return "x-frame-options-header-invalid"


def corp_test(response):
    headers = response.all("Cross-Origin-Resource-Policy")
    if not headers:
        return "cross-origin-resource-policy-not-implemented"
    value = ", ".join(headers)[:256].strip().lower()
    return {
        "same-site": "cross-origin-resource-policy-implemented-with-same-site",
        "same-origin": "cross-origin-resource-policy-implemented-with-same-origin",
        "cross-origin": "cross-origin-resource-policy-implemented-with-cross-origin",
    }.get(value, "cross-origin-resource-policy-header-invalid")


def structured_token(value):
    """A structured-field token (RFC 8941), its parameters dropped; None when not one."""
    match = re.fullmatch(r"([A-Za-z*][A-Za-z0-9_\-.:%*/!#$&'^`|~+]*)\s*(;.*)?", value)
    return match.group(1) if match else None


def token_policy_test(response, header, prefix, policies):
    """cross-origin-opener-policy.js and cross-origin-embedder-policy.js: one header, whose
    value is one of ``policies``; ``prefix`` names the results."""
    headers = response.all(header)
    if not headers:
        return f"{prefix}-not-implemented"
    policy = structured_token(headers[0][:1024].strip())
    if len(headers) > 1 or policy not in policies:
        return f"{prefix}-header-invalid"
    return f"{prefix}-implemented-with-{policy}"


def coop_test(response):
    policies = {"same-origin", "same-origin-allow-popups", "noopener-allow-popups", "unsafe-none"}
    return token_policy_test(response, "Cross-Origin-Opener-Policy", "coop", policies)


def coep_test(response):
    policies = {"require-corp", "credentialless", "unsafe-none"}
    return token_policy_test(response, "Cross-Origin-Embedder-Policy", "coep", policies)


def grade_for(score):
    return next(grade for floor, grade in GRADES if min(score - score % 5, 100) >= floor)


def grade(response):
    """Every test on ``response``, and the score and grade as src/scanner/index.js adds
    them up."""
    csp_result, csp = csp_test(response)
    hsts_result = hsts_test(response)
    results = {
        "content-security-policy": csp_result,
        "cookies": cookies_test(
            response, hsts_result == "hsts-implemented-max-age-at-least-six-months"
        ),
        "cross-origin-resource-sharing": cors_test(response),
        "redirection": redirection_test(response),
        "referrer-policy": referrer_policy_test(response),
        "strict-transport-security": hsts_result,
        "subresource-integrity": sri_test(response),
        "x-content-type-options": x_content_type_options_test(response),
        "x-frame-options": x_frame_options_test(response, csp),
        "cross-origin-resource-policy": corp_test(response),
        "cross-origin-opener-policy": coop_test(response),
        "cross-origin-embedder-policy": coep_test(response),
    }
    with_extra_credit = 100 + sum(MODIFIERS[result] for result in results.values())
    uncurved = 100 + sum(min(MODIFIERS[result], 0) for result in results.values())
    score = max(with_extra_credit if uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT else uncurved, 0)
    return Grade(score=score, grade=grade_for(score), results=results)
