"""The undo journal: every annotation change, before and after, in the `history` table.

Changes are journalled in the same transaction as the change itself, so undo and redo work
across restarts. The journal is per document and linear: a new change drops what was left to redo.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from sqlite3 import Connection
from typing import Any, Literal

from annotations.model import Annotation, utc_now
from annotations.store.connection import StoreError
from annotations.store.rows import Skipped, decode_row

Action = Literal["add", "update", "delete", "import"]
ACTIONS = ("add", "update", "delete", "import")
Pair = tuple[Annotation | None, Annotation | None]


class UnreadableEntry(StoreError):
    """A history entry that cannot be read (bad JSON, missing fields): it is skipped."""

    def __init__(self, seq: int) -> None:
        super().__init__(f"the undo history entry #{seq} is unreadable; skipped")
        self.seq = seq


@dataclass(frozen=True, slots=True)
class Change:
    """One journalled change: what the annotation was before and after (None = absent)."""

    action: Action
    before: Annotation | None
    after: Annotation | None
    group: str | None = None
    """For an import: its id (every entry of one import in one document is one undo step)."""
    count: int = 1
    """How many annotations the step touched."""

    @property
    def subject(self) -> Annotation:
        """The annotation the change is about (after if it exists, else before)."""
        found = self.after or self.before
        assert found is not None
        return found


def record(
    db: Connection,
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
    _insert(db, subject.document, action, _to_json(before), _to_json(after), reader)


def next_change(
    db: Connection, source: str, *, backwards: bool, others: Sequence[str] = ()
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
    return seq, parse(seq, action, before, after)


def parse(seq: int, action: Any, before: Any, after: Any) -> Change:
    """The change in one history row; UnreadableEntry if it cannot be read."""
    try:
        if action == "import":
            group, pairs = import_pairs(before, after)
            first = pairs[0]
            return Change("import", first[0], first[1], group=group, count=len(pairs))
        if action not in ACTIONS:
            raise ValueError(action)
        change = Change(action=action, before=_from_json(before), after=_from_json(after))
        _ = change.subject
    except (ValueError, TypeError, KeyError, IndexError, AssertionError):
        raise UnreadableEntry(seq) from None
    return change


def record_import(
    db: Connection,
    source: str,
    group: str,
    pairs: list[Pair],
    reader: str | None = None,
    others: Sequence[str] = (),
) -> None:
    """Journal one batch of an import in one document (inside the caller's transaction);
    like `record`, the redo rows of `others` (readers still running) are kept."""
    mine, args = _not_theirs(others)
    db.execute(f"delete from history where document = ? and undone = 1 and {mine}", [source, *args])
    before = [None if b is None else b.to_record() for b, _ in pairs]
    after = [None if a is None else a.to_record() for _, a in pairs]
    _insert(
        db,
        source,
        "import",
        json.dumps({"import": group, "annotations": before}, ensure_ascii=False),
        json.dumps({"import": group, "annotations": after}, ensure_ascii=False),
        reader,
    )


def _insert(
    db: Connection, source: str, action: str, before: str | None, after: str | None,
    reader: str | None,
) -> None:  # fmt: skip
    db.execute(
        "insert into history (document, action, before, after, undone, at, reader) "
        "values (?, ?, ?, ?, 0, ?, ?)",
        [source, action, before, after, utc_now(), reader],
    )


def import_pairs(before: Any, after: Any) -> tuple[str, list[Pair]]:
    """The import id and the (before, after) pairs of one import entry; ValueError if bad."""
    old, new = json.loads(before), json.loads(after)
    group = old["import"]
    if not isinstance(group, str) or group != new["import"]:
        raise ValueError("import id")
    olds, news = old["annotations"], new["annotations"]
    if (
        not isinstance(olds, list)
        or not isinstance(news, list)
        or len(olds) != len(news)
        or not olds
    ):
        raise ValueError("annotations")
    return group, [(_annotation(b), _annotation(a)) for b, a in zip(olds, news, strict=True)]


def mark(db: Connection, seq: int, *, undone: bool) -> None:
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
    return None if text is None else _annotation(json.loads(text))


def _annotation(record: Any) -> Annotation | None:
    if record is None:
        return None
    if not isinstance(record, dict):
        raise ValueError("not a record")
    decoded = decode_row(record)
    if isinstance(decoded, Skipped):
        raise ValueError(decoded.reason)
    return decoded
