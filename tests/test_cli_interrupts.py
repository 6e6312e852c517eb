"""The console script's fast paths end as click's commands do: a closed pipe quietly with
status 1, ctrl+c while a big file is read with one line and status 130 — never a traceback."""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
from pathlib import Path

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
