"""Notes: `a` opens the note editor; ctrl+s and escape both save; `a` in the notes pane edits."""

from __future__ import annotations

from pathlib import Path

from app_helpers import add, move_to, press, running, span_of, stored, type_text
from textual.widgets import TextArea

from annotations.document import Document
from annotations.store import Store
from tui.screens.note_editor import NoteEditor
from tui.widgets.article import ArticleView


async def test_a_on_a_highlight_opens_the_editor_and_ctrl_s_saves(
    article: Document, store: Store, db_path: Path
) -> None:
    original = add(store, article, "not to retreat", label=2)
    async with running(article, store) as (app, pilot):
        move_to(app, original.start + 2)
        await press(pilot, "a")
        assert isinstance(app.screen, NoteEditor)
        editor = app.screen.query_one("#note-text", TextArea)
        assert editor.has_focus
        assert editor.text == ""
        await type_text(pilot, "his word")
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, NoteEditor)
        assert app.focused is app.article
        view = app.query_one(ArticleView)
        row = view.row_of(original.start) - view.scroll_offset.y
        assert "✎" in view.render_line(row).text  # the gutter marks a noted highlight
    (annotation,) = stored(db_path, article.source)
    assert (annotation.id, annotation.label, annotation.note) == (original.id, 2, "his word")


async def test_a_again_edits_the_existing_note(
    article: Document, store: Store, db_path: Path
) -> None:
    original = add(store, article, "not to retreat", note="first")
    async with running(article, store) as (app, pilot):
        move_to(app, original.start)
        await press(pilot, "a")
        editor = app.screen.query_one("#note-text", TextArea)
        assert editor.text == "first"
        assert editor.cursor_location == (0, len("first"))  # typing appends
        await type_text(pilot, " two")
        await press(pilot, "ctrl+s")
    (annotation,) = stored(db_path, article.source)
    assert annotation.note == "first two"


async def test_a_multi_line_note_is_saved_with_its_newline(
    article: Document, store: Store, db_path: Path
) -> None:
    original = add(store, article, "grinding down enemy forces")
    async with running(article, store) as (app, pilot):
        move_to(app, original.start)
        await press(pilot, "a")
        await press(pilot, "o", "enter", "t", "ctrl+s")
    (annotation,) = stored(db_path, article.source)
    assert annotation.note == "o\nt"


async def test_a_with_a_selection_creates_a_label_1_highlight_with_that_note(
    article: Document, store: Store, db_path: Path
) -> None:
    start, end = span_of(article, "Mykhailo Podolyak")
    async with running(article, store) as (app, pilot):
        move_to(app, start)
        await press(pilot, "v", "e", "e", "a")
        assert isinstance(app.screen, NoteEditor)
        await type_text(pilot, "aide")
        await press(pilot, "ctrl+s")
        assert app.article.selection is None
    (annotation,) = stored(db_path, article.source)
    assert (annotation.start, annotation.end) == (start, end)
    assert annotation.quote == "Mykhailo Podolyak"
    assert (annotation.label, annotation.note) == (1, "aide")


async def test_a_on_a_word_then_escape_saves_a_new_noted_highlight(
    article: Document, store: Store, db_path: Path
) -> None:
    start, end = span_of(article, "Kofman")
    async with running(article, store) as (app, pilot):
        move_to(app, start + 2)
        await press(pilot, "a")
        assert isinstance(app.screen, NoteEditor)
        await type_text(pilot, "wry")
        await press(pilot, "escape")  # closing with escape saves too: a note is never dropped
        assert not isinstance(app.screen, NoteEditor)
        # The escape went to the editor only: the article is still in normal mode, same place.
        assert app.article.cursor == start + 2
        assert not app.article.visual
    (annotation,) = stored(db_path, article.source)
    assert (annotation.start, annotation.end, annotation.quote) == (start, end, "Kofman")
    assert (annotation.label, annotation.note) == (1, "wry")


async def test_closing_the_editor_unchanged_writes_nothing(
    article: Document, store: Store, db_path: Path
) -> None:
    original = add(store, article, "not to retreat", note="kept")
    async with running(article, store) as (app, pilot):
        move_to(app, original.start)
        await press(pilot, "a", "escape")
        assert not isinstance(app.screen, NoteEditor)
    (annotation,) = stored(db_path, article.source)
    assert annotation == original  # same note, same `updated` time: no write happened


async def test_a_in_the_notes_pane_edits_the_selected_entry(
    article: Document, store: Store, db_path: Path
) -> None:
    first = add(store, article, "Chasiv Yar")
    second = add(store, article, "Kostiantynivka", note="town")
    async with running(article, store) as (app, pilot):
        await press(pilot, "tab")
        assert app.focused is not None and app.focused.id == "notes-list"
        assert app.notes.selected_id == first.id
        await press(pilot, "j")
        assert app.notes.selected_id == second.id
        await press(pilot, "a")
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one("#note-text", TextArea).text == "town"
        await type_text(pilot, " hit")
        await press(pilot, "ctrl+s")
        assert app.focused is not None and app.focused.id == "notes-list"
    notes = {a.id: a.note for a in stored(db_path, article.source)}
    assert notes == {first.id: "", second.id: "town hit"}


async def test_the_pane_keeps_its_entry_after_editing_a_note_there(
    article: Document, store: Store, db_path: Path
) -> None:
    add(store, article, "Chasiv Yar")
    second = add(store, article, "Kostiantynivka")
    async with running(article, store) as (app, pilot):
        await press(pilot, "tab", "j", "a")
        await type_text(pilot, "hit")
        await press(pilot, "ctrl+s")
        assert app.notes.selected_id == second.id
        await press(pilot, "x")  # delete the entry just edited
    assert [a.quote for a in stored(db_path, article.source)] == ["Chasiv Yar"]


async def test_a_closed_editor_is_removed_and_the_next_shows_only_its_highlight(
    article: Document, store: Store, db_path: Path
) -> None:
    """The editor stays installed until the frame after it closed, then goes; the next one
    shows its own highlight's quote, label and note, with an undo history of its own."""
    first = add(store, article, "not to retreat", label=2, note="old")
    second = add(store, article, "grinding down enemy forces", label=3)
    async with running(article, store) as (app, pilot):
        move_to(app, first.start)
        await press(pilot, "a")
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        await type_text(pilot, " one")
        await press(pilot, "ctrl+s")
        await pilot.pause()
        assert not editor.is_attached and not app.is_screen_installed(editor)
        move_to(app, second.start)
        await press(pilot, "a")
        assert isinstance(app.screen, NoteEditor) and app.screen is not editor
        text = app.screen.query_one("#note-text", TextArea)
        assert text.text == "" and text.has_focus
        quote = str(app.screen.query_one("#note-quote").render())
        assert "grinding down enemy forces" in quote and "not to retreat" not in quote
        await press(pilot, "ctrl+z")  # nothing of the first note to undo
        assert text.text == ""
        await type_text(pilot, "two")
        await press(pilot, "ctrl+s", "escape")
        assert not isinstance(app.screen, NoteEditor)
    notes = {a.id: a.note for a in stored(db_path, article.source)}
    assert notes == {first.id: "old one", second.id: "two"}
