"""Shared helpers for the Pilot tests of the whole reader (`tests/test_app_*.py`).

Everything is real: a SQLite file in tmp_path, the app from `create_app`, keys through
`pilot.press`. The helpers only run the app at a fixed size, read state back (the store,
reopened from the file, and widget state) and build small documents.
"""

from __future__ import annotations

import io
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from rich.console import Console
from textual.pilot import Pilot
from textual_internals import composited_screen, notification_messages

from annotations.config import Config
from annotations.document import Document, build_document
from annotations.model import Annotation, make_annotation
from annotations.store import Store
from tui.app import ReaderApp, create_app
from tui.widgets.notes_entry import ListedEntry
from tui.widgets.notes_list import NotesList

SIZE = (120, 36)
"""The default terminal: wide enough for the notes pane (the article wraps at 74 cells)."""

KEY_NAMES = {
    " ": "space",
    "(": "left_parenthesis",
    ")": "right_parenthesis",
    ".": "full_stop",
    ",": "comma",
    "/": "slash",
    "?": "question_mark",
    "-": "minus",
    "'": "apostrophe",
}

GRAPHEME_TEXT = "Marks\n\nae\u0301b👍🏽c中文d end.\n\nSecond paragraph here."
"""A title, then ¶1 with a combining accent, a skin-toned emoji and two wide CJK characters."""


@asynccontextmanager
async def running(
    document: Document,
    store: Store,
    size: tuple[int, int] = SIZE,
    config: Config | None = None,
) -> AsyncIterator[tuple[ReaderApp, Pilot[None]]]:
    """The real app on `store`, mounted at a fixed size and settled."""
    app = create_app(document, store, config)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield app, pilot


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press keys (Textual key names) and let every resulting message be handled."""
    await pilot.press(*keys)
    await pilot.pause()


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type `text` one key at a time (spaces and punctuation by their key names)."""
    await press(pilot, *(KEY_NAMES.get(char, char) for char in text))


async def wait_until(
    pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 10.0
) -> bool:
    """Pause until `condition()` holds (for the palette's background search); True if it did.

    Callers assert the answer. The limit is in seconds of wall time, not a number of pauses,
    so a loaded machine (or parallel workers) only makes the wait longer, never a failure.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return condition()
        await pilot.pause(0.02)
    return True


def span_of(document: Document, needle: str, after: int = 0) -> tuple[int, int]:
    """The offsets of the first `needle` at or after `after` in the document text."""
    start = document.text.find(needle, after)
    assert start >= 0, needle
    return start, start + len(needle)


def add(
    store: Store, document: Document, needle: str, label: int = 1, note: str = ""
) -> Annotation:
    """Store a highlight of the first `needle` in the document (setup, through the store API)."""
    return store.add(make_annotation(document, *span_of(document, needle), label=label, note=note))


def stored(db_path: Path, source: str) -> list[Annotation]:
    """The annotations as a fresh connection to the database file sees them."""
    with Store.open(db_path) as fresh:
        return fresh.annotations(source)


def stored_cursor(db_path: Path, source: str) -> int | None:
    with Store.open(db_path) as fresh:
        return fresh.cursor(source)


def move_to(app: ReaderApp, offset: int) -> None:
    """Put the article cursor somewhere for a test's setup (the motions have their own tests)."""
    app.article.move_cursor(offset)


def notices(app: ReaderApp) -> list[str]:
    """What the app is telling the user: unexpired notifications and the status-line message."""
    shown = notification_messages(app)
    return [*shown, app.message] if app.message else shown


def notes_list(app: ReaderApp) -> NotesList:
    return app.query_one("#notes-list", NotesList)


def listed_ids(app: ReaderApp) -> list[str]:
    """The annotation ids the notes pane lists, in order (the hint left out)."""
    return [option.id for option in notes_list(app).options if option.id is not None]


def header_above(app: ReaderApp, annotation_id: str) -> str:
    """The text of the paragraph header the entry `annotation_id` is listed under.

    The first entry of each paragraph draws the header above itself (`ListedEntry.header`).
    """
    options = notes_list(app).options
    index = next(i for i, option in enumerate(options) if option.id == annotation_id)
    for option in reversed(options[: index + 1]):
        prompt = option.prompt
        if isinstance(prompt, ListedEntry) and prompt.header is not None:
            return prompt.header.plain
    raise AssertionError(f"no header above {annotation_id}")


def screen_text(app: ReaderApp) -> str:
    """The whole screen as plain text, exactly as the compositor would write it."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(composited_screen(app))
    return console.export_text(styles=False)


def grapheme_document() -> Document:
    return build_document(GRAPHEME_TEXT, "test:graphemes", "graphemes.txt", is_markdown=False)
