"""Opening the SQLite file: refuse what is not ours to touch, prepare it, and write transactions.

Every write is one short transaction begun IMMEDIATE, so two processes writing at once wait for
each other (busy timeout) instead of failing with "database is locked" on a read-then-write.
A database written by a newer version, a corrupt one, a read-only one, a busy one, a file that
is not SQLite, a SQLite file of another program (not made by bakhmut-read), and anything that is
not a regular file (a FIFO, a device) are refused without a byte written. A database that needs
nothing (ours, current, already in WAL mode) is only read.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from annotations.files import SQLITE_HEADER, ReadError, read_head, regular_size
from annotations.paths import db_files
from annotations.store.known import KNOWN_MIGRATIONS, OUR_TABLES, applied_migrations, tables

BUSY_TIMEOUT_SECONDS = 10.0
OPEN_BUSY_TIMEOUT_SECONDS = 2.0
"""How long opening waits for another program's lock before saying the database is busy: a
lock at start (a non-WAL writer mid-transaction) is reported quickly, so the user can retry."""
_BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
_JOURNAL_SUFFIX = "-journal"
SYNCHRONOUS = "FULL"
"""In WAL mode, FULL syncs the WAL at every commit: a committed write survives a power cut."""


class StoreError(Exception):
    """The database cannot be used; the message is one line for the user."""


class NotFoundError(StoreError):
    """No annotation with that id."""


class BusyError(StoreError):
    """Another connection holds the write lock past the busy timeout; nothing was written."""


def connect(path: Path) -> sqlite3.Connection:
    """Open (or create) the database at `path`, refusing files it must not touch.

    A plain sqlite3 connection: sqlite-utils is imported only if the schema needs writing.
    """
    fresh = _check_file(path)
    try:
        conn = sqlite3.connect(str(path), timeout=OPEN_BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error as error:
        raise StoreError(f"{path}: cannot open database ({error})") from None
    conn.text_factory = _decode_text  # a row that is not UTF-8 is skipped, not the whole read
    try:
        _prepare(conn, path, fresh=fresh)
    except StoreError:
        conn.close()
        raise
    except sqlite3.DatabaseError as error:
        conn.close()
        if is_busy(error):
            raise BusyError(busy_message(path)) from None
        raise StoreError(f"{path} is not a usable SQLite database ({error})") from None
    return conn


def is_busy(error: sqlite3.Error) -> bool:
    """Whether SQLite failed because another connection holds a lock (SQLITE_BUSY/LOCKED)."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _BUSY_CODES
    return "locked" in str(error)


def busy_message(path: Path) -> str:
    return f"{path} is busy: another program is writing to it; try again"


def _prepare(conn: sqlite3.Connection, path: Path, *, fresh: bool) -> None:
    """Check the file (reads only), then write only what it needs: schema, then WAL mode."""
    _check_integrity(conn, path)
    if not fresh:
        _check_ours(conn, path)
    conn.execute("PRAGMA recursive_triggers = ON")  # as sqlite-utils sets it
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    if KNOWN_MIGRATIONS - applied_migrations(conn):
        _migrate(conn, path)
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = wal")
    conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Create or upgrade the schema (the only time sqlite-utils is needed to open)."""
    from sqlite_utils import Database

    from annotations.store.schema import migrations

    with write_transaction(conn, path, opening=True):
        migrations.apply(Database(conn, execute_plugins=False))


def _decode_text(data: bytes) -> str:
    """UTF-8, with bytes that are not kept as lone surrogates (see store/rows.py)."""
    return data.decode("utf-8", "surrogateescape")


def _check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise StoreError(f"{path} is corrupt (SQLite quick_check: {result})")


def _check_ours(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a SQLite file that bakhmut-read did not make, or that a newer version wrote."""
    present = tables(conn)
    applied = applied_migrations(conn, present)
    if not applied:
        raise StoreError(
            f"{path} is a SQLite database of another program (it has no bakhmut-read schema); "
            "it is left untouched"
        )
    unknown = sorted(applied - KNOWN_MIGRATIONS)
    if unknown:
        raise StoreError(
            f"{path} was written by a newer bakhmut-read (schema {unknown[-1]}); "
            "upgrade bakhmut-read to use it"
        )
    foreign = sorted(present - OUR_TABLES)
    if foreign:
        raise StoreError(
            f"{path} holds tables that are not bakhmut-read's ({', '.join(foreign)}); "
            "it is left untouched"
        )


def our_tables() -> frozenset[str]:
    """Every table the known migrations create (FTS shadow tables included)."""
    return OUR_TABLES


@contextmanager
def read_guard(path: Path) -> Iterator[None]:
    """A read: an SQLite failure (a damaged or changed file) becomes a one-line StoreError."""
    try:
        yield
    except sqlite3.Error as error:
        raise StoreError(f"{path}: cannot read ({error})") from None


@contextmanager
def write_transaction(
    conn: sqlite3.Connection, path: Path, *, opening: bool = False
) -> Iterator[None]:
    """One IMMEDIATE transaction: lock first, commit at once, roll back on error.

    `opening`: the database is being prepared, so a lock held elsewhere is called busy.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        if opening and is_busy(error):
            raise BusyError(busy_message(path)) from None
        if is_busy(error):
            raise BusyError(f"{path}: cannot write, database busy ({error})") from None
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


@contextmanager
def unsynced(conn: sqlite3.Connection) -> Iterator[None]:
    """Commits that do not wait for the disk (synchronous NORMAL: in WAL mode the database stays
    sound; a power cut may lose them). For what need not survive one (the running readers) or
    what a later FULL commit syncs anyway (an import's batches)."""
    conn.execute("PRAGMA synchronous = NORMAL")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")


def _check_file(path: Path) -> bool:
    """Refuse, without writing a byte, a path that is not a writable SQLite database file.

    True when there is nothing in it yet (no file, or an empty one): a database to create.
    """
    try:
        size = regular_size(path, "a database file")
        for companion in (*db_files(path)[1:], path.with_name(path.name + _JOURNAL_SUFFIX)):
            regular_size(companion, "a SQLite companion file")
        header = b"" if not size else read_head(path, len(SQLITE_HEADER), "a database file")
    except ReadError as error:
        raise StoreError(str(error)) from None
    if size is None:
        _create_parent(path)
        return True
    if header and header != SQLITE_HEADER:
        raise StoreError(f"{path} is not a SQLite database")
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise StoreError(f"{path} is read-only; bakhmut-read needs to write to its database")
    return size == 0


def _create_parent(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"{path.parent}: cannot create directory ({error.strerror})") from None
    if not os.access(path.parent, os.W_OK):
        raise StoreError(f"{path.parent} is read-only; cannot create the database there")
