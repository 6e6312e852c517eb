"""Layout: terminal sizes, the narrow mode and ctrl+n, the help screen and the command palette."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import add, press, running, stored, wait_until
from textual.command import CommandPalette
from textual.widgets import Input

from annotations.config import default_config
from annotations.document import Document
from annotations.store import Store
from tui.keys import HELP_GROUPS
from tui.screens.help import HelpScreen, KeyList

SIZES = [(40, 12), (60, 20), (80, 24), (120, 36)]
EVERYTHING = [
    "w", "v", "e", "1",                 # a highlight of "battle"
    "a", "n", "ctrl+s",                 # a note on it
    "question_mark", "escape",          # the help screen
    "ctrl+n", "ctrl+n",                 # the notes pane, toggled twice
    "pageup",                           # up to the title
]  # fmt: skip


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_every_size_mounts_and_takes_a_run_of_keys(
    article: Document, store: Store, db_path: Path, size: tuple[int, int]
) -> None:
    async with running(article, store, size=size) as (app, pilot):
        assert app.size == size
        assert app.article.region.width > 0
        await press(pilot, *EVERYTHING)
        assert app.screen is app.screen_stack[0]
        assert app.article.region.width > 0
        # the cursor was on "battle" (¶1's first line); pageup went up to the title
        assert article.paragraph_number_at(app.article.cursor) == 0
    assert [(a.quote, a.label, a.note) for a in stored(db_path, article.source)] == [
        ("battle", 1, "n")
    ]


async def test_wide_terminal_shows_the_notes_pane_and_ctrl_n_hides_it(
    article: Document, store: Store
) -> None:
    async with running(article, store, size=(120, 36)) as (app, pilot):
        assert not app.screen.has_class("-narrow")
        assert app.notes.region.width > 0
        await press(pilot, "ctrl+n")
        assert app.notes.region.width == 0
        assert app.article.region.width == 120
        assert app.focused is app.article
        await press(pilot, "ctrl+n")
        assert app.notes.region.width > 0


@pytest.mark.parametrize("size", [(40, 12), (80, 24)], ids=["40x12", "80x24"])
async def test_under_90_columns_the_pane_is_hidden_and_ctrl_n_shows_it(
    article: Document, store: Store, size: tuple[int, int]
) -> None:
    async with running(article, store, size=size) as (app, pilot):
        assert app.screen.has_class("-narrow")
        assert app.notes.region.width == 0
        assert app.article.region.width == size[0]
        await press(pilot, "ctrl+n")
        assert app.notes.region.width == size[0]
        assert app.focused is not None and app.focused.id == "notes-list"
        await press(pilot, "ctrl+n")
        assert app.notes.region.width == 0
        assert app.article.region.width == size[0]
        assert app.focused is app.article


async def test_resizing_across_90_columns_hides_and_shows_the_pane(
    article: Document, store: Store
) -> None:
    async with running(article, store, size=(120, 36)) as (app, pilot):
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.notes.region.width == 0
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert app.notes.region.width > 0


async def test_tab_under_90_columns_switches_between_article_and_pane(
    article: Document, store: Store
) -> None:
    async with running(article, store, size=(80, 24)) as (app, pilot):
        await press(pilot, "tab")
        assert app.notes.region.width > 0
        assert app.focused is not None and app.focused.id == "notes-list"
        await press(pilot, "tab")
        assert app.article.region.width > 0
        assert app.focused is app.article


async def test_tab_shows_a_pane_hidden_by_ctrl_n(article: Document, store: Store) -> None:
    async with running(article, store, size=(120, 36)) as (app, pilot):
        await press(pilot, "ctrl+n", "tab")
        assert app.notes.region.width > 0
        assert app.focused is not None and app.focused.id == "notes-list"


async def test_jumping_from_the_pane_under_90_columns_shows_the_article(
    article: Document, store: Store, db_path: Path
) -> None:
    kofman = add(store, article, "Kofman")
    async with running(article, store, size=(80, 24)) as (app, pilot):
        await press(pilot, "ctrl+n", "enter")
        assert app.article.cursor == kofman.start
        assert app.focused is app.article
        assert app.article.region.width == 80
        assert app.notes.region.width == 0


async def test_question_mark_opens_the_help_listing_the_article_bindings(
    article: Document, store: Store
) -> None:
    async with running(article, store) as (app, pilot):
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        key_list = app.screen.query_one(KeyList)
        assert [title for title, _ in key_list.sections] == list(HELP_GROUPS)
        rows = {(keys, text) for _, section in key_list.sections for keys, text, _ in section}
        shown = "\n".join(key_list.text_lines(key_list.line_width))
        assert all(keys in shown and text in shown for keys, text in rows)
        assert key_list.max_scroll_y == 0  # 120x36: every key without scrolling
        for expected in [
            ("v", "Select"),
            ("w", "Next word"),
            ("(", "Previous sentence"),
            ("}", "Next ¶"),
            ("G / end", "Bottom"),
            ("^d", "Half page down"),
            ("s", "Sentence"),
            ("p", "Paragraph"),
            ("a", "Note"),
            ("x / del", "Delete"),
            ("]", "Next highlight"),
            ("/", "Search"),
            ("N", "Previous match"),
            ("u", "Undo"),
            ("E", "Export"),
        ]:
            assert expected in rows
        await press(pilot, "escape")
        assert not isinstance(app.screen, HelpScreen)
        assert app.focused is app.article


async def test_help_lists_the_label_keys_as_one_row(article: Document, store: Store) -> None:
    async with running(article, store) as (app, pilot):
        await press(pilot, "question_mark")
        key_list = app.screen.query_one(KeyList)
        keys = [keys for _, section in key_list.sections for keys, _, _ in section]
        assert any(key.startswith("1–5") for key in keys)
        assert not any("1-5/⏎" in key and key.startswith("1 /") for key in keys)


async def test_palette_jump_5_moves_the_cursor_to_paragraph_5(
    article: Document, store: Store
) -> None:
    paragraph = article.paragraph(5)
    assert paragraph is not None
    async with running(article, store) as (app, pilot):
        await press(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await press(pilot, *"jump", "space", "5")
        assert app.screen.query_one(Input).value == "jump 5"
        palette = app.screen

        def found() -> bool:
            return any(
                "Jump to paragraph 5 " in str(option.prompt)
                for option in palette.query_one("CommandList").options  # type: ignore[attr-defined]
            )

        assert await wait_until(pilot, found)
        await press(pilot, "enter")
        assert await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette))
        assert not isinstance(app.screen, CommandPalette)
        assert app.article.cursor == paragraph.start
        assert app.focused is app.article


async def test_a_keymap_from_the_config_rebinds_a_key(article: Document, store: Store) -> None:
    config = default_config()._replace(
        keymap={"article.down": "ctrl+j", "article.help": "f1", "app.help": "f1"}
    )
    async with running(article, store, config=config) as (app, pilot):
        view = app.article
        line = view.line_position(view.cursor)
        await press(pilot, "j")
        assert view.line_position(view.cursor) == line
        await press(pilot, "ctrl+j")
        assert view.line_position(view.cursor) == view.rows.step(*line, 1) != line
        await press(pilot, "question_mark")
        assert not isinstance(app.screen, HelpScreen)
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        key_list = app.screen.query_one(KeyList)
        rows = [(keys, text) for _, section in key_list.sections for keys, text, _ in section]
        assert ("^j", "Down") in rows
        assert ("f1", "Help") in rows
        assert ("j / ↓", "Down") not in rows
