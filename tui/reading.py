"""ReadingSession: one document's annotations and every change to them, with no UI in sight."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from annotations.document import visible_controls
from annotations.files import WriteError, write_output
from annotations.formats.common import anchor_summary, count_of
from annotations.model import Annotation, anchored, make_annotation, new_id, utc_now
from tui.mirror import BUSY_MESSAGE, Conflict, Failed, StoreMirror, one_line
from tui.pending import Busy
from tui.results import Filter, Outcome, Result
from tui.short_path import short_path

__all__ = ["BUSY_MESSAGE", "NOTE_SEPARATOR", "Filter", "Outcome", "ReadingSession", "Result"]

THEME_SETTING = "theme"
READ_ONLY = "read-only: the file is gone"
"""Why a document opened from its stored copy takes no new highlights or notes."""
NOTE_SEPARATOR = "\n\n―――\n\n"
"""Between the two texts when a conflict is resolved by keeping both (theirs first)."""
CHANGE_WORDS = {
    "add": "highlight added",
    "update": "highlight changed",
    "delete": "highlight deleted",
    "import": "import",
}


class ReadingSession(StoreMirror):
    """The store, the document and an in-memory copy of its annotations in position order.

    Every change is written to the store at once and then mirrored in memory, so a keystroke
    never re-reads the store; `refresh` re-reads it only when another connection committed
    (`PRAGMA data_version`). Each session is a reader with its own id: undo and redo only touch
    its changes (and those of readers no longer running). A write that finds the database busy
    waits in a queue (`flush` retries it). Methods return a `Result`; store errors never escape.
    """

    read_only: str | None = None
    """Why nothing can be changed (the document's file is gone: it shows the stored copy)."""

    def _submit(
        self, run: Callable[[], Result], give_up: Callable[[], Result] | None = None
    ) -> Result:
        """Every annotation change goes through here: refused, in one line, when read-only."""
        if self.read_only is not None:
            return Result(Outcome.NOTHING, self.refusal())
        return super()._submit(run, give_up)

    def refusal(self) -> str:
        """The line a key that would write shows in a read-only document."""
        return f"Nothing changed — {self.read_only}"

    # -- changes

    def add(self, start: int, end: int, label: int) -> Result:
        new = make_annotation(self.document, start, end, label)
        return self._add(new, f"{self.label_name(label)} added")

    def _add(self, new: Annotation, what: str) -> Result:
        """Add `new`; while it waits for the lock it is shown already (later keys can see it)."""
        result = self._submit(lambda: self._change(lambda: self.store.add(new), what))
        if result.outcome is Outcome.WAITING:
            self._mirror(new, new, what)
            return result._replace(annotation=new)
        return result

    def relabel(self, annotation_id: str, label: int) -> Result:
        return self._submit(lambda: self._relabel_now(annotation_id, label))

    def _relabel_now(self, annotation_id: str, label: int) -> Result:
        seen = self.find(annotation_id)  # as last read, with this reader's own changes
        if seen is None:
            return Result(Outcome.NOTHING)
        what = f"label → {self.label_name(label)}"
        try:
            return self._change(
                lambda: self.store.update(annotation_id, label=label, expected=seen), what
            )
        except Conflict as conflict:
            return self._refused(f"Label not changed: {conflict}", conflict.current)

    def delete(self, annotation_id: str) -> Result:
        return self._submit(lambda: self._delete_now(annotation_id))

    def _delete_now(self, annotation_id: str) -> Result:
        try:
            gone = self._write(lambda: self.store.delete(annotation_id))
        except Failed as failed:
            return failed.result
        except Conflict:
            return self._refused("Already deleted in another window", None)
        return self._mirror(gone, None, "highlight deleted (u to undo)")

    def confirm_place(self, annotation_id: str) -> Result:
        """`c`: the fuzzy place is right; the ≈ mark goes (undoable)."""
        return self._submit(lambda: self._place_now(annotation_id, None))

    def reattach(self, annotation_id: str, start: int, end: int) -> Result:
        """`r`: put the highlight (an orphan) on `text[start:end]`, as exact (undoable)."""
        return self._submit(lambda: self._place_now(annotation_id, (start, end)))

    def _place_now(self, annotation_id: str, span: tuple[int, int] | None) -> Result:
        seen = self.find(annotation_id)
        if seen is None:
            return Result(Outcome.NOTHING)
        if span is None and seen.is_orphan:
            return Result(Outcome.NOTHING, "An orphan has no place: r re-attaches it, x deletes it")
        if span is None and not seen.is_fuzzy:
            return Result(Outcome.NOTHING, "This highlight's place is not in doubt")
        if span is None:
            write = lambda: self.store.confirm_place(annotation_id, expected=seen)  # noqa: E731
            what = "place confirmed (u to undo)"
        else:
            write = lambda: self.store.reattach(annotation_id, self.document, *span, expected=seen)  # noqa: E731
            what = f"{'highlight re-attached' if seen.is_orphan else 'extent changed'} (u to undo)"
        try:
            return self._change(write, what)
        except Conflict as conflict:
            return self._refused(f"Not changed: {conflict}", conflict.current)

    def save_note(self, annotation: Annotation, text: str | None) -> Result:
        """Save the editor's text (None: closed without an answer); NOT_SAVED means reopen it.

        `annotation` is the one the editor opened on: unchanged text is not written, nor is
        the text as the editor showed it (control characters as pictures) if left untouched.
        If the note changed in another window since, nothing is written (CONFLICT).
        """
        if text is None or text in (annotation.note, visible_controls(annotation.note)):
            return Result(Outcome.NOTHING, annotation=annotation)
        self.drafts.pop(annotation.id, None)
        return self._submit(
            lambda: self._save_note_now(annotation, text),
            lambda: Result(Outcome.NOT_SAVED, one_line(f"{BUSY_MESSAGE} too long: note not saved"),
                           annotation, unsaved_note=text),
        )  # fmt: skip

    def _save_note_now(self, annotation: Annotation, text: str) -> Result:
        seen = self.find(annotation.id)
        base = seen if seen is not None and seen.note == annotation.note else annotation
        try:
            result = self._change(
                lambda: self.store.update(annotation.id, note=text, expected=base), "note saved"
            )
        except Conflict as conflict:
            self._reload()
            current = conflict.current
            if current is not None and current.note == text:
                return Result(Outcome.NOTHING, "note saved (the same in another window)", current)
            return Result(Outcome.CONFLICT, one_line(str(conflict)), current, annotation, text)
        return result if result.ok else result._replace(subject=annotation, unsaved_note=text)

    def keep_both(self, current: Annotation, mine: str) -> str:
        """The text kept when a conflict is resolved by keeping both notes (theirs first)."""
        return f"{current.note}{NOTE_SEPARATOR}{mine}" if current.note.strip() else mine

    def save_on_new_highlight(self, old: Annotation, text: str) -> Result:
        """The highlight was deleted elsewhere: a new one of the same text carries the note.

        It is re-anchored on the current text (kept as an orphan if its quote is gone).
        """
        now = utc_now()
        placed = anchored(old, self.document) or old
        new = replace(placed, id=new_id(), note=text, created=now, updated=now)
        return self._add(new, "note saved on a new highlight")

    def note_closed(self, annotation: Annotation, text: str | None, *, fresh: bool) -> Result:
        """The editor closed. `fresh`: `a` made the highlight; with no note it is taken back."""
        if fresh and not (text or "").strip():
            return self.take_back(annotation)
        return self.save_note(annotation, text)

    def take_back(self, annotation: Annotation) -> Result:
        """Undo the highlight `a` made for a note never written, unless a change came since."""
        return self._submit(lambda: self._take_back_now(annotation))

    def _take_back_now(self, annotation: Annotation) -> Result:
        try:
            change = self._write(lambda: self.store.undo(self.source))
            if change is not None and (
                change.action == "import" or change.subject.id != annotation.id
            ):
                self._write(lambda: self.store.redo(self.source))  # put the other change back
                change = None
        except Failed as failed:
            return failed.result
        except Conflict:
            change = None
        if change is None:
            return Result(Outcome.NOTHING, annotation=self.find(annotation.id))
        return self._mirror(annotation, None, "no note written: highlight taken back")

    def undo(self) -> Result:
        """Revert the document's latest change (also one made before a restart)."""
        return self._travel(backwards=True)

    def redo(self) -> Result:
        return self._travel(backwards=False)

    def _travel(self, *, backwards: bool) -> Result:
        return self._submit(lambda: self._travel_now(backwards=backwards))

    def _travel_now(self, *, backwards: bool) -> Result:
        step = self.store.undo if backwards else self.store.redo
        try:
            change = self._write(lambda: step(self.source))
        except Failed as failed:
            # An import is undone a batch per transaction: batches before the failure are
            # committed, so what is shown is read again (its own commits are not noticed).
            self._reload()
            return failed.result
        except Conflict as conflict:
            self._reload()
            verb = "undo" if backwards else "redo"
            return Result(Outcome.NOTHING, one_line(f"Cannot {verb}: {conflict}"))
        if change is None:
            return Result(Outcome.NOTHING, "Nothing to undo" if backwards else "Nothing to redo")
        now = change.before if backwards else change.after
        what = f"{'Undid' if backwards else 'Redid'}: {CHANGE_WORDS[change.action]}"
        if change.action == "import":  # many highlights changed: read them afresh
            return self._reload(f"{what} ({change.count} highlight(s))")
        return self._mirror(change.subject, now, what, subject=change.subject)

    # -- reads

    def filter(self, query: str) -> Filter:
        """The notes pane's filter: the store's search over quotes and notes, plus every
        highlight whose label name (from the config) starts with the query, or has a word that
        does, ignoring case: `/Question`, `/ques`, `/point` (Key point)."""
        query = query.strip()
        if not query:
            return Filter("", None)
        try:
            found = self._read(lambda: self.store.search(query, self.source, 100_000))
        except Failed as failed:
            return Filter(query, frozenset(), failed.result)
        labels = self._labels_named(query)
        labelled = (a.id for a in self.annotations if a.label in labels)
        return Filter(query, frozenset(a.id for a in found) | frozenset(labelled))

    def _labels_named(self, query: str) -> set[int]:
        wanted = query.casefold()
        return {
            label
            for label, name in self.config.label_names.items()
            if name.strip()
            and (
                name.casefold().startswith(wanted)
                or any(word.startswith(wanted) for word in name.casefold().split())
            )
        }

    def export_to(self, path: Path, width: int = 10_000) -> Result:
        """Write the Markdown export, read afresh from the store (another reader may have added
        notes), replacing `path` atomically; the message names the file within `width`."""
        try:
            annotations = self._read(lambda: self.store.annotations(self.source))
        except Failed as failed:
            return failed.result
        from annotations.formats.markdown import to_markdown  # markdown-it: only to export

        content = to_markdown(self.document, annotations, self.config.label_names)
        try:
            write_output(path, content, force=True)
        except WriteError as error:
            return Result(Outcome.FAILED, one_line(str(error)))
        shown = short_path(path, width)
        return Result(
            Outcome.NOTHING,
            one_line(f"Exported {count_of(len(annotations), 'highlight')} to {shown}"),
        )

    def reanchoring_message(self) -> str | None:
        """What re-anchoring at open did (the file changed), else the fuzzy places and orphans
        still stored (after `load`); None if there is nothing to say."""
        report = self.reanchored
        if report:
            moved, fuzzy, orphaned = report.moved, report.fuzzy, report.orphaned
        else:
            moved = 0
            fuzzy = sum(a.is_fuzzy for a in self.annotations)
            orphaned = sum(a.is_orphan for a in self.annotations)
        return anchor_summary(moved, fuzzy, orphaned, " — see the notes pane")

    # -- settings and the reading position

    def themes_to_try(self) -> list[str]:
        """The theme last picked in the app, then the config file's: the first known one wins."""
        try:
            saved = self._read(lambda: self.store.setting(THEME_SETTING))
        except Failed:
            saved = None
        return [name for name in (saved, self.config.theme) if name]

    def save_theme(self, name: str) -> Result:
        save = lambda: self._save(lambda: self._save_setting(THEME_SETTING, name))  # noqa: E731
        return super()._submit(save)  # a preference, not the document: also when read-only

    def _save_setting(self, key: str, value: str) -> None:
        if self.store.setting(key) != value:
            self.store.save_setting(key, value)

    def initial_cursor(self) -> int:
        """Where the reader left off, else the start of ¶1."""
        try:
            saved = self._read(lambda: self.store.cursor(self.source))
        except Failed:
            saved = None
        if saved is not None:
            return saved
        first = self.document.paragraph(1)
        return first.start if first is not None else 0

    def store_document(self) -> Result:
        """Write the newly opened document's row (deferred past the first screen); a busy
        database leaves it to the next write, which adds it first."""
        try:
            return self._save(self.store.store_document)
        except Busy:
            return Result(Outcome.NOTHING)

    def save_cursor(self, offset: int) -> Result:
        """Remember the reading position; skipped while the database is busy (saved later)."""
        try:
            return self._save(lambda: self.store.save_cursor(self.source, offset))
        except Busy:
            return Result(Outcome.NOTHING)
