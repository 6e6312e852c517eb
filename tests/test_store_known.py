"""What the store knows of its schema without sqlite-utils (annotations/store/known.py) must be
what the migrations (annotations/store/schema.py) make: opening a database reads only the former,
so a migration missing there would never be applied."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from annotations.store.known import KNOWN_MIGRATIONS, OUR_TABLES, applied_migrations, tables
from annotations.store.schema import migrations


def test_every_migration_is_known_and_no_other() -> None:
    scratch = Database(memory=True, execute_plugins=False)
    assert {migration.name for migration in migrations.pending(scratch)} == KNOWN_MIGRATIONS


def test_the_known_tables_are_the_tables_the_migrations_make() -> None:
    conn = sqlite3.connect(":memory:")
    assert applied_migrations(conn) == set()
    migrations.apply(Database(conn, execute_plugins=False))
    assert tables(conn) == OUR_TABLES
    assert applied_migrations(conn) == KNOWN_MIGRATIONS
