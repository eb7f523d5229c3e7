"""The site across several app servers, with real processes, built from the files in deploy/.

scripts/topology.py starts two gunicorn app servers (deploy/gunicorn.conf.py, production
settings) on two ports, sharing a fresh PostgreSQL database, a private Redis and an S3
server, behind Varnish running deploy/varnish/default.vcl. The S3 server is moto's server
mode: no S3-compatible server ships in Debian or PyPI here, and moto speaks the S3 protocol;
the site is configured for it as for real S3 or MinIO, only the endpoint differs.

It needs PostgreSQL, varnishd, redis-server and moto, so it runs in the PostgreSQL pass of
.ci/run (DATABASE_URL=postgres://...) and is skipped on SQLite. A missing piece fails the
test under CI=true and skips it otherwise, with the reason.

The scenarios run in this order on one topology; what each showed is printed (pytest -s) and
written as JSON to the file named by TOPOLOGY_SUMMARY, when set.
"""

import html
import http.client
import io
import json
import os
import re
import secrets
import time
import uuid
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.db import connections
from PIL import Image
from reportlab.pdfgen import canvas
from wagtail.test.utils.form_data import querydict_from_html

from scripts.topology import ADMIN_USERNAME, BUCKET, Topology, missing_pieces

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
pytestmark = [
    pytest.mark.skipif(
        not ON_POSTGRES, reason="the topology test runs in the PostgreSQL pass (DATABASE_URL)"
    ),
    # The suite's test database (with the demo) is the topology's seed: it must be built.
    pytest.mark.django_db,
]
SUMMARY = {}


