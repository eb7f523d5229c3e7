"""Password guessing on the admin's sign-in: django-axes locks the account and the address
after LOGIN_FAILURE_LIMIT failures (site_cms/settings/base.py), shows the admin's lockout
page (core/lockout.py), and a superuser lifts the lock in the admin (core/lockout_admin.py).

The test settings turn axes off for Client.login(); these tests turn it on.
"""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

pytestmark = pytest.mark.django_db

PASSWORD = "the-right-password-4711"
ATTACKER = "198.51.100.23"
ELSEWHERE = "203.0.113.50"
PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def lockout_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    return settings


def account(user_in_group, username):
    user = user_in_group("Editors", username=username)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def editor_account(user_in_group):
    return account(user_in_group, "redattrice")


@pytest.fixture
def other_account(user_in_group):
    return account(user_in_group, "altra.redattrice")


def sign_in(client, username, password, address=ATTACKER, **headers):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def signed_in(client):
    return client.get(reverse("wagtailadmin_home")).status_code == 200


def italian(message):
    with translation.override("it"):
        return gettext(message)


def assert_locked_out(response):
    assert response.status_code == 429
    assert "core/login_locked_out.html" in [template.name for template in response.templates]
    assert italian("Sign-in blocked") in response.content.decode()
    assert response["Retry-After"] == str(15 * 60)
    assert "no-store" in response["Cache-Control"]


def guess(client, username, times, address=ATTACKER, **headers):
    """Wrong passwords; the status of each answer (200: the form again, with its error)."""
    return [
        sign_in(client, username, f"wrong-{number}", address, **headers).status_code
        for number in range(times)
    ]


def test_after_five_wrong_passwords_even_the_right_one_is_refused(client, editor_account):
    # The fifth failure is the one that locks: its answer is already the lockout page.
    assert guess(client, "redattrice", 5) == [200, 200, 200, 200, 429]
    response = sign_in(client, "redattrice", PASSWORD)
    assert_locked_out(response)
    assert not signed_in(client)


def test_fewer_failures_than_the_limit_still_let_the_editor_in(client, editor_account):
    assert guess(client, "redattrice", 4) == [200] * 4
    response = sign_in(client, "redattrice", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_the_address_is_locked_for_every_account_and_the_account_from_every_address(
    editor_account, other_account
):
    guess(Client(), "redattrice", 5)
    # Another account, right password, from the attacker's address: the address rule.
    assert_locked_out(sign_in(Client(), "altra.redattrice", PASSWORD, ATTACKER))
    # The guessed account, right password, from anywhere else: the account rule.
    assert_locked_out(sign_in(Client(), "redattrice", PASSWORD, ELSEWHERE))
    # Neither rule: another account from another address.
    other = Client()
    assert sign_in(other, "altra.redattrice", PASSWORD, ELSEWHERE).status_code == 302
    assert signed_in(other)


def test_behind_a_proxy_the_reader_address_is_the_one_locked(
    settings, editor_account, other_account
):
    """Every reader reaches the app from the proxy's address: locking REMOTE_ADDR would lock
    everyone out. axes reads the address the trusted proxy saw (core.addresses)."""
    settings.TRUSTED_PROXY_COUNT = 1
    guess(Client(), "redattrice", 5, PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert AccessAttempt.objects.get().ip_address == ATTACKER
    colleague = Client()
    response = sign_in(
        colleague, "altra.redattrice", PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=ELSEWHERE
    )
    assert response.status_code == 302
    # A made-up entry on the left of the header changes nothing for the attacker.
    forged = f"{ELSEWHERE}, {ATTACKER}"
    assert_locked_out(
        sign_in(Client(), "altra.redattrice", PASSWORD, PROXY, HTTP_X_FORWARDED_FOR=forged)
    )


def test_the_lockout_is_shared_by_every_process(editor_account):
    """The failures are rows in the database (axes' database handler): a process that saw
    none of them refuses the sign-in all the same. A second client with its own session,
    from another address, stands for another process or machine."""
    guess(Client(), "redattrice", 5)
    attempt = AccessAttempt.objects.get(username="redattrice")
    assert (attempt.ip_address, attempt.failures_since_start) == (ATTACKER, 5)
    assert_locked_out(sign_in(Client(), "redattrice", PASSWORD, ELSEWHERE))


def test_a_superuser_unlocks_in_the_admin_and_the_editor_signs_in(
    client, admin_user, editor_account
):
    guess(Client(), "redattrice", 5)
    attempt = AccessAttempt.objects.get()

    client.force_login(admin_user)
    listing = client.get(reverse("sign_in_lockouts:index"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "redattrice" in html
    assert ATTACKER in html
    unlock_url = reverse("sign_in_lockouts:delete", args=[attempt.pk])
    assert unlock_url in html
    assert reverse("sign_in_lockouts:add") not in html

    confirm = client.get(unlock_url)
    assert confirm.status_code == 200
    assert client.post(unlock_url).status_code == 302
    assert not AccessAttempt.objects.exists()

    editor_client = Client()
    assert sign_in(editor_client, "redattrice", PASSWORD).status_code == 302
    assert signed_in(editor_client)


def test_unlocking_forgets_the_failures_of_the_account_and_of_the_address(
    client, admin_user, editor_account
):
    guess(Client(), "redattrice", 3, ATTACKER)
    guess(Client(), "redattrice", 2, ELSEWHERE)
    guess(Client(), "nessuno", 1, ATTACKER)
    guess(Client(), "nessuno", 1, "192.0.2.1")
    client.force_login(admin_user)
    first = AccessAttempt.objects.get(username="redattrice", ip_address=ATTACKER)
    client.post(reverse("sign_in_lockouts:delete", args=[first.pk]))
    left = AccessAttempt.objects.values_list("username", "ip_address")
    assert list(left) == [("nessuno", "192.0.2.1")]


def test_only_superusers_see_the_lockouts(client, editor_account, user_in_group):
    guess(Client(), "redattrice", 5)
    attempt = AccessAttempt.objects.get()
    moderator = user_in_group("Moderators", username="moderatrice")
    client.force_login(moderator)
    for url in (
        reverse("sign_in_lockouts:index"),
        reverse("sign_in_lockouts:delete", args=[attempt.pk]),
        reverse("sign_in_lockouts:edit", args=[attempt.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url  # Wagtail's "no permission" redirect
    assert client.post(reverse("sign_in_lockouts:delete", args=[attempt.pk])).status_code == 302
    assert AccessAttempt.objects.exists()


def test_the_test_clients_login_works_with_the_lockout_off(client, settings, editor_account):
    """Client.login() authenticates without a request, which axes refuses; the test settings
    turn axes off so that the many tests that sign in this way keep working."""
    settings.AXES_ENABLED = False
    assert client.login(username="redattrice", password=PASSWORD)
