"""The `bakhmut-read` command: sub-commands, and bad input → one line on stderr, exit 2.

Most tests run the console script's own code in this process, through click's `CliRunner`
(`invoke`): that is `tui.cli.run()`, which calls `tui.cli.main` and turns click's errors into
one line on stderr with exit status 2, exactly as the installed script does. A handful of smoke
tests at the end spawn the installed console script itself (`run`), as a user would.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from cli_helpers import assert_one_line_error, invoke, run, seed
from click.testing import CliRunner
from read_only import make_read_only, make_writable

from annotations.model import make_annotation
from annotations.store import Store
from tui.cli import main


def test_version_and_help() -> None:
    version = invoke("--version")
    assert version.exit_code == 0
    assert version.stdout.strip() == "bakhmut-read, version 0.1.0"
    help_text = invoke("--help").stdout
    for command in ("export", "import", "list", "search"):
        assert command in help_text


def test_export_markdown_to_stdout_and_file(tmp_path: Path, db_path: Path) -> None:
    seed(db_path)
    result = invoke("export", "--db", str(db_path), "--no-timestamps")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Battle for Bakhmut: Ukraine Defends Against Russian Siege\n")
    assert "\n## ¶" in result.stdout
    out = tmp_path / "notes.md"
    assert invoke("export", "--db", str(db_path), "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").endswith("\n")


def test_export_refuses_to_overwrite_without_force(tmp_path: Path, db_path: Path) -> None:
    seed(db_path)
    out = tmp_path / "keep.md"
    out.write_text("my precious notes", encoding="utf-8")
    result = invoke("export", "--db", str(db_path), "-o", str(out))
    assert_one_line_error(result, "exists", "--force")
    assert out.read_text(encoding="utf-8") == "my precious notes"
    assert invoke("export", "--db", str(db_path), "-o", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# Battle for Bakhmut")


def test_json_export_import_round_trip_is_idempotent(tmp_path: Path, db_path: Path) -> None:
    seed(db_path, notes=3)
    exported = tmp_path / "notes.json"
    assert (
        invoke("export", "--db", str(db_path), "--format", "json", "-o", str(exported)).exit_code
        == 0
    )
    other_db = tmp_path / "other.db"
    first = invoke("import", str(exported), "--db", str(other_db))
    assert first.exit_code == 0, first.stderr
    assert "3 added" in first.stdout
    second = invoke("import", str(exported), "--db", str(other_db))
    assert second.exit_code == 0, second.stderr
    assert "0 added, 0 updated, 3 unchanged" in second.stdout
    again = invoke("export", "--db", str(other_db), "--format", "json", "--no-timestamps")
    original = invoke("export", "--db", str(db_path), "--format", "json", "--no-timestamps")
    assert again.exit_code == original.exit_code == 0
    assert again.stdout == original.stdout
    assert '"type":"AnnotationCollection"' in original.stdout
    pretty = invoke(
        "export", "--db", str(db_path), "--format", "json", "--no-timestamps", "--pretty"
    )
    assert pretty.exit_code == 0 and pretty.stdout.startswith('{\n  "@context": [')
    assert json.loads(pretty.stdout) == json.loads(original.stdout)


def test_list_and_search(db_path: Path) -> None:
    seed(db_path, notes=2)
    listed = invoke("list", "--db", str(db_path))
    assert listed.exit_code == 0, listed.stderr
    assert "2 highlights" in listed.stdout and "2 notes" in listed.stdout
    assert "Battle for Bakhmut" in listed.stdout
    found = invoke("search", "n1", "--db", str(db_path))
    assert found.exit_code == 0 and "¶" in found.stdout and "n1" in found.stdout
    for query in ['"', "C++", "x-ray", "NEAR(", ""]:
        result = invoke("search", query, "--db", str(db_path))
        assert result.exit_code == 0, (query, result.stderr)
        assert result.stderr == "", query


def test_db_from_environment_variable(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    seed(db, notes=1)
    assert "1 highlight " in invoke("list", env={"BAKHMUT_READ_DB": str(db)}).stdout


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


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
        result = invoke(*command, "--db", str(tmp_path / "a.db"))
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
    result = invoke("export", str(source), "--db", str(db_path), "--no-timestamps")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Gone soon\n")
    assert "> Bakhmut" in result.stdout and "kept" in result.stdout


def test_too_large_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(10 * 1024 * 1024 + 1)
    assert_one_line_error(invoke("export", str(big), "--db", str(tmp_path / "a.db")), "too large")


def test_empty_file_exports_an_empty_notes_file(tmp_path: Path) -> None:
    empty = _write(tmp_path / "empty.txt", b"")
    result = invoke("export", str(empty), "--db", str(tmp_path / "a.db"), "--no-timestamps")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# empty.txt\n")


def test_not_a_database_is_refused_and_untouched(tmp_path: Path) -> None:
    db = _write(tmp_path / "notes.db", b"not sqlite at all\n" * 10)
    before = db.read_bytes()
    for command in (["list"], ["export"], ["search", "x"], []):
        assert_one_line_error(invoke(*command, "--db", str(db)), "not a SQLite database")
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_corrupt_database_is_refused_and_untouched(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    seed(db)
    con = sqlite3.connect(db)
    con.execute("pragma wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(db.read_bytes())
    data[200:8192] = b"\x00\xff" * 3996  # the schema page and the next: any layout
    db.write_bytes(bytes(data))
    assert_one_line_error(invoke("list", "--db", str(db)))
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
    assert_one_line_error(invoke("export", "--db", str(db)), "newer bakhmut-read")
    assert db.read_bytes() == before


def test_read_only_database_is_refused_and_untouched(tmp_path: Path) -> None:
    db = tmp_path / "ro.db"
    seed(db)
    try:
        if not make_read_only(db, 0o444):
            pytest.skip("this file system cannot make a file read-only for this user")
        before = db.read_bytes()
        for command in (["list"], ["export"], []):
            assert_one_line_error(invoke(*command, "--db", str(db)), "read-only")
        assert db.read_bytes() == before
    finally:
        make_writable(db, 0o644)


def test_bad_import_files(tmp_path: Path, db_path: Path) -> None:
    cases = {
        "syntax.json": b"{not json",
        "list.json": b"[1, 2, 3]",
        "type.json": b'{"type": "Nonsense"}',
        "latin1.json": b'{"label": "caf\xe9"}',
    }
    for name, data in cases.items():
        path = _write(tmp_path / name, data)
        assert_one_line_error(invoke("import", str(path), "--db", str(db_path)), name)
    assert_one_line_error(invoke("import", str(tmp_path / "absent.json")), "no such file")
    assert_one_line_error(invoke("import", str(tmp_path)), "directory")


def test_click_runner_open_command_refuses_bad_path(tmp_path: Path) -> None:
    """`main` itself, in click's standalone mode, gives the same one-line error and status."""
    result = CliRunner().invoke(main, [str(tmp_path / "nope.md"), "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 2
    assert "no such file" in result.output
    assert result.stderr.strip().startswith("bakhmut-read: error: ")
    assert not (tmp_path / "a.db").exists()


@pytest.mark.parametrize(
    "args",
    [["export", "--format", "xml"], ["search"], ["import"], ["--bogus"], ["list", "extra"]],
)
def test_usage_errors_are_one_line_too(args: list[str]) -> None:
    assert_one_line_error(invoke(*args), "see bakhmut-read --help")


def test_read_only_commands_never_create_a_database(tmp_path: Path) -> None:
    db = tmp_path / "nothing-here" / "a.db"
    assert "No documents yet" in invoke("list", "--db", str(db)).stdout
    assert "No matches" in invoke("search", "x", "--db", str(db)).stdout
    exported = invoke("export", "--db", str(db), "--no-timestamps")
    assert exported.exit_code == 0 and exported.stdout.startswith("# Battle for Bakhmut")
    assert not (tmp_path / "nothing-here").exists()


def test_options_may_come_before_the_command(db_path: Path) -> None:
    seed(db_path, notes=1)
    assert "1 highlight" in invoke("--db", str(db_path), "list").stdout


def test_the_reader_refuses_to_run_without_a_terminal(tmp_path: Path) -> None:
    result = invoke("--db", str(tmp_path / "a.db"))
    assert_one_line_error(result, "needs a terminal")
    assert not (tmp_path / "a.db").exists()


# -- the installed console script, in a real process ---------------------------------------


def test_script_version_and_help() -> None:
    version = run("--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() == "bakhmut-read, version 0.1.0"
    assert version.stderr == ""
    help_text = run("--help")
    assert help_text.returncode == 0, help_text.stderr
    for command in ("export", "import", "list", "search"):
        assert command in help_text.stdout


def test_script_bad_input_is_one_line_on_stderr_and_exit_2(tmp_path: Path) -> None:
    result = run("export", str(tmp_path / "missing.txt"), "--db", str(tmp_path / "a.db"))
    assert_one_line_error(result, "missing.txt", "no such file")
    assert result.stdout == ""
    assert not (tmp_path / "a.db").exists()


def test_script_usage_error_is_one_line_on_stderr_and_exit_2() -> None:
    result = run("--bogus")
    assert_one_line_error(result, "--bogus", "see bakhmut-read --help")
    assert result.stdout == ""


def test_script_keeps_data_on_stdout_and_messages_on_stderr(tmp_path: Path, db_path: Path) -> None:
    seed(db_path, notes=2)
    to_stdout = run("export", "--db", str(db_path), "--no-timestamps")
    assert to_stdout.returncode == 0, to_stdout.stderr
    assert to_stdout.stdout.startswith("# Battle for Bakhmut")
    assert to_stdout.stderr == ""
    out = tmp_path / "notes.md"
    to_file = run("export", "--db", str(db_path), "-o", str(out))
    assert to_file.returncode == 0, to_file.stderr
    assert to_file.stdout == ""
    assert to_file.stderr == f"Wrote 2 annotations to {out}\n"
    assert out.read_text(encoding="utf-8").startswith("# Battle for Bakhmut")


def test_script_reader_refuses_to_run_without_a_terminal(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "a.db"))  # stdin is /dev/null, stdout a pipe
    assert_one_line_error(result, "needs a terminal")
    assert result.stdout == ""
    assert not (tmp_path / "a.db").exists()


def test_export_to_a_file_counts_one_annotation_in_the_singular(
    db_path: Path, tmp_path: Path
) -> None:
    seed(db_path, notes=1)
    out = tmp_path / "one.md"
    result = invoke("export", "--db", str(db_path), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"Wrote 1 annotation to {out}\n"


def test_export_help_lists_the_markdown_options() -> None:
    shown = invoke("export", "--help").stdout
    for option in ("--front-matter", "--tags", "--notes [markdown|text]"):
        assert option in shown
