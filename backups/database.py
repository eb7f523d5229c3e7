"""The database's part of a backup: a copy of it at one moment, and putting that copy back.

SQLite: the online backup API (``sqlite3.Connection.backup``) in a single step, which reads
the whole file in one read transaction: a consistent copy while the site goes on writing
(WAL mode lets it). PostgreSQL: ``pg_dump`` in its custom format, restored by ``pg_restore``
through ``psql`` in one transaction. pg_dump is the only tool that copies a PostgreSQL
database faithfully (types, sequences, indexes, constraints, timestamps to the microsecond
with their time zone); a dump of our own through Django (``dumpdata``) loses sub-second
precision and most of the schema, so the client tools are required (postgresql-client, of the
server's major version or newer) rather than imitated.

The counts of rows and the applied migrations written in the manifest are read from the very
copy that is archived: from the SQLite copy itself, and for PostgreSQL inside the
transaction whose snapshot pg_dump is given (``--snapshot``).
"""

import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connections
from django.db.backends.postgresql.client import DatabaseClient
from django.utils.translation import gettext as _

SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
MEMBERS = {"sqlite": SQLITE_MEMBER, "postgresql": POSTGRES_MEMBER}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}

# Empties the current schema before the dump is replayed, in the same transaction: a restore
# with --force leaves no table behind that the backup did not have (a later migration's).
CLEAR_SCHEMA_SQL = """
DO $$
DECLARE item record;
BEGIN
    FOR item IN
        SELECT c.relname, c.relkind FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
        -- Tables first: an identity column's sequence goes with its table, never alone.
        ORDER BY c.relkind NOT IN ('r', 'p')
    LOOP
        EXECUTE format(
            'DROP %s IF EXISTS %I.%I CASCADE',
            CASE item.relkind
                WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
            current_schema(),
            item.relname
        );
    END LOOP;
END $$;
"""


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the command line."""


@dataclass
class Snapshot:
    """The database copied into ``path``, with what the manifest says about it."""

    vendor: str
    path: object
    counts: dict
    migrations: list
    details: dict = field(default_factory=dict)


def table_counts(cursor, tables, quote_name):
    """Rows of each model's table, by model label (``wagtailcore.page``): every installed
    app's models, the many-to-many tables included, read through django.apps."""
    counts = {}
    seen = set()
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table in seen or meta.db_table not in tables:
            continue
        seen.add(meta.db_table)
        cursor.execute(f"SELECT COUNT(*) FROM {quote_name(meta.db_table)}")
        counts[meta.label_lower] = cursor.fetchone()[0]
    return dict(sorted(counts.items()))


def applied_migrations(cursor, tables):
    if "django_migrations" not in tables:
        return []
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [[app, name] for app, name in cursor.fetchall()]


def snapshot_database(alias, folder):
    """Copy the database ``alias`` into ``folder`` through a connection of its own, so that
    the copy holds what is committed, whatever the caller's transaction."""
    wrapper = connections.create_connection(alias)
    try:
        if wrapper.vendor == "sqlite":
            return _sqlite_snapshot(wrapper, folder)
        if wrapper.vendor == "postgresql":
            return _postgres_snapshot(wrapper, folder)
        raise BackupError(
            _("Cannot back up a %(vendor)s database: only SQLite and PostgreSQL are supported.")
            % {"vendor": wrapper.vendor}
        )
    finally:
        wrapper.close()


def _sqlite_snapshot(wrapper, folder):
    path = folder / SQLITE_MEMBER
    wrapper.ensure_connection()
    target = sqlite3.connect(path)
    try:
        # pages=-1 (the default): the whole database in one step, one read transaction.
        wrapper.connection.backup(target)
        # A copy that is one file, without a -wal beside it.
        target.execute("PRAGMA journal_mode=DELETE")
        cursor = target.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {row[0] for row in cursor.fetchall()}
        counts = table_counts(cursor, tables, wrapper.ops.quote_name)
        migrations = applied_migrations(cursor, tables)
    finally:
        target.close()
    return Snapshot("sqlite", path, counts, migrations, {"sqlite_version": sqlite3.sqlite_version})


def tool_version(program):
    """``(major, "pg_dump (PostgreSQL) 15.20 ...")`` of a PostgreSQL client program."""
    if shutil.which(program) is None:
        raise BackupError(
            _(
                "%(program)s was not found: install the PostgreSQL client programs "
                "(Debian: postgresql-client), of the server's major version or newer."
            )
            % {"program": program}
        )
    output = subprocess.run(
        [program, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    found = re.search(r"(\d+)(?:\.\d+)?", output)
    if not found:
        raise BackupError(
            _("Cannot read the version of %(program)s: %(output)r")
            % {"program": program, "output": output}
        )
    return int(found.group(1)), output


def client_command(program, settings_dict, parameters):
    """Arguments and environment to run a PostgreSQL client program on the database of
    ``settings_dict``: Django's own (``dbshell``) connection options, host, port, user,
    password (in the environment, never on the command line), service and TLS files."""
    args, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, parameters)
    return [program, *args[1:]], {**os.environ, **(env or {})}


def run_client(program, settings_dict, parameters):
    args, env = client_command(program, settings_dict, parameters)
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s")
            % {"program": program, "error": result.stderr.strip() or result.returncode}
        )


