"""Opening the SQLite file: refuse what is not ours to touch, prepare it, and write transactions.

Every write is one short transaction begun IMMEDIATE, so two processes writing at once wait for
each other (busy timeout) instead of failing with "database is locked" on a read-then-write.
A database written by a newer version, a corrupt one, a read-only one, or a file that is not
SQLite is refused without a byte written.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from annotations.paths import path_exists
from annotations.store.schema import KNOWN_MIGRATIONS, migrations

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 10.0
SYNCHRONOUS = "FULL"
"""In WAL mode, FULL syncs the WAL at every commit: a committed write survives a power cut."""


class StoreError(Exception):
    """The database cannot be used; the message is one line for the user."""


class NotFoundError(StoreError):
    """No annotation with that id."""


def connect(path: Path) -> Database:
    """Open (or create) the database at `path`, refusing files it must not touch."""
    _check_file(path)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error as error:
        raise StoreError(f"{path}: cannot open database ({error})") from None
    conn.text_factory = _decode_text  # a row that is not UTF-8 is skipped, not the whole read
    db = Database(conn, execute_plugins=False)
    try:
        _prepare(db, path)
    except StoreError:
        conn.close()
        raise
    except sqlite3.DatabaseError as error:
        conn.close()
        raise StoreError(f"{path} is not a usable SQLite database ({error})") from None
    return db


def _prepare(db: Database, path: Path) -> None:
    _check_integrity(db, path)
    _check_schema_version(db, path)
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.enable_wal()
    db.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
    if migrations.pending(db):
        with write_transaction(db, path):
            migrations.apply(db)


def _decode_text(data: bytes) -> str:
    """UTF-8, with bytes that are not kept as lone surrogates (see store/rows.py)."""
    return data.decode("utf-8", "surrogateescape")


def _check_integrity(db: Database, path: Path) -> None:
    result = db.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise StoreError(f"{path} is corrupt (SQLite quick_check: {result})")


def _check_schema_version(db: Database, path: Path) -> None:
    applied = {m.name for m in migrations.applied(db)}
    unknown = sorted(applied - KNOWN_MIGRATIONS)
    if unknown:
        raise StoreError(
            f"{path} was written by a newer bakhmut-read (schema {unknown[-1]}); "
            "upgrade bakhmut-read to use it"
        )


@contextmanager
def read_guard(path: Path) -> Iterator[None]:
    """A read: an SQLite failure (a damaged or changed file) becomes a one-line StoreError."""
    try:
        yield
    except sqlite3.Error as error:
        raise StoreError(f"{path}: cannot read ({error})") from None


@contextmanager
def write_transaction(db: Database, path: Path) -> Iterator[None]:
    """One IMMEDIATE transaction: lock first, commit at once, roll back on error."""
    conn = db.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        raise StoreError(f"{path}: cannot write ({error})") from None
    try:
        yield
    except sqlite3.Error as error:  # disk full, I/O error, lock lost: nothing is half-written
        conn.rollback()
        raise StoreError(f"{path}: cannot write ({error})") from None
    except BaseException:
        conn.rollback()
        raise
    try:
        conn.commit()
    except sqlite3.Error as error:
        conn.rollback()
        raise StoreError(f"{path}: cannot write ({error})") from None


def _check_file(path: Path) -> None:
    """Refuse, without writing a byte, a path that is not a writable SQLite database file."""
    try:
        exists = path_exists(path)
    except ValueError as error:
        raise StoreError(str(error)) from None
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a database file")
    if not exists:
        _create_parent(path)
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"{path}: cannot read database ({error.strerror})") from None
    if header and header != SQLITE_HEADER:
        raise StoreError(f"{path} is not a SQLite database")
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise StoreError(f"{path} is read-only; bakhmut-read needs to write to its database")


def _create_parent(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"{path.parent}: cannot create directory ({error.strerror})") from None
    if not os.access(path.parent, os.W_OK):
        raise StoreError(f"{path.parent} is read-only; cannot create the database there")
