"""A yes/no question (typed `ModalScreen[bool]`), the safe answer focused."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from tui.keys import bindings_for
from tui.screens.dialog import Dialog, display_text


class ConfirmDialog(Dialog[bool]):
    """A yes/no question; the safe answer ("no") has the focus, and `escape` means no."""

    DEFAULT_CSS = """
    #confirm-dialog {
        width: 60;
        border: round $primary;
    }
    ConfirmDialog #confirm-question {
        margin: 1 0;
    }
    ConfirmDialog #confirm-buttons {
        height: auto;
        align-horizontal: right;
    }
    ConfirmDialog Button {
        margin-left: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("confirm")

    def __init__(self, question: str, yes: str = "Overwrite", no: str = "Cancel") -> None:
        super().__init__()
        self._question = question
        self._yes = yes
        self._no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog-frame"):
            yield Static(display_text(self._question), id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(Content(self._yes), variant="warning", id="confirm-yes")
                yield Button(Content(self._no), variant="primary", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.finish(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.finish(yes)
