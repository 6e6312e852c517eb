"""The reader app and its factory (`create_app`), shared by the command line, tests and screenshots.

The app composes the widgets and routes their requests to a `ReadingSession`, which owns the
store and the annotations; the app then pushes the result down to the widgets.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import App
from textual.binding import BindingType
from textual.theme import Theme
from textual.timer import Timer
from textual.widgets import TextArea

from annotations.config import Config, default_config
from annotations.document import Document, visible_controls
from annotations.model import Annotation
from annotations.paths import default_export_path
from annotations.store import ReanchorReport, Store
from tui.commands import ReaderCommands
from tui.keys import bindings_for, help_sections
from tui.layout import ReaderLayout
from tui.reading import Outcome, ReadingSession, Result
from tui.screens.export import ExportDialog
from tui.screens.help import HelpScreen
from tui.screens.note_conflict import NoteConflictDialog, NoteDeletedDialog
from tui.screens.note_editor import NoteEditor
from tui.widgets.article import ArticleView
from tui.widgets.notes import NotesPane
from tui.widgets.status import StatusLine, position

CURSOR_SAVE_DELAY = 1.0
SYNC_INTERVAL = 0.5
"""Seconds between looks for other windows' changes (and retries of writes that wait)."""


class ReaderApp(ReaderLayout):
    """bakhmut-read: the article on the left, the notes by paragraph on the right."""

    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {ReaderCommands}
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("app")

    def __init__(
        self,
        document: Document,
        store: Store,
        config: Config,
        reanchored: ReanchorReport | None = None,
    ) -> None:
        super().__init__(document, config)
        self.session = ReadingSession(document, store, config, reanchored)
        self.status_note = "saved"
        self.message = ""
        self._open_editor: tuple[NoteEditor, Annotation] | None = None
        self.saved_ok = True
        self.cursor: int | None = None  # kept here too: the article is gone when the app unmounts
        self._cursor_timer: Timer | None = None
        self._on_quit: Callable[[], object] | None = None
        """A lossless answer to an open conflict dialog, given if the app quits meanwhile."""
        self._quitting = False
        self.set_keymap(dict(self.config.keymap))

    def on_mount(self) -> None:
        if self.config.warning:
            self.notify(visible_controls(self.config.warning), severity="warning", markup=False)
        self._restore_theme()
        self._report(self.session.load())  # registers this reader, reads the annotations
        self._show()
        self.set_interval(SYNC_INTERVAL, self._tick)
        self.article.move_cursor(self.session.initial_cursor(), jump=True)
        self.article.focus()
        self._fit_width(self.size.width)
        if (moved := self.session.reanchoring_message()) is not None:
            self.notify(moved, severity="warning", timeout=8, markup=False)
            self.call_after_refresh(self.say, moved)  # after the cursor's first move

    def _restore_theme(self) -> None:
        """The theme last picked in the palette, else the config file's, else Textual's default."""
        for name in self.session.themes_to_try():
            if name in self.available_themes:
                self.theme = name
                break
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: Theme) -> None:
        self._report(self.session.save_theme(theme.name))

    @property
    def annotations(self) -> list[Annotation]:
        return self.session.annotations

    # -- other windows, and writes that wait

    def _tick(self) -> None:
        """Retry the writes that wait for the lock; else show other windows' changes."""
        if self.session.waiting:
            for result in self.session.flush():
                self._after_write(result)
            if not self.session.waiting and self._quitting:
                self.exit()
        else:
            self.sync()

    def sync(self) -> None:
        """Show what other windows changed (only if the database changed since the last look)."""
        if self.session.refresh():
            self._show()
            if self.notes.filter_active:
                self._apply_filter(self.notes.filter_query)

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

    # -- data down

    def _show(self) -> None:
        self.article.set_annotations(self.annotations)
        self.notes.show_annotations(self.annotations)
        if not self._notes_focused():
            self._follow_cursor()  # the pane keeps its own place while the user works in it
        self._update_status()

    def _follow_cursor(self) -> None:
        under = self.article.annotation_under_cursor()
        self.notes.select_annotation(under.id if under else None)

    def _update_status(self) -> None:
        """Mode, position, selection length, and whether the last change reached the disk."""
        if not self.screen.query(StatusLine):
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
            self._show()
            if self.notes.filter_active:  # an edited note may now match, or no longer
                self._apply_filter(self.notes.filter_query)
            self.message = ""
            self.saved_ok = True
            self.status_note = f"saved · {result.message}"
            self._update_status()
        elif result.message:
            self.say(result.message)
        return result.changed

    # -- messages up from the article

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, message: ArticleView.CursorMoved) -> None:
        self.cursor = message.cursor
        self.message = ""
        self._follow_cursor()
        self._update_status()
        self._schedule_cursor_save()

    # -- annotation keys of the article (app actions, so each sees the result of the last)

    def action_label(self, label: int) -> None:
        """`1`-`5`: label the selection (relabel a highlight of exactly it); relabel the highlight
        under the cursor; else the word."""
        article = self.article
        self.sync()
        selection = article.selection
        if selection is None:
            target = article.annotation_under_cursor()
        else:
            target = self.session.exact(selection.start, selection.end)
        if target is not None:
            article.end_visual()
            self._report(self.session.relabel(target.id, label))
            return
        span = self._span_to_annotate()
        if span is not None:
            self._add(span, label)

    def action_highlight(self) -> None:
        """`enter`: the same as `1`."""
        self.action_label(1)

    def action_note(self) -> None:
        """`a`: the note of the highlight under the cursor, or of a new one of the selection."""
        self.sync()
        under = self.article.annotation_under_cursor()
        if self.article.selection is None and under is not None:
            self.edit_note(under.id)
            return
        span = self._span_to_annotate()
        added = self._add(span, 1) if span is not None else None
        if added is not None:
            self.edit_note(added.id, fresh=True)

    def action_delete_highlight(self) -> None:
        """`x`: delete the highlight under the cursor (and its note)."""
        self.sync()
        under = self.article.annotation_under_cursor()
        if under is None:
            self.say("No highlight under the cursor")
        else:
            self.article.end_visual()
            self._report(self.session.delete(under.id))

    def action_confirm_place(self) -> None:
        """`c`: the place of the highlight under the cursor (marked ≈) is right."""
        self.sync()
        under = self.article.annotation_under_cursor()
        if under is None:
            self.say("No highlight under the cursor")
        else:
            self._report(self.session.confirm_place(under.id))

    def _span_to_annotate(self) -> tuple[int, int] | None:
        selection = self.article.selection
        span = (selection.start, selection.end) if selection else self.article.word_at_cursor()
        if span is None:
            self.say("Nothing to highlight here: move onto a word, or select with v")
        return span

    def _add(self, span: tuple[int, int], label: int) -> Annotation | None:
        result = self.session.add(*span, label)
        added = result.changed or result.outcome is Outcome.WAITING
        if added:
            self.article.end_visual()
        self._report(result)
        return result.annotation if added else None

    @on(NotesPane.DeleteRequested)
    def _delete_from_pane(self, message: NotesPane.DeleteRequested) -> None:
        self.sync()
        self._report(self.session.delete(message.annotation_id))

    @on(ArticleView.KeysPending)
    def _keys_pending(self) -> None:
        self._update_status()

    @on(ArticleView.Notice)
    def _notice(self, message: ArticleView.Notice) -> None:
        self.say(message.text)

    # -- messages up from the notes pane

    @on(NotesPane.JumpRequested)
    def _jump(self, message: NotesPane.JumpRequested) -> None:
        found = self.session.find(message.annotation_id)
        if found is None:
            return
        if self.document.text[found.start : found.end] != found.quote:
            self.say("This highlight's text is no longer in the file")
            return
        self.go_to(found.start)

    @on(NotesPane.ConfirmRequested)
    def _confirm_from_pane(self, message: NotesPane.ConfirmRequested) -> None:
        self.sync()
        self._report(self.session.confirm_place(message.annotation_id))

    @on(NotesPane.ReattachRequested)
    def _reattach_from_pane(self, message: NotesPane.ReattachRequested) -> None:
        """`r` in the pane: the orphan goes on the article's selection (or word at its cursor)."""
        self.sync()
        selection = self.article.selection
        span = (selection.start, selection.end) if selection else self.article.word_at_cursor()
        if span is None:
            self.say("Select the text in the article first (v), or put its cursor on a word")
            return
        self.article.end_visual()
        self._report(self.session.reattach(message.annotation_id, *span))

    @on(NotesPane.EditRequested)
    def _edit_from_pane(self, message: NotesPane.EditRequested) -> None:
        self.edit_note(message.annotation_id)

    @on(NotesPane.FilterChanged)
    def _filter(self, message: NotesPane.FilterChanged) -> None:
        self._apply_filter(message.query)

    def _apply_filter(self, query: str) -> None:
        """Narrow the notes pane with the store's full-text search (None: show everything)."""
        found = self.session.filter(query)
        if found.failure is not None:
            self._report(found.failure)
        self.notes.apply_filter(found.query, None if found.ids is None else set(found.ids))

    # -- notes

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
        self.sync()
        annotation = self.session.find(annotation_id)
        if annotation is None:
            return
        label = self.session.label_name(annotation.label)
        text = self.session.drafts.pop(annotation_id, text)
        editor = NoteEditor(annotation.quote, annotation.note if text is None else text, label)
        self._open_editor = (editor, annotation)
        self.push_screen(editor, partial(self._save_note, annotation, fresh, retry))

    def _save_note(
        self, annotation: Annotation, fresh: bool, retry: bool, text: str | None
    ) -> None:
        """The editor closed (ctrl+s or escape): save the note, or take the fresh highlight back."""
        self._open_editor = None
        result = self.session.note_closed(annotation, text, fresh=fresh)
        if retry and result.outcome is Outcome.NOT_SAVED and result.unsaved_note is not None:
            self.session.drafts[annotation.id] = result.unsaved_note  # the user can always leave
            self._report(replace(result, message=f"{result.message} (note kept: a reopens it)"))
            return
        self._after_write(result)

    def _ask_about_note(self, mine: Annotation, current: Annotation | None, text: str) -> None:
        """The note's highlight changed or vanished elsewhere: ask; escape keeps every word."""
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

    # -- app actions

    def action_undo(self) -> None:
        self.sync()
        self._after_history(self.session.undo())

    def action_redo(self) -> None:
        self.sync()
        self._after_history(self.session.redo())

    def _after_history(self, result: Result) -> None:
        """After undo/redo: the cursor goes to the annotation that changed."""
        if result.changed and result.subject is not None:
            self.article.end_visual()
            self.article.move_cursor(result.subject.start, jump=True)
        self._report(result)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(help_sections(self.config.keymap), self.config.keymap))

    def action_export(self) -> None:
        default = default_export_path(self.document.title)
        self.push_screen(ExportDialog(default, self.export_to))

    def export_to(self, path: Path) -> str | None:
        """Write the Markdown export (replacing the file atomically) and say so in the status
        line; on failure, the reason (for the dialog, which stays open to correct the path)."""
        result = self.session.export_to(path, self._path_width())
        if not result.ok:
            return result.message
        self._report(result)
        return None

    def _path_width(self) -> int:
        """Room for the file name in the status line's message."""
        return max(self.size.width - len("Exported 999 highlights to ") - 4, 16)

    def jump_to_paragraph(self, number: int) -> None:
        block = self.document.paragraph(number)
        if block is None:
            self.say(f"There is no ¶{number}")
            return
        self.go_to(block.start)

    # -- helpers

    def _schedule_cursor_save(self) -> None:
        if self._cursor_timer is not None:
            self._cursor_timer.stop()
        self._cursor_timer = self.set_timer(CURSOR_SAVE_DELAY, self._save_cursor)

    def _save_cursor(self) -> None:
        if self.cursor is not None:
            self._report(self.session.save_cursor(self.cursor))

    def on_unmount(self) -> None:
        self._save_cursor()
        self.session.close()


def create_app(document: Document, store: Store, config: Config | None = None) -> ReaderApp:
    """The one app factory: the command line, the tests and the screenshot script all use it.

    It records the document in the store (re-anchoring its highlights if the text changed), so
    a StoreError surfaces here, before the app starts, where the command line can report it.
    """
    report = store.open_document(document)
    return ReaderApp(document, store, config or default_config(), report)
