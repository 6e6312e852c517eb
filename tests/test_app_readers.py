"""The app beside another writer: it sees its changes, waits when busy, asks about conflicts."""

from __future__ import annotations

import io
import re
import sqlite3
from pathlib import Path

from app_helpers import add, listed_ids, press, running, stored, type_text, wait_until
from rich.console import Console
from textual_internals import composited_screen

from annotations.document import Document
from annotations.store import Store
from tui.reading import BUSY_MESSAGE
from tui.screens.note_conflict import NoteConflictDialog, NoteDeletedDialog
from tui.screens.note_editor import NoteEditor

SGR = re.compile(r"\x1b\[[0-9;]*[mH]")
"""Colour, style and cursor moves: the only escape sequences Textual and Rich write for a frame."""
HOSTILE = "a\x1bcb\x1b]0;owned\x07c\x1b]52;c;ZXZpbA==\x07d\x1b[2J\x1b[31me\x9b1m\x9df\x85g"


def terminal_bytes(app: object) -> str:
    """The frame as the terminal would receive it (every layer composited)."""
    console = Console(width=120, height=36, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", legacy_windows=False)  # fmt: skip
    console.print(composited_screen(app))  # type: ignore[arg-type]
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(out, str)
    return out


async def test_the_app_shows_another_readers_change(db_path: Path, article: Document) -> None:
    with Store.open(db_path) as store:
        store.open_document(article)
        async with running(article, store) as (app, pilot):
            with Store.open(db_path) as other:
                add(other, article, "Prigozhin", label=2, note="from B")
            assert await wait_until(pilot, lambda: len(app.annotations) == 1, timeout=5)
            assert listed_ids(app) == [app.annotations[0].id]  # the notes pane refreshed too


async def test_a_busy_database_waits_and_the_app_stays_responsive(
    db_path: Path, article: Document
) -> None:
    with Store.open(db_path) as store:
        store.open_document(article)
        mark = add(store, article, "Bakhmut")
        store.save_cursor(article.source, mark.start)
        async with running(article, store) as (app, pilot):
            blocker = sqlite3.connect(db_path)
            blocker.execute("BEGIN IMMEDIATE")
            try:
                await press(pilot, "3")
                assert app.status_note == BUSY_MESSAGE and app.session.waiting
                before = app.article.cursor
                await press(pilot, "l")  # a motion is handled while the change waits
                assert app.article.cursor == before + 1
                assert [a.label for a in stored(db_path, article.source)] == [1]
            finally:
                blocker.rollback()
                blocker.close()
            assert await wait_until(pilot, lambda: not app.session.waiting, timeout=5)
            assert app.status_note.startswith("saved")
        assert [a.label for a in stored(db_path, article.source)] == [3]


async def test_a_busy_change_is_reported_not_saved_after_the_limit(
    db_path: Path, article: Document
) -> None:
    with Store.open(db_path) as store:
        store.open_document(article)
        mark = add(store, article, "Bakhmut")
        store.save_cursor(article.source, mark.start)
        async with running(article, store) as (app, pilot):
            app.session._queue.give_up_after = 0.3  # the stated 30 s, shortened for the test
            blocker = sqlite3.connect(db_path)
            blocker.execute("BEGIN IMMEDIATE")
            try:
                await press(pilot, "3")
                assert await wait_until(pilot, lambda: not app.session.waiting, timeout=5)
                assert "not saved" in app.status_note
            finally:
                blocker.rollback()
                blocker.close()


async def _editing_a_deleted_highlight(db_path: Path, article: Document, key: str) -> None:
    with Store.open(db_path) as store:
        store.open_document(article)
        mark = add(store, article, "Bakhmut", label=2)
        store.save_cursor(article.source, mark.start)
        async with running(article, store) as (app, pilot):
            await press(pilot, "a")
            await type_text(pilot, "kept")
            with Store.open(db_path) as other:
                other.delete(mark.id)
            await press(pilot, key)
            if key != "ctrl+q":  # ctrl+q saves the note on a new highlight and leaves
                assert not isinstance(app.screen, NoteEditor)
                assert isinstance(app.screen, NoteDeletedDialog)
                await press(pilot, "n")
    [again] = stored(db_path, article.source)
    assert (again.quote, again.label, again.note) == ("Bakhmut", 2, "kept")


async def test_a_deleted_highlights_editor_closes_with_escape(
    db_path: Path, article: Document
) -> None:
    await _editing_a_deleted_highlight(db_path, article, "escape")


async def test_a_deleted_highlights_editor_closes_with_ctrl_s(
    db_path: Path, article: Document
) -> None:
    await _editing_a_deleted_highlight(db_path, article, "ctrl+s")


async def test_a_deleted_highlights_editor_closes_with_ctrl_q(
    db_path: Path, article: Document
) -> None:
    await _editing_a_deleted_highlight(db_path, article, "ctrl+q")


async def test_the_note_can_be_discarded_explicitly(db_path: Path, article: Document) -> None:
    with Store.open(db_path) as store:
        store.open_document(article)
        mark = add(store, article, "Bakhmut")
        store.save_cursor(article.source, mark.start)
        async with running(article, store) as (app, pilot):
            await press(pilot, "a")
            await type_text(pilot, "dropped")
            with Store.open(db_path) as other:
                other.delete(mark.id)
            await press(pilot, "escape")
            await press(pilot, "d")
            assert app.message == "Note discarded"
    assert stored(db_path, article.source) == []


async def test_two_editors_of_one_note_keep_both(db_path: Path, article: Document) -> None:
    with Store.open(db_path) as store:
        store.open_document(article)
        mark = add(store, article, "Bakhmut", note="old")
        store.save_cursor(article.source, mark.start)
        async with running(article, store) as (app, pilot):
            await press(pilot, "a")
            await type_text(pilot, " mine")
            with Store.open(db_path) as other:
                other.update(mark.id, note="theirs")
            await press(pilot, "ctrl+s")
            assert isinstance(app.screen, NoteConflictDialog)
            await press(pilot, "b")
    [saved] = stored(db_path, article.source)
    assert saved.note.startswith("theirs") and saved.note.endswith("old mine")


async def test_no_control_character_of_a_note_reaches_the_terminal(
    db_path: Path, article: Document
) -> None:
    with Store.open(db_path) as store:
        store.open_document(article)
        mark = add(store, article, "Bakhmut", note=HOSTILE)
        store.save_cursor(article.source, mark.start)
        async with running(article, store) as (app, pilot):
            await press(pilot, "a")
            assert isinstance(app.screen, NoteEditor)
            frame = SGR.sub("", terminal_bytes(app))
            assert "␛" in frame  # the note is on screen, as pictures
            leaked = [c for c in frame if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0]
            assert leaked == []
            await press(pilot, "escape")  # untouched: the stored bytes stay as they were
    assert [a.note for a in stored(db_path, article.source)] == [HOSTILE]
