"""ReadingSession: one document's annotations and every change to them, with no UI in sight."""

from __future__ import annotations

from bisect import insort
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path
from typing import TypeVar

from annotations.config import Config
from annotations.document import Document, visible_controls
from annotations.files import WriteError, write_output
from annotations.formats.markdown import to_markdown
from annotations.model import Annotation, make_annotation, position_order
from annotations.store import ReanchorReport, Store, StoreError, UnreadableEntry, skipped_notice

T = TypeVar("T")
THEME_SETTING = "theme"
CHANGE_WORDS = {
    "add": "highlight added",
    "update": "highlight changed",
    "delete": "highlight deleted",
    "import": "import",
}


class Outcome(Enum):
    CHANGED = "changed"
    """An annotation changed and the change is on disk."""
    NOTHING = "nothing"
    """Nothing changed in the annotations; `message` (if any) is for the status line."""
    NOT_SAVED = "not saved"
    """A write to the store failed: the UI says "✗ not saved" and shows `message`."""
    FAILED = "failed"
    """A read (or the export file) failed: `message` is the error; nothing was lost."""


@dataclass(frozen=True, slots=True)
class Result:
    """What one request did, with a one-line message for the user."""

    outcome: Outcome
    message: str = ""
    annotation: Annotation | None = None
    """The annotation as it now stands (None if it is gone, or nothing happened)."""
    subject: Annotation | None = None
    """The annotation the change was about, as it was or is (undo moves the cursor to it)."""
    unsaved_note: str | None = None
    """A note that could not be saved: the UI must open the editor again with it."""

    @property
    def changed(self) -> bool:
        return self.outcome is Outcome.CHANGED

    @property
    def ok(self) -> bool:
        return self.outcome in (Outcome.CHANGED, Outcome.NOTHING)


@dataclass(frozen=True, slots=True)
class Filter:
    """The notes filter: `ids` None shows everything; `failure` says why a search failed."""

    query: str
    ids: frozenset[str] | None
    failure: Result | None = None


class _Failed(Exception):
    """A store call failed; carries the result to hand back."""

    def __init__(self, result: Result) -> None:
        super().__init__(result.message)
        self.result = result


