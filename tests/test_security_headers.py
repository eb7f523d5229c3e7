"""The site's headers as the MDN HTTP Observatory grades them (tests/observatory.py), under
the security settings of production (read from site_cms.settings.production, as the
production process has them): https with HSTS, secure cookies, redirection from http.

Every response kind that other sites or readers reach scores A+ with at least 115 points
(public pages, a report's PDF, an embed card, the API and the open data files); the admin's
sign-in page at least an A (it runs under the public policy: only signed-in editors get the
admin's, with the inline scripts and styles Wagtail's editor needs).
"""

from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from stories.models import ReportPage, StoryPage
from tests.observatory import SCANNER_ORIGIN, Response, grade
from tests.test_production_settings import production_settings

pytestmark = pytest.mark.django_db

SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
    "ADMIN_CONTENT_SECURITY_POLICY",
    "PERMISSIONS_POLICY",
    "CROSS_ORIGIN_RESOURCE_POLICY",
]
REDIRECTS = {301, 302, 303, 307, 308}


@pytest.fixture(scope="module")
def production_security():
    values = production_settings(names=SECURITY_SETTINGS)
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def like_production(settings, production_security):
    for name, value in production_security.items():
        setattr(settings, name, value)
    return settings


def get(client, url, method="get", **headers):
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    # The proxy in front says which scheme the reader used (SECURE_PROXY_SSL_HEADER).
    return getattr(client, method)(
        path, secure=parts.scheme == "https", HTTP_X_FORWARDED_PROTO=parts.scheme, **headers
    )


def follow(url):
    """The addresses and responses from ``url`` to the last redirect's target, as the
    scanner's own session (a fresh client: no cookie of another scan)."""
    client = Client()
    route, responses = [url], [get(client, url)]
    while responses[-1].status_code in REDIRECTS and len(route) < 10:
        route.append(urljoin(route[-1], responses[-1]["Location"]))
        responses.append(get(client, route[-1]))
    return route, responses


def headers_of(responses):
    """Every header of the final response; the cookies of the whole session."""
    headers = list(responses[-1].items())
    for response in responses:
        headers += [("Set-Cookie", cookie.OutputString()) for cookie in response.cookies.values()]
    return headers


def body_of(response):
    if not response.get("Content-Type", "").startswith("text/html"):
        return ""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def scan(path):
    """What the Observatory sees of ``path`` on https://testserver."""
    http_route, _ = follow(f"http://testserver{path}")
    route, responses = follow(f"https://testserver{path}")
    final = responses[-1]
    assert final.status_code == 200, (route, final.status_code)
    preflight = get(
        Client(),
        route[-1],
        method="options",
        HTTP_ORIGIN=SCANNER_ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    seen = Response(
        url=route[-1],
        headers=headers_of(responses),
        body=body_of(final),
        http_route=http_route,
        cors_headers=list(preflight.items()),
    )
    return seen, grade(seen)


def story():
    return StoryPage.objects.live().filter(locale__language_code="it").first()


def report_with_pdf():
    return (
        ReportPage.objects.live()
        .filter(locale__language_code="it", full_report__isnull=False)
        .exclude(permanent_code="")
        .first()
    )


def public_addresses():
    with translation.override("it"):
        embed = reverse("embed_story", kwargs={"page_id": story().pk})
    return {
        "home": "/it/",
        "story": story().url,
        "report PDF": reverse("permalinks:report", args=[report_with_pdf().permanent_code]),
        "embed card": embed,
        "API": "/api/v2/pages/",
        "data JSON": "/data/stories.json",
        "data CSV": "/data/stories.csv",
    }


def test_public_responses_score_a_plus_with_the_bonus(like_production):
    for name, path in public_addresses().items():
        _, result = scan(path)
        assert result.score >= 115 and result.grade == "A+", (name, result.modifiers())


def test_the_admin_sign_in_page_scores_at_least_an_a(like_production):
    seen, result = scan(reverse("wagtailadmin_login"))
    assert result.score >= 90, result.modifiers()
    assert result.results["content-security-policy"] == "csp-implemented-with-no-unsafe"
    # The CSRF cookie of the form is Secure and SameSite.
    assert result.results["cookies"] == "cookies-secure-with-httponly-sessions-and-samesite"


def test_each_response_says_who_may_load_it(like_production):
    addresses = public_addresses()
    for name in ("home", "story"):
        seen, _ = scan(addresses[name])
        assert seen.first("Cross-Origin-Resource-Policy") == "same-origin", name
        assert "frame-ancestors 'self'" in seen.first("Content-Security-Policy"), name
        assert seen.first("X-Frame-Options") == "DENY", name
    for name in ("report PDF", "embed card", "API", "data JSON", "data CSV"):
        seen, _ = scan(addresses[name])
        assert seen.first("Cross-Origin-Resource-Policy") == "cross-origin", name
    # Any site may frame an embed card, and no X-Frame-Options says otherwise.
    embed, _ = scan(addresses["embed card"])
    assert embed.first("Content-Security-Policy").endswith("frame-ancestors *")
    assert embed.first("X-Frame-Options") is None
    for name in ("API", "data JSON"):
        seen, _ = scan(addresses[name])
        assert seen.first("Access-Control-Allow-Origin") == "*", name
    admin, _ = scan(reverse("wagtailadmin_login"))
    assert admin.first("Cross-Origin-Resource-Policy") == "same-origin"


def test_every_response_carries_hsts_and_the_browser_policies(like_production):
    for path in [*public_addresses().values(), reverse("wagtailadmin_login")]:
        seen, _ = scan(path)
        assert seen.first("Strict-Transport-Security") == "max-age=31536000", path
        assert seen.first("Cross-Origin-Opener-Policy") == "same-origin", path
        assert seen.first("Referrer-Policy") == "same-origin", path
        assert seen.first("X-Content-Type-Options") == "nosniff", path
        assert "camera=()" in seen.first("Permissions-Policy"), path
        assert "geolocation=()" in seen.first("Permissions-Policy"), path


def test_http_is_redirected_to_https_on_the_same_host(like_production):
    route, responses = follow("http://testserver/it/")
    assert responses[0].status_code == 301
    assert route[1] == "https://testserver/it/"


def test_signed_in_editors_get_the_policy_wagtails_editor_needs(like_production, admin_user):
    """Wagtail 8's widgets start with inline scripts: the admin's policy allows them, which
    costs its pages 20 points and every bonus (B+), only once signed in."""
    client = Client()
    client.force_login(admin_user)
    response = get(client, "https://testserver/admin/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == like_production.ADMIN_CONTENT_SECURITY_POLICY
    seen = Response(
        url="https://testserver/admin/",
        headers=headers_of([response]),
        body=body_of(response),
        http_route=["http://testserver/admin/", "https://testserver/admin/"],
    )
    result = grade(seen)
    assert result.results["content-security-policy"] == "csp-implemented-with-unsafe-inline"
    assert (result.score, result.grade) == (80, "B+"), result.modifiers()
