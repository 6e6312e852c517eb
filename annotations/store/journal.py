"""The undo journal: every annotation change, before and after, in the `history` table.

Changes are journalled in the same transaction as the change itself, so undo and redo work
across restarts. The journal is per document and linear: a new change drops what was left to redo.

An import journals what each row was before in full, and each row it wrote as a `Ref` (its id
and a digest of what undo compares): the row itself holds that state until the import is
undone, and the undo, which finds it there, copies it into the entry for redo (`set_after`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from hashlib import blake2b
from sqlite3 import Connection
from typing import Any, Literal

from annotations.model import Annotation, utc_now
from annotations.store.connection import StoreError
from annotations.store.rows import Skipped, decode_row

Action = Literal["add", "update", "delete", "import"]
ACTIONS = ("add", "update", "delete", "import")
Pair = tuple[Annotation | None, Annotation | None]


@dataclass(frozen=True, slots=True)
class Ref:
    """A row an import wrote, named instead of copied: its id and the `digest` of its content.

    Undo takes it back only if the row still has that digest (unchanged since), as it would
    compare a full record; kept in the entry as the JSON list [id, digest]."""

    id: str
    digest: str


ImportPair = tuple[Annotation | None, Annotation | Ref | None]
"""A row of an import entry: before (in full), and after (a Ref until the import is undone)."""


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
    document: str | None = None
    """For an import: its document (its first row's `after` may be a Ref, without one)."""
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
    return seq, parse(seq, action, before, after, source)


def parse(seq: int, action: Any, before: Any, after: Any, source: str | None = None) -> Change:
    """The change in one history row (of the document `source`); UnreadableEntry if it cannot
    be read."""
    try:
        if action == "import":
            group, pairs = import_pairs(before, after)
            first_before, first_after = pairs[0]
            first = None if isinstance(first_after, Ref) else first_after
            found = first_before or first
            document = source or (found.document if found is not None else None)
            return Change(
                "import", first_before, first, group=group, count=len(pairs), document=document
            )
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
    """Journal one batch of an import in one document (inside the caller's transaction): each
    row before in full, after as a Ref (10,000 new rows: 0.7 MB of JSON written in 15 ms, not
    5 MB in 70 ms); like `record`, the redo rows of `others` (readers still running) are kept."""
    mine, args = _not_theirs(others)
    db.execute(f"delete from history where document = ? and undone = 1 and {mine}", [source, *args])
    before = [None if b is None else b.to_record() for b, _ in pairs]
    after = [None if a is None else [a.id, digest(a)] for _, a in pairs]
    _insert(
        db,
        source,
        "import",
        json.dumps({"import": group, "annotations": before}, ensure_ascii=False),
        json.dumps({"import": group, "annotations": after}, ensure_ascii=False),
        reader,
    )


def set_after(
    db: Connection, seq: int, group: str, afters: Sequence[Annotation | Ref | None]
) -> None:
    """Keep what an undo of an import entry took back (in full, for redo) in its `after`."""
    records = [_after_json(after) for after in afters]
    text = json.dumps({"import": group, "annotations": records}, ensure_ascii=False)
    db.execute("update history set after = ? where seq = ?", [text, seq])


def digest(annotation: Annotation) -> str:
    """What undo compares of an imported row (label, note, quote, time of the last change), as
    16 hex digits; the lengths make the joined text unambiguous. The time is compared as the
    stored string, which is the time it names: rows are written and read back unchanged."""
    note, quote = annotation.note, annotation.quote
    text = f"{annotation.label}:{len(note)}:{note}{len(quote)}:{quote}{annotation.updated}"
    return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def _after_json(after: Annotation | Ref | None) -> Any:
    if isinstance(after, Ref):
        return [after.id, after.digest]
    return None if after is None else after.to_record()


def _insert(
    db: Connection, source: str, action: str, before: str | None, after: str | None,
    reader: str | None,
) -> None:  # fmt: skip
    db.execute(
        "insert into history (document, action, before, after, undone, at, reader) "
        "values (?, ?, ?, ?, 0, ?, ?)",
        [source, action, before, after, utc_now(), reader],
    )


def import_pairs(before: Any, after: Any) -> tuple[str, list[ImportPair]]:
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
    pairs = [(_annotation(b), _after(a)) for b, a in zip(olds, news, strict=True)]
    if any(b is None and a is None for b, a in pairs):
        raise ValueError("an empty row")
    return group, pairs


def _after(record: Any) -> Annotation | Ref | None:
    """An import entry's row after: a full record, or a Ref ([id, digest])."""
    if type(record) is not list:
        return _annotation(record)
    if len(record) != 2 or not all(type(part) is str for part in record):
        raise ValueError("not a reference")
    return Ref(record[0], record[1])


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
