"""The library (ctrl+o): every document listed, filtered as you type, opened in place; a file
whose text is gone opens read-only from its stored copy; a new file by path with completion."""

from __future__ import annotations

from pathlib import Path

from app_helpers import (
    add,
    listed_ids,
    press,
    running,
    span_of,
    stored,
    stored_cursor,
    type_text,
    wait_until,
)
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList

from annotations.document import Document, build_document, load_path
from annotations.store import Store
from tui.app import ReaderApp
from tui.keys import KEYS
from tui.screens.library import LibraryScreen
from tui.screens.note_editor import NoteEditor
from tui.screens.path_prompt import PathInput, PathPrompt
from tui.widgets.status import StatusLine

TEXTS = {
    "alpha.txt": "Alpha essay\n\nThe alpha paragraph speaks of rivers and hills.\n\nA second "
    "alpha paragraph.\n",
    "beta.txt": "Beta notes\n\nBeta talks about mountains and snow.\n\nMore beta words here.\n",
    "gamma.txt": "Gamma letter\n\nGamma writes about the sea.\n",
}
OPENED = {"gamma.txt": "2026-11-03T10:00:00.000Z", "beta.txt": "2026-11-02T10:00:00.000Z"}
"""Fixed last-opened times (older than the open document's, which is now)."""


def set_opened(db_path: Path, source: str, when: str) -> None:
    """Setup: when a document was last opened."""
    with Store.open(db_path) as store:
        store.mark_opened(source, when)


