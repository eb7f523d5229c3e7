"""The Observatory port (tests/observatory.py) against the rules it copies: a few cases of
each test whose result the MDN scanner's code and scoring table fix."""

import pytest

from tests.observatory import Response, csp_test, grade, grade_for

SECURE = [
    ("Strict-Transport-Security", "max-age=31536000"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
]


def https(*headers, body="", route=("http://example.org/", "https://example.org/")):
    return Response(
        url="https://example.org/",
        headers=[("Content-Type", "text/html"), *headers],
        body=body,
        http_route=list(route),
    )


def test_a_bare_http_site_scores_an_f():
    bare = Response(url="http://example.org/", headers=[("Content-Type", "text/html")], body="")
    bare.http_route = ["http://example.org/"]
    result = grade(bare)
    assert result.modifiers() == {
        "content-security-policy": ("csp-not-implemented", -25),
        "cookies": ("cookies-not-found", 0),
        "cross-origin-resource-sharing": ("cross-origin-resource-sharing-not-implemented", 0),
        "redirection": ("redirection-missing", -20),
        "referrer-policy": ("referrer-policy-not-implemented", 0),
        "strict-transport-security": ("hsts-not-implemented-no-https", -20),
        "subresource-integrity": ("sri-not-implemented-but-no-scripts-loaded", 0),
        "x-content-type-options": ("x-content-type-options-not-implemented", -5),
        "x-frame-options": ("x-frame-options-not-implemented", -20),
        "cross-origin-resource-policy": ("cross-origin-resource-policy-not-implemented", 0),
        "cross-origin-opener-policy": ("coop-not-implemented", 0),
        "cross-origin-embedder-policy": ("coep-not-implemented", 0),
    }
    assert (result.score, result.grade) == (10, "F")


def test_bonuses_count_only_from_90_points_without_them():
    # No CSP (-25): the COOP and Referrer-Policy bonuses are withheld.
    withheld = grade(
        https(
            *SECURE,
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Referrer-Policy", "no-referrer"),
        )
    )
    assert (withheld.score, withheld.grade) == (75, "B")
    counted = grade(
        https(
            *SECURE,
            ("Content-Security-Policy", "default-src 'none'; form-action 'self'"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        )
    )
    # CSP default-src 'none' +10, frame-ancestors missing so XFO's +5, COOP +10.
    assert (counted.score, counted.grade) == (125, "A+")


@pytest.mark.parametrize(
    ("policy", "result"),
    [
        ("default-src 'none'", "csp-implemented-with-no-unsafe-default-src-none"),
        ("default-src 'self'; object-src 'none'", "csp-implemented-with-no-unsafe"),
        (
            "default-src 'self'; style-src 'self' 'unsafe-inline'",
            "csp-implemented-with-unsafe-inline-in-style-src-only",
        ),
        (
            "default-src 'self'; script-src 'self' 'unsafe-inline'",
            "csp-implemented-with-unsafe-inline",
        ),
        ("default-src 'self'; script-src 'self' data:", "csp-implemented-with-unsafe-inline"),
        ("script-src 'self'", "csp-implemented-with-unsafe-inline"),  # object-src unrestricted
        ("default-src 'self'; script-src 'self' 'unsafe-eval'", "csp-implemented-with-unsafe-eval"),
        ("default-src 'self' http://cdn.example.org", "csp-implemented-with-insecure-scheme"),
        (
            "default-src 'self'; img-src http:",
            "csp-implemented-with-insecure-scheme-in-passive-content-only",
        ),
        # A nonce makes browsers ignore 'unsafe-inline', and the scanner too.
        (
            "default-src 'self'; script-src 'nonce-abc' 'unsafe-inline'",
            "csp-implemented-with-no-unsafe",
        ),
        ("default-src 'self'; script-src 'self' 'strict-dynamic'", "csp-header-invalid"),
        ("default-src 'self'; default-src 'none'", "csp-header-invalid"),
    ],
)
def test_content_security_policy(policy, result):
    assert csp_test(https(("Content-Security-Policy", policy)))[0] == result


@pytest.mark.parametrize(
    ("cookie", "result"),
    [
        ("csrftoken=a; Secure; SameSite=Lax", "cookies-secure-with-httponly-sessions-and-samesite"),
        ("sessionid=a; Secure; HttpOnly", "cookies-secure-with-httponly-sessions"),
        ("sessionid=a; Secure; SameSite=Lax", "cookies-session-without-httponly-flag"),
        (
            "sessionid=a; HttpOnly; SameSite=Lax",
            "cookies-session-without-secure-flag-but-protected-by-hsts",
        ),
        ("csrftoken=a; Secure", "cookies-anticsrf-without-samesite-flag"),
        ("theme=dark; SameSite=Lax", "cookies-without-secure-flag-but-protected-by-hsts"),
        ("theme=dark; Secure; SameSite=Sometimes", "cookies-samesite-flag-invalid"),
    ],
)
def test_cookies(cookie, result):
    assert grade(https(*SECURE, ("Set-Cookie", cookie))).results["cookies"] == result


def test_redirection_and_subresource_integrity():
    off_host = https(route=("http://example.org/", "https://www.example.org/"))
    assert grade(off_host).results["redirection"] == "redirection-off-host-from-http"
    foreign = https(body='<script src="https://cdn.other.net/a.js"></script>')
    assert grade(foreign).results["subresource-integrity"] == (
        "sri-not-implemented-but-external-scripts-loaded-securely"
    )
    pinned = https(body='<script src="/a.js" integrity="sha384-x"></script>')
    assert grade(pinned).results["subresource-integrity"] == (
        "sri-implemented-and-all-scripts-loaded-securely"
    )


@pytest.mark.parametrize(
    ("score", "letter"), [(135, "A+"), (100, "A+"), (99, "A"), (90, "A"), (89, "A-"), (24, "F")]
)
def test_grades(score, letter):
    assert grade_for(score) == letter
