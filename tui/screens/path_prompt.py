"""The path prompt: a file to read, typed with completion of names from the file system.

`tab` completes the name being typed (a folder gains a `/`, so the next `tab` goes into it; with
several candidates it completes what they share and lists them); the rest of the only or
shared completion is also suggested in grey as you type (→ or end takes it). `enter` opens the
file through the app's callback; what cannot be opened (a folder, a FIFO, too big, not text) is
said in one line and the prompt stays open to correct the path.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input, Static

from annotations.document import visible_controls
from annotations.paths import user_path
from tui.display import SAFE_INPUT
from tui.keys import bindings_for
from tui.opening import loading_notice
from tui.reading import ReadingSession
from tui.screens.dialog import Dialog

MAX_SCANNED = 5_000
"""Entries of one folder looked at per completion: a huge folder never stalls a keystroke."""
MAX_LISTED = 40
"""Candidates named under the prompt after an ambiguous `tab`."""

OpenPath = Callable[[Path], ReadingSession | str]
"""Open a file: its session, or the one line that says why not."""


def completions(typed: str) -> list[str]:
    """Every completion of `typed`: the entries of its folder whose names start with its last
    part, as `typed` would continue (folders end in `/`; hidden ones only after a `.`)."""
    if typed == "~":
        return ["~/"]
    head, sep, stem = typed.rpartition("/")
    folder_text = head + sep  # "", "/", "docs/", "~/notes/"
    try:
        folder = user_path(folder_text) if folder_text else Path(".")
    except ValueError:
        return []
    found: list[str] = []
    try:
        with os.scandir(folder) as entries:
            for entry in islice(entries, MAX_SCANNED):
                name = entry.name
                if name.startswith(stem) and (stem.startswith(".") or not name.startswith(".")):
                    found.append(folder_text + name + ("/" if _is_dir(entry) else ""))
    except (OSError, ValueError):  # no such folder, no permission, a NUL
        return []
    return sorted(found)


def prompt_start(folder: Path) -> str:
    """What the prompt starts with: `folder` (the home folder as `~`) and a `/`."""
    home = Path.home()
    if folder == home:
        return "~/"
    if folder.is_relative_to(home):
        return f"~/{folder.relative_to(home)}/"
    return str(folder).rstrip("/") + "/"


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def completed(typed: str, found: list[str]) -> str:
    """What `tab` makes of `typed`: the only completion, or the part all of them share."""
    if len(found) == 1:
        return found[0]
    shared = _shared_start(found)
    return shared if len(shared) > len(typed) else typed


def _shared_start(names: list[str]) -> str:
    """The characters every name starts with (by character, not by path component)."""
    if not names:
        return ""
    first, last = min(names), max(names)
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    return first[:size]


def entry_name(completion: str) -> str:
    """`docs/notes/` → `notes/`, `docs/a.md` → `a.md`: a candidate as listed."""
    folder = completion.endswith("/")
    return completion.rstrip("/").rpartition("/")[2] + ("/" if folder else "")


class PathSuggester(Suggester):
    """The grey rest of the name being typed, when one completion (or a shared part) exists."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)  # the file system changes

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        found = completed(value, completions(value))
        if found == value or visible_controls(found, keep_newlines=False) is not found:
            return None  # Input draws a suggestion as it is: never one with a control character
        return found


class PathInput(Input):
    """An input whose `tab` completes file names instead of moving the focus."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("path.input")

    class Listed(Message):
        """A `tab` left several candidates (or none): the prompt names them."""

        def __init__(self, names: list[str], typed: str) -> None:
            super().__init__()
            self.names = names
            self.typed = typed

    def action_complete(self) -> None:
        found = completions(self.value)
        value = completed(self.value, found)
        if value != self.value:
            self.value = value
            self.cursor_position = len(value)
        if len(found) != 1:
            self.post_message(self.Listed([entry_name(f) for f in found], self.value))


class PathPrompt(Dialog[ReadingSession | None]):
    """Ask for a file and open it here; `escape` goes back (None)."""

    DEFAULT_CSS = """
    PathPrompt #path-dialog {
        width: 90;
    }
    PathPrompt #path-input {
        margin: 1 0 0 0;
    }
    PathPrompt #path-hint {
        max-height: 4;
    }
    PathPrompt .dialog-hint.-error {
        color: $text-error;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("path")

    HINT = "tab: complete   enter: open   esc: back"

    def __init__(self, start: str, open_path: OpenPath) -> None:
        super().__init__()
        self._start = start
        self._open_path = open_path

    def compose(self) -> ComposeResult:
        with Vertical(id="path-dialog", classes="dialog-frame") as dialog:
            dialog.border_title = "Open a file"
            yield PathInput(
                self._start,
                placeholder="a text or Markdown file",
                suggester=PathSuggester(),
                id="path-input",
                highlighter=SAFE_INPUT,
            )
            yield Static(Content(self.HINT), id="path-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        path_input = self.query_one(PathInput)
        path_input.focus()
        path_input.cursor_position = len(path_input.value)

    @on(PathInput.Listed)
    def _listed(self, message: PathInput.Listed) -> None:
        if not message.names:
            self._hint(f"No file or folder starts with {message.typed}", error=True)
        else:
            more = len(message.names) - MAX_LISTED
            tail = f"  (+{more} more)" if more > 0 else ""
            self._hint("  ".join(message.names[:MAX_LISTED]) + tail)

    @on(Input.Changed, "#path-input")
    def _changed(self) -> None:
        hint = self.query_one("#path-hint", Static)
        if hint.has_class("-error"):
            self._hint(self.HINT)

    @on(Input.Submitted, "#path-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        value = self.query_one(PathInput).value
        try:
            path = user_path(value)
        except ValueError as error:
            self._hint(str(error), error=True)
            return
        if os.path.isdir(path):
            self._hint(f"{path} is a folder: type a file name (tab lists it)", error=True)
            return
        if (notice := loading_notice(path)) is not None:  # it blocks: say so first
            self._hint(notice)
            self.call_after_refresh(self._open_now, path)
        else:
            self._open_now(path)

    def _open_now(self, path: Path) -> None:
        opened = self._open_path(path)
        if isinstance(opened, str):
            self._hint(f"Not opened: {opened}", error=True)
        else:
            self.finish(opened)

    def _hint(self, text: str, *, error: bool = False) -> None:
        hint = self.query_one("#path-hint", Static)
        hint.update(Content(visible_controls(text, keep_newlines=False)))
        hint.set_class(error, "-error")

    def action_cancel(self) -> None:
        self.finish(None)