def _postgres_snapshot(wrapper, folder):
    client_major, client_version = tool_version("pg_dump")
    wrapper.ensure_connection()
    server_major = wrapper.pg_version // 10000
    if client_major < server_major:
        raise BackupError(
            _(
                "pg_dump %(client)s cannot dump a PostgreSQL %(server)s server: install "
                "postgresql-client-%(server)s (or newer)."
            )
            % {"client": client_major, "server": server_major}
        )
    path = folder / POSTGRES_MEMBER
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT version()")
        server_version = cursor.fetchone()[0]
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        try:
            # pg_dump reads this transaction's snapshot: the dump, the counts and the
            # migrations below all see the database at the same moment.
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            run_client(
                "pg_dump",
                wrapper.settings_dict,
                ["--format=custom", f"--snapshot={snapshot_id}", f"--file={path}"],
            )
            tables = set(wrapper.introspection.table_names(cursor))
            counts = table_counts(cursor, tables, wrapper.ops.quote_name)
            migrations = applied_migrations(cursor, tables)
        finally:
            cursor.execute("ROLLBACK")
    return Snapshot(
        "postgresql",
        path,
        counts,
        migrations,
        {"server_version": server_version, "pg_dump_version": client_version},
    )


def restore_database(connection, path, manifest):
    """Replace the whole database of ``connection`` with the copy at ``path``."""
    if connection.in_atomic_block:
        raise BackupError(_("A restore cannot run inside a transaction."))
    if connection.vendor == "sqlite":
        _sqlite_restore(connection, path)
    else:
        _postgres_restore(connection, path, manifest)


def _sqlite_restore(connection, path):
    connection.ensure_connection()
    source = sqlite3.connect(path)
    try:
        # Page by page into the live file, through its own journal: no stale -wal or -shm
        # file can outlive the old database, as it could if the file were replaced.
        source.backup(connection.connection)
    finally:
        source.close()


def _postgres_restore(connection, path, manifest):
    dump_major = int(re.search(r"(\d+)", manifest["database"].get("pg_dump_version", "0")).group(1))
    restore_major, _version = tool_version("pg_restore")
    tool_version("psql")
    if restore_major < dump_major:
        raise BackupError(
            _(
                "This backup was made by pg_dump %(dump)s; pg_restore %(restore)s cannot read "
                "it: install postgresql-client-%(dump)s (or newer)."
            )
            % {"dump": dump_major, "restore": restore_major}
        )
    psql_args, env = client_command(
        "psql",
        connection.settings_dict,
        ["--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--file=-"],
    )
    # The dump as SQL (owners and grants left out: it is restored as the site's own role),
    # replayed by psql after CLEAR_SCHEMA_SQL in one transaction, committed only once
    # pg_restore has written all of it: the whole backup or nothing.
    with (
        tempfile.TemporaryFile() as dump_errors,
        tempfile.TemporaryFile() as psql_errors,
    ):
        dump = subprocess.Popen(
            ["pg_restore", "--no-owner", "--no-privileges", "--file=-", str(path)],
            stdout=subprocess.PIPE,
            stderr=dump_errors,
        )
        psql = subprocess.Popen(
            psql_args, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_errors
        )
        try:
            psql.stdin.write(
                b"BEGIN;\nSET LOCAL client_min_messages = warning;\n" + CLEAR_SCHEMA_SQL.encode()
            )
            shutil.copyfileobj(dump.stdout, psql.stdin, 1024 * 1024)
            dump_status = dump.wait()
            if dump_status == 0:
                psql.stdin.write(b"COMMIT;\n")
            psql.stdin.close()
        except BrokenPipeError:
            pass  # psql stopped at an error, and rolled back: reported below
        finally:
            dump.stdout.close()
            dump_status, psql_status = dump.wait(), psql.wait()
        # psql first: when it stops at an error, pg_restore dies of the closed pipe.
        for program, status, errors in (
            ("psql", psql_status, psql_errors),
            ("pg_restore", dump_status, dump_errors),
        ):
            if status != 0:
                errors.seek(0)
                message = errors.read().decode(errors="replace").strip()
                raise BackupError(
                    _("%(program)s failed, the database was left as it was: %(error)s")
                    % {"program": program, "error": message or status}
                )
    # The tables were replaced under the connection: start a fresh one.
    connection.close()
