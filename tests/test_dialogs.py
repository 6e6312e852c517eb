"""Pilot tests for the modal screens in `tui.screens`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.app import App
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Static, TextArea
from textual_internals import screen_rows

from tui.screens.confirm import ConfirmDialog
from tui.screens.dialog import clamp_lines, trim_quote
from tui.screens.export import ExportDialog
from tui.screens.help import HelpScreen, KeyList, binding_rows
from tui.screens.note_editor import NoteEditor

MARKUP_QUOTE = "stating that [holding out in Bakhmut] could impede the success"
ESCAPE_QUOTE = "red \x1b[31mALERT\x1b[0m end"


class Harness(App[None]):
    """Pushes one dialog on mount and records every result it is dismissed with."""

    def __init__(self, make_screen: Callable[[], Screen[Any]]) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.make_screen(), self.results.append)


def rendered(widget: Widget) -> str:
    """The text a widget draws, line by line."""
    width, height = widget.size
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))


async def run(
    make_screen: Callable[[], Screen[Any]],
    keys: list[str],
    size: tuple[int, int] = (80, 24),
) -> Harness:
    app = Harness(make_screen)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.pause()
    return app


# --------------------------------------------------------------------------- NoteEditor


def editor() -> NoteEditor:
    return NoteEditor(MARKUP_QUOTE, "first thought", "important")


@pytest.mark.parametrize("close_key", ["ctrl+s", "escape"])
async def test_note_editor_returns_the_typed_text(close_key: str) -> None:
    app = await run(editor, [*" and more", close_key])
    assert app.results == ["first thought and more"]


@pytest.mark.parametrize("close_key", ["ctrl+s", "escape"])
async def test_note_editor_returns_a_new_note_on_close(close_key: str) -> None:
    app = await run(lambda: NoteEditor("q", "", "label"), [*"hi", "enter", *"there", close_key])
    assert app.results == ["hi\nthere"]


async def test_note_editor_closes_once_even_on_two_close_keys() -> None:
    app = await run(editor, ["ctrl+s", "escape"])
    assert app.results == ["first thought"]


async def test_note_editor_text_area_is_focused_soft_wrapped_with_cursor_at_end() -> None:
    app = Harness(editor)
    async with app.run_test() as pilot:
        await pilot.pause()
        text_area = app.screen.query_one("#note-text", TextArea)
        assert app.focused is text_area
        assert text_area.soft_wrap
        assert text_area.cursor_location == text_area.document.end


async def test_note_editor_shows_user_text_literally() -> None:
    app = Harness(lambda: NoteEditor(MARKUP_QUOTE + " " + ESCAPE_QUOTE, "", "[b]red[/b]"))
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        quote = rendered(app.screen.query_one("#note-quote"))
        label = rendered(app.screen.query_one("#note-label", Static))
        hint = rendered(app.screen.query_one(".dialog-hint", Static))
    assert "[holding out in Bakhmut]" in quote
    assert "\x1b" not in quote
    assert "␛[31mALERT␛[0m" in quote
    assert "[b]red[/b]" in label
    assert "ctrl+s or esc: save and close" in hint


@pytest.mark.parametrize(("size", "lines"), [((80, 24), 3), ((40, 12), 1)])
async def test_note_editor_clamps_a_long_quote_with_an_ellipsis(
    size: tuple[int, int], lines: int
) -> None:
    long_quote = " ".join(f"word{n}" for n in range(300))
    app = Harness(lambda: NoteEditor(long_quote, "", "label"))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        quote = app.screen.query_one("#note-quote")
        shown = rendered(quote).rstrip()
        assert quote.size.height == lines
    assert shown.startswith("word0 word1")
    assert shown.endswith("…")
    assert len(shown.splitlines()) == lines


def test_clamp_lines() -> None:
    assert clamp_lines("one two three", 20, 3) == "one two three"
    assert clamp_lines("one two three four", 9, 2) == "one two\nthree…"
    assert clamp_lines("abcdefghij klm", 5, 1) == "abcd…"


def test_trim_quote_keeps_short_quotes_and_cuts_long_ones_at_a_word() -> None:
    assert trim_quote("short\n\nquote") == "short quote"
    long = " ".join(["word"] * 100)
    trimmed = trim_quote(long, limit=50)
    assert trimmed.endswith("word…")
    assert len(trimmed) <= 51


# --------------------------------------------------------------------------- ExportDialog


NOWHERE = Path("/nonexistent-bakhmut-dir")


def export_dialog() -> ExportDialog:
    """The dialog with a writer that writes nothing (the app's export has its own tests)."""
    return ExportDialog(NOWHERE / "notes.md", lambda path: None)


async def test_export_dialog_accepts_the_default_on_enter() -> None:
    app = await run(export_dialog, ["enter"])
    assert app.results == [NOWHERE / "notes.md"]


async def test_export_dialog_returns_the_edited_path_expanded() -> None:
    # The whole default is selected on open, so typing replaces it.
    app = await run(export_dialog, [*"~/no-dir/n.md", "enter"])
    assert app.results == [Path.home() / "no-dir" / "n.md"]


async def test_export_dialog_escape_returns_none() -> None:
    app = await run(export_dialog, [*"typed", "escape"])
    assert app.results == [None]


async def test_export_dialog_ignores_an_empty_path_and_says_why() -> None:
    app = Harness(export_dialog)
    async with app.run_test() as pilot:
        await pilot.pause()
        path_input = app.screen.query_one("#export-path", Input)
        path_input.value = "   "
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == []
        assert isinstance(app.screen, ExportDialog)
        hint = app.screen.query_one("#export-hint", Static)
        assert hint.has_class("-error")
        assert "file path" in rendered(hint)


# --------------------------------------------------------------------------- ConfirmDialog


def confirm() -> ConfirmDialog:
    return ConfirmDialog("Overwrite [notes].md?")


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["y"], True),
        (["n"], False),
        (["escape"], False),
        (["enter"], False),
        (["left", "enter"], True),
    ],
)
async def test_confirm_dialog_answers(keys: list[str], expected: bool) -> None:
    app = await run(confirm, keys)
    assert app.results == [expected]