class ReadingSession:
    """The store, the document and an in-memory copy of its annotations in position order.

    Every change is written to the store at once and then mirrored in memory, so a keystroke
    never re-reads the store. Methods return a `Result`; store errors never escape.
    """

    def __init__(
        self,
        document: Document,
        store: Store,
        config: Config,
        reanchored: ReanchorReport | None = None,
    ) -> None:
        self.document = document
        self.store = store
        self.config = config
        self.reanchored = reanchored
        self.annotations: list[Annotation] = []

    @property
    def source(self) -> str:
        return self.document.source

    def load(self) -> Result:
        """Read the document's annotations from the store (once, at the start)."""
        try:
            self.annotations = self._read(lambda: self.store.annotations(self.source))
        except _Failed as failed:
            return failed.result
        return Result(Outcome.NOTHING, _line(skipped_notice(self.store.skipped) or ""))

    def find(self, annotation_id: str) -> Annotation | None:
        return next((a for a in self.annotations if a.id == annotation_id), None)

    def label_name(self, label: int) -> str:
        return self.config.label(label).name

    # -- changes

    def add(self, start: int, end: int, label: int) -> Result:
        new = make_annotation(self.document, start, end, label)
        return self._change(lambda: self.store.add(new), f"{self.label_name(label)} added")

    def relabel(self, annotation_id: str, label: int) -> Result:
        what = f"label → {self.label_name(label)}"
        return self._change(lambda: self.store.update(annotation_id, label=label), what)

    def delete(self, annotation_id: str) -> Result:
        try:
            gone = self._write(lambda: self.store.delete(annotation_id))
        except _Failed as failed:
            return failed.result
        return self._mirror(gone, None, "highlight deleted (u to undo)")

    def save_note(self, annotation: Annotation, text: str | None) -> Result:
        """Save the editor's text (None: closed without an answer); NOT_SAVED means reopen it.

        `annotation` is the one the editor opened on: unchanged text is not written.
        """
        if text is None or text == annotation.note:
            return Result(Outcome.NOTHING, annotation=annotation)
        result = self._change(lambda: self.store.update(annotation.id, note=text), "note saved")
        return result if result.ok else replace(result, unsaved_note=text)

    def note_closed(self, annotation: Annotation, text: str | None, *, fresh: bool) -> Result:
        """The editor closed. `fresh`: `a` made the highlight; with no note it is taken back."""
        if fresh and not (text or "").strip():
            return self.take_back(annotation)
        return self.save_note(annotation, text)

    def take_back(self, annotation: Annotation) -> Result:
        """Undo the highlight `a` made for a note never written, unless a change came since."""
        try:
            change = self._write(lambda: self.store.undo(self.source))
            if change is not None and change.subject.id != annotation.id:
                self._write(lambda: self.store.redo(self.source))  # put the other change back
                change = None
        except _Failed as failed:
            return failed.result
        if change is None:
            return Result(Outcome.NOTHING, annotation=self.find(annotation.id))
        return self._mirror(annotation, None, "no note written: highlight taken back")

    def undo(self) -> Result:
        """Revert the document's latest change (also one made before a restart)."""
        return self._travel(backwards=True)

    def redo(self) -> Result:
        return self._travel(backwards=False)

    def _travel(self, *, backwards: bool) -> Result:
        step = self.store.undo if backwards else self.store.redo
        try:
            change = self._write(lambda: step(self.source))
        except _Failed as failed:
            return failed.result
        if change is None:
            return Result(Outcome.NOTHING, "Nothing to undo" if backwards else "Nothing to redo")
        now = change.before if backwards else change.after
        what = f"{'Undid' if backwards else 'Redid'}: {CHANGE_WORDS[change.action]}"
        if change.action == "import":  # many highlights changed: read them afresh
            return self._reload(f"{what} ({change.count} highlight(s))")
        return self._mirror(change.subject, now, what, subject=change.subject)

    def _reload(self, what: str) -> Result:
        try:
            self.annotations = self._read(lambda: self.store.annotations(self.source))
        except _Failed as failed:
            return failed.result
        return Result(Outcome.CHANGED, _line(what))

    def _change(self, write: Callable[[], Annotation], what: str) -> Result:
        try:
            new = self._write(write)
        except _Failed as failed:
            return failed.result
        return self._mirror(self.find(new.id) or new, new, what)

    def _mirror(
        self, old: Annotation, new: Annotation | None, what: str, subject: Annotation | None = None
    ) -> Result:
        """Mirror a committed change in memory: `old` leaves, `new` (if any) takes its place."""
        kept = [a for a in self.annotations if a.id != old.id]
        if new is not None:
            insort(kept, new, key=position_order)
        self.annotations = kept
        return Result(Outcome.CHANGED, _line(what), new, subject or new or old)

    # -- reads

    def filter(self, query: str) -> Filter:
        """The notes pane's filter: the store's full-text search over quotes and notes."""
        query = query.strip()
        if not query:
            return Filter("", None)
        try:
            found = self._read(lambda: self.store.search(query, self.source, 100_000))
        except _Failed as failed:
            return Filter(query, frozenset(), failed.result)
        return Filter(query, frozenset(a.id for a in found))

    def export_to(self, path: Path) -> Result:
        """Write the Markdown export, read afresh from the store (another reader may have added
        notes), replacing `path` atomically."""
        try:
            annotations = self._read(lambda: self.store.annotations(self.source))
        except _Failed as failed:
            return failed.result
        content = to_markdown(self.document, annotations, self.config.label_names)
        try:
            write_output(path, content, force=True)
        except WriteError as error:
            return Result(Outcome.FAILED, _line(str(error)))
        return Result(Outcome.NOTHING, _line(f"Exported {len(annotations)} highlights to {path}"))

    def reanchoring_message(self) -> str | None:
        """The file changed since last time: what happened to its highlights (None: nothing)."""
        report = self.reanchored
        if report is None or not (report.moved or report.orphaned):
            return None
        text = f"The file changed: {report.moved} highlight(s) moved with their text"
        if report.orphaned:
            text += f"; {report.orphaned} no longer found (kept in the notes, not drawn)"
        return text

    # -- settings and the reading position

    def themes_to_try(self) -> list[str]:
        """The theme last picked in the app, then the config file's: the first known one wins."""
        try:
            saved = self._read(lambda: self.store.setting(THEME_SETTING))
        except _Failed:
            saved = None
        return [name for name in (saved, self.config.theme) if name]

    def save_theme(self, name: str) -> Result:
        return self._save(lambda: self._save_setting(THEME_SETTING, name))

    def _save_setting(self, key: str, value: str) -> None:
        if self.store.setting(key) != value:
            self.store.save_setting(key, value)

    def initial_cursor(self) -> int:
        """Where the reader left off, else the start of ¶1."""
        try:
            saved = self._read(lambda: self.store.cursor(self.source))
        except _Failed:
            saved = None
        if saved is not None:
            return saved
        first = self.document.paragraph(1)
        return first.start if first is not None else 0

    def save_cursor(self, offset: int) -> Result:
        return self._save(lambda: self.store.save_cursor(self.source, offset))

    def _save(self, write: Callable[[], None]) -> Result:
        try:
            self._write(write)
        except _Failed as failed:
            return failed.result
        return Result(Outcome.NOTHING)

    # -- errors

    @staticmethod
    def _write(action: Callable[[], T]) -> T:
        """Run one store write; a StoreError becomes a NOT_SAVED result (raised as _Failed)."""
        try:
            return action()
        except UnreadableEntry as error:  # passed over and reported; nothing is lost
            raise _Failed(Result(Outcome.NOTHING, _line(str(error)))) from None
        except StoreError as error:
            raise _Failed(Result(Outcome.NOT_SAVED, _line(str(error)))) from None

    @staticmethod
    def _read(action: Callable[[], T]) -> T:
        """Run one store read; a StoreError becomes a FAILED result (never "not saved")."""
        try:
            return action()
        except StoreError as error:
            raise _Failed(Result(Outcome.FAILED, _line(str(error)))) from None


def _line(text: str) -> str:
    """One line for the status line or a notification, control characters made visible."""
    return visible_controls(text, keep_newlines=False)
