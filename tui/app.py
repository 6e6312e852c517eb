"""The reader app and its factory (`create_app`), shared by the command line, tests and screenshots.

The app owns the store: widgets below it get data as attributes and send requests up as
messages; every change is written to SQLite at once, then pushed back down to the widgets.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import ClassVar, TypeVar

from textual import events, on
from textual.actions import SkipAction
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.theme import Theme
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, TextArea

from annotations.config import Config, default_config
from annotations.document import Document, visible_controls
from annotations.files import WriteError, write_output
from annotations.formats.markdown import to_markdown
from annotations.model import Annotation, make_annotation, position_order
from annotations.paths import default_export_path, path_exists
from annotations.store import Change, ReanchorReport, Store, StoreError
from tui.commands import ReaderCommands
from tui.keys import bindings_for, help_sections
from tui.screens.confirm import ConfirmDialog
from tui.screens.export import ExportDialog
from tui.screens.help import HelpScreen
from tui.screens.note_editor import NoteEditor
from tui.widgets.article import ArticleView
from tui.widgets.notes import NotesPane
from tui.widgets.search import SearchInput
from tui.widgets.status import StatusLine

T = TypeVar("T")
NARROW_WIDTH = 90
THEME_SETTING = "theme"
CURSOR_SAVE_DELAY = 1.0
CHANGE_WORDS = {
    "add": "highlight added",
    "update": "highlight changed",
    "delete": "highlight deleted",
}


class ReaderApp(App[None]):
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
        super().__init__()
        self.document = document
        self.store = store
        self.config = config
        self.reanchored = reanchored
        self.annotations: list[Annotation] = []
        self.status_note = "saved"
        self.message = ""
        self._open_editor: tuple[NoteEditor, Annotation] | None = None
        self.saved_ok = True
        self.cursor: int | None = None  # kept here too: the article is gone when the app unmounts
        self._cursor_timer: Timer | None = None
        self.title = visible_controls(document.title, keep_newlines=False)
        self.sub_title = "bakhmut-read"
        self.set_keymap(dict(self.config.keymap))

    # -- layout

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            yield ArticleView(self.document, self.config, id="article")
            yield NotesPane(self.document, self.config, id="notes")
        yield SearchInput(placeholder="Search the article…", id="search")
        yield StatusLine(id="status")
        yield Footer()

    @property
    def article(self) -> ArticleView:
        return self.query_one(ArticleView)

    @property
    def notes(self) -> NotesPane:
        return self.query_one(NotesPane)

    def on_mount(self) -> None:
        if self.config.warning:
            self.notify(visible_controls(self.config.warning), severity="warning", markup=False)
        self._tell_about_reanchoring()
        self._restore_theme()
        self._reload()
        self.article.move_cursor(self._initial_cursor(), jump=True)
        self.article.focus()
        self._fit_width(self.size.width)

    def _restore_theme(self) -> None:
        """The theme last picked in the palette, else the config file's, else Textual's default."""
        for name in (self.store.setting(THEME_SETTING), self.config.theme):
            if name and name in self.available_themes:
                self.theme = name
                break
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: Theme) -> None:
        if self.store.setting(THEME_SETTING) != theme.name:
            self._write(lambda: self.store.save_setting(THEME_SETTING, theme.name))

    def _tell_about_reanchoring(self) -> None:
        """The file changed since last time: say what happened to its highlights."""
        report = self.reanchored
        if report is None or not (report.moved or report.orphaned):
            return
        text = f"The file changed: {report.moved} highlight(s) moved with their text"
        if report.orphaned:
            text += f"; {report.orphaned} no longer found (kept in the notes, not drawn)"
        self.notify(text, severity="warning", timeout=8, markup=False)

    def _initial_cursor(self) -> int:
        """Where the user left off, else the start of ¶1."""
        saved = self.store.cursor(self.document.source)
        if saved is not None:
            return saved
        first = self.document.paragraph(1)
        return first.start if first is not None else 0

    def on_resize(self, event: events.Resize) -> None:
        self._fit_width(event.size.width)

    def _fit_width(self, width: int) -> None:
        """Under ~90 columns the notes pane is hidden (ctrl+n shows it) instead of squeezed."""
        narrow = width < NARROW_WIDTH
        self.screen.set_class(narrow, "-narrow")
        footer = self.query_one(Footer)
        footer.compact = narrow
        footer.show_command_palette = not narrow

    # -- data down

    def _reload(self) -> None:
        """Read the document's annotations from the store (at start only) and show them."""
        self.annotations = self.store.annotations(self.document.source)
        self._show()

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
        article = self.article
        selection = article.selection
        paragraph = self.document.paragraph_number_at(article.cursor)
        where = (
            "title"
            if paragraph == 0
            else f"¶{paragraph} · word {article.word_number(article.cursor)}"
        )
        mode = "NOTES" if self._notes_focused() else "VISUAL" if article.visual else "NORMAL"
        parts = [
            (mode, "bold $text-accent"),
            (f"  {where}", ""),
            (f"  {len(selection)} chars selected" if selection else "", ""),
            ("  ✓ saved" if self.message else f"  ✓ {self.status_note}", "$text-success")
            if self.saved_ok
            else (f"  ✗ {self.status_note}", "bold $text-error"),
            (f"  {self.message}" if self.message else "", "italic $text-warning"),
        ]
        self.query_one(StatusLine).update(Content.assemble(*parts))

    def say(self, text: str) -> None:
        """A message in the status line (as vim's message line), until the cursor next moves."""
        self.message = visible_controls(text, keep_newlines=False)
        self._update_status()

    def _notes_focused(self) -> bool:
        return self.focused is not None and self.focused.id == "notes-list"

    def on_descendant_focus(self) -> None:
        self._update_status()

    def _saved(self, what: str) -> None:
        self.message = ""
        self.saved_ok = True
        self.status_note = f"saved · {what}"
        self._update_status()

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
        """`1`-`5`: label the selection; relabel the highlight under the cursor; else the word."""
        article = self.article
        under = article.annotation_under_cursor()
        if article.selection is None and under is not None:
            self._relabel(under.id, label)
            return
        span = self._span_to_annotate()
        if span is not None:
            self._add(span, label)

    def action_highlight(self) -> None:
        """`enter`: the same as `1`."""
        self.action_label(1)

    def action_note(self) -> None:
        """`a`: the note of the highlight under the cursor, or of a new one of the selection."""
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
        under = self.article.annotation_under_cursor()
        if under is None:
            self.say("No highlight under the cursor")
        else:
            self.article.end_visual()
            self._delete_annotation(under.id)

    def _span_to_annotate(self) -> tuple[int, int] | None:
        selection = self.article.selection
        span = (selection.start, selection.end) if selection else self.article.word_at_cursor()
        if span is None:
            self.say("Nothing to highlight here: move onto a word, or select with v")
        return span

    def _add(self, span: tuple[int, int], label: int) -> Annotation | None:
        added = self._write(lambda: self.store.add(make_annotation(self.document, *span, label)))
        if added is not None:
            self.article.end_visual()
            self._after_change(None, added, f"{self._label_name(label)} added")
        return added

    def _relabel(self, annotation_id: str, label: int) -> None:
        updated = self._write(lambda: self.store.update(annotation_id, label=label))
        if updated is not None:
            self._after_change(updated.id, updated, f"label → {self._label_name(label)}")

    @on(NotesPane.DeleteRequested)
    def _delete_from_pane(self, message: NotesPane.DeleteRequested) -> None:
        self._delete_annotation(message.annotation_id)

    def _delete_annotation(self, annotation_id: str) -> None:
        if self._write(lambda: self.store.delete(annotation_id)) is not None:
            self._after_change(annotation_id, None, "highlight deleted (u to undo)")

    @on(ArticleView.SearchRequested)
    def _open_search(self) -> None:
        search = self.query_one(SearchInput)
        search.add_class("-open")
        search.value = self.article.last_search or ""
        search.focus()

    @on(Input.Submitted, "#search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        search = self.query_one(SearchInput)
        search.remove_class("-open")
        self.article.focus()
        if event.value:
            self.article.search(event.value)

    @on(ArticleView.Notice)
    def _notice(self, message: ArticleView.Notice) -> None:
        self.say(message.text)

    # -- messages up from the notes pane

    @on(NotesPane.JumpRequested)
    def _jump(self, message: NotesPane.JumpRequested) -> None:
        found = self._find(message.annotation_id)
        if found is None:
            return
        if self.document.text[found.start : found.end] != found.quote:
            self.say("This highlight's text is no longer in the file")
            return
        self.go_to(found.start)

    @on(NotesPane.EditRequested)
    def _edit_from_pane(self, message: NotesPane.EditRequested) -> None:
        self.edit_note(message.annotation_id)

    @on(NotesPane.FilterChanged)
    def _filter(self, message: NotesPane.FilterChanged) -> None:
        self._apply_filter(message.query)

    def _apply_filter(self, query: str) -> None:
        """Narrow the notes pane with the store's full-text search (None: show everything)."""
        query = query.strip()
        if not query:
            self.notes.apply_filter("", None)
            return
        found = self._write(lambda: self.store.search(query, self.document.source, 100_000))
        self.notes.apply_filter(query, {a.id for a in found or ()})

    # -- notes

    def edit_note(
        self, annotation_id: str, text: str | None = None, *, fresh: bool = False
    ) -> None:
        """Open the note editor; whatever it returns is saved (closing never drops a note).

        If the save fails, the editor opens again with the typed text, so nothing is lost.
        `fresh`: the highlight was made by this `a`; closed with no note, it is taken back.
        """
        annotation = self._find(annotation_id)
        if annotation is None:
            return
        label = self._label_name(annotation.label)
        editor = NoteEditor(annotation.quote, annotation.note if text is None else text, label)
        self._open_editor = (editor, annotation)
        self.push_screen(editor, partial(self._save_note, annotation, fresh))

    def _save_note(self, annotation: Annotation, fresh: bool, text: str | None) -> None:
        """The editor closed (ctrl+s or escape)."""
        self._open_editor = None
        if fresh and not (text or "").strip():
            self._take_back(annotation)
        else:
            self._store_note(annotation, text)

    def _take_back(self, annotation: Annotation) -> None:
        """Undo the highlight `a` made for a note that was never written (ctrl+r redoes it)."""
        change = self._write(lambda: self.store.undo(self.document.source))
        if change is not None and change.subject.id == annotation.id:
            self._after_change(annotation.id, None, "no note written: highlight taken back")
        elif change is not None:  # another change came first: put it back, keep the highlight
            self._write(lambda: self.store.redo(self.document.source))

    def _store_note(self, annotation: Annotation, text: str | None, *, reopen: bool = True) -> bool:
        """Save the editor's text; if that fails, False, and the editor back with the text."""
        if text is None or text == annotation.note:
            return True
        updated = self._write(lambda: self.store.update(annotation.id, note=text))
        if updated is None:
            if reopen:
                self.call_after_refresh(self.edit_note, annotation.id, text)
            return False
        self._after_change(annotation.id, updated, "note saved")
        return True

    async def action_quit(self) -> None:
        """`q` (and ctrl+q, even inside the note editor): save an open note, then leave."""
        if self._open_editor is not None:
            editor, annotation = self._open_editor
            text = editor.query_one(TextArea).text
            if self.screen is editor and not self._store_note(annotation, text, reopen=False):
                return  # not saved: the editor stays open with the text
        self.exit()

    # -- app actions

    def action_undo(self) -> None:
        change = self._write(lambda: self.store.undo(self.document.source))
        self._after_history(change, change.before if change else None, "Undid", "Nothing to undo")

    def action_redo(self) -> None:
        change = self._write(lambda: self.store.redo(self.document.source))
        self._after_history(change, change.after if change else None, "Redid", "Nothing to redo")

    def _after_history(
        self, change: Change | None, now: Annotation | None, verb: str, nothing: str
    ) -> None:
        """After undo/redo: `now` is the annotation as it stands (None if it is gone)."""
        if change is None:
            self.say(nothing)
            return
        self.article.end_visual()
        self.article.move_cursor(change.subject.start, jump=True)
        self._after_change(change.subject.id, now, f"{verb}: {CHANGE_WORDS[change.action]}")

    def action_switch_focus(self) -> None:
        """`tab` (a priority binding, so Screen's own focus-next does not take it first)."""
        if len(self.screen_stack) > 1:
            raise SkipAction()  # in a dialog, tab keeps its usual meaning
        self.query_one(SearchInput).remove_class("-open")
        if self.focused is self.article:
            self._set_notes_visible(True)
            self.query_one("#notes-list").focus()
        else:
            self._focus_article()

    def action_toggle_notes(self) -> None:
        visible = not self._notes_visible()
        self._set_notes_visible(visible)
        if visible and self._narrow:
            self.query_one("#notes-list").focus()
        elif not visible:
            self.article.focus()

    @property
    def _narrow(self) -> bool:
        return self.screen.has_class("-narrow")

    def _notes_visible(self) -> bool:
        """Wide: the pane shows unless hidden with ctrl+n. Narrow: it replaces the article."""
        if self._narrow:
            return self.screen.has_class("-show-notes")
        return not self.screen.has_class("-hide-notes")

    def _set_notes_visible(self, visible: bool) -> None:
        """Narrow and wide layouts keep their own choice, so a resize restores the other one."""
        if self._narrow:
            self.screen.set_class(visible, "-show-notes")
        else:
            self.screen.set_class(not visible, "-hide-notes")

    def _focus_article(self) -> None:
        """Focus the article, bringing it back if the narrow layout had swapped it for notes."""
        if self._narrow:
            self._set_notes_visible(False)
        self.article.focus()

    def action_help(self) -> None:
        self.push_screen(HelpScreen(help_sections(self.config.keymap), self.config.keymap))

    def action_export(self) -> None:
        default = default_export_path(self.document.title)

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            try:
                exists = path_exists(path)
            except ValueError as error:
                self.notify(visible_controls(str(error)), severity="error", markup=False)
                return
            if exists:
                question = f"{path} exists. Overwrite it?"
                self.push_screen(ConfirmDialog(question), partial(self._confirmed_export, path))
            else:
                self.export_to(path)

        self.push_screen(ExportDialog(default), chosen)

    def _confirmed_export(self, path: Path, overwrite: bool | None) -> None:
        if overwrite:
            self.export_to(path)

    def export_to(self, path: Path) -> bool:
        """Write the Markdown export (replacing the file atomically); report in the status line."""
        annotations = self._write(lambda: self.store.annotations(self.document.source))
        if annotations is None:
            return False  # read from the store: another reader may have added notes
        content = to_markdown(self.document, annotations, self.config.label_names)
        try:
            write_output(path, content, force=True)
        except WriteError as error:
            self.notify(visible_controls(str(error)), severity="error", markup=False)
            return False
        shown = visible_controls(str(path))
        self.say(f"Exported {len(annotations)} highlights to {shown}")
        return True

    def jump_to_paragraph(self, number: int) -> None:
        block = self.document.paragraph(number)
        if block is None:
            self.say(f"There is no ¶{number}")
            return
        self.go_to(block.start)

    def go_to(self, offset: int) -> None:
        """Show `offset` in the article: no selection, cursor there, the article focused."""
        self.article.end_visual()
        self.article.move_cursor(offset, jump=True)
        self._focus_article()

    # -- helpers

    def _write(self, action: Callable[[], T]) -> T | None:
        """Run one store write; a failure is shown, never raised into the event loop."""
        try:
            return action()
        except StoreError as error:
            self.notify(visible_controls(str(error)), severity="error", markup=False)
            self.saved_ok = False
            self.status_note = "not saved (see the message)"
            self._update_status()
            return None

    def _after_change(self, old_id: str | None, new: Annotation | None, what: str) -> None:
        """Mirror a committed change in memory (no re-read of the store on a keystroke)."""
        kept = [a for a in self.annotations if a.id != old_id]
        if new is not None:
            insort(kept, new, key=position_order)
        self.annotations = kept
        self._show()
        if self.notes.filter_active:  # an edited note may now match, or no longer
            self._apply_filter(self.notes.filter_query)
        self._saved(what)

    def _find(self, annotation_id: str) -> Annotation | None:
        return next((a for a in self.annotations if a.id == annotation_id), None)

    def _label_name(self, label: int) -> str:
        return self.config.label(label).name

    def _schedule_cursor_save(self) -> None:
        if self._cursor_timer is not None:
            self._cursor_timer.stop()
        self._cursor_timer = self.set_timer(CURSOR_SAVE_DELAY, self._save_cursor)

    def _save_cursor(self) -> None:
        if self.cursor is not None:
            cursor = self.cursor
            self._write(lambda: self.store.save_cursor(self.document.source, cursor))

    def on_unmount(self) -> None:
        self._save_cursor()


def create_app(document: Document, store: Store, config: Config | None = None) -> ReaderApp:
    """The one app factory: the command line, the tests and the screenshot script all use it.

    It records the document in the store (re-anchoring its highlights if the text changed), so
    a StoreError surfaces here, before the app starts, where the command line can report it.
    """
    report = store.open_document(document)
    return ReaderApp(document, store, config or default_config(), report)
