"""StoreMirror: a document's annotations read from the store, and every write mirrored in them."""

from __future__ import annotations

import contextlib
import uuid
from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable
from typing import TypeVar

from annotations.config import Config
from annotations.document import Document, visible_controls
from annotations.model import Annotation, position_order
from annotations.store import (
    BusyError,
    NotFoundError,
    ReanchorReport,
    Store,
    StoreError,
    skipped_notice,
)
from tui.pending import Busy, Pending, WriteQueue
from tui.results import Outcome, Result

T = TypeVar("T")
WRITE_BUSY_TIMEOUT = 0.08
"""Seconds a reader's write waits for another process's lock before it queues (never 10 s)."""
BUSY_MESSAGE = "database busy — waiting to save…"
DELETED = "the highlight was deleted in another window"


class Failed(Exception):
    """A store call failed; carries the result to hand back."""

    def __init__(self, result: Result) -> None:
        super().__init__(result.message)
        self.result = result


class Conflict(Exception):
    """A store write found the row changed or gone since it was read."""

    def __init__(self, message: str, current: Annotation | None) -> None:
        super().__init__(message)
        self.current = current


class StoreMirror:
    """The store, the document and an in-memory copy of its annotations in position order.

    Reads and writes go through `_read` and `_write` (a StoreError becomes a `Result`); a write
    that finds the database busy waits in a queue (`_submit`, `flush`); a committed change is
    mirrored in memory (`_mirror`), and `refresh` re-reads only what another connection changed.
    The ids changed since the view last looked are kept for it (`take_changes`).
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
        """In position order, kept sorted in place by `_mirror` (a bisect, never a scan or a
        read of every row): copy it to keep a snapshot."""
        self._by_id: dict[str, Annotation] = {}
        self._changed: set[str] = set()
        """Ids changed since the view last took them (`take_changes`)."""
        self.reader = uuid.uuid4().hex
        self.drafts: dict[str, str] = {}
        """Notes whose save failed twice, kept (by annotation id) until the editor reopens."""
        self._version: int | None = None
        self._queue: WriteQueue[Result] = WriteQueue()

    @property
    def source(self) -> str:
        return self.document.source

    def load(self) -> Result:
        """Register as a running reader and read the document's annotations from the store."""
        try:
            self.store.start_reader(self.reader)
        except StoreError:
            self.store.reader = self.reader  # not listed: undo still keeps to its own changes
        self.store.set_busy_timeout(WRITE_BUSY_TIMEOUT)
        return self._reload()

    def close(self) -> None:
        """Unregister (a reader that cannot, e.g. killed, is recognised by its dead pid)."""
        self.store.set_busy_timeout(1.0)
        with contextlib.suppress(StoreError):
            self.store.end_reader()

    def _reload(self, what: str = "") -> Result:
        try:
            version = self._read(self.store.data_version)  # first: a commit after it is seen
            annotations = self._read(lambda: self.store.annotations(self.source))
        except Failed as failed:
            return failed.result
        self._replace_all(annotations)
        self._version = version
        if what:
            return Result(Outcome.CHANGED, one_line(what))
        return Result(Outcome.NOTHING, one_line(skipped_notice(self.store.skipped) or ""))

    def refresh(self) -> bool:
        """Re-read the annotations if another connection committed since; True if they were.

        Not while changes wait to be written (they were made against what is shown).
        """
        if self._queue.waiting:
            return False
        try:
            version = self._read(self.store.data_version)
        except Failed:
            return False
        return version != self._version and self._reload().ok

    @property
    def waiting(self) -> bool:
        """Changes are waiting for the database's write lock."""
        return self._queue.waiting

    def flush(self) -> list[Result]:
        """Write the changes that wait, in order; each result as if the key were pressed now."""
        results = self._queue.flush()
        if any(r.outcome is Outcome.NOT_SAVED for r in results):
            self._reload()  # drop what was shown ahead of the store
        return results

    def find(self, annotation_id: str) -> Annotation | None:
        return self._by_id.get(annotation_id)

    def exact(self, start: int, end: int) -> Annotation | None:
        """The highlight of exactly `start`..`end` (the latest, if several), or None."""
        after = bisect_right(self.annotations, (start, end), key=_span)
        if after and _span(self.annotations[after - 1]) == (start, end):
            return self.annotations[after - 1]
        return None

    def take_changes(self) -> dict[str, Annotation | None]:
        """What changed since the last call: each changed id with its annotation now (None:
        gone). The widgets apply these, so a key costs what it changed, not what is stored."""
        changes = {key: self._by_id.get(key) for key in self._changed}
        self._changed = set()
        return changes

    def _replace_all(self, annotations: list[Annotation]) -> None:
        """A fresh read: the ids whose row differs from what was shown are the changes."""
        old, new = self._by_id, {a.id: a for a in annotations}
        self._changed |= {key for key in old.keys() - new.keys()}
        self._changed |= {key for key, a in new.items() if old.get(key) != a}
        self.annotations = sorted(annotations, key=position_order)
        self._by_id = new

    def label_name(self, label: int) -> str:
        return self.config.label(label).name

    # -- writes, queued while the database is busy

    def _submit(
        self, run: Callable[[], Result], give_up: Callable[[], Result] | None = None
    ) -> Result:
        """Write now, or (database busy) queue the change behind those already waiting."""

        def not_saved() -> Result:
            return Result(Outcome.NOT_SAVED, one_line(f"{BUSY_MESSAGE} too long: not saved"))

        return self._queue.submit(
            Pending(run, give_up or not_saved), lambda: Result(Outcome.WAITING, BUSY_MESSAGE)
        )

    def _change(self, write: Callable[[], Annotation], what: str) -> Result:
        try:
            new = self._write(write)
        except Failed as failed:
            return failed.result
        return self._mirror(self.find(new.id) or new, new, what)

    def _mirror(
        self, old: Annotation, new: Annotation | None, what: str, subject: Annotation | None = None
    ) -> Result:
        """Mirror a committed change in memory: `old` leaves, `new` (if any) takes its place."""
        shown = self._by_id.pop(old.id, None)
        if shown is not None:
            del self.annotations[bisect_left(self.annotations, position_order(shown),
                                             key=position_order)]  # fmt: skip
        if new is not None:
            insort(self.annotations, new, key=position_order)
            self._by_id[new.id] = new
        self._changed |= {old.id} | ({new.id} if new is not None else set())
        return Result(Outcome.CHANGED, one_line(what), new, subject or new or old)

    def _refused(self, message: str, current: Annotation | None) -> Result:
        """Another window changed the row: nothing written; show the store as it now is."""
        self._reload()
        return Result(Outcome.CONFLICT, one_line(message), current)

    def _save(self, write: Callable[[], None]) -> Result:
        try:
            self._write(write)
        except (Failed, Conflict) as failed:
            return failed.result if isinstance(failed, Failed) else Result(Outcome.NOTHING)
        return Result(Outcome.NOTHING)

    # -- errors

    @staticmethod
    def _write(action: Callable[[], T]) -> T:
        """Run one store write; a StoreError becomes a NOT_SAVED result (raised as Failed).

        A busy database raises Busy (the change waits); a row changed or deleted since it was
        read raises Conflict.
        """
        # Here, not at the top: the journal and history load with the first write, not before
        # the first screen.
        from annotations.store import ConflictError, UnreadableEntry

        try:
            return action()
        except UnreadableEntry as error:  # passed over and reported; nothing is lost
            raise Failed(Result(Outcome.NOTHING, one_line(str(error)))) from None
        except BusyError:
            raise Busy() from None
        except ConflictError as error:
            raise Conflict(str(error), error.current) from None
        except NotFoundError:
            raise Conflict(DELETED, None) from None
        except StoreError as error:
            raise Failed(Result(Outcome.NOT_SAVED, one_line(str(error)))) from None

    @staticmethod
    def _read(action: Callable[[], T]) -> T:
        """Run one store read; a StoreError becomes a FAILED result (never "not saved")."""
        try:
            return action()
        except StoreError as error:
            raise Failed(Result(Outcome.FAILED, one_line(str(error)))) from None


def _span(annotation: Annotation) -> tuple[int, int]:
    return (annotation.start, annotation.end)


def one_line(text: str) -> str:
    """One line for the status line or a notification, control characters made visible."""
    return visible_controls(text, keep_newlines=False)
