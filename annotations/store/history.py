"""Undo and redo: travelling the journal, and the conflict check every change shares."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from annotations.model import Annotation, placed_on, position
from annotations.store import importing, journal, placing
from annotations.store.connection import StoreError
from annotations.store.journal import Change

if TYPE_CHECKING:
    from annotations.store.store import Store


class ConflictError(StoreError):
    """The annotation changed since the caller saw it; nothing was written.

    `current` is the annotation as it now stands (None: it was deleted).
    """

    def __init__(self, message: str, current: Annotation | None) -> None:
        super().__init__(message)
        self.current = current


def version(annotation: Annotation) -> tuple[int, str, str]:
    """What a conflict check compares: the label, the note and the time of the last change."""
    return (annotation.label, annotation.note, annotation.updated)


def travel(store: Store, source: str, *, backwards: bool) -> Change | None:
    """Undo walks back from the newest live change; redo replays the oldest undone one."""
    with store._write():
        found = _next_change(store, source, backwards=backwards)
        if isinstance(found, tuple):
            change = _apply_change(store, *found, backwards=backwards)
    if isinstance(found, tuple):
        return change
    if found is not None:
        raise found  # after the commit: the unreadable entry stays marked as passed
    return None


def _next_change(
    store: Store, source: str, *, backwards: bool
) -> tuple[int, Change] | journal.UnreadableEntry | None:
    """The next step of this reader (changes of readers still running are theirs); an
    unreadable entry is marked as passed (undone or redone) and kept."""
    _, others = store.journal_owner()
    try:
        return journal.next_change(store.conn, source, backwards=backwards, others=others)
    except journal.UnreadableEntry as unreadable:
        journal.mark(store.conn, unreadable.seq, undone=backwards)
        return unreadable


def _apply_change(store: Store, seq: int, change: Change, *, backwards: bool) -> Change:
    if change.action == "import":
        return importing.travel(store, change, backwards=backwards)
    _check_unchanged(store, change.after if backwards else change.before, change.subject)
    if backwards:
        change = replace(change, before=_restore(store, change.after, change.before))
    else:
        change = replace(change, after=_restore(store, change.before, change.after))
    journal.mark(store.conn, seq, undone=backwards)
    return change


def _restore(
    store: Store, current: Annotation | None, target: Annotation | None
) -> Annotation | None:
    """Make the stored row go from `current` to `target`; return the row as now stored.

    A place the journal recorded (a confirm, a re-attach) is history only while nothing
    re-anchored the highlight since: if its place is no longer the journal's, it keeps its
    current place; one brought back is re-anchored if the text changed since.
    """
    if target is None:
        if current is not None:
            store.conn.execute("delete from annotations where id = ?", [current.id])
        return None
    existing = store.get(target.id)
    if existing is not None:
        if current is None or position(existing) != position(current):
            target = placing.at_place_of(target, existing)
    elif (document := store.document(target.document)) is not None and (
        target.anchored_sha != document.sha256
    ):
        target = placed_on(target, document)
    importing.write_rows(store.conn, [target], [])
    return target


def _check_unchanged(store: Store, expected: Annotation | None, subject: Annotation) -> None:
    """Undo/redo only a row still as the journal left it; else ConflictError, nothing done."""
    current = store.get(subject.id)
    if current is None and expected is None:
        return
    if current is not None and expected is not None and version(current) == version(expected):
        return
    where = "deleted" if current is None else "added again" if expected is None else "changed"
    raise ConflictError(f"the highlight was {where} in another window", current)
