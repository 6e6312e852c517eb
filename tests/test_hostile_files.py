"""FIFOs, devices, sockets, symlink loops, oversized and odd files: refused in one line, before
they are opened, for documents, databases, configs and imports; no read is unbounded."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest
from cli_helpers import ROOT, assert_one_line_error, invoke

from annotations.config import MAX_CONFIG_BYTES, load_config
from annotations.files import ReadError, read_bounded
from annotations.formats.w3c_import import MAX_IMPORT_BYTES


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A command that blocks on a FIFO fails the test after 20 s instead of hanging the suite."""

    def give_up(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError("blocked: a FIFO or device was opened for reading")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(20)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def special(tmp_path: Path, kind: str) -> Path:
    if kind == "fifo":
        os.mkfifo(tmp_path / "fifo")
        return tmp_path / "fifo"
    if kind == "socket":
        os.chdir(tmp_path)  # a short name: socket paths are limited to about 100 bytes
        server = socket.socket(socket.AF_UNIX)
        server.bind("sock")
        server.close()
        return tmp_path / "sock"
    if kind == "loop":
        (tmp_path / "loop-a").symlink_to(tmp_path / "loop-b")
        (tmp_path / "loop-b").symlink_to(tmp_path / "loop-a")
        return tmp_path / "loop-a"
    return Path(kind)


KINDS = {
    "fifo": "FIFO",
    "socket": "socket",
    "/dev/zero": "character device",
    "/dev/urandom": "character device",
    "loop": "too many levels of symbolic links (a symlink loop)",
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_special_files_are_refused_for_every_role(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = special(tmp_path, kind)
    db = tmp_path / "a.db"
    for command in (["export", str(path)], [str(path)], ["import", str(path)]):
        assert_one_line_error(invoke(*command, "--db", str(db)), str(path), KINDS[kind])
    assert not db.exists()
    empty = _write(tmp_path / "empty.json", b"[]")
    for command in (["list"], ["search", "x"], ["export"], ["import", str(empty)]):
        assert_one_line_error(invoke(*command, "--db", str(path)), KINDS[kind])


@pytest.mark.parametrize("kind", list(KINDS))
def test_special_config_files_are_a_warning_and_the_defaults(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = special(tmp_path, kind)
    config = load_config(path)
    assert config.warning is not None and KINDS[kind] in config.warning
    assert config.label_names[1] == "Key point"
    result = invoke(
        "export", "--db", str(tmp_path / "a.db"), env={"BAKHMUT_READ_CONFIG": str(path)}
    )
    assert result.exit_code == 0 and result.stdout.startswith("# Battle for Bakhmut")


def test_export_to_a_fifo_or_device_is_refused(tmp_path: Path) -> None:
    fifo = special(tmp_path, "fifo")
    for target in (fifo, Path("/dev/null")):
        result = invoke("export", "--db", str(tmp_path / "a.db"), "-o", str(target), "--force")
        assert_one_line_error(result, "not a regular file")
    assert fifo.exists() and Path("/dev/null").is_char_device()


@pytest.mark.parametrize("role", ["document", "database", "import", "config"])
def test_a_fifo_never_hangs_the_real_command(tmp_path: Path, role: str) -> None:
    """In a real process, as a user meets it: a FIFO nobody writes to."""
    fifo = special(tmp_path, "fifo")
    args = {
        "document": ["export", str(fifo), "--db", str(tmp_path / "a.db")],
        "database": ["list", "--db", str(fifo)],
        "import": ["import", str(fifo), "--db", str(tmp_path / "a.db")],
        "config": ["export", "--db", str(tmp_path / "a.db")],
    }[role]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BAKHMUT_READ_CONFIG": str(fifo)}
    code = "from tui.cli import run; run()"
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=30,
    )
    if role == "config":
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("# Battle for Bakhmut")
    else:
        assert_one_line_error(result, "FIFO")


def test_a_read_is_bounded_even_when_the_size_lies(tmp_path: Path) -> None:
    maps = Path("/proc/self/maps")  # a regular file whose st_size is 0
    if not maps.exists() or maps.stat().st_size != 0:
        pytest.skip("no /proc with size-less files here")
    with pytest.raises(ReadError, match="too large \\(over the limit of 16 bytes\\)"):
        read_bounded(maps, 16, "a text file")
    assert read_bounded(maps, 10 * 1024 * 1024, "a text file")


def test_a_config_nested_too_deeply_is_a_warning(tmp_path: Path) -> None:
    config = tmp_path / "deep.toml"
    config.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    loaded = load_config(config)
    assert loaded.warning is not None and "nested too deeply" in loaded.warning
    assert loaded.label_names[1] == "Key point"
    result = invoke(
        "export", "--db", str(tmp_path / "a.db"), env={"BAKHMUT_READ_CONFIG": str(config)}
    )
    assert result.exit_code == 0, result.stderr


def test_an_oversized_config_is_a_warning(tmp_path: Path) -> None:
    config = tmp_path / "big.toml"
    with config.open("wb") as handle:
        handle.truncate(MAX_CONFIG_BYTES + 1)
    loaded = load_config(config)
    assert loaded.warning is not None and "too large" in loaded.warning


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b'{"n": ' + b"9" * 5000 + b"}", "a number in it is too long (over 4,300 digits)"),
        (b"[" * 10_000 + b"]" * 10_000, "nested too deeply"),
        (b'{"type": "Annotation", "target": ' + b"[" * 985 + b"]" * 985 + b"}", "nested"),
        (b'{"label": "caf\xe9"}', "not UTF-8"),
        (b"\xff\xfe{\x00}\x00", "not UTF-8"),
        (b"{}", "expected a W3C AnnotationCollection"),
        (b"null", "not null"),
        (b'"' + b"x" * (20 * 1024 * 1024) + b'"', "not a string"),
    ],
)
def test_odd_imports_are_one_line_and_write_nothing(
    tmp_path: Path, data: bytes, fragment: str
) -> None:
    path = _write(tmp_path / "odd.json", data)
    db = tmp_path / "a.db"
    assert_one_line_error(invoke("import", str(path), "--db", str(db)), fragment)
    assert not db.exists()


def test_an_import_of_an_empty_list_imports_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path / "empty.json", b"[]")
    result = invoke("import", str(path), "--db", str(tmp_path / "a.db"))
    assert result.exit_code == 0, result.stderr
    assert "0 added, 0 updated, 0 unchanged" in result.stdout


def test_an_oversized_import_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(MAX_IMPORT_BYTES + 1)
    db = tmp_path / "a.db"
    assert_one_line_error(invoke("import", str(big), "--db", str(db)), "too large", "67,108,864")
    assert not db.exists()
