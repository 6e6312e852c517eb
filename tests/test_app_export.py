"""Export (E): the path prompt, the Markdown file, and the overwrite question."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import add, press, running, type_text
from textual.widgets import Input

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
        assert not isinstance(app.screen, ConfirmDialog)
        assert target.read_bytes() == MINE

        await press(pilot, "E", "enter", "y")
        assert not isinstance(app.screen, ConfirmDialog)
        assert app.screen is app.screen_stack[0]
    content = target.read_text(encoding="utf-8")
    assert content.startswith("# Battle for Bakhmut")
    assert target.read_bytes() != MINE