async def test_confirm_dialog_focuses_no_and_shows_question_literally() -> None:
    app = Harness(confirm)
    async with app.run_test() as pilot:
        await pilot.pause()
        focused = app.focused
        assert isinstance(focused, Button)
        assert focused.id == "confirm-no"
        assert "Overwrite [notes].md?" in rendered(app.screen.query_one("#confirm-question"))


# --------------------------------------------------------------------------- HelpScreen

ARTICLE: list[BindingType] = [
    Binding("j,down", "scroll_down", "Down", id="article.down", tooltip="Next line."),
    ("k,up", "scroll_up", "Up"),
    Binding("ctrl+s", "save", "Save"),
    *(Binding(str(n), f"set_label({n})", f"Label {n}") for n in range(1, 6)),
]
APP: list[BindingType] = [
    Binding("?", "help", "Help", tooltip="Show this screen."),
    ("ctrl+q", "quit"),
]


def test_binding_rows_groups_keys_and_merges_numbered_runs() -> None:
    assert binding_rows(ARTICLE) == [
        ("j / ↓", "Down", "Next line."),
        ("k / ↑", "Up", ""),
        ("^s", "Save", ""),
        ("1–5", "Label", ""),
    ]
    assert binding_rows(APP) == [("?", "Help", "Show this screen."), ("^q", "Quit", "")]


def test_binding_rows_puts_what_differs_in_the_tooltip() -> None:
    colours = [
        Binding("1", "colour('red')", "Highlight: red", tooltip="Colour the selection."),
        Binding("2", "colour('green')", "Highlight: green", tooltip="Colour the selection."),
    ]
    assert binding_rows(colours) == [
        ("1–2", "Highlight", "Colour the selection. — 1 red, 2 green"),
    ]