class Browser:
    """A client with its own cookies, talking to any of the topology's ports."""

    def __init__(self, topology, headers=None):
        self.topology = topology
        self.cookies = {}
        self.headers = headers or {}

    def request(self, server, method, path, body=None, headers=None, timeout=30):
        all_headers = {**self.headers, **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if server in self.topology.ports:
            host, port = "127.0.0.1", self.topology.ports[server]
        else:  # an address elsewhere, such as the S3 server's "127.0.0.1:port"
            host, port = server.rsplit(":", 1)
        connection = http.client.HTTPConnection(host, int(port), timeout=timeout)
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        response.content = content
        response.text = content.decode("utf-8", errors="replace")
        response.elapsed = time.monotonic() - started
        return response

    def get(self, server, path, **kwargs):
        return self.request(server, "GET", path, **kwargs)

    def post(self, server, path, data, files=None, headers=None):
        if files:
            body, content_type = multipart(data, files)
        else:
            body, content_type = urlencode(data, doseq=True), "application/x-www-form-urlencoded"
        return self.request(
            server,
            "POST",
            path,
            body=body,
            headers={"Content-Type": content_type, **(headers or {})},
        )


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    lines = []
    for name, value in fields.items():
        header = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        lines.append(f"{header}{value}\r\n".encode())
    for name, (filename, content, content_type) in files.items():
        lines.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    lines.append(f"--{boundary}--\r\n".encode())
    return b"".join(lines), f"multipart/form-data; boundary={boundary}"


def csrf_token(page_html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_html).group(1)


def first_collection(page_html):
    """The first collection offered by an upload form, when it offers a choice."""
    select = re.search(r'<select name="collection".*?</select>', page_html, re.S)
    if not select:
        return {}
    return {"collection": re.search(r'<option value="(\d+)"', select.group(0)).group(1)}


def record(scenario, **facts):
    SUMMARY[scenario] = facts
    print(f"\n[topology] {scenario}: {json.dumps(facts)}")


@pytest.fixture(scope="module")
def topology(django_db_setup, django_db_blocker):
    missing = missing_pieces()
    if missing:
        message = "the topology cannot be built here: " + "; ".join(missing)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    started = time.monotonic()
    # The suite's PostgreSQL test database already holds the demo (conftest.py; every
    # test rolls back), so the topology starts from a copy of it rather than building its own.
    connections.close_all()
    seed = {
        "database": settings.DATABASES["default"]["NAME"],
        "media": settings.MEDIA_ROOT,
        "private_media": settings.PRIVATE_MEDIA_ROOT,
    }
    # One gunicorn worker per app server: two servers are what the scenarios need, and the
    # machine running the tests has two cores.
    topology = Topology(
        log=lambda line: print(f"\n[topology] {line}"), web_concurrency=1, seed=seed
    )
    with topology as built:
        SUMMARY["setup"] = dict(built.timings)
        try:
            yield built
        finally:
            SUMMARY["total_seconds"] = round(time.monotonic() - started, 1)
            print(f"\n[topology] summary: {json.dumps(SUMMARY)}")
            if os.environ.get("TOPOLOGY_SUMMARY"):
                Path(os.environ["TOPOLOGY_SUMMARY"]).write_text(json.dumps(SUMMARY, indent=2))
            for name in ("a", "b", "varnish", "worker"):
                if name in built.processes:
                    errors = built.process_log(name)
                    if "Traceback" in errors:
                        print(f"\n[topology] {name}'s log ends with:\n{errors}")


@pytest.fixture(scope="module")
def admin(topology):
    """An editor's browser, logged in through app server A's login form."""
    browser = Browser(topology)
    login = browser.get("a", "/admin/login/")
    assert login.status == 200
    response = browser.post(
        "a",
        "/admin/login/",
        {
            "csrfmiddlewaretoken": csrf_token(login.text),
            "username": ADMIN_USERNAME,
            "password": topology.admin_password,
            "next": "/admin/",
        },
    )
    assert response.status == 302, response.text[:2000]
    assert "sessionid" in browser.cookies
    return browser


def test_admin_session_opened_on_a_works_on_b(topology, admin):
    dashboard = admin.get("b", "/admin/")
    anonymous = Browser(topology).get("b", "/admin/")
    assert dashboard.status == 200
    assert ADMIN_USERNAME in dashboard.text or "wagtail-dashboard" in dashboard.text
    assert anonymous.status == 302 and "/admin/login/" in anonymous.headers["Location"]
    record(
        "admin session",
        login_on="a",
        dashboard_on_b=dashboard.status,
        without_cookie_on_b=anonymous.status,
    )


def test_publish_through_a_is_purged_from_the_proxy_and_seen_on_b(topology, admin):
    story = topology.content["story"]
    reader = Browser(topology)
    first = reader.get("varnish", story["it"])
    time.sleep(1.1)
    cached = reader.get("varnish", story["it"])
    assert first.status == cached.status == 200
    assert int(cached.headers["Age"]) >= 1, "the story was not kept by Varnish"
    assert story["title"] in html.unescape(cached.text)

    edit_path = f"/admin/pages/{story['id']}/edit/"
    editor = admin.get("a", edit_path)
    assert editor.status == 200
    form = querydict_from_html(editor.text, form_id="page-edit-form")
    data = {key: [value.removeprefix("\n") for value in values] for key, values in form.lists()}
    data |= json.loads(topology.run_helper("stream-data", str(story["id"])))
    # The token is rendered outside the form element's inputs that the parser reads.
    data["csrfmiddlewaretoken"] = csrf_token(editor.text)
    new_title = f"{story['title']} ({secrets.token_hex(3)})"
    data["title"] = new_title
    data["action-publish"] = "action-publish"
    published = admin.post("a", edit_path, data)
    published_at = time.monotonic()
    assert published.status == 302, (
        re.findall(r'class="error-message">(.*?)<', published.text) or published.text[:3000]
    )

    through_proxy = reader.get("varnish", story["it"])
    seen_after = time.monotonic() - published_at
    on_b = reader.get("b", story["it"])
    assert through_proxy.status == on_b.status == 200
    assert new_title in html.unescape(through_proxy.text), "Varnish still serves the old title"
    assert new_title in html.unescape(on_b.text)
    record(
        "publish",
        age_before_publish=int(cached.headers["Age"]),
        publish_on="a",
        proxy_status_after=through_proxy.status,
        proxy_age_after=int(through_proxy.headers.get("Age", "0")),
        new_title_through_proxy_after_seconds=round(seen_after, 3),
        new_title_on_b=True,
    )


def test_image_uploaded_on_a_and_its_renditions_are_served_by_b(topology, admin):
    picture = Image.new("RGB", (1200, 800), tuple(secrets.token_bytes(3)))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    name = f"topology-{secrets.token_hex(4)}.png"

    form = admin.get("a", "/admin/images/multiple/add/")
    upload = admin.post(
        "a",
        "/admin/images/multiple/add/",
        {"csrfmiddlewaretoken": csrf_token(form.text), **first_collection(form.text)},
        files={"files[]": (name, buffer.getvalue(), "image/png")},
    )
    assert upload.status == 200
    result = json.loads(upload.text)
    assert result["success"], result
    image_id = result["image_id"]

    # B's editor renders the max-800x600 rendition: made by B from the original on S3.
    edit_on_b = admin.get("b", f"/admin/images/{image_id}/")
    assert edit_on_b.status == 200
    rendition_url = html.unescape(
        re.search(r'<img[^>]*\ssrc="([^"]+)"[^>]*data-original-width', edit_on_b.text).group(1)
    )
    edit_on_a = admin.get("a", f"/admin/images/{image_id}/")
    assert rendition_url in html.unescape(edit_on_a.text), "A does not find B's rendition"

    # An S3 address (with its signature, when the bucket is private), or one of the site's.
    parts = urlsplit(rendition_url)
    target = f"{parts.path}?{parts.query}" if parts.query else parts.path
    served = Browser(topology).get(parts.netloc or "b", target)
    assert served.status == 200
    assert Image.open(io.BytesIO(served.content)).size == (800, 533)

    s3 = topology.s3_client()
    keys = [
        item["Key"]
        for item in s3.list_objects_v2(Bucket=BUCKET, Prefix="")["Contents"]
        if name.removesuffix(".png") in item["Key"]
    ]
    original_keys = [key for key in keys if key.startswith("original_images/")]
    rendition_keys = [key for key in keys if key.startswith("images/")]
    assert original_keys and rendition_keys, f"not on S3: {keys}"
    stored = s3.get_object(Bucket=BUCKET, Key=rendition_keys[0])["Body"].read()
    assert stored == served.content, "the rendition served is not the one on S3"
    record(
        "image",
        upload_on="a",
        image_id=image_id,
        rendition_made_on="b",
        rendition_url=rendition_url,
        rendition_status=served.status,
        rendition_bytes=len(served.content),
        s3_keys=keys,
    )


def test_document_uploaded_on_a_downloads_from_b_with_headers_and_ranges(topology, admin):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for line in range(40):
        pdf.drawString(72, 800 - line * 18, f"Topology test {secrets.token_hex(20)}")
    pdf.save()
    content = buffer.getvalue()
    name = f"topology-{secrets.token_hex(4)}.pdf"

    form = admin.get("a", "/admin/documents/multiple/add/")
    upload = admin.post(
        "a",
        "/admin/documents/multiple/add/",
        {"csrfmiddlewaretoken": csrf_token(form.text), **first_collection(form.text)},
        files={"files[]": (name, content, "application/pdf")},
    )
    assert upload.status == 200
    result = json.loads(upload.text)
    assert result["success"], result
    document_id = result["doc_id"]

    edit_on_b = admin.get("b", f"/admin/documents/edit/{document_id}/")
    assert edit_on_b.status == 200
    url = html.unescape(
        re.search(rf'href="(/documents/{document_id}/[^"]+)"', edit_on_b.text).group(1)
    )
    whole = admin.get("b", url)
    assert whole.status == 200
    assert whole.content == content
    assert whole.headers["Content-Type"] == "application/pdf"
    assert whole.headers["Content-Disposition"].startswith("inline")
    assert ".pdf" in whole.headers["Content-Disposition"]
    assert whole.headers["ETag"] and whole.headers["Last-Modified"]
    assert int(whole.headers["Content-Length"]) == len(content)

    piece = admin.get("b", url, headers={"Range": "bytes=100-299"})
    assert piece.status == 206
    assert piece.headers["Content-Range"] == f"bytes 100-299/{len(content)}"
    assert piece.content == content[100:300]

    s3 = topology.s3_client()
    keys = [
        item["Key"]
        for item in s3.list_objects_v2(Bucket=BUCKET, Prefix="documents/").get("Contents", [])
        if name.removesuffix(".pdf") in item["Key"]
    ]
    assert keys, "the document is not on S3"
    assert s3.get_object(Bucket=BUCKET, Key=keys[0])["Body"].read() == content
    record(
        "document",
        upload_on="a",
        download_on="b",
        status=whole.status,
        bytes=len(content),
        content_type=whole.headers["Content-Type"],
        content_disposition=whole.headers["Content-Disposition"],
        etag=whole.headers["ETag"],
        last_modified=whole.headers["Last-Modified"],
        range_status=piece.status,
        content_range=piece.headers["Content-Range"],
        s3_key=keys[0],
    )


def test_proposal_rate_limit_counts_across_both_servers(topology):
    # Varnish appends the reader's address to X-Forwarded-For (TRUSTED_PROXY_COUNT=1).
    address = f"203.0.113.{secrets.randbelow(250) + 1}"
    reader = Browser(topology, headers={"X-Forwarded-For": address})
    path = topology.content["proposal"]
    form = reader.get("a", path)
    assert form.status == 200
    proposal = {
        "csrfmiddlewaretoken": csrf_token(form.text),
        "name": "Topology Test",
        "organisation": "Rete di prova",
        "email": "topology@example.org",
        "territory": "Cremona",
        "programme": "other",
        "summary": "Un progetto di prova per la topologia del sito. " * 4,
        "website": "",
    }
    statuses = []
    for index in range(7):
        server = "ab"[index % 2]
        response = reader.post(server, path, proposal)
        statuses.append((server, response.status))
    assert statuses[:5] == [("a", 302), ("b", 302), ("a", 302), ("b", 302), ("a", 302)]
    assert statuses[5:] == [("b", 429), ("a", 429)]
    record("rate limit", address=address, posts=[f"{s}:{code}" for s, code in statuses])


def test_proxy_keeps_answering_with_b_stopped(topology):
    topology.stop("b")
    try:
        reader = Browser(topology)
        statuses = {}
        # Pages not asked for yet, so Varnish has to fetch them from a backend.
        for index, path in enumerate(topology.content["pages"][:30]):
            response = reader.get("varnish", f"{path}?b-stopped={index}")
            statuses[response.status] = statuses.get(response.status, 0) + 1
        assert statuses == {200: 30}, statuses
    finally:
        topology.start("b")
        topology.wait_until_serving("b")
    record("B stopped", requests_through_varnish=30, statuses=statuses)


def test_both_servers_keep_answering_with_redis_stopped(topology, admin):
    topology.stop("redis")
    story = topology.content["story"]["it"]
    statuses = {}
    slowest = 0.0
    reader = Browser(topology)
    for server in ("a", "b"):
        for path in [
            story,
            "/it/",
            "/en/",
            topology.content["proposal"],
            *topology.content["pages"][:6],
        ]:
            response = reader.get(server, path)
            statuses[f"{server} {response.status}"] = (
                statuses.get(f"{server} {response.status}", 0) + 1
            )
            slowest = max(slowest, response.elapsed)
        dashboard = admin.get(server, "/admin/")
        statuses[f"{server} admin {dashboard.status}"] = 1
        # Varnish's probe asks /healthz/serving/, which must stay 200 without Redis (else
        # both servers would leave the pool); /healthz/ names the missing cache.
        statuses[f"{server} probe {reader.get(server, '/healthz/serving/').status}"] = 1
        assert reader.get(server, "/healthz/").status == 503
    assert all(key.split()[-1] == "200" for key in statuses), statuses
    record("Redis stopped", statuses=statuses, slowest_seconds=round(slowest, 3))
