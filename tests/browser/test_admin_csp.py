"""The Wagtail admin under its Content-Security-Policy (site_cms/settings/base.py), in
Chromium: the sign-in page under the public policy, then, signed in, the dashboard, a
story's editor with its image chooser, the explorer, an image's page (focal point), the
upload of images, a translation's editor and the sign-in lockouts, with no console error
and no violation. The demo server runs the production settings, so each page carries the
policy a reader's browser gets."""

import pytest
from django.conf import settings

from tests.test_varnish import run_in_app

USERNAME = "capo.redattrice"
PASSWORD = "una-password-lunga-4711"  # noqa: S105 (a throwaway demo database)


@pytest.fixture(scope="module")
def admin_ids(demo_site):
    """A superuser in the demo server's database; the ids of a story with a hero image,
    its English translation and that image."""
    code = (
        "from django.contrib.auth import get_user_model\n"
        "from stories.models import StoryPage\n"
        f"get_user_model().objects.create_superuser({USERNAME!r}, 'capo@example.org', "
        f"{PASSWORD!r})\n"
        "story = StoryPage.objects.live().filter(locale__language_code='it')"
        ".exclude(hero_image=None).first()\n"
        "english = story.get_translations().get(locale__language_code='en')\n"
        "print(story.pk, english.pk, story.hero_image_id)\n"
    )
    story, english, image = run_in_app(demo_site, code).split()[-3:]
    return {"story": story, "english": english, "image": image}


def visit(page, problems, url, policy):
    response = page.goto(url, wait_until="networkidle")
    assert response.status == 200, url
    assert response.header_value("content-security-policy") == policy, url
    assert not problems.messages, f"Problems on {url}:\n" + "\n".join(problems.messages)


def test_the_admin_works_under_its_policy(demo_site, open_page, admin_ids):
    page, problems = open_page(1280)
    visit(page, problems, demo_site.url("/admin/login/"), settings.CONTENT_SECURITY_POLICY)
    page.fill("#id_username", USERNAME)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(demo_site.url("/admin/"))

    admin_policy = settings.ADMIN_CONTENT_SECURITY_POLICY
    for path in (
        "/admin/",
        "/admin/pages/",
        f"/admin/images/{admin_ids['image']}/",
        "/admin/images/multiple/add/",
        f"/admin/pages/{admin_ids['english']}/edit/",
        "/admin/sign_in_lockouts/",
    ):
        visit(page, problems, demo_site.url(path), admin_policy)

    visit(page, problems, demo_site.url(f"/admin/pages/{admin_ids['story']}/edit/"), admin_policy)
    # The image chooser: a modal whose scripts and listing come from the server.
    page.click("#id_hero_image-chooser .w-dropdown__toggle")
    page.click("#id_hero_image-chooser .chosen [data-chooser-action-choose]")
    page.wait_for_selector(".modal-content [data-chooser-modal-choice], .modal-content .listing")
    page.wait_for_load_state("networkidle")
    assert not problems.messages, "Problems in the image chooser:\n" + "\n".join(problems.messages)
