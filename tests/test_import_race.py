"""An import in another process races a reader: the reader is never held up for long, loses
nothing, and sees the import when it lands."""

from __future__ import annotations

import time
from pathlib import Path

from test_crash import start_child

from annotations.config import default_config
from annotations.document import load_embedded
from annotations.store import Store
from tui.reading import Outcome, ReadingSession

IMPORTED = 6000


def test_a_reader_keeps_writing_while_another_process_imports(db_path: Path) -> None:
    article = load_embedded()
    with Store.open(db_path) as store:
        store.open_document(article)
    child = start_child(db_path, "import", str(IMPORTED))  # returns once the child is ready
    with Store.open(db_path) as store:
        session = ReadingSession(article, store, default_config())
        assert session.load().ok
        outcomes: list[Outcome] = []
        slowest = 0.0
        offset = 100
        while child.poll() is None and len(outcomes) < 400:
            began = time.perf_counter()
            outcomes.append(session.add(offset, offset + 5, 2).outcome)
            slowest = max(slowest, time.perf_counter() - began)
            offset = 100 + (offset + 37) % 3000
            session.flush()  # retry what waited, in order, as the app's timer does
        assert child.wait(timeout=60) == 0
        while session.waiting:
            session.flush()
        assert Outcome.NOT_SAVED not in outcomes and Outcome.FAILED not in outcomes
        assert outcomes, "the reader wrote while the import ran"
        # A batch holds the lock for tens of ms and a write waits 80 ms at most before it
        # queues; the bound leaves room for a loaded machine, far below the old 10 s freeze.
        assert slowest < 1.0
        session.refresh()  # the import is seen (if the last flush did not already reload)…
        mine = [a for a in session.annotations if a.label == 2]
        assert len(mine) == len(outcomes)  # …and so is every highlight the reader made
        assert len(session.annotations) == IMPORTED + len(outcomes)
        session.close()
