"""The real `bakhmut-read` command: sub-commands, and bad input → one line on stderr, exit 2."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotations.document import load_embedded
from annotations.model import make_annotation
from annotations.store import Store
from tui.cli import main

EXE = Path(sys.executable).parent / "bakhmut-read"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed console script, as a user would run it."""
    return subprocess.run(
        [str(EXE), *args], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("bakhmut-read: error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


def seed(db: Path, notes: int = 2) -> None:
    article = load_embedded()
    with Store.open(db) as store:
        store.open_document(article)
        for i in range(notes):
            start = article.text.index("Bakhmut", 100 + 200 * i)
            store.add(make_annotation(article, start, start + 7, label=i % 5 + 1, note=f"n{i}"))


def test_version_and_help() -> None:
    assert run("--version").stdout.strip() == "bakhmut-read, version 0.1.0"
    help_text = run("--help").stdout
    for command in ("export", "import", "list", "search"):
        assert command in help_text


def test_export_markdown_to_stdout_and_file(tmp_path: Path, db_path: Path) -> None:
    seed(db_path)
    result = run("export", "--db", str(db_path), "--no-timestamps")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Battle for Bakhmut: Ukraine Defends Against Russian Siege\n")
    assert "\n## ¶" in result.stdout
    out = tmp_path / "notes.md"
    assert run("export", "--db", str(db_path), "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8").endswith("\n")


def test_export_refuses_to_overwrite_without_force(tmp_path: Path, db_path: Path) -> None:
    seed(db_path)
    out = tmp_path / "keep.md"
    out.write_text("my precious notes", encoding="utf-8")
    result = run("export", "--db", str(db_path), "-o", str(out))
    assert_one_line_error(result, "exists", "--force")
    assert out.read_text(encoding="utf-8") == "my precious notes"
    assert run("export", "--db", str(db_path), "-o", str(out), "--force").returncode == 0
    assert out.read_text(encoding="utf-8").startswith("# Battle for Bakhmut")


def test_json_export_import_round_trip_is_idempotent(tmp_path: Path, db_path: Path) -> None:
    seed(db_path, notes=3)
    exported = tmp_path / "notes.json"
    assert (
        run("export", "--db", str(db_path), "--format", "json", "-o", str(exported)).returncode == 0
    )
    other_db = tmp_path / "other.db"
    first = run("import", str(exported), "--db", str(other_db))
    assert first.returncode == 0, first.stderr
    assert "3 added" in first.stdout
    second = run("import", str(exported), "--db", str(other_db))
    assert "0 added, 0 updated, 3 unchanged" in second.stdout
    again = run("export", "--db", str(other_db), "--format", "json", "--no-timestamps").stdout
    original = run("export", "--db", str(db_path), "--format", "json", "--no-timestamps").stdout
    assert again == original


def test_list_and_search(db_path: Path) -> None:
    seed(db_path, notes=2)
    listed = run("list", "--db", str(db_path))
    assert "2 highlights" in listed.stdout and "2 notes" in listed.stdout
    assert "Battle for Bakhmut" in listed.stdout
    found = run("search", "n1", "--db", str(db_path))
    assert found.returncode == 0 and "¶" in found.stdout and "n1" in found.stdout
    for query in ['"', "C++", "x-ray", "NEAR(", ""]:
        result = run("search", query, "--db", str(db_path))
        assert result.returncode == 0, (query, result.stderr)


def test_db_from_environment_variable(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    seed(db, notes=1)
    env = {**os.environ, "BAKHMUT_READ_DB": str(db)}
    assert "1 highlight " in run("list", env=env).stdout


@pytest.mark.parametrize(
    ("make", "fragments"),
    [
        (lambda d: d / "missing.txt", ["missing.txt", "no such file"]),
        (lambda d: d, ["is a directory"]),
        (lambda d: _write(d / "bin.txt", b"\x7fELF\x00\x01\x02"), ["binary"]),
        (lambda d: _write(d / "latin1.txt", b"na\xefve caf\xe9"), ["UTF-8", "byte offset 2"]),
        (lambda d: _write(d / "u16.txt", b"\xff\xfe\x00\xd8"), ["UTF-16-LE"]),
    ],
)
def test_bad_documents_give_one_line_and_exit_2(tmp_path: Path, make, fragments) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    for command in (["export", str(path)], [str(path)]):
        result = run(*command, "--db", str(tmp_path / "a.db"))
        assert_one_line_error(result, *fragments)
    assert not (tmp_path / "a.db").exists()  # nothing is written


def test_export_of_a_deleted_file_uses_the_stored_copy(tmp_path: Path, db_path: Path) -> None:
    source = _write(tmp_path / "gone.md", b"# Gone soon\n\nA paragraph about Bakhmut.\n")
    with Store.open(db_path) as store:
        from annotations.document import load_path

        document = load_path(source)
        store.open_document(document)
        start = document.text.index("Bakhmut")
        store.add(make_annotation(document, start, start + 7, label=3, note="kept"))
    source.unlink()
    result = run("export", str(source), "--db", str(db_path), "--no-timestamps")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Gone soon\n")
    assert "> Bakhmut" in result.stdout and "kept" in result.stdout


def test_too_large_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(10 * 1024 * 1024 + 1)
    assert_one_line_error(run("export", str(big), "--db", str(tmp_path / "a.db")), "too large")


def test_empty_file_exports_an_empty_notes_file(tmp_path: Path) -> None:
    empty = _write(tmp_path / "empty.txt", b"")
    result = run("export", str(empty), "--db", str(tmp_path / "a.db"), "--no-timestamps")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# empty.txt\n")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_not_a_database_is_refused_and_untouched(tmp_path: Path) -> None:
    db = _write(tmp_path / "notes.db", b"not sqlite at all\n" * 10)
    before = db.read_bytes()
    for command in (["list"], ["export"], ["search", "x"], []):
        assert_one_line_error(run(*command, "--db", str(db)), "not a SQLite database")
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_corrupt_database_is_refused_and_untouched(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    seed(db)
    con = sqlite3.connect(db)
    con.execute("pragma wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(db.read_bytes())
    data[200:3000] = b"\x00\xff" * 1400
    db.write_bytes(bytes(data))
    assert_one_line_error(run("list", "--db", str(db)))
    assert db.read_bytes() == bytes(data)


def test_newer_schema_is_refused_and_untouched(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    seed(db)
    con = sqlite3.connect(db)
    con.execute(
        "insert into _sqlite_migrations (migration_set, name, applied_at) "
        "values ('bakhmut-read', '0002_future', 'x')"
    )
    con.commit()
    con.execute("pragma wal_checkpoint(TRUNCATE)")
    con.close()
    before = db.read_bytes()
    assert_one_line_error(run("export", "--db", str(db)), "newer bakhmut-read")
    assert db.read_bytes() == before


def make_read_only(path: Path) -> bool:
    """chmod 0444; as root (who can write such a file) also make it immutable. False if we can't."""
    path.chmod(0o444)
    if os.access(path, os.W_OK) and shutil.which("chattr"):
        subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    return not os.access(path, os.W_OK)


def undo_read_only(path: Path) -> None:
    if shutil.which("chattr"):
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    path.chmod(0o644)


def test_read_only_database_is_refused_and_untouched(tmp_path: Path) -> None:
    db = tmp_path / "ro.db"
    seed(db)
    try:
        if not make_read_only(db):
            pytest.skip("this file system cannot make a file read-only for this user")
        before = db.read_bytes()
        for command in (["list"], ["export"], []):
            assert_one_line_error(run(*command, "--db", str(db)), "read-only")
        assert db.read_bytes() == before
    finally:
        undo_read_only(db)


def test_bad_import_files(tmp_path: Path, db_path: Path) -> None:
    cases = {
        "syntax.json": b"{not json",
        "list.json": b"[1, 2, 3]",
        "type.json": b'{"type": "Nonsense"}',
        "latin1.json": b'{"label": "caf\xe9"}',
    }
    for name, data in cases.items():
        path = _write(tmp_path / name, data)
        assert_one_line_error(run("import", str(path), "--db", str(db_path)), name)
    assert_one_line_error(run("import", str(tmp_path / "absent.json")), "no such file")
    assert_one_line_error(run("import", str(tmp_path)), "directory")


def test_click_runner_open_command_refuses_bad_path(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, [str(tmp_path / "nope.md"), "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 2
    assert "no such file" in result.output


@pytest.mark.parametrize(
    "args",
    [["export", "--format", "xml"], ["search"], ["import"], ["--bogus"], ["list", "extra"]],
)
def test_usage_errors_are_one_line_too(args: list[str]) -> None:
    assert_one_line_error(run(*args), "see bakhmut-read --help")


def test_read_only_commands_never_create_a_database(tmp_path: Path) -> None:
    db = tmp_path / "nothing-here" / "a.db"
    assert "No documents yet" in run("list", "--db", str(db)).stdout
    assert "No matches" in run("search", "x", "--db", str(db)).stdout
    exported = run("export", "--db", str(db), "--no-timestamps")
    assert exported.returncode == 0 and exported.stdout.startswith("# Battle for Bakhmut")
    assert not (tmp_path / "nothing-here").exists()


def test_options_may_come_before_the_command(db_path: Path) -> None:
    seed(db_path, notes=1)
    assert "1 highlight" in run("--db", str(db_path), "list").stdout


def test_the_reader_refuses_to_run_without_a_terminal(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "a.db"))
    assert_one_line_error(result, "needs a terminal")
    assert not (tmp_path / "a.db").exists()
