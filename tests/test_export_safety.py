"""Exports and listings never pass a control sequence to the terminal, and `export -o` never
replaces the database, whatever its spelling: checked on the bytes the command writes."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest
from cli_helpers import assert_one_line_error, invoke, seed

from annotations.document import load_path
from annotations.model import make_annotation
from annotations.store import Store

HOSTILE = {
    "reset": "\x1bc",
    "charset": "\x1b(0",
    "bell": "\x07",
    "backspace": "ab\x08\x08",
    "csi": "\x1b[2J\x1b[31m",
    "c1 csi": "\x9b2J",
    "osc title": "\x1b]0;pwned\x07",
    "osc clipboard": "\x1b]52;c;ZXZpbA==\x1b\\",
    "c1 osc": "\x9d0;x\x9c",
    "carriage return": "over\rwrite",
    "del": "\x7f",
}
ALL = "".join(HOSTILE.values())
FORBIDDEN_BYTES = [
    b"\x1b",
    b"\x07",
    b"\x08",
    b"\x7f",
    *(bytes([0xC2, c]) for c in range(0x80, 0xA0)),
]


def assert_inert(data: bytes, *, allow_cr: bool = False) -> None:
    """No ESC, BEL, BS, DEL or C1 control (U+0080–U+009F in UTF-8) in `data`."""
    assert data, "nothing was written"
    for forbidden in FORBIDDEN_BYTES:
        assert forbidden not in data, forbidden
    if not allow_cr:
        assert b"\r" not in data


@pytest.fixture
def hostile_db(tmp_path: Path) -> tuple[Path, Path]:
    """A database whose document title, quotes and notes hold every hostile sequence."""
    source = tmp_path / "hostile.md"
    paragraph = f"Bakhmut {ALL} stands {ALL} firm."
    source.write_text(f"# Title {ALL} end\n\n{paragraph}\n", encoding="utf-8")
    document = load_path(source)
    db = tmp_path / "hostile.db"
    with Store.open(db) as store:
        store.open_document(document)
        first = document.text.index("Bakhmut")
        second = document.text.index("stands")
        store.add(make_annotation(document, first, second, label=1, note=f"note {ALL} end"))
        store.add(make_annotation(document, second, len(document.text), label=2, note=ALL))
    return source, db


def test_markdown_export_to_stdout_and_file_is_inert(
    tmp_path: Path, hostile_db: tuple[Path, Path]
) -> None:
    source, db = hostile_db
    shown = invoke("export", str(source), "--db", str(db), "--no-timestamps")
    assert shown.exit_code == 0, shown.stderr
    assert_inert(shown.stdout_bytes)
    assert "␛c" in shown.stdout and "\ufffd2J" in shown.stdout  # shown, not dropped
    out = tmp_path / "notes.md"
    assert invoke("export", str(source), "--db", str(db), "-o", str(out)).exit_code == 0
    assert_inert(out.read_bytes())


def test_json_export_is_inert_valid_and_still_lossless(
    tmp_path: Path, hostile_db: tuple[Path, Path]
) -> None:
    source, db = hostile_db
    shown = invoke("export", str(source), "--db", str(db), "--format", "json", "--no-timestamps")
    assert shown.exit_code == 0, shown.stderr
    assert_inert(shown.stdout_bytes)
    assert "\\u009b2J" in shown.stdout and "\\u001bc" in shown.stdout
    notes = [
        body["value"]
        for item in json.loads(shown.stdout)["first"]["items"]
        for body in item["body"]
        if body["purpose"] == "commenting"
    ]
    assert notes == [f"note {ALL} end", ALL]  # the JSON value keeps every control
    out = tmp_path / "notes.json"
    assert (
        invoke("export", str(source), "--db", str(db), "--format", "json", "-o", str(out)).exit_code
        == 0
    )
    assert_inert(out.read_bytes())
    other = tmp_path / "other.db"
    assert invoke("import", str(out), "--db", str(other)).exit_code == 0
    again = invoke("export", str(source), "--db", str(other), "--format", "json", "--no-timestamps")
    assert again.stdout_bytes == shown.stdout_bytes  # export → import → export, byte-identical
    with Store.open(other) as store:
        assert sorted(a.note for a in store.annotations(str(source.resolve()))) == sorted(notes)


def test_list_and_search_are_inert(hostile_db: tuple[Path, Path]) -> None:
    _, db = hostile_db
    listed = invoke("list", "--db", str(db))
    assert listed.exit_code == 0 and "2 highlights" in listed.stdout
    assert_inert(listed.stdout_bytes)
    for query in ("note", "Bakhmut", "pwned"):
        found = invoke("search", query, "--db", str(db))
        assert found.exit_code == 0 and "¶" in found.stdout, query
        assert_inert(found.stdout_bytes)


def test_a_label_name_with_controls_never_reaches_the_export(
    tmp_path: Path, hostile_db: tuple[Path, Path]
) -> None:
    source, db = hostile_db
    config = tmp_path / "config.toml"
    config.write_text('[labels.1]\nname = "\\u001b[31mRed\\u0007"\n', encoding="utf-8")
    env = {"BAKHMUT_READ_CONFIG": str(config)}
    for fmt in ("markdown", "json"):
        result = invoke("export", str(source), "--db", str(db), "--format", fmt, env=env)
        assert result.exit_code == 0, result.stderr
        assert_inert(result.stdout_bytes)
        assert "Key point" in result.stdout  # the refused name falls back to the default


# -- export -o never replaces the database ---------------------------------------------------


def spellings(db: Path) -> dict[str, Path]:
    """Ways to name the database file (or its companions) other than its own path."""
    aside = db.parent / "aside"
    aside.mkdir()
    (db.parent / "link.db").symlink_to(db)
    os.link(db, db.parent / "hard.db")
    return {
        "itself": db,
        "dotdot": aside / ".." / db.name,
        "symlink": db.parent / "link.db",
        "hard link": db.parent / "hard.db",
        "wal": db.with_name(db.name + "-wal"),
        "shm": db.with_name(db.name + "-shm"),
    }


@pytest.mark.parametrize("spelling", ["itself", "dotdot", "symlink", "hard link", "wal", "shm"])
def test_export_never_replaces_the_database(db_path: Path, spelling: str) -> None:
    seed(db_path, notes=2)
    target = spellings(db_path)[spelling]
    before = db_path.read_bytes()
    for extra in ([], ["--force"], ["--format", "json", "--force"]):
        result = invoke("export", "--db", str(db_path), "-o", str(target), *extra)
        assert_one_line_error(result, "refusing to export", "database")
    assert db_path.read_bytes() == before
    assert "2 highlights" in invoke("list", "--db", str(db_path)).stdout


def test_export_refuses_companions_that_exist_while_the_database_is_open(db_path: Path) -> None:
    seed(db_path, notes=1)
    with Store.open(db_path):  # an open WAL database has its -wal and -shm beside it
        for suffix in ("-wal", "-shm"):
            companion = db_path.with_name(db_path.name + suffix)
            assert companion.exists()
            result = invoke("export", "--db", str(db_path), "-o", str(companion), "--force")
            assert_one_line_error(result, "refusing to export")
    assert "1 highlight" in invoke("list", "--db", str(db_path)).stdout


def test_export_never_replaces_the_document(tmp_path: Path, db_path: Path) -> None:
    source = tmp_path / "doc.md"
    source.write_text("# Doc\n\nA paragraph.\n", encoding="utf-8")
    result = invoke("export", str(source), "--db", str(db_path), "-o", str(source), "--force")
    assert_one_line_error(result, "the document being exported")
    assert source.read_text(encoding="utf-8") == "# Doc\n\nA paragraph.\n"


def test_export_never_replaces_another_sqlite_file(tmp_path: Path, db_path: Path) -> None:
    seed(db_path, notes=1)
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("create table t (x)")
    con.commit()
    con.close()
    before = other.read_bytes()
    result = invoke("export", "--db", str(db_path), "-o", str(other), "--force")
    assert_one_line_error(result, "SQLite database")
    assert other.read_bytes() == before


def test_dash_means_standard_output(
    tmp_path: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(db_path, notes=1)
    monkeypatch.chdir(tmp_path)
    result = invoke("export", "--db", str(db_path), "-o", "-", "--no-timestamps")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Battle for Bakhmut")
    assert not (tmp_path / "-").exists()
