"""What to do with a note whose highlight changed or vanished in another window."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from annotations.document import visible_controls
from tui.keys import bindings_for
from tui.screens.dialog import Dialog, display_text


class _Choice(Dialog[str]):
    """A question with buttons; each button's id is the answer. `escape` gives `SAFE`."""

    DEFAULT_CSS = """
    _Choice > .dialog-frame { width: 80; }
    _Choice .note-text { max-height: 8; height: auto; margin: 0 0 1 0; }
    _Choice Horizontal { height: auto; align-horizontal: right; }
    _Choice Button { margin-left: 1; }
    """
    SAFE = ""

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.finish(event.button.id or self.SAFE)

    def action_choose(self, answer: str) -> None:
        self.finish(answer)


def _note(text: str) -> VerticalScroll:
    return VerticalScroll(Static(Content(visible_controls(text)), classes="note-text"))


class NoteConflictDialog(_Choice):
    """The note changed in another window: keep mine, keep theirs, or keep both."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("conflict")
    SAFE = "both"

    def __init__(self, mine: str, theirs: str) -> None:
        super().__init__()
        self._mine = mine
        self._theirs = theirs

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-frame") as frame:
            frame.border_title = "Note changed in another window"
            yield Static(Content("Theirs (saved in the other window):"))
            yield _note(self._theirs)
            yield Static(Content("Yours (in this editor):"))
            yield _note(self._mine)
            with Horizontal():
                yield Button(Content("Keep mine (m)"), id="mine")
                yield Button(Content("Keep theirs (t)"), id="theirs")
                yield Button(Content("Keep both (b, esc)"), variant="primary", id="both")

    def on_mount(self) -> None:
        self.query_one("#both", Button).focus()


class NoteDeletedDialog(_Choice):
    """The highlight was deleted in another window: save the note on a new one, or discard."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("deleted")
    SAFE = "new"

    def __init__(self, quote: str, mine: str) -> None:
        super().__init__()
        self._quote = quote
        self._mine = mine

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-frame") as frame:
            frame.border_title = "Highlight deleted in another window"
            yield Static(Content("The highlight of ") + display_text(self._quote))
            yield Static(Content("was deleted in another window. Your note:"))
            yield _note(self._mine)
            with Horizontal():
                yield Button(Content("Save on a new highlight (n, esc)"), variant="primary",
                             id="new")  # fmt: skip
                yield Button(Content("Discard the note (d)"), variant="error", id="discard")

    def on_mount(self) -> None:
        self.query_one("#new", Button).focus()
