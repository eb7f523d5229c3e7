"""How an open data file reads the database (opendata.files.one_snapshot), outside the
tests' transaction, as a web worker reads it: one repeatable-read snapshot on PostgreSQL; on
SQLite no transaction held open, so that nothing the writing does can hold the database's
write lock against the editors (a publish meanwhile has the file written again instead:
test_data_files.py)."""

from django.db import connection
from wagtail.models import Page

from opendata.files import one_snapshot


def in_transaction():
    if connection.vendor == "sqlite":
        return connection.connection.in_transaction
    return connection.connection.info.transaction_status != 0  # psycopg's IDLE


def test_a_file_is_read_in_one_snapshot_on_postgresql_and_none_is_left_open(
    django_db_blocker,
):
    with django_db_blocker.unblock():
        connection.ensure_connection()
        assert not connection.in_atomic_block and not in_transaction()
        with one_snapshot():
            assert Page.objects.exists()
            if connection.vendor == "postgresql":
                assert in_transaction()
                with connection.cursor() as cursor:
                    cursor.execute("SHOW transaction_isolation")
                    assert cursor.fetchone() == ("repeatable read",)
            else:
                assert not in_transaction()
        assert not in_transaction() and connection.get_autocommit()
