"""The library (ctrl+o): every document in the database, most recently opened first.

A filter on top (every word typed must be in the title or the path, ignoring case, in any
order), the documents below (title, where, highlights, notes, how far read, last opened); `↑`/`↓`
choose while typing, `enter` opens the chosen one in place (through the app's callback: the
screen closes with the new session, or stays open with the reason it could not be opened), and
`ctrl+o` asks for a file by path. The open document is marked `●`; the cursor starts on the
first other one (the one read before it, as alt-tab does). All text is plain (`Text` objects,
never markup).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Input, Static

from annotations.document import visible_controls
from annotations.store import DocumentSummary
from tui.display import SAFE_INPUT
from tui.keys import bindings_for
from tui.library_columns import LibraryRow, library_row, matches
from tui.opening import loading_notice
from tui.reading import ReadingSession
from tui.screens.dialog import Dialog
from tui.screens.path_prompt import OpenPath, PathPrompt

OpenSource = Callable[[str], ReadingSession | str]
"""Open a listed document by its source: its session, or the one line that says why not."""
CURRENT = "● "
OPEN_NOW = "open now"
"""The open document's last-opened cell: it is being read (its stored time is this start)."""
FIXED_COLUMNS = (("Highlights", 10), ("Notes", 5), ("Read", 4), ("Last opened", 11))
CHROME = 4 + 2 + 2 * 6
"""Columns the frame (border and padding), the scroll bar and the cells' padding take."""


class LibraryScreen(Dialog[ReadingSession | None]):
    """Choose a document (or type a path); closes with its session, or None on escape."""

    DEFAULT_CSS = """
    LibraryScreen > #library {
        width: 100%;
        height: 100%;
    }
    LibraryScreen #library-filter {
        margin: 1 0 0 0;
    }
    LibraryScreen #library-table {
        height: 1fr;
        margin: 1 0 0 0;
    }
    LibraryScreen .dialog-hint.-error {
        color: $text-error;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("library")

    HINT = "type to filter · ↑↓ choose · enter: open · ctrl+o: open a file by path · esc: back"

    def __init__(
        self,
        summaries: Sequence[DocumentSummary],
        current: str,
        open_source: OpenSource,
        open_path: OpenPath,
        start_path: str,
    ) -> None:
        super().__init__()
        self._summaries = list(summaries)
        self._current = current
        self._open_source = open_source
        self._open_path = open_path
        self._start_path = start_path
        self._rows: list[LibraryRow] = []
        self._title_width = 30

    def compose(self) -> ComposeResult:
        with Vertical(id="library", classes="dialog-frame") as frame:
            frame.border_title = "Library"
            yield Input(
                placeholder="Filter by title or path…", id="library-filter", highlighter=SAFE_INPUT
            )
            table: DataTable[Text] = DataTable(id="library-table", cursor_type="row")
            table.can_focus = False  # typing stays in the filter; ↑↓ move the cursor from there
            yield table
            yield Static(Content(self.HINT), id="library-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        flexible = max(self.app.size.width - CHROME - sum(w for _, w in FIXED_COLUMNS), 20)
        self._title_width = flexible // 2
        where_width = flexible - self._title_width
        self._rows = [library_row(s, where_width=where_width) for s in self._summaries]
        table = self._table
        table.add_column("Title", width=self._title_width, key="title")
        table.add_column("Where", width=where_width, key="where")
        for label, width in FIXED_COLUMNS:
            table.add_column(Text(label, justify="right"), width=width, key=label)
        self._fill("")
        self.query_one("#library-filter", Input).focus()

    @property
    def _table(self) -> DataTable[Text]:
        return self.query_one("#library-table", DataTable)

    @property
    def shown_sources(self) -> list[str]:
        """The sources listed now, in order (for tests and the cursor)."""
        return [str(key.value) for key in self._table.rows]

    def _fill(self, query: str) -> None:
        """List the rows that match, the cursor on the first that is not the open document."""
        table = self._table
        table.clear()
        shown = [row for row in self._rows if matches(row, query)]
        for row in shown:
            table.add_row(*self._cells(row), key=row.source)
        others = [i for i, row in enumerate(shown) if row.source != self._current]
        first = others[0] if others else 0
        if shown:
            table.move_cursor(row=first, animate=False)
        if not shown and self._rows:
            self._hint(f"No document matches “{query.strip()}” — ctrl+o opens a file by path")
        elif not self._rows:
            self._hint("No documents yet — ctrl+o opens a file by path")
        else:
            self._hint(self.HINT)

    def _cells(self, row: LibraryRow) -> list[Text]:
        title = (CURRENT if row.source == self._current else "") + row.title
        if len(title) > self._title_width:
            title = title[: self._title_width - 1] + "…"
        dim = "dim" if row.gone else ""
        return [
            Text(title, style="bold" if row.source == self._current else ""),
            Text(row.where, style=dim),
            Text(str(row.highlights), justify="right"),
            Text(str(row.notes), justify="right"),
            Text(f"{row.percent_read}%", justify="right"),
            Text(OPEN_NOW if row.source == self._current else row.opened, justify="right"),
        ]

    @on(Input.Changed, "#library-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#library-filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open()

    @on(DataTable.RowSelected, "#library-table")
    def _clicked(self, event: DataTable.RowSelected) -> None:
        self._open(str(event.row_key.value))

    def action_move(self, rows: int) -> None:
        table = self._table
        if table.row_count:
            last = table.row_count - 1
            table.move_cursor(row=min(max(table.cursor_row + rows, 0), last), animate=False)

    def action_open(self) -> None:
        sources = self.shown_sources
        if sources:
            self._open(sources[self._table.cursor_row])

    def _open(self, source: str) -> None:
        if source == self._current:
            self.finish(None)  # already open: back to it
            return
        if (notice := loading_notice(Path(source))) is not None:  # it blocks: say so first
            self._hint(notice)
            self.call_after_refresh(self._open_now, source)
        else:
            self._open_now(source)

    def _open_now(self, source: str) -> None:
        opened = self._open_source(source)
        if isinstance(opened, str):
            self._hint(f"Not opened: {opened}", error=True)
        else:
            self.finish(opened)

    def action_open_path(self) -> None:
        self.app.push_screen(PathPrompt(self._start_path, self._open_path), self._path_opened)

    def _path_opened(self, session: ReadingSession | None) -> None:
        if session is not None:
            self.finish(session)

    def action_close(self) -> None:
        self.finish(None)

    def _hint(self, text: str, *, error: bool = False) -> None:
        hint = self.query_one("#library-hint", Static)
        hint.update(Content(visible_controls(text, keep_newlines=False)))
        hint.set_class(error, "-error")
