"""The open data files are read in one snapshot of the database (opendata.files.one_snapshot),
outside the tests' transaction, as a web worker reads them: the SQLite branch begins a
transaction behind Django's back (docs/upstream.md)."""

from django.db import connection
from wagtail.models import Page

from opendata.files import one_snapshot


def in_transaction():
    if connection.vendor == "sqlite":
        return connection.connection.in_transaction
    return connection.connection.info.transaction_status != 0  # psycopg's IDLE


def test_a_file_is_read_in_one_snapshot_and_the_transaction_ends(django_db_blocker):
    with django_db_blocker.unblock():
        connection.ensure_connection()
        assert not connection.in_atomic_block and not in_transaction()
        with one_snapshot():
            assert Page.objects.exists()
            assert in_transaction()
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SHOW transaction_isolation")
                    assert cursor.fetchone() == ("repeatable read",)
        assert not in_transaction() and connection.get_autocommit()
