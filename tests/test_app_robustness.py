"""Nothing the user typed is lost, and odd input never crashes the reader."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from app_helpers import press, running, type_text
from textual.widgets import Input, Static

from annotations.document import Document
from annotations.model import make_annotation
from annotations.store import Store
from tui.screens.export import ExportDialog
from tui.screens.note_editor import NoteEditor


def word(article: Document, text: str) -> tuple[int, int]:
    start = article.text.index(text)
    return start, start + len(text)


async def test_quitting_with_the_editor_open_saves_the_note(
    db_path: Path, article: Document
) -> None:
    with Store.open(db_path) as store:
        async with running(article, store) as (app, pilot):
            await press(pilot, "a")
            assert isinstance(app.screen, NoteEditor)
            await type_text(pilot, "typed then quit")
            await press(pilot, "ctrl+q")
        assert app.return_code == 0
    with Store.open(db_path) as store:
        [saved] = store.annotations(article.source)
        assert saved.note == "typed then quit"


REFUSE_UPDATES = (
    "CREATE TRIGGER refuse BEFORE UPDATE ON annotations BEGIN SELECT RAISE(ABORT, 'refused'); END"
)


async def test_a_note_that_cannot_be_saved_comes_back_in_the_editor(
    db_path: Path, article: Document
) -> None:
    with Store.open(db_path) as store:
        store.open_document(article)
        doomed = store.add(make_annotation(article, *word(article, "Bakhmut")))
        store.save_cursor(article.source, doomed.start)
        async with running(article, store) as (app, pilot):
            await press(pilot, "a")
            await type_text(pilot, "precious words")
            with sqlite3.connect(db_path) as other:  # another program refuses every update
                other.execute(REFUSE_UPDATES)
            await press(pilot, "ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, NoteEditor)
            assert app.screen.query_one("#note-text").text == "precious words"  # type: ignore[attr-defined]
            await press(pilot, "escape")  # fails again: the editor closes, the text is kept
            await pilot.pause()
            assert not isinstance(app.screen, NoteEditor)
            assert app.session.drafts == {doomed.id: "precious words"}
            await press(pilot, "a")
            assert isinstance(app.screen, NoteEditor)
            assert app.screen.query_one("#note-text").text == "precious words"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("~nosuchuser123/notes.md", "home directory"),  # `~user` expanded: an unknown user
        ("x" * 300 + ".md", "too long"),  # refused when checked for an existing file
    ],
)
async def test_export_to_an_impossible_path_is_explained(
    typed: str,
    reason: str,
    article: Document,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    async with running(article, store) as (app, pilot):
        await press(pilot, "E")
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one(Input).value = typed
        await press(pilot, "enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)  # the dialog stays open and says why
        hint = str(app.screen.query_one("#export-hint", Static).render())
        assert reason in hint
        assert app.screen.query_one(Input).value == typed
    assert list(work.iterdir()) == []


async def test_the_notes_filter_follows_an_edited_note(article: Document, store: Store) -> None:
    store.open_document(article)
    one = store.add(make_annotation(article, *word(article, "Kyiv"), note="alpha"))
    store.add(make_annotation(article, *word(article, "Putin"), note="gamma"))
    async with running(article, store) as (app, pilot):
        await press(pilot, "tab", "slash")
        await type_text(pilot, "alpha")
        await press(pilot, "enter")
        assert app.notes.selected_id == one.id
        app.notes.select_annotation(one.id)
        await press(pilot, "a")
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        editor.query_one("#note-text").text = "beta"  # type: ignore[attr-defined]
        await press(pilot, "ctrl+s")
        header = str(app.query_one("#notes-header", Static).render())
        assert "0 of 2" in header


async def test_tab_closes_an_open_search(article: Document, store: Store) -> None:
    async with running(article, store) as (app, pilot):
        await press(pilot, "slash")
        search = app.query_one("#search", Input)
        assert search.display
        await press(pilot, "tab")
        assert not search.display
