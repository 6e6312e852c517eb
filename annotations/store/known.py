"""What this version knows of the schema, read with plain sqlite3 (no sqlite-utils).

Opening a database that needs no migration (the usual case) uses only these: sqlite-utils,
slow to import, is loaded only to create or upgrade the schema (annotations/store/schema.py).
"""

from __future__ import annotations

import sqlite3

MIGRATION_SET = "bakhmut-read"
MIGRATIONS_TABLE = "_sqlite_migrations"
"""The table `sqlite_utils.Migrations` records applied migrations in."""

KNOWN_MIGRATIONS = frozenset(
    {
        "0001_initial",
        "0002_settings",
        "0003_readers",
        "0004_anchor_state",
        "0005_trigram_search",
        "0006_positions",
        "0007_document_styles",
        "0008_stored_copies",
    }
)
"""Every migration of this version (tests/test_store_migrations.py checks it against schema.py)."""

OUR_TABLES = frozenset(
    {
        MIGRATIONS_TABLE,
        "annotations",
        "annotations_fts",
        "annotations_fts_config",
        "annotations_fts_data",
        "annotations_fts_docsize",
        "annotations_fts_idx",
        "documents",
        "history",
        "positions",
        "readers",
        "settings",
        "stored_copies",
    }
)
"""Every table the known migrations create, FTS shadow tables included (checked by a test)."""


def tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("select name from sqlite_master where type = 'table'").fetchall()
    return {name for (name,) in rows if not name.startswith("sqlite_")}


def applied_migrations(conn: sqlite3.Connection, present: set[str] | None = None) -> set[str]:
    """The names of this project's migrations applied to the database (none if no table)."""
    if MIGRATIONS_TABLE not in (tables(conn) if present is None else present):
        return set()
    sql = f"select name from {MIGRATIONS_TABLE} where migration_set = ?"
    return {str(name) for (name,) in conn.execute(sql, [MIGRATION_SET]).fetchall()}