def shelf(tmp_path: Path, db_path: Path, store: Store, article: Document) -> dict[str, Document]:
    """Three files in the store besides the article: alpha 2 highlights (1 note), beta 1 (with
    a note), gamma none (read half way); opened gamma, then beta, then the article long ago."""
    folder = tmp_path / "reading"
    folder.mkdir()
    documents = {}
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
        documents[name] = load_path(folder / name)
        store.open_document(documents[name])
    alpha, beta = documents["alpha.txt"], documents["beta.txt"]
    add(store, alpha, "rivers")
    add(store, alpha, "hills", label=2, note="Which hills?")
    add(store, beta, "mountains", note="High ones")
    gamma = documents["gamma.txt"]
    store.save_cursor(gamma.source, (len(gamma.text) - 1) // 2)  # half way
    for name, when in OPENED.items():
        set_opened(db_path, documents[name].source, when)
    set_opened(db_path, article.source, "2026-10-01T10:00:00.000Z")
    return documents


def library(app: ReaderApp) -> LibraryScreen:
    assert isinstance(app.screen, LibraryScreen)
    return app.screen


def cells(screen: LibraryScreen, source: str) -> list[str]:
    table = screen.query_one(DataTable)
    return [str(getattr(cell, "plain", cell)) for cell in table.get_row(source)]


def status(app: ReaderApp) -> str:
    return str(app.query_one(StatusLine).render())


async def open_in_place(app: ReaderApp, pilot: Pilot[None], source: str) -> None:
    """Wait until the reader shows `source`'s document, the library closed."""
    assert await wait_until(
        pilot,
        lambda: (
            app.document.source == source
            and len(app.screen_stack) == 1
            and app.article.document.source == source
        ),
    )
    await pilot.pause()


async def test_ctrl_o_lists_every_document_most_recent_first_with_counts(
    tmp_path: Path, db_path: Path, store: Store, article: Document
) -> None:
    docs = shelf(tmp_path, db_path, store, article)
    alpha, beta, gamma = docs["alpha.txt"], docs["beta.txt"], docs["gamma.txt"]
    assert [key.keys for key in KEYS if key.id == "app.library"] == ["ctrl+o"]
    async with running(alpha, store) as (app, pilot):
        await press(pilot, "ctrl+o")
        screen = library(app)
        assert screen.shown_sources == [alpha.source, gamma.source, beta.source, article.source]
        title, where, highlights, notes, read, opened = cells(screen, alpha.source)
        assert title == "● Alpha essay"  # the open document
        assert where.endswith("reading/alpha.txt") and (highlights, notes) == ("2", "1")
        assert read.endswith("%") and opened == "open now"
        assert cells(screen, beta.source)[2:5] == ["1", "1", "0%"]
        assert cells(screen, gamma.source)[2:5] == ["0", "0", "50%"]
        assert cells(screen, article.source)[1] == "(built in)"
        assert cells(screen, beta.source)[5] == "2026-11-02"
        table = screen.query_one(DataTable)
        assert table.cursor_row == 1  # on the document read before this one, as alt-tab
        await press(pilot, "escape")
        assert len(app.screen_stack) == 1 and app.document.source == alpha.source


async def test_typing_filters_by_title_or_path(
    tmp_path: Path, db_path: Path, store: Store, article: Document
) -> None:
    docs = shelf(tmp_path, db_path, store, article)
    async with running(docs["alpha.txt"], store) as (app, pilot):
        await press(pilot, "ctrl+o")
        screen = library(app)
        await type_text(pilot, "beta")
        assert screen.shown_sources == [docs["beta.txt"].source]
        await press(pilot, *["backspace"] * 4)
        await type_text(pilot, "reading txt")  # words of the path, in any order
        assert len(screen.shown_sources) == 3
        await type_text(pilot, " zzz")
        assert screen.shown_sources == []
        assert "No document matches" in str(screen.query_one("#library-hint").render())


async def test_enter_opens_the_chosen_document_in_place(
    tmp_path: Path, db_path: Path, store: Store, article: Document
) -> None:
    docs = shelf(tmp_path, db_path, store, article)
    alpha, beta = docs["alpha.txt"], docs["beta.txt"]
    async with running(alpha, store) as (app, pilot):
        first_reader = app.session.reader
        before = listed_ids(app)
        app.go_to(span_of(alpha, "second")[0])
        await pilot.pause()
        await press(pilot, "ctrl+o")
        await type_text(pilot, "beta")
        await press(pilot, "enter")
        await open_in_place(app, pilot, beta.source)
        assert app.title == "Beta notes"
        assert "mountains" in app.article.document.text
        assert listed_ids(app) == [a.id for a in stored(db_path, beta.source)] != before
        assert "¶1/2" in status(app)
        # The position in alpha was saved on the way out; the reader registration followed.
        assert stored_cursor(db_path, alpha.source) == span_of(alpha, "second")[0]
        with Store.open(db_path) as fresh:
            running_readers = [row[0] for row in fresh.db.execute("select id from readers")]
        assert running_readers == [app.session.reader] != [first_reader]
        # A highlight made now belongs to beta.
        app.go_to(span_of(beta, "snow")[0])
        await press(pilot, "1")
        assert [a.quote for a in stored(db_path, beta.source)] == ["mountains", "snow"]
        assert len(stored(db_path, alpha.source)) == 2
        # The status line follows the new article's cursor (its watcher moved with it).
        await press(pilot, "}")
        assert "¶2/2" in status(app)


async def test_undo_after_switching_keeps_to_each_document(
    tmp_path: Path, db_path: Path, store: Store, article: Document
) -> None:
    docs = shelf(tmp_path, db_path, store, article)
    alpha, beta = docs["alpha.txt"], docs["beta.txt"]
    async with running(alpha, store) as (app, pilot):
        app.go_to(span_of(alpha, "speaks")[0])
        await press(pilot, "1")  # a change in alpha
        assert len(stored(db_path, alpha.source)) == 3
        await press(pilot, "ctrl+o")
        await type_text(pilot, "beta")
        await press(pilot, "enter")
        await open_in_place(app, pilot, beta.source)
        app.go_to(span_of(beta, "snow")[0])
        await press(pilot, "2")
        await press(pilot, "u", "u")  # beta's two changes: this highlight, then "mountains"
        assert stored(db_path, beta.source) == []
        assert len(stored(db_path, alpha.source)) == 3  # alpha's change is alpha's
        await press(pilot, "u")
        assert app.message == "Nothing to undo"
        await press(pilot, "ctrl+o")
        await type_text(pilot, "alpha")
        await press(pilot, "enter")
        await open_in_place(app, pilot, alpha.source)
        await press(pilot, "u")  # back in alpha, undo still reaches its change
        assert sorted(a.quote for a in stored(db_path, alpha.source)) == ["hills", "rivers"]


async def test_a_file_that_is_gone_opens_read_only_from_its_stored_copy(
    tmp_path: Path, db_path: Path, store: Store, article: Document
) -> None:
    docs = shelf(tmp_path, db_path, store, article)
    alpha, beta = docs["alpha.txt"], docs["beta.txt"]
    Path(beta.source).unlink()
    async with running(alpha, store) as (app, pilot):
        await press(pilot, "ctrl+o")
        assert cells(library(app), beta.source)[1].endswith("beta.txt (file gone)")
        await type_text(pilot, "beta")
        await press(pilot, "enter")
        await open_in_place(app, pilot, beta.source)
        assert "Beta talks about mountains" in app.article.document.text
        assert "read-only: the file is gone" in status(app)
        assert listed_ids(app) == [a.id for a in stored(db_path, beta.source)]
        with Store.open(db_path) as fresh:  # opened now, though its text was not read again
            assert fresh.documents()[0].source == beta.source
        app.go_to(span_of(beta, "mountains")[0])  # relabel, note, delete, undo: refused
        for key in ("1", "a", "x", "u"):
            await press(pilot, key)
            assert app.message == "Nothing changed — read-only: the file is gone", key
            assert len(app.screen_stack) == 1 and not isinstance(app.screen, NoteEditor)
        assert [a.quote for a in stored(db_path, beta.source)] == ["mountains"]
        await press(pilot, "ctrl+o")  # and back to a file that is there: writable again
        await type_text(pilot, "alpha")
        await press(pilot, "enter")
        await open_in_place(app, pilot, alpha.source)
        assert "read-only" not in status(app)
        await press(pilot, "1")
        assert len(stored(db_path, alpha.source)) == 3


async def test_the_path_prompt_completes_names_and_opens_a_new_file(
    tmp_path: Path, db_path: Path, store: Store, article: Document
) -> None:
    docs = shelf(tmp_path, db_path, store, article)
    folder = tmp_path / "reading"
    (folder / "delta-notes").mkdir()
    new = folder / "delta-notes" / "fresh.txt"
    new.write_text("Fresh file\n\nNever opened before today.\n", encoding="utf-8")
    async with running(docs["alpha.txt"], store) as (app, pilot):
        await press(pilot, "ctrl+o", "ctrl+o")
        assert isinstance(app.screen, PathPrompt)
        path_input = app.screen.query_one(PathInput)
        assert path_input.value == f"{folder}/"  # starts in the open document's folder
        await type_text(pilot, "d")
        await press(pilot, "tab")
        assert path_input.value == f"{folder}/delta-notes/"  # a folder: tab again goes in
        await press(pilot, "tab")
        assert path_input.value == str(new)
        await press(pilot, "enter")
        await open_in_place(app, pilot, str(new.resolve()))
        assert app.title == "Fresh file" and "Never opened" in app.article.document.text
        with Store.open(db_path) as fresh:
            assert fresh.documents()[0].source == str(new.resolve())


async def test_the_path_prompt_refuses_in_one_line_what_cannot_be_read(
    tmp_path: Path, db_path: Path, store: Store, article: Document
) -> None:
    docs = shelf(tmp_path, db_path, store, article)
    binary = tmp_path / "reading" / "image.bin"
    binary.write_bytes(b"\x89PNG\x00\x00\x00")
    async with running(docs["alpha.txt"], store) as (app, pilot):
        await press(pilot, "ctrl+o", "ctrl+o")
        prompt = app.screen
        assert isinstance(prompt, PathPrompt)
        for typed, said in [
            ("image.bin", "looks like a binary file"),
            ("missing.txt", "no such file"),
            ("", "is a folder"),
        ]:
            field = prompt.query_one(PathInput)
            field.value = f"{binary.parent}/{typed}"
            await press(pilot, "enter")
            hint = str(prompt.query_one("#path-hint").render())
            assert said in hint and "\n" not in hint.strip(), hint
            assert app.screen is prompt
        await press(pilot, "escape", "escape")
        assert len(app.screen_stack) == 1 and app.document.source == docs["alpha.txt"].source


async def test_ctrl_o_waits_while_a_note_is_not_saved(
    tmp_path: Path, db_path: Path, store: Store, article: Document
) -> None:
    docs = shelf(tmp_path, db_path, store, article)
    async with running(docs["alpha.txt"], store) as (app, pilot):
        note = stored(db_path, docs["alpha.txt"].source)[0]
        app.session.drafts[note.id] = "a note kept after two failed saves"
        await press(pilot, "ctrl+o")
        assert len(app.screen_stack) == 1
        assert app.message.startswith("Not now: a note could not be saved")


async def test_the_palette_opens_the_library(
    tmp_path: Path, db_path: Path, store: Store, article: Document
) -> None:
    docs = shelf(tmp_path, db_path, store, article)
    async with running(docs["alpha.txt"], store) as (app, pilot):
        await press(pilot, "ctrl+p")
        await type_text(pilot, "library")
        assert await wait_until(
            pilot,
            lambda: any(
                "Library: open another document" in str(option.prompt)
                for option in app.screen.query_one("CommandList", OptionList).options
            ),
        )
        await press(pilot, "enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen))


async def test_the_sync_tick_follows_the_switch(
    tmp_path: Path, db_path: Path, store: Store, article: Document
) -> None:
    docs = shelf(tmp_path, db_path, store, article)
    beta = docs["beta.txt"]
    async with running(docs["alpha.txt"], store) as (app, pilot):
        await press(pilot, "ctrl+o")
        await type_text(pilot, "beta")
        await press(pilot, "enter")
        await open_in_place(app, pilot, beta.source)
        with Store.open(db_path) as other:  # another window adds a highlight to beta
            added = add(other, beta, "snow", label=3)
        assert await wait_until(pilot, lambda: added.id in listed_ids(app))


async def test_the_cursor_skips_the_open_document_when_filtering(
    tmp_path: Path, db_path: Path, store: Store, article: Document
) -> None:
    docs = shelf(tmp_path, db_path, store, article)
    async with running(docs["alpha.txt"], store) as (app, pilot):
        await press(pilot, "ctrl+o")
        await type_text(pilot, "a")  # alpha (open), gamma, beta and the article all match
        screen = library(app)
        assert screen.shown_sources[0] == docs["alpha.txt"].source
        assert screen.query_one(DataTable).cursor_row == 1
        await press(pilot, "down", "enter")
        await open_in_place(app, pilot, docs["beta.txt"].source)


async def test_stored_titles_and_paths_are_shown_literally(
    db_path: Path, store: Store, article: Document
) -> None:
    hostile = build_document(
        "[b]Evil[/b] \x1b[31mtitle\n\nText.", "/nowhere/[i]x[/i]\x07.txt", "x.txt", False
    )
    store.open_document(hostile)
    async with running(article, store) as (app, pilot):
        await press(pilot, "ctrl+o")
        title, where = cells(library(app), hostile.source)[:2]
        assert title == "[b]Evil[/b] ␛[31mtitle"
        assert where == "/nowhere/[i]x[/i]␇.txt (file gone)"
