"""The database file: another program's SQLite file is refused untouched by every command, a
read-only command on a database that needs nothing writes nothing, and a lock is called busy."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_helpers import assert_one_line_error, invoke, seed

from annotations.store import Store
from annotations.store.connection import our_tables


def fingerprint(path: Path) -> tuple[str, int]:
    """The file's content hash and modification time (nanoseconds)."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def make_sqlite(path: Path, *statements: str, wal: bool = False) -> Path:
    con = sqlite3.connect(path)
    if wal:
        con.execute("pragma journal_mode = wal")
    for statement in statements:
        con.execute(statement)
    con.commit()
    if wal:
        con.execute("pragma wal_checkpoint(TRUNCATE)")
    con.close()
    return path


def import_file(tmp_path: Path) -> Path:
    """A valid import (an export of a seeded database)."""
    source = tmp_path / "seeded.db"
    seed(source, notes=1)
    out = tmp_path / "in.json"
    assert invoke("export", "--db", str(source), "--format", "json", "-o", str(out)).exit_code == 0
    return out


def every_command(tmp_path: Path) -> list[list[str]]:
    return [["list"], ["search", "x"], ["export"], ["import", str(import_file(tmp_path))], []]


FOREIGN: dict[str, Callable[[Path], Path]] = {
    "another program's table": lambda p: make_sqlite(
        p, "create table t (x)", "insert into t values (1)"
    ),
    "another program's WAL file": lambda p: make_sqlite(p, "create table t (x)", wal=True),
    "no tables at all": lambda p: make_sqlite(p, "pragma user_version = 7"),
    "another migration set": lambda p: make_sqlite(
        p,
        "create table _sqlite_migrations (migration_set text, name text, applied_at text)",
        "insert into _sqlite_migrations values ('other-app', '0001_initial', 'x')",
    ),
}


@pytest.mark.parametrize("kind", list(FOREIGN))
def test_a_sqlite_file_of_another_program_is_refused_untouched(tmp_path: Path, kind: str) -> None:
    commands = every_command(tmp_path)
    db = FOREIGN[kind](tmp_path / "other.db")
    before = fingerprint(db)
    time.sleep(0.01)  # a write would now change the modification time
    for command in commands:
        assert_one_line_error(invoke(*command, "--db", str(db)), str(db), "left untouched")
    assert fingerprint(db) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("other.db")) == [
        "other.db"
    ]


def test_our_database_with_a_table_of_someone_else_is_refused_untouched(db_path: Path) -> None:
    seed(db_path, notes=1)
    make_sqlite(db_path, "create table intruder (x)", wal=True)
    before = fingerprint(db_path)
    for command in (["list"], ["export"], ["search", "x"]):
        assert_one_line_error(
            invoke(*command, "--db", str(db_path)), "intruder", "not bakhmut-read's"
        )
    assert fingerprint(db_path) == before


def test_an_empty_file_is_made_a_database(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    db.write_bytes(b"")
    with Store.open(db):
        pass
    con = sqlite3.connect(db)
    tables = {name for (name,) in con.execute("select name from sqlite_master where type='table'")}
    assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
    con.close()
    assert tables == set(our_tables())
    assert "No documents yet" in invoke("list", "--db", str(db)).stdout


def test_read_only_commands_on_a_current_database_write_nothing(
    tmp_path: Path, db_path: Path
) -> None:
    seed(db_path, notes=2)
    document = tmp_path / "doc.md"
    document.write_text("# Doc\n\nA paragraph about Bakhmut.\n", encoding="utf-8")
    assert invoke("export", str(document), "--db", str(db_path)).exit_code == 0
    make_sqlite(db_path, wal=True)  # checkpoint: everything is in the main file
    before = fingerprint(db_path)
    time.sleep(0.01)
    for command in (
        ["list"],
        ["search", "n1"],
        ["export"],
        ["export", "--format", "json"],
        ["export", str(document)],
    ):
        result = invoke(*command, "--db", str(db_path))
        assert result.exit_code == 0, (command, result.stderr)
    assert fingerprint(db_path) == before
    wal = db_path.with_name(db_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_a_database_locked_at_start_is_called_busy(db_path: Path) -> None:
    seed(db_path, notes=1)
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("pragma journal_mode = delete")
    before = fingerprint(db_path)
    con.execute("begin exclusive")  # another program in the middle of a write
    try:
        result = invoke("list", "--db", str(db_path))  # waits out the busy timeout first
    finally:
        con.execute("rollback")
        con.close()
    assert_one_line_error(
        result, str(db_path), "is busy: another program is writing to it; try again"
    )
    assert fingerprint(db_path) == before


def test_a_writer_does_not_stop_readers_of_a_wal_database(db_path: Path) -> None:
    seed(db_path, notes=1)
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("begin exclusive")  # in WAL mode readers go on reading
    try:
        result = invoke("list", "--db", str(db_path))
    finally:
        con.execute("rollback")
        con.close()
    assert result.exit_code == 0 and "1 highlight" in result.stdout
