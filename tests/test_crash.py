"""kill -9 at a random moment: the database is intact and every reported write is in it."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).resolve().parent / "crash_child.py"


def start_child(db_path: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(db_path), *args],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n"
    return child


def kill_after(
    child: subprocess.Popen[str], delay: float, *, may_finish: bool = False
) -> list[str]:
    """SIGKILL after `delay` seconds; the complete lines the child printed before it died.

    A child that `may_finish` (the import) may be done before the signal: that is fine too.
    """
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    assert child.stdout is not None
    out = child.stdout.read()  # what readline() left buffered, too (communicate would not)
    assert child.wait() in ((-signal.SIGKILL, 0) if may_finish else (-signal.SIGKILL,))
    return [line for line in out.split("\n")[:-1]]  # a cut-off last line was never reported


def history(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """(action, id, note) of every journalled write, oldest first."""
    found = []
    for action, before, after in conn.execute(
        "select action, before, after from history order by seq"
    ):
        record = json.loads(after or before)
        found.append((action, record["id"], record["note"]))
    return found


@pytest.mark.parametrize("run", range(50))
def test_kill_9_while_writing_loses_no_reported_write(tmp_path: Path, run: int) -> None:
    db_path = tmp_path / "crash.db"
    child = start_child(db_path, "writes")
    reported = [
        tuple(line.split(" ", 2)) for line in kill_after(child, random.Random(run).uniform(0, 0.08))
    ]
    conn = sqlite3.connect(db_path)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    journal = history(conn)
    # The child is the only writer: what it reported is what was committed first, and at most
    # one more write (committed, killed before it could print) follows.
    assert journal[: len(reported)] == reported
    assert len(journal) - len(reported) in (0, 1)
    expected: dict[str, str] = {}
    for action, annotation_id, note in journal:
        if action == "delete":
            del expected[annotation_id]
        else:
            expected[annotation_id] = note
    stored = dict(conn.execute("select id, note from annotations").fetchall())
    assert stored == expected
    conn.close()


@pytest.mark.parametrize("run", range(5))
def test_kill_9_during_an_import_leaves_whole_batches_that_undo(tmp_path: Path, run: int) -> None:
    from annotations.document import load_embedded
    from annotations.store import Store
    from annotations.store.importing import BATCH_SIZE

    db_path = tmp_path / "import.db"
    child = start_child(db_path, "import", "3000")
    kill_after(child, random.Random(run).uniform(0.0, 0.4), may_finish=True)
    conn = sqlite3.connect(db_path)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    rows = conn.execute("select count(*) from annotations").fetchone()[0]
    entries = conn.execute("select count(*) from history where action = 'import'").fetchone()[0]
    conn.close()
    assert rows == min(entries * BATCH_SIZE, 3000)  # whole batches, each with its journal entry
    source = load_embedded().source
    with Store.open(db_path) as store:
        assert len(store.annotations(source)) == rows
        if rows:
            change = store.undo(source)
            assert change is not None and change.action == "import" and change.count == rows
        assert store.annotations(source) == []
