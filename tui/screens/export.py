"""The export prompt: the path to write the Markdown notes to, and the folder it is in.

The dialog writes the file itself (through the app's callback), asking before it replaces one;
a failed export keeps it open with the path and the reason, so the path can be corrected.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from annotations.document import visible_controls
from annotations.paths import path_exists, user_path
from tui.display import SAFE_INPUT
from tui.keys import bindings_for
from tui.screens.confirm import ConfirmDialog
from tui.screens.dialog import Dialog

Write = Callable[[Path], str | None]
"""Export to a path: None when written, else the reason it was not."""


class ExportDialog(Dialog[Path | None]):
    """Ask for the path and export there; `enter` exports, `escape` cancels (None).

    It closes with the path once the file is written; if it could not be, it stays open.
    """

    DEFAULT_CSS = """
    ExportDialog #export-path {
        margin: 1 0 0 0;
    }
    ExportDialog #export-dir {
        color: $text-muted;
    }
    ExportDialog .dialog-hint.-error {
        color: $text-error;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("export")

    HINT = "enter: export   esc: cancel"

    def __init__(
        self, default_path: Path, write: Write, title: str = "Export notes as Markdown"
    ) -> None:
        super().__init__()
        self._default_path = default_path
        self._write = write
        self._title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog-frame") as dialog:
            dialog.border_title = self._title
            yield Input(
                str(self._default_path),
                select_on_focus=True,
                id="export-path",
                highlighter=SAFE_INPUT,
            )
            yield Static(Content(self._folder_line(str(self._default_path))), id="export-dir")
            yield Static(Content(self.HINT), id="export-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        path_input = self.query_one("#export-path", Input)
        path_input.focus()
        path_input.select_all()

    @staticmethod
    def _folder_line(value: str) -> str:
        """`in /home/u/notes`: the folder the typed path is in (relative paths: from here)."""
        try:
            folder = user_path(value).absolute().parent
        except ValueError:
            return ""
        return visible_controls(f"in {folder}", keep_newlines=False)

    @on(Input.Changed, "#export-path")
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#export-dir", Static).update(Content(self._folder_line(event.value)))

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        value = self.query_one("#export-path", Input).value
        try:
            path = user_path(value)
            exists = path_exists(path)
        except ValueError as error:
            self._show_error(str(error))
            return
        if exists:
            question = f"{path} exists. Overwrite it?"
            self.app.push_screen(ConfirmDialog(question), lambda yes: self._confirmed(path, yes))
        else:
            self._export(path)

    def _confirmed(self, path: Path, overwrite: bool | None) -> None:
        if overwrite:
            self._export(path)

    def _export(self, path: Path) -> None:
        failure = self._write(path)
        if failure is None:
            self.finish(path)
        else:
            self._show_error(f"Not exported: {failure}")
            self.query_one("#export-path", Input).focus()

    def _show_error(self, message: str) -> None:
        hint = self.query_one("#export-hint", Static)
        text = visible_controls(f"{message} — correct the path or press esc to cancel")
        hint.update(Content(text))
        hint.add_class("-error")

    def action_cancel(self) -> None:
        self.finish(None)
