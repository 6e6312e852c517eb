"""The note editor: a multi-line note for one highlight; closing it in any way keeps the text.

A stored note's control characters are shown as pictures (`visible_controls`, one for one), so
none reaches the terminal (the TextArea writes them raw); the session does not save a note whose
only difference from the stored one is those pictures.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static, TextArea

from annotations.document import visible_controls
from tui.keys import bindings_for
from tui.screens.dialog import ClampedText, Dialog, display_text, trim_quote


class NoteEditor(Dialog[str]):
    """Edit the note of one highlight; closing it in any way keeps what was typed."""

    DEFAULT_CSS = """
    #note-dialog {
        height: 80%;
        max-height: 30;
    }
    NoteEditor #note-quote {
        max-height: 3;
        color: $text-muted;
        text-style: italic;
    }
    NoteEditor #note-label {
        height: 1;
        color: $text-accent;
    }
    NoteEditor #note-text {
        height: 1fr;
    }
    NoteEditor .dialog-hint {
        height: 1;
    }
    NoteEditor.-short #note-quote {
        max-height: 1;
    }
    """

    # Screen declares this without ClassVar, so mypy refuses one here.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("note")

    def __init__(self, quote: str, note: str, label_name: str) -> None:
        super().__init__()
        self._quote = quote
        self._note = note
        self._label_name = label_name

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog", classes="dialog-frame") as dialog:
            dialog.border_title = "Note"
            yield ClampedText(display_text(trim_quote(self._quote)).plain, id="note-quote")
            yield Static(Content("Label: ") + display_text(self._label_name), id="note-label")
            note = visible_controls(self._note)
            yield TextArea(note, soft_wrap=True, tab_behavior="focus", id="note-text")
            yield Static(Content("ctrl+s or esc: save and close"), classes="dialog-hint")

    def on_mount(self) -> None:
        text_area = self.query_one("#note-text", TextArea)
        text_area.move_cursor(text_area.document.end)
        text_area.focus()

    def action_save(self) -> None:
        self.finish(self.query_one("#note-text", TextArea).text)
