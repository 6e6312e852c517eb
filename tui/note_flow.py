"""NoteFlow: editing a note, saving it, answering a conflict, and settling both when quitting."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from tui.reading import Outcome, ReadingSession, Result
from tui.view import ReaderView

if TYPE_CHECKING:
    from annotations.model import Annotation
    from tui.screens.note_conflict import NoteConflictDialog, NoteDeletedDialog
    from tui.screens.note_editor import NoteEditor


class NoteFlow(ReaderView):
    """The note editor and the dialogs a note's conflict opens; closing never drops a note."""

    def __init__(self, session: ReadingSession) -> None:
        super().__init__(session)
        self._open_editor: tuple[NoteEditor, Annotation] | None = None
        self._editors = 0
        self._on_quit: Callable[[], object] | None = None
        """A lossless answer to an open conflict dialog, given if the app quits meanwhile."""
        self._quitting = False

    def _after_write(self, result: Result) -> None:
        """A result, now or from the queue: a note's conflict or failure reopens its question."""
        self._report(result)
        text = result.unsaved_note
        if text is None:
            return
        subject = result.subject or result.annotation
        if result.outcome is Outcome.CONFLICT and subject is not None:
            self._ask_about_note(subject, result.annotation, text)
        elif subject is not None:
            self.call_after_refresh(self.edit_note, subject.id, text, retry=True)

    def edit_note(
        self,
        annotation_id: str,
        text: str | None = None,
        *,
        fresh: bool = False,
        retry: bool = False,
    ) -> None:
        """Open the note editor; whatever it returns is saved (closing never drops a note).

        If the save fails, the editor opens again with the typed text (`retry`); if that save
        fails too, the text is kept as a draft (`a` brings it back) and the editor stays closed.
        `fresh`: the highlight was made by this `a`; closed with no note, it is taken back.
        """
        from tui.screens.note_editor import NoteEditor  # imported when first opened

        self.sync()
        annotation = self.session.find(annotation_id)
        if annotation is None:
            return
        label = self.session.label_name(annotation.label)
        text = self.session.drafts.pop(annotation_id, text)
        note = annotation.note if text is None else text
        editor = NoteEditor(annotation.quote, note, label)
        # Installed while it is open, so that closing it does not remove its widgets before
        # the frame that shows the saved note: `_save_note` removes it after that frame.
        self._editors += 1
        self.install_screen(editor, name=f"note-editor-{self._editors}")
        self._open_editor = (editor, annotation)
        self.push_screen(editor, partial(self._save_note, annotation, fresh, retry))

    def _save_note(
        self, annotation: Annotation, fresh: bool, retry: bool, text: str | None
    ) -> None:
        """The editor closed (ctrl+s or escape): save the note, or take the fresh highlight back."""
        if self._open_editor is not None:
            self.call_after_refresh(self._discard, self._open_editor[0])
        self._open_editor = None
        result = self.session.note_closed(annotation, text, fresh=fresh)
        if retry and result.outcome is Outcome.NOT_SAVED and result.unsaved_note is not None:
            self.session.drafts[annotation.id] = result.unsaved_note  # the user can always leave
            self._report(result._replace(message=f"{result.message} (note kept: a reopens it)"))
            return
        self._after_write(result)

    def _discard(self, editor: NoteEditor) -> None:
        """The closed editor's widgets go, after the frame that showed it closed."""
        if editor not in self.screen_stack:
            self.uninstall_screen(editor)
            editor.remove()

    def _ask_about_note(self, mine: Annotation, current: Annotation | None, text: str) -> None:
        """The note's highlight changed or vanished elsewhere: ask; escape keeps every word."""
        from tui.screens.note_conflict import NoteConflictDialog, NoteDeletedDialog

        if current is None:
            dialog: NoteConflictDialog | NoteDeletedDialog = NoteDeletedDialog(mine.quote, text)
            self._on_quit = lambda: self.session.save_on_new_highlight(mine, text)
            self.push_screen(dialog, partial(self._deleted_answer, mine, text))
        else:
            dialog = NoteConflictDialog(text, current.note)
            both = self.session.keep_both(current, text)
            self._on_quit = lambda: self.session.save_note(current, both)
            self.push_screen(dialog, partial(self._conflict_answer, current, text))

    def _deleted_answer(self, mine: Annotation, text: str, answer: str | None) -> None:
        self._on_quit = None
        if answer == "discard":
            self.say("Note discarded")
        else:
            self._after_write(self.session.save_on_new_highlight(mine, text))

    def _conflict_answer(self, current: Annotation, text: str, answer: str | None) -> None:
        self._on_quit = None
        if answer == "theirs":
            self.say("Kept the note from the other window")
            return
        chosen = text if answer == "mine" else self.session.keep_both(current, text)
        self._after_write(self.session.save_note(current, chosen))

    async def action_quit(self) -> None:
        """`q` (and ctrl+q, even inside the note editor): save an open note, then leave.

        A conflict is settled without losing a word (both notes kept, or the note saved on a
        new highlight); while changes wait for the lock, the app leaves once they are written.
        """
        if self._on_quit is not None:
            self._on_quit()
            self._on_quit = None
        if self._open_editor is not None:
            from textual.widgets import TextArea  # loaded with the editor that is open

            editor, annotation = self._open_editor
            text = editor.query_one(TextArea).text
            if self.screen is editor:
                result = self.session.save_note(annotation, text)
                if result.outcome is Outcome.CONFLICT:
                    result = self._settle_losslessly(annotation, result.annotation, text)
                self._report(result)
                if not result.ok and result.outcome is not Outcome.WAITING:
                    return  # not saved: the editor stays open with the text
        if self.session.waiting:
            self._quitting = True
            self.say("Waiting to save before quitting…")
            return
        self.exit()

    def _settle_losslessly(self, mine: Annotation, current: Annotation | None, text: str) -> Result:
        if current is None:
            return self.session.save_on_new_highlight(mine, text)
        return self.session.save_note(current, self.session.keep_both(current, text))
