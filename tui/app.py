"""The reader app and its factory (`create_app`), shared by the command line, tests and screenshots.

The app composes the widgets and routes their requests to a `ReadingSession`, which owns the
store and the annotations; the app then pushes the result down to the widgets. It is the last of
a chain: ReaderLayout (the widgets) → ReaderView (data down) → NoteFlow (the note editor and its
dialogs) → ReaderApp (keys and messages up).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App
from textual.binding import BindingType
from textual.theme import Theme
from textual.timer import Timer

from annotations.config import Config, default_config
from annotations.document import Document, visible_controls
from annotations.model import Annotation
from annotations.paths import default_export_path
from annotations.store import Store
from tui.keys import bindings_for, help_sections
from tui.reading import Outcome, ReadingSession, Result
from tui.startup import resume_collection
from tui.switching import DocumentSwitch
from tui.widgets.article import ArticleView, Position
from tui.widgets.notes import NotesPane

if TYPE_CHECKING:
    from textual.command import Provider

CURSOR_SAVE_DELAY = 1.0
SYNC_INTERVAL = 0.5
"""Seconds between looks for other windows' changes (and retries of writes that wait)."""


class ReaderApp(DocumentSwitch):
    """bakhmut-read: the article on the left, the notes by paragraph on the right."""

    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {lambda: _reader_commands()}
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("app")

    def __init__(self, session: ReadingSession) -> None:
        super().__init__(session)
        self.cursor: int | None = None  # kept here too: the article is gone when the app unmounts
        self._extent_of: str | None = None
        """The highlight whose extent the selection is changing (`R`), if any."""
        self._cursor_timer: Timer | None = None
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
        if not self.session.store.document_stored:
            self.call_after_refresh(self._store_document)  # after the first screen is shown
        self.call_after_refresh(resume_collection)  # paused by tui.launch until now

    def _store_document(self) -> None:
        """Write a newly opened document's row (its whole text), or the time a known one was
        opened, now that it is on screen.

        Any write before this one (a highlight, the reading position) adds the row first in its
        own transaction, so nothing can be saved without its document.
        """
        self._report(self.session.store_document())

    def _restore_theme(self) -> None:
        """The theme last picked in the palette, else the config file's, else Textual's default."""
        for name in self.session.themes_to_try():
            if name in self.available_themes:
                self.theme = name
                break
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: Theme) -> None:
        self._report(self.session.save_theme(theme.name))

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

    # -- the article: its cursor (watched, so handled as it moves) and its messages

    def _cursor_moved(self, message: Position) -> None:
        self.cursor = message.cursor
        if not message.visual:
            self._extent_of = None  # the selection is gone: so is a change of extent
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
        if self._refused_read_only():
            return
        self.sync()
        under = self.article.annotation_under_cursor()
        if self.article.selection is None and under is not None:
            self.edit_note(under.id)
            return
        span = self._span_to_annotate()
        added = self._add(span, 1) if span is not None else None
        if added is not None:
            self.edit_note(added.id, fresh=True)

    def action_change_extent(self) -> None:
        """`R` on a highlight: select it, so motions move its ends; `R` again keeps the new
        extent with the same label and note (undoable); escape (leaving visual mode) cancels."""
        if self._refused_read_only():
            return
        self.sync()
        article = self.article
        selection = article.selection
        if self._extent_of is not None and selection is not None:
            annotation_id, self._extent_of = self._extent_of, None
            article.end_visual()
            self._report(self.session.reattach(annotation_id, selection.start, selection.end))
            return
        under = article.annotation_under_cursor()
        if under is None:
            self.say("No highlight under the cursor")
            return
        article.select(under.start, under.end)
        self._extent_of = under.id  # after select(), whose move `_cursor_moved` saw at once
        self.say("Move the ends with motions, then R to keep the new extent (esc cancels)")

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
        if not self._refused_read_only():
            self.edit_note(message.annotation_id)

    @on(NotesPane.FilterChanged)
    def _filter(self, message: NotesPane.FilterChanged) -> None:
        self._apply_filter(message.query)

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
        from tui.screens.help import HelpScreen  # imported when first shown, not at start

        self.push_screen(HelpScreen(help_sections(self.config.keymap), self.config.keymap))

    def action_export(self) -> None:
        from tui.screens.export import ExportDialog  # imported when first shown, not at start

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

    # -- another document, opened in place (tui/switching.py)

    def _leave_document(self) -> None:
        """Save the position in the document being left and unregister its reader."""
        if self._cursor_timer is not None:
            self._cursor_timer.stop()
            self._cursor_timer = None
        self._save_cursor()
        self.session.close()
        self.cursor, self._extent_of = None, None

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


def _reader_commands() -> type[Provider]:
    """The palette's commands, imported when the palette first opens, not at start."""
    from tui.commands import ReaderCommands

    return ReaderCommands


def create_app(document: Document, store: Store, config: Config | None = None) -> ReaderApp:
    """The one app factory: the command line, the tests and the screenshot script all use it.

    It records the document in the store (re-anchoring its highlights if the text changed), so
    a StoreError surfaces here, before the app starts, where the command line can report it. A
    document the store does not know yet, or knows with the same text (compared by hash), is
    written after the first screen (`_store_document`).
    """
    report = store.open_document(document, defer=True)
    return ReaderApp(ReadingSession(document, store, config or default_config(), report))
