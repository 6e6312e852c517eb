"""Every text field of the app draws control characters as pictures: a pasted escape sequence,
or a file name holding one offered by the path prompt's completion, never reaches the terminal."""

from __future__ import annotations

from pathlib import Path

from app_helpers import press, running, type_text
from textual import events
from textual.widgets import Input
from textual_internals import screen_strips

from annotations.document import Document
from annotations.store import Store
from tui.app import ReaderApp

HOSTILE = "ev\x1b[41mRED\x1b[0mil.md"


def drawn_text(app: ReaderApp) -> str:
    return "".join(segment.text for strip in screen_strips(app) for segment in strip)


def has_control(text: str) -> bool:
    return any((ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) < 0xA0 for c in text)


async def test_a_file_name_with_an_escape_sequence_is_completed_but_drawn_as_pictures(
    article: Document, store: Store, tmp_path: Path
) -> None:
    (tmp_path / HOSTILE).write_text("Hostile\n\nA file with an escape in its name.\n")
    async with running(article, store) as (app, pilot):
        await press(pilot, "ctrl+o", "ctrl+o")
        field = app.screen.query_one("#path-input", Input)
        field.value = ""
        await type_text(pilot, f"{tmp_path}/e")
        assert not has_control(drawn_text(app))  # no grey suggestion drawn raw
        await press(pilot, "tab")
        assert field.value == f"{tmp_path}/{HOSTILE}"  # completed: the name is the file's own
        shown = drawn_text(app)
        assert not has_control(shown)
        assert "ev␛[41mRED␛[0mil.md" in shown


async def test_a_pasted_escape_sequence_in_the_search_prompt_is_drawn_as_pictures(
    article: Document, store: Store
) -> None:
    async with running(article, store) as (app, pilot):
        await press(pilot, "slash")
        field = app.query_one("#search", Input)
        field.post_message(events.Paste("\x1b]0;owned\x07\x1b[2J"))
        await pilot.pause()
        assert field.value == "\x1b]0;owned\x07\x1b[2J"  # searched for as typed
        shown = drawn_text(app)
        assert not has_control(shown)
        assert "␛]0;owned" in shown and "␛[2J" in shown
