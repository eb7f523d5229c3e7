"""The PostgreSQL backend that skips the health check on a connection that served a request
a moment ago (core/postgresql/base.py, docs/upstream.md). Each "request" below is what
``close_old_connections`` does around a request: ``close_if_unusable_or_obsolete`` at its
start and its end, on a connection of its own outside the test's transaction."""

from unittest import mock

import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from core.postgresql import base
from tests.upstream import assert_unchanged

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backend"),
]

# Django 5.2.19: what our backend overrides, and the flag it reads (set by ``connect``).
UPSTREAM = [
    (
        BaseDatabaseWrapper.close_if_health_check_failed,
        "b56aaf9d451673a62acfca615c525784ea9f7844c99fc7cbb9961abf6c1302d5",
        "core.postgresql.base.DatabaseWrapper.close_if_health_check_failed",
    ),
    (
        BaseDatabaseWrapper.close_if_unusable_or_obsolete,
        "d421b90872142e137dcfb4bc5e52aed023ec0889bd3c757092bbd6efbb99b435",
        "core.postgresql.base.DatabaseWrapper.close_if_unusable_or_obsolete",
    ),
    (
        BaseDatabaseWrapper.connect,
        "bd6ce9da2e12afe62807dc5eeca2591f242a7c951f2a108d846a3f0a21d5332a",
        "core.postgresql.base.DatabaseWrapper (health_check_done of a new connection)",
    ),
]


@pytest.mark.parametrize(("upstream", "expected", "ours"), UPSTREAM)
def test_upstream_is_unchanged(upstream, expected, ours):
    assert_unchanged(upstream, expected, ours)


def test_the_settings_name_this_backend():
    assert isinstance(connections[DEFAULT_DB_ALIAS], base.DatabaseWrapper)
    assert connection.settings_dict["CONN_HEALTH_CHECKS"]


@pytest.fixture
def kept():
    """A connection kept between requests, as a server's worker keeps it."""
    wrapper = connections.create_connection(DEFAULT_DB_ALIAS)
    yield wrapper
    wrapper.close()


def serve(wrapper):
    """One request that reads the database; the connection's server process id."""
    wrapper.close_if_unusable_or_obsolete()
    try:
        with wrapper.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            return cursor.fetchone()[0]
    finally:
        wrapper.close_if_unusable_or_obsolete()


def health_checks(wrapper):
    return mock.patch.object(wrapper, "is_usable", wraps=wrapper.is_usable)


def idle_for_a_while(wrapper):
    wrapper.usable_at -= base.RECENTLY_USABLE_SECONDS + 1


def terminate(pid):
    with connection.cursor() as cursor:
        # Waits until the server process has ended (PostgreSQL 14+).
        cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])


def test_a_connection_that_just_served_a_request_is_not_checked_again(kept):
    pid = serve(kept)
    with health_checks(kept) as is_usable:
        assert [serve(kept) for _ in range(5)] == [pid] * 5
    assert is_usable.call_count == 0


def test_after_an_idle_moment_the_connection_is_checked_as_django_does(kept):
    pid = serve(kept)
    idle_for_a_while(kept)
    with health_checks(kept) as is_usable:
        assert serve(kept) == pid
        assert is_usable.call_count == 1
        # Checked and used: the next request soon after is not checked again.
        serve(kept)
        assert is_usable.call_count == 1


def test_a_connection_the_server_closed_while_idle_is_replaced(kept):
    pid = serve(kept)
    terminate(pid)
    idle_for_a_while(kept)
    assert serve(kept) != pid


def test_one_closed_within_the_moment_fails_one_request_and_is_replaced_after_it(kept):
    """The trade-off (docs/upstream.md): without the check, as Django without health checks."""
    pid = serve(kept)
    terminate(pid)
    with pytest.raises(OperationalError):
        serve(kept)
    assert kept.connection is None
    assert serve(kept) != pid


def test_a_request_that_did_not_use_the_connection_does_not_vouch_for_it(kept):
    serve(kept)
    idle_for_a_while(kept)
    # A request that reads nothing (a static file, a page from this process's memory).
    kept.close_if_unusable_or_obsolete()
    kept.close_if_unusable_or_obsolete()
    with health_checks(kept) as is_usable:
        serve(kept)
    assert is_usable.call_count == 1
