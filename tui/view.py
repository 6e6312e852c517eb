"""ReaderView: the session's state pushed down to the layout's widgets and the status line."""

from __future__ import annotations

from annotations.document import visible_controls
from annotations.model import Annotation
from tui.layout import ReaderLayout
from tui.reading import Outcome, ReadingSession, Result
from tui.widgets.status import StatusLine, position

BULK = 256
"""More changes than this at once (the first read, an import undone) rebuild the article's index."""


class ReaderView(ReaderLayout):
    """The layout showing a `ReadingSession`: annotations, the notes filter, a result's message."""

    def __init__(self, session: ReadingSession) -> None:
        super().__init__(session.document, session.config)
        self.session = session
        self.status_note = "saved"
        self.message = ""
        self.saved_ok = True

    @property
    def annotations(self) -> list[Annotation]:
        return self.session.annotations

    def sync(self) -> None:
        """Show what other windows changed (only if the database changed since the last look)."""
        if self.session.refresh():
            self._show()
            if self.notes.filter_active:
                self._apply_filter(self.notes.filter_query)

    def _show(self) -> None:
        """Pass what changed since the last look down to the article and the notes pane: a
        key that changes one highlight costs one, however many the document has."""
        changes = self.session.take_changes()
        if len(changes) > BULK:
            self.article.set_annotations(self.annotations)
        elif changes:
            self.article.update_annotations(changes)
        if changes:
            self.notes.apply_changes(changes)
        if not self._notes_focused():
            self._follow_cursor()  # the pane keeps its own place while the user works in it
        self._update_status()

    def _follow_cursor(self) -> None:
        under = self.article.annotation_under_cursor()
        self.notes.select_annotation(under.id if under else None)

    def _update_status(self) -> None:
        """Mode, position, selection length, and whether the last change reached the disk."""
        if not self.screen_stack or not self.screen.query(StatusLine):
            return  # the app is closing
        article, cursor, blocks = self.article, self.article.cursor, self.document.blocks
        paragraph = self.document.paragraph_number_at(cursor)
        paragraphs = blocks[-1].number if blocks else 0
        word = article.word_number(cursor) if paragraph else 0
        where = position(paragraph, paragraphs, word, cursor, len(self.document.text))
        mode = "NOTES" if self._notes_focused() else "VISUAL" if article.visual else "NORMAL"
        if self.focused is not None and self.focused.id == "notes-filter":
            mode = "FILTER"
        selected = len(article.selection) if article.selection else 0
        self.query_one(StatusLine).show(
            mode,
            where,
            selected,
            saved=self.saved_ok,
            note=self.status_note,
            message=self.message,
            pending=article.keys.pending,
        )

    def say(self, text: str) -> None:
        """A message in the status line (as vim's message line), until the cursor next moves."""
        self.message = visible_controls(text, keep_newlines=False)
        self._update_status()

    def on_descendant_focus(self) -> None:
        self._update_status()

    def _report(self, result: Result) -> bool:
        """Show what a session request did (the status line, or an error); True if it changed."""
        if result.outcome is Outcome.WAITING:
            self._show()
            self.saved_ok = False
            self.status_note = result.message
            self._update_status()
        elif result.outcome is Outcome.CONFLICT:
            self._show()
            self.say(result.message)
        elif result.outcome is Outcome.NOT_SAVED:
            self.notify(result.message, severity="error", markup=False)
            self.saved_ok = False
            self.status_note = "not saved (see the message)"
            self._update_status()
        elif result.outcome is Outcome.FAILED:  # a read: nothing was lost, nothing left unsaved
            self.notify(result.message, severity="error", markup=False)
        elif result.changed:
            self.message = ""
            self.saved_ok = True
            self.status_note = f"saved · {result.message}"
            self._show()  # the status line too, once
            if self.notes.filter_active:  # an edited note may now match, or no longer
                self._apply_filter(self.notes.filter_query)
        elif result.message:
            self.say(result.message)
        return result.changed

    def _apply_filter(self, query: str) -> None:
        """Narrow the notes pane with the store's full-text search (None: show everything)."""
        found = self.session.filter(query)
        if found.failure is not None:
            self._report(found.failure)
        self.notes.apply_filter(found.query, None if found.ids is None else set(found.ids))
