"""The export prompt: the path to write the Markdown notes to."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from annotations.document import visible_controls
from annotations.paths import user_path
from tui.keys import bindings_for
from tui.screens.dialog import Dialog


class ExportDialog(Dialog[Path | None]):
    """Ask for the path to export to; `enter` accepts it, `escape` cancels (None)."""

    DEFAULT_CSS = """
    ExportDialog #export-path {
        margin: 1 0 0 0;
    }
    ExportDialog .dialog-hint.-error {
        color: $text-error;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("export")

    HINT = "enter: export   esc: cancel"

    def __init__(self, default_path: Path, title: str = "Export notes as Markdown") -> None:
        super().__init__()
        self._default_path = default_path
        self._title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog-frame") as dialog:
            dialog.border_title = self._title
            yield Input(str(self._default_path), select_on_focus=True, id="export-path")
            yield Static(Content(self.HINT), id="export-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        path_input = self.query_one("#export-path", Input)
        path_input.focus()
        path_input.select_all()

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        value = self.query_one("#export-path", Input).value
        hint = self.query_one("#export-hint", Static)
        try:
            path = user_path(value)
        except ValueError as error:
            hint.update(Content(visible_controls(f"{error} — or press esc to cancel")))
            hint.add_class("-error")
            return
        self.finish(path)

    def action_cancel(self) -> None:
        self.finish(None)
