"""The undo journal: every annotation change, before and after, in the `history` table.

Changes are journalled in the same transaction as the change itself, so undo and redo work
across restarts. The journal is per document and linear: a new change drops what was left to redo.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlite_utils import Database

from annotations.model import Annotation, utc_now

Action = Literal["add", "update", "delete"]


@dataclass(frozen=True, slots=True)
class Change:
    """One journalled change: what the annotation was before and after (None = absent)."""

    action: Action
    before: Annotation | None
    after: Annotation | None

    @property
    def subject(self) -> Annotation:
        """The annotation the change is about (after if it exists, else before)."""
        found = self.after or self.before
        assert found is not None
        return found


def record(
    db: Database,
    action: Action,
    before: Annotation | None,
    after: Annotation | None,
    reader: str | None = None,
    others: Sequence[str] = (),
) -> None:
    """Journal one change (inside the caller's transaction); drop what was left to redo.

    `reader` made the change; the redo rows of `others` (readers still running) are theirs and
    are kept.
    """
    subject = after or before
    assert subject is not None
    mine, args = _not_theirs(others)
    db.execute(
        f"delete from history where document = ? and undone = 1 and {mine}",
        [subject.document, *args],
    )
    db.table("history").insert(
        {
            "document": subject.document,
            "action": action,
            "before": _to_json(before),
            "after": _to_json(after),
            "undone": 0,
            "at": utc_now(),
            "reader": reader,
        }
    )


def next_change(
    db: Database, source: str, *, backwards: bool, others: Sequence[str] = ()
) -> tuple[int, Change] | None:
    """(seq, change): the newest live change to undo, or the oldest undone one to redo.

    Changes made by `others` (readers still running) are skipped: undo is per reader.
    """
    order = "desc" if backwards else "asc"
    mine, args = _not_theirs(others)
    row = db.execute(
        f"select seq, action, before, after from history where document = ? and undone = ? "
        f"and {mine} order by seq {order} limit 1",
        [source, int(not backwards), *args],
    ).fetchone()
    if row is None:
        return None
    seq, action, before, after = row
    return seq, Change(action=action, before=_from_json(before), after=_from_json(after))


def mark(db: Database, seq: int, *, undone: bool) -> None:
    db.execute("update history set undone = ? where seq = ?", [int(undone), seq])


def _not_theirs(others: Sequence[str]) -> tuple[str, list[str]]:
    """A condition (and its arguments) for the rows not made by any of `others`."""
    if not others:
        return "1", []
    marks = ", ".join("?" * len(others))
    return f"(reader is null or reader not in ({marks}))", list(others)


def _to_json(annotation: Annotation | None) -> str | None:
    if annotation is None:
        return None
    return json.dumps(annotation.to_record(), ensure_ascii=False)


def _from_json(text: Any) -> Annotation | None:
    return None if text is None else Annotation.from_record(json.loads(text))
