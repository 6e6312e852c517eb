"""Export (E): the path prompt, the Markdown file, and the overwrite question."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import add, press, running, type_text
from textual.widgets import Input, Static

from annotations.document import Document
from annotations.store import Store
from tui.screens.confirm import ConfirmDialog
from tui.screens.export import ExportDialog

EXPORT_NAME = "battle-for-bakhmut-ukraine-defends-against-russian-siege-notes.md"
MINE = b"my own notes, not an export\n"


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return Path.cwd()


async def test_e_offers_the_slug_path_and_enter_writes_the_markdown(
    article: Document, store: Store, in_tmp: Path
) -> None:
    add(store, article, "not to retreat", label=2, note="in his own words")
    target = in_tmp / EXPORT_NAME
    async with running(article, store) as (app, pilot):
        await press(pilot, "E")
        assert isinstance(app.screen, ExportDialog)
        path_input = app.screen.query_one("#export-path", Input)
        assert path_input.value == str(target)
        assert path_input.has_focus
        await press(pilot, "enter")
        assert not isinstance(app.screen, ExportDialog)
        assert app.focused is app.article
    content = target.read_text(encoding="utf-8")
    assert content.startswith("# Battle for Bakhmut")
    assert "> not to retreat" in content
    assert "in his own words" in content
    assert "**Evidence**" in content


async def test_typing_another_path_exports_there(
    article: Document, store: Store, in_tmp: Path
) -> None:
    async with running(article, store) as (_app, pilot):
        await press(pilot, "E")
        await type_text(pilot, "o.md")  # the prefilled path is selected: typing replaces it
        await press(pilot, "enter")
    assert (in_tmp / "o.md").read_text(encoding="utf-8").startswith("# Battle for Bakhmut")
    assert not (in_tmp / EXPORT_NAME).exists()


async def test_escape_in_the_prompt_writes_nothing(
    article: Document, store: Store, in_tmp: Path
) -> None:
    async with running(article, store) as (app, pilot):
        await press(pilot, "E", "escape")
        assert not isinstance(app.screen, ExportDialog)
    assert list(in_tmp.glob("*.md")) == []


async def test_an_existing_file_is_only_replaced_after_yes(
    article: Document, store: Store, in_tmp: Path
) -> None:
    target = in_tmp / EXPORT_NAME
    async with running(article, store) as (app, pilot):
        await press(pilot, "E", "enter")
        assert target.read_text(encoding="utf-8").startswith("# Battle for Bakhmut")
        target.write_bytes(MINE)

        await press(pilot, "E", "enter")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "n")
        assert isinstance(app.screen, ExportDialog)  # back to the path, to choose another
        assert target.read_bytes() == MINE
        await press(pilot, "escape")

        await press(pilot, "E", "enter", "y")
        assert not isinstance(app.screen, ConfirmDialog)
        assert app.screen is app.screen_stack[0]
    content = target.read_text(encoding="utf-8")
    assert content.startswith("# Battle for Bakhmut")
    assert target.read_bytes() != MINE


async def test_the_status_line_names_the_file_and_counts_right(
    article: Document, store: Store, in_tmp: Path
) -> None:
    add(store, article, "not to retreat", label=2, note="in his own words")
    folder = in_tmp / ("a-rather-long-folder-name" * 3) / "notes"
    folder.mkdir(parents=True)
    async with running(article, store, size=(80, 24)) as (app, pilot):
        await press(pilot, "E")
        app.screen.query_one("#export-path", Input).value = str(folder / "bakhmut-notes.md")
        await press(pilot, "enter")
        assert not isinstance(app.screen, ExportDialog)
        assert app.message == "Exported 1 highlight to …/notes/bakhmut-notes.md"
        assert (folder / "bakhmut-notes.md").exists()
        add(store, article, "Chasiv Yar")
        await press(pilot, "E")
        app.screen.query_one("#export-path", Input).value = "two.md"
        await press(pilot, "enter")
        assert app.message == "Exported 2 highlights to two.md"  # as typed: it fits


async def test_the_dialog_shows_the_folder_it_writes_to(
    article: Document, store: Store, in_tmp: Path
) -> None:
    async with running(article, store) as (app, pilot):
        await press(pilot, "E")
        folder_line = app.screen.query_one("#export-dir", Static)
        assert str(folder_line.render()) == f"in {in_tmp}"
        await type_text(pilot, "sub/x.md")
        assert str(folder_line.render()) == f"in {in_tmp / 'sub'}"
        app.screen.query_one("#export-path", Input).value = "~/y.md"
        await pilot.pause()
        assert str(folder_line.render()) == f"in {Path.home()}"


async def test_a_failed_export_keeps_the_dialog_open_to_correct_the_path(
    article: Document, store: Store, in_tmp: Path
) -> None:
    async with running(article, store) as (app, pilot):
        await press(pilot, "E")
        path_input = app.screen.query_one("#export-path", Input)
        path_input.value = str(in_tmp / "missing-folder" / "notes.md")
        await press(pilot, "enter")
        assert isinstance(app.screen, ExportDialog)  # still open, the path still there
        assert path_input.value == str(in_tmp / "missing-folder" / "notes.md")
        hint = str(app.screen.query_one("#export-hint", Static).render())
        assert hint.startswith("Not exported: ") and "cannot write" in hint
        assert "correct the path" in hint
        (in_tmp / "missing-folder").mkdir()
        await press(pilot, "enter")  # corrected (here: the folder made): it exports and closes
        assert not isinstance(app.screen, ExportDialog)
    assert (in_tmp / "missing-folder" / "notes.md").read_text(encoding="utf-8").startswith("#")
