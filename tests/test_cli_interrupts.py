"""The console script's fast paths end as click's commands do: a closed pipe quietly with
status 1, ctrl+c while a big file is read with one line and status 130, ctrl+c during an import
with an empty line and status 1 (click's Abort) — never a traceback."""

from __future__ import annotations

import os
import pty
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import ROOT, run

from annotations.document import load_embedded
from annotations.model import make_annotation
from annotations.store import Store


def seeded(db_path: Path) -> Path:
    document = load_embedded()
    with Store.open(db_path) as store:
        store.open_document(document)
        start = document.text.index("Bakhmut")
        store.add(make_annotation(document, start, start + 7, 1, "a note"))
    return db_path


def test_list_and_search_into_a_closed_pipe_end_quietly(tmp_path: Path) -> None:
    db = seeded(tmp_path / "notes.db")
    for args in (["list"], ["search", "Bakhmut"]):
        environment = {**os.environ, "PYTHONPATH": str(ROOT), "BAKHMUT_READ_DB": str(db)}
        code = f"import sys; sys.argv = ['bakhmut-read', *{args!r}]; from tui.cli import run; run()"
        read_end, write_end = os.pipe()
        os.close(read_end)  # the reading end is gone before anything is written
        process = subprocess.run(
            [sys.executable, "-c", code],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=environment,
            text=True,
        )
        os.close(write_end)
        assert process.returncode == 1, process.stderr
        assert process.stderr == ""


def test_list_still_prints_when_the_pipe_is_open(tmp_path: Path) -> None:
    result = run("list", "--db", str(seeded(tmp_path / "notes.db")))
    assert result.returncode == 0 and "1 highlight" in result.stdout


def test_ctrl_c_while_a_big_markdown_file_is_read_is_one_line(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    item = "- an item with **strong** words and `code`, long enough to be a real line\n"
    big.write_text("# Big\n\n" + item * 60_000, encoding="utf-8")  # about 4.5 MB of list
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "BAKHMUT_READ_DB": str(tmp_path / "notes.db"),
    }
    code = f"import sys; sys.argv = ['bakhmut-read', {str(big)!r}]; from tui.cli import run; run()"
    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", code], stdin=child, stdout=child, stderr=child, env=environment
    )
    os.close(child)
    output = b""
    while b"reading Markdown" not in output:  # the loading line: the parse has begun
        chunk = os.read(main, 4096)
        assert chunk, output
        output += chunk
    process.send_signal(signal.SIGINT)
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.close(main)
    assert process.wait() == 130
    text = output.decode("utf-8", "replace")
    assert "Traceback" not in text and "KeyboardInterrupt" not in text
    assert text.rstrip().endswith("bakhmut-read: interrupted")
    assert (
        not (tmp_path / "notes.db").exists() or Store.open(tmp_path / "notes.db").documents() == []
    )


def has_open(pid: int, path: str) -> bool:
    """Whether process `pid` has the file `path` open (a descriptor may close meanwhile)."""
    for descriptor in Path(f"/proc/{pid}/fd").iterdir():
        try:
            if os.readlink(descriptor) == path:
                return True
        except OSError:
            continue
    return False


def interrupted_import(module: str, exported: Path, db: Path) -> tuple[int, str, str, int]:
    """`import` run by `module`'s `run()`, sent ctrl+c once it has opened the database, where
    its first write waits for the lock this test holds: (status, stdout, stderr, rows)."""
    lock = sqlite3.connect(db, isolation_level=None)
    lock.execute("begin immediate")  # the import's first write waits (busy timeout) here
    code = f"from {module} import run; run()"
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", code, "import", str(exported), "--db", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment,
    )  # fmt: skip
    while not has_open(process.pid, os.path.realpath(f"{db}-shm")):
        assert process.poll() is None, process.communicate()  # it has not opened it yet
    process.send_signal(signal.SIGINT)
    lock.execute("rollback")  # the wait ends: the interrupt is seen
    out, err = process.communicate()
    rows = lock.execute("select count(*) from annotations").fetchone()[0]
    lock.close()
    return process.returncode, out, err, rows


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc/PID/fd")
def test_ctrl_c_during_an_import_ends_as_click_does(tmp_path: Path) -> None:
    """The fast path ends as click's Abort: an empty line on stderr, status 1, no traceback;
    the import had written nothing."""
    source = seeded(tmp_path / "source.db")
    exported = tmp_path / "notes.json"
    run("export", "--format", "json", "-o", str(exported), "--db", str(source))
    results = []
    for module in ("tui.cli", "tui.command_line"):
        db = tmp_path / f"{module}.db"
        with Store.open(db) as store:
            store.open_document(load_embedded())
        results.append(interrupted_import(module, exported, db))
    assert results[0] == results[1] == (1, "", "\n", 0)