def test_binding_rows_keeps_unrelated_single_keys_apart() -> None:
    rows = binding_rows([("a", "red", "Red"), ("b", "green", "Green")])
    assert rows == [("a", "Red", ""), ("b", "Green", "")]


def help_screen() -> HelpScreen:
    return HelpScreen([("Article", ARTICLE), ("App", APP)])


async def test_help_screen_lists_every_binding_under_its_heading() -> None:
    app = Harness(help_screen)
    async with app.run_test() as pilot:
        await pilot.pause()
        key_list = app.screen.query_one(KeyList)
        shown = [line.split() for line in rendered(key_list).splitlines() if line.strip()]
    assert key_list.sections == [("Article", binding_rows(ARTICLE)), ("App", binding_rows(APP))]
    assert shown == [
        ["Article"],
        ["j", "/", "↓", "Down", "Next", "line."],
        ["k", "/", "↑", "Up"],
        ["^s", "Save"],
        ["1–5", "Label"],
        ["App"],
        ["?", "Help", "Show", "this", "screen."],
        ["^q", "Quit"],
    ]


WIDE_TOOLTIP = "Thumbs 👍🏽 and 中文 " * 8


def wide_help_screen() -> HelpScreen:
    rows = [
        Binding(k, f"act_{k}", f"Row {k} 👍🏽", tooltip=WIDE_TOOLTIP) for k in "abcdefghijklmnop"
    ]
    return HelpScreen([("Wide 中文", rows), ("More", rows[:3])])


def screen_lines(app: App[None]) -> list[str]:
    """The whole screen as text, one string per terminal row."""
    return screen_rows(app)


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (120, 36)])
async def test_wide_characters_keep_the_frame_aligned(size: tuple[int, int]) -> None:
    app = Harness(wide_help_screen)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        region = app.screen.query_one("#help-dialog").region
        lines = screen_lines(app)[region.y : region.bottom]
    assert "👍🏽" in "".join(lines)
    assert {cell_len(line) for line in lines} == {size[0]}
    for line in lines:
        framed = line.rstrip()
        assert cell_len(framed) == region.right, line  # the right border, in the same cell
        assert framed[-1] in "│╮╯", line


async def test_help_scrolls_by_every_key_of_a_burst_and_to_both_ends() -> None:
    app = Harness(wide_help_screen)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        key_list = app.screen.query_one(KeyList)
        assert key_list.max_scroll_y > 7
        await pilot.press(*"jjjjjjj")  # a burst: no pause between the keys
        await pilot.pause()
        assert key_list.scroll_offset.y == 7
        await pilot.press("k", "k")
        await pilot.pause()
        assert key_list.scroll_offset.y == 5
        await pilot.press("G")
        await pilot.pause()
        assert key_list.scroll_offset.y == key_list.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert key_list.scroll_offset.y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert key_list.scroll_offset.y == key_list.scrollable_content_region.height - 1


@pytest.mark.parametrize("close_key", ["escape", "q", "question_mark"])
async def test_help_screen_closes(close_key: str) -> None:
    app = Harness(help_screen)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press(close_key)
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
    assert app.results == [None]


# --------------------------------------------------------------------------- small terminals

SMALL_FACTORIES: list[Callable[[], Screen[Any]]] = [editor, export_dialog, confirm, help_screen]


@pytest.mark.parametrize("make_screen", SMALL_FACTORIES, ids=lambda f: f.__name__)
async def test_dialogs_fit_a_40x12_terminal(make_screen: Callable[[], Screen[Any]]) -> None:
    app = Harness(make_screen)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        screen = app.screen
        for widget in screen.query("*"):
            if widget.display and widget.region:
                assert widget.region.right <= 40
        assert app.focused is not None
        assert app.focused.region.height > 0
        await close_with_escape(pilot)
    assert len(app.results) == 1


async def close_with_escape(pilot: Pilot[None]) -> None:
    await pilot.press("escape")
    await pilot.pause()
