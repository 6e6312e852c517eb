"""Writing files atomically (`write_output`): never truncating, never half-written."""

from __future__ import annotations

from pathlib import Path

import pytest
from read_only import make_read_only, make_writable

from annotations.files import OutputExistsError, WriteError, write_output


def leftovers(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir() if path.name.endswith(".tmp"))


def test_write_output_creates_the_file(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    write_output(target, "# Notes\n")
    assert target.read_bytes() == b"# Notes\n"
    assert leftovers(tmp_path) == []


def test_write_output_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_bytes(b"precious \xff bytes")
    with pytest.raises(OutputExistsError) as error:
        write_output(target, "new")
    assert str(error.value) == f"{target} exists; use --force to overwrite"
    assert target.read_bytes() == b"precious \xff bytes"
    assert leftovers(tmp_path) == []


def test_write_output_overwrites_with_force(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_text("old and longer than the new content", encoding="utf-8")
    write_output(target, "new ¶\n", force=True)
    assert target.read_text(encoding="utf-8") == "new ¶\n"
    assert leftovers(tmp_path) == []


def test_write_output_missing_directory_is_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(WriteError) as error:
        write_output(tmp_path / "nowhere" / "notes.md", "x")
    assert "does not exist" in str(error.value)
    assert "\n" not in str(error.value)
    assert not (tmp_path / "nowhere").exists()


def test_write_output_to_a_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="is a directory"):
        write_output(tmp_path, "x", force=True)


def test_write_output_permission_denied_leaves_nothing(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    try:
        if not make_read_only(locked, 0o500):
            pytest.skip("this file system cannot lock a directory for this user")
        with pytest.raises(WriteError, match="permission denied"):
            write_output(locked / "notes.md", "x")
        assert list(locked.iterdir()) == []
    finally:
        make_writable(locked, 0o700)


def test_write_output_keeps_line_endings_as_given(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    write_output(target, "a\nb\n")
    assert target.read_bytes() == b"a\nb\n"


def test_write_output_never_replaces_a_databases_shared_memory_file(tmp_path: Path) -> None:
    """`x.db-shm` has no signature of its own: it is known by the database beside it, so the
    reader's export prompt, too, cannot be pointed at it."""
    database = tmp_path / "notes.db"
    database.write_bytes(b"SQLite format 3\x00" + bytes(100))
    shm = tmp_path / "notes.db-shm"
    shm.write_bytes(b"\x00" * 64)
    with pytest.raises(WriteError, match="SQLite database"):
        write_output(shm, "# Notes\n", force=True)
    assert shm.read_bytes() == b"\x00" * 64
    unrelated = tmp_path / "plain-shm"
    unrelated.write_text("old")
    write_output(unrelated, "new", force=True)  # no database beside it: an ordinary file
    assert unrelated.read_text() == "new"
