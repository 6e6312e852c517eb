"""DocumentSwitch: the library (ctrl+o) and another document opened in place.

Opening another document gives the app a new `ReadingSession` (tui/opening.py) and new article
and notes widgets; the status line, the header, the reader registration (the old session's
reader ends, the new one's starts), the cursor save and the sync tick follow it. Undo keeps to
each document: the journal is per document, so `u` after a switch never touches the other one.
A document opened from its stored copy (its file is gone) is read-only: the keys that would
write say so in one line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from annotations.document import visible_controls
from tui.note_flow import NoteFlow
from tui.startup import thaw
from tui.widgets.article import ArticleView
from tui.widgets.notes import NotesPane

if TYPE_CHECKING:
    from tui.opening import Opened
    from tui.reading import ReadingSession


class DocumentSwitch(NoteFlow):
    """The reader's document can change while it runs (the app supplies `_leave_document`)."""

    def __init__(self, session: ReadingSession) -> None:
        super().__init__(session)
        self._switching = False
        """The article and the pane are being replaced (the sync tick must wait)."""

    def _leave_document(self) -> None:
        """Save what is kept of the document being left and close its session."""
        raise NotImplementedError

    def action_library(self) -> None:
        """`ctrl+o`: every document in the database; the one chosen replaces this one here."""
        # The library, its path prompt and the opening of files load when first asked for.
        from tui.opening import documents
        from tui.screens.library import LibraryScreen
        from tui.screens.path_prompt import prompt_start

        if len(self.screen_stack) > 1:
            return  # a dialog is open (in the library, ctrl+o asks for a path)
        if (reason := self._cannot_leave()) is not None:
            self.say(reason)
            return
        found = documents(self.session.store)
        if isinstance(found, str):
            self.notify(found, severity="error", markup=False)
            return
        source = self.document.source
        start = prompt_start(Path(source).parent) if source.startswith("/") else ""
        screen = LibraryScreen(found, source, self._open_source, self._open_path, start)
        self.push_screen(screen, self._open_in_place)

    def _open_source(self, source: str) -> Opened:
        from tui.opening import open_source

        return open_source(source, self.session.store, self.config)

    def _open_path(self, path: Path) -> Opened:
        from tui.opening import open_path

        return open_path(path, self.session.store, self.config)

    def _cannot_leave(self) -> str | None:
        """Why this document cannot be left now (something of it is not saved yet), or None."""
        if self.session.waiting:
            return "Not now: changes wait for the database — they are written first"
        if self.session.drafts:
            return "Not now: a note could not be saved — a on its highlight reopens it"
        return None

    async def _open_in_place(self, session: ReadingSession | None) -> None:
        """Show `session`'s document: a new article and notes pane, the status line, the
        reader registration, the cursor timer and the sync tick now follow it."""
        if session is None:
            return
        self._leave_document()
        self._switching = True
        try:
            main = self.query_one("#main")
            await main.remove_children()
            thaw()  # the old document's widgets, frozen at start-up, may be collected again
            self.session, self.document = session, session.document
            article = ArticleView(session.document, self.config, id="article")
            self.watch(article, "position", self._cursor_moved, init=False)
            await main.mount(article, NotesPane(session.document, self.config, id="notes"))
        finally:
            self._switching = False
        self._enter_document()

    def _enter_document(self) -> None:
        """As at start-up, for the document just switched to."""
        read_only = self.session.read_only
        self.title = visible_controls(self.document.title, keep_newlines=False)
        self.sub_title = "bakhmut-read · read-only" if read_only else "bakhmut-read"
        self.message, self.saved_ok, self.status_note = "", read_only is None, read_only or "saved"
        self._report(self.session.load())
        self._show()
        self.article.move_cursor(self.session.initial_cursor(), jump=True)
        self._focus_article()
        if (moved := self.session.reanchoring_message()) is not None:
            self.notify(moved, severity="warning", timeout=8, markup=False)
            self.call_after_refresh(self.say, moved)

    def sync(self) -> None:
        """Not while the widgets are being replaced (the sync tick runs in its own task)."""
        if not self._switching:
            super().sync()

    def _refused_read_only(self) -> bool:
        """A key that would write, in a document opened from its stored copy: say so."""
        if self.session.read_only is None:
            return False
        self.say(self.session.refusal())
        return True
