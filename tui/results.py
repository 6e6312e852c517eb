"""What a ReadingSession request did: its outcome and a one-line message (plain Python)."""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

from annotations.model import Annotation


class Outcome(Enum):
    CHANGED = "changed"
    """An annotation changed and the change is on disk."""
    NOTHING = "nothing"
    """Nothing changed in the annotations; `message` (if any) is for the status line."""
    NOT_SAVED = "not saved"
    """A write to the store failed: the UI says "✗ not saved" and shows `message`."""
    FAILED = "failed"
    """A read (or the export file) failed: `message` is the error; nothing was lost."""
    WAITING = "waiting"
    """The database is busy: the change waits in the queue and is written when the lock frees."""
    CONFLICT = "conflict"
    """The annotation changed (or was deleted) in another window since it was read: nothing was
    written; `annotation` is it as it now stands (None if deleted), `unsaved_note` the note."""


class Result(NamedTuple):
    """What one request did, with a one-line message for the user.

    Result and Filter are NamedTuples, not dataclasses: creating a dataclass costs ~0.5 ms at
    import (`_replace` gives a changed copy)."""

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


class Filter(NamedTuple):
    """The notes filter: `ids` None shows everything; `failure` says why a search failed."""

    query: str
    ids: frozenset[str] | None
    failure: Result | None = None
