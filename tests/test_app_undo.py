"""Undo (u) and redo (ctrl+r) of annotation changes, across a restart of the app and the store.

The rules of the history itself (order, messages, a new change dropping the redo, one history
per document) are tested on ReadingSession in tests/test_reading.py.
"""

from __future__ import annotations

from pathlib import Path

from app_helpers import move_to, notices, press, running, span_of, stored, type_text

from annotations.document import Document
from annotations.model import Annotation
from annotations.store import Store
from tui.app import ReaderApp


def state(annotations: list[Annotation]) -> list[tuple[str, int, str]]:
    return [(a.quote, a.label, a.note) for a in annotations]


def check(app: ReaderApp, db_path: Path, source: str, expected: list[tuple[str, int, str]]) -> None:
    """The store (read through a new connection) and the app's own view agree with `expected`."""
    assert state(stored(db_path, source)) == expected
    assert state(app.annotations) == expected


async def test_undo_and_redo_walk_the_history_after_a_restart(
    article: Document, db_path: Path
) -> None:
    start, _ = span_of(article, "Podolyak")
    first_store = Store.open(db_path)
    async with running(article, first_store) as (app, pilot):
        move_to(app, start)
        await press(pilot, "1")  # add
        await press(pilot, "3")  # relabel
        await press(pilot, "a")  # note
        await type_text(pilot, "aide")
        await press(pilot, "ctrl+s")
        (added,) = app.annotations
        await press(pilot, "x")  # delete
        check(app, db_path, article.source, [])
    first_store.close()

    with Store.open(db_path) as second_store:
        async with running(article, second_store) as (app, pilot):
            assert app.annotations == []
            await press(pilot, "g")  # the cursor far from the highlight
            await press(pilot, "u")  # undo the delete
            check(app, db_path, article.source, [("Podolyak", 3, "aide")])
            assert [a.id for a in stored(db_path, article.source)] == [added.id]
            assert app.article.cursor == start
            await press(pilot, "u")  # undo the note
            check(app, db_path, article.source, [("Podolyak", 3, "")])
            await press(pilot, "u")  # undo the relabel
            check(app, db_path, article.source, [("Podolyak", 1, "")])
            await press(pilot, "u")  # undo the add
            check(app, db_path, article.source, [])
            await press(pilot, "u")
            assert "Nothing to undo" in notices(app)
            check(app, db_path, article.source, [])

            await press(pilot, "ctrl+r")  # redo the add
            check(app, db_path, article.source, [("Podolyak", 1, "")])
            await press(pilot, "ctrl+r")  # redo the relabel
            check(app, db_path, article.source, [("Podolyak", 3, "")])
            await press(pilot, "ctrl+r")  # redo the note
            check(app, db_path, article.source, [("Podolyak", 3, "aide")])
            await press(pilot, "ctrl+r")  # redo the delete
            check(app, db_path, article.source, [])
            await press(pilot, "ctrl+r")
            assert "Nothing to redo" in notices(app)
            check(app, db_path, article.source, [])
