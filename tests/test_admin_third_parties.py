"""The admin asks nothing of third parties: no avatars from gravatar.com (they would send a
hash of each editor's e-mail) and no release check against releases.wagtail.io."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.users.models import UserProfile

from stories.models import StoryPage

pytestmark = pytest.mark.django_db

THIRD_PARTIES = ("gravatar.com", "releases.wagtail.io")


@pytest.fixture(params=["it", "en"])
def superuser(request, client, django_user_model, user_in_group):
    user = django_user_model.objects.create_superuser(
        "capo.redattrice", email="capo.redattrice@example.org", password="pw"
    )
    UserProfile.objects.create(user=user, preferred_language=request.param)
    # Another editor with an e-mail address, listed among the users and in the history.
    user_in_group("Editors", username="redattore", email="redattore@example.org")
    client.force_login(user)
    return user


def admin_urls():
    story = StoryPage.objects.filter(locale__language_code="it").first()
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_account"),
        reverse("wagtailusers_users:index"),
        reverse("wagtailadmin_explore", args=(story.get_parent().pk,)),
        reverse("wagtailadmin_pages:edit", args=(story.pk,)),
        reverse("wagtailadmin_pages:history", args=(story.pk,)),
        reverse("wagtailadmin_explore", args=(Page.get_first_root_node().pk,)),
    ]


def test_admin_pages_name_no_third_party(client, superuser):
    for url in admin_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for host in THIRD_PARTIES:
            assert host not in html, (url, host)
    # The release check is a Stimulus controller on the dashboard; it is not rendered.
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-controller="w-upgrade' not in dashboard
    # Avatars are Wagtail's own default image instead.
    assert "wagtailadmin/images/default-user-avatar" in dashboard
