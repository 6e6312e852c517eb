"""Imports in short batches, each its own IMMEDIATE transaction, and their undo as one step.

Every batch is journalled in the transaction that writes it (one history entry per document,
all sharing the import's id), so an interrupted import leaves whole batches that undo together.
Undo and redo, too, revert one batch per transaction.
A local annotation changed at or after the imported copy's time is kept.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import chain
from operator import attrgetter
from sqlite3 import Connection, OperationalError
from typing import TYPE_CHECKING, Any

from annotations.anchoring import AnchorState
from annotations.document import Document
from annotations.model import (
    RECORD_FIELDS,
    Annotation,
    instant,
    new_id,
    placed_on,
    validate_label,
)
from annotations.store import journal
from annotations.store.connection import SYNCHRONOUS, BusyError, StoreError, is_busy, unsynced
from annotations.store.journal import Change, ImportPair, Pair, Ref
from annotations.store.rows import Skipped, decode_row

if TYPE_CHECKING:
    from annotations.store.store import Store

BATCH_SIZE = 1000
"""Rows per transaction: about 20 ms of lock each (see README, "Where data lives"). Each
commit rewrites the index pages it touched and flushes a new FTS5 segment: 10,000 rows cost
190 ms of CPU in batches of 200, 130 ms in batches of 1,000."""

_COLUMNS = ", ".join(f'"{name}"' for name in RECORD_FIELDS)
_VALUES = attrgetter(*RECORD_FIELDS)
"""An annotation's values in record order, as a tuple (one call, not a getattr per field)."""
_ROW = f"({', '.join('?' for _ in RECORD_FIELDS)})"
_INSERT = f"insert into annotations ({_COLUMNS}) values "
_ON_CONFLICT = " on conflict(id) do update set " + ", ".join(
    f'"{name}" = excluded."{name}"' for name in RECORD_FIELDS if name != "id"
)
CHECKPOINT_PAGES = 8192
"""How long the write-ahead log may grow during an import (pages of 4 KiB: 32 MiB)."""
_ORPHAN = AnchorState.ORPHAN
Step = tuple[Annotation | Ref | None, Annotation | Ref | None]
"""A row's move in undo or redo: the state it must be in, and the state it is taken to."""
ROWS_PER_STATEMENT = BATCH_SIZE
"""Rows written by one statement (14 values a row: 14,000 of SQLite's 32,766 variables). One
statement of many rows, not `executemany`: each statement runs the FTS trigger under a
savepoint, and FTS5 flushes its index at every savepoint, so row-by-row statements cost 4× as
much (10,000 rows: 0.47 s against 0.12 s); a batch in five statements, not one, 1.3×."""


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int
    kept: int = 0
    """Local annotations changed here at or after the imported copy's time: left as they are."""
    orphaned: int = 0
    """Imported highlights whose quote is not in the text: stored as orphans (not drawn)."""


@dataclass(slots=True)
class _Tally:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0


def import_annotations(
    store: Store,
    documents: Sequence[Document],
    annotations: Sequence[Annotation],
    batch_size: int = BATCH_SIZE,
) -> ImportResult:
    """Add or refresh documents and annotations by id, in batches; one undo step per document."""
    for annotation in annotations:
        validate_label(annotation.label)
    _add_documents(store, documents)
    incoming = _anchored(store, {a.id: a for a in annotations}.values())
    group, tally = new_id(), _Tally()
    store.skipped = []
    starts = range(0, len(incoming), batch_size)
    # The batches before the last are committed without waiting for the disk; the last one,
    # FULL, syncs the write-ahead log and with it every batch before. A power cut mid-import
    # loses whole batches, as stopping it does. (10,000 highlights waited for the disk 50 times.)
    with unsynced(store.conn), checkpointed_once(store.conn):
        for start in starts:
            if start == starts[-1]:
                store.conn.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
            with store._write():
                _import_batch(store, incoming[start : start + batch_size], group, tally)
    orphaned = sum(annotation.anchor is _ORPHAN for annotation in incoming)
    return ImportResult(tally.added, tally.updated, tally.unchanged, tally.kept, orphaned)


@contextmanager
def checkpointed_once(conn: Connection) -> Iterator[None]:
    """Batches that leave the write-ahead log to grow, then one checkpoint (PASSIVE: it waits
    for no one and holds no write lock).

    By default SQLite copies the log into the database whenever it passes 1,000 pages, at a
    commit, and waits for the disk twice each time; an import's batches rewrite the same index
    pages again and again (10,000 highlights: 14 MB of log in batches of 1,000, 30 MB in
    batches of 200), copied three (seven) times over: 30-40 ms (100-200 ms) of waiting. Up to
    CHECKPOINT_PAGES pages (a bound for huge imports) the log grows instead, and each page is
    copied once, here, not left to another reader's next commit. A reader that commits while
    the import runs may do the copying itself (its connection still copies past 1,000
    pages): once, a few tens of ms.
    """
    (pages,) = conn.execute("PRAGMA wal_autocheckpoint").fetchone()
    conn.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_PAGES}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")
    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


def _add_documents(store: Store, documents: Sequence[Document]) -> None:
    """A document already in the store keeps its text (imported highlights are re-anchored)."""
    with store._write():
        for document in documents:
            store._insert_new_document(document)


def _anchored(store: Store, annotations: Any) -> list[Annotation]:
    """Each annotation placed on the store's copy of its document (done before any lock)."""
    texts: dict[str, Document | None] = {}
    placed = []
    for annotation in annotations:
        if annotation.document not in texts:
            texts[annotation.document] = store.document(annotation.document)
        stored = texts[annotation.document]
        if stored is None:
            raise StoreError(f"unknown document {annotation.document}")
        placed.append(_placed(annotation, stored))
    return placed


def _placed(annotation: Annotation, stored: Document) -> Annotation:
    """`placed_on`, without making a copy of what it would return unchanged: an annotation
    already placed on this very text, its quote at its offsets (an export's usual case)."""
    if annotation.anchor is _ORPHAN:
        return annotation
    if (
        annotation.anchored_sha == stored.sha256
        and stored.text[annotation.start : annotation.end] == annotation.quote
    ):
        return annotation
    return placed_on(annotation, stored)


def _import_batch(store: Store, batch: list[Annotation], group: str, tally: _Tally) -> None:
    current = _current(store.conn, [a.id for a in batch], {a.id: a for a in batch})
    pairs: list[Pair] = []
    for incoming in batch:
        existing = current.get(incoming.id)
        if isinstance(existing, Skipped):
            store.skipped.append(existing)
            tally.kept += 1
        elif existing is None:
            tally.added += 1
            pairs.append((None, incoming))
        elif existing == incoming or _content(existing) == _content(incoming):
            tally.unchanged += 1
        elif instant(existing.updated) >= instant(incoming.updated):
            tally.kept += 1
        else:
            tally.updated += 1
            pairs.append((existing, incoming))
    write_rows(store.conn, [after for _, after in pairs if after is not None], [])
    for source, document_pairs in _by_document(pairs):
        journal.record_import(store.conn, source, group, document_pairs, *store.journal_owner())


def travel(store: Store, change: Change, *, backwards: bool) -> Change:
    """Undo (or redo) every batch of the import `change` belongs to in its document.

    Undoing a batch keeps the rows it takes back in full in its entry (they were Refs), in the
    same transaction: redo writes them back. A row changed since stays a Ref, and redo leaves
    it alone, as undo did."""
    assert change.group is not None
    source = change.document or change.subject.document
    entries = _entries(store.conn, source, change.group, undone=not backwards)
    if backwards:
        entries.reverse()
    moved = 0
    for index, (seq, pairs) in enumerate(entries):
        if index:
            _next_transaction(store.conn)
            again = _entry_again(store.conn, seq, undone=not backwards)
            if again is None:
                continue  # another reader undid (or redid) this batch in between
            pairs = again
        steps: list[Step] = [(a, b) if backwards else (b, a) for b, a in pairs]
        count, taken = _move(store, source, steps[::-1] if backwards else steps)
        moved += count
        if taken:
            afters = [taken.get(after.id, after) if isinstance(after, Ref) else after
                      for _, after in pairs]  # fmt: skip
            journal.set_after(store.conn, seq, change.group, afters)
        journal.mark(store.conn, seq, undone=backwards)
    return replace(change, count=moved)


def _next_transaction(db: Connection) -> None:
    """Commit the batches undone so far and lock again: another process may write in between.

    Each entry is marked in the transaction that reverts its rows, so an interrupted undo leaves
    the import partly undone and consistent; `u` again finishes it.
    """
    db.commit()
    try:
        db.execute("BEGIN IMMEDIATE")
    except OperationalError as error:
        if is_busy(error):  # the batches so far stay undone; the retried `u` finishes the rest
            raise BusyError(f"cannot write, database busy ({error})") from None
        raise


def _entry_again(db: Connection, seq: int, *, undone: bool) -> list[ImportPair] | None:
    """One batch's entry read again in this transaction; None if it is no longer in the
    `undone` state (another reader travelled it) or cannot be read."""
    row = db.execute(
        "select before, after from history where seq = ? and undone = ?", [seq, int(undone)]
    ).fetchone()
    if row is None:
        return None
    try:
        return journal.import_pairs(*row)[1]
    except (ValueError, TypeError, KeyError):
        return None


def _entries(
    db: Connection, source: str, group: str, *, undone: bool
) -> list[tuple[int, list[ImportPair]]]:
    rows = db.execute(
        "select seq, before, after from history "
        "where document = ? and action = 'import' and undone = ? order by seq",
        [source, int(undone)],
    ).fetchall()
    found = []
    for seq, before, after in rows:
        try:
            entry_group, pairs = journal.import_pairs(before, after)
        except (ValueError, TypeError, KeyError):
            continue  # an unreadable entry is met, and reported, on its own
        if entry_group == group:
            found.append((seq, pairs))
    return found


def _move(store: Store, source: str, steps: list[Step]) -> tuple[int, dict[str, Annotation]]:
    """Take each row from its first state to its second, unless it was changed since; and the
    rows found as a Ref (first state) named, as they were taken."""
    current = _current(store.conn, [_step_id(step) for step in steps])
    document: Document | None = None
    upserts, deletes, taken = [], [], {}
    for expected, target in steps:
        ident = _step_id((expected, target))
        now = current.get(ident)
        if isinstance(now, Skipped) or not _unchanged(now, expected) or isinstance(target, Ref):
            continue  # changed since the import (or unreadable, or not kept): left as it is
        if isinstance(expected, Ref) and now is not None:
            taken[ident] = now
        if target is None:
            deletes.append(ident)
        elif now is not None:
            upserts.append(_with_span(target, now))
        else:
            document = document or store.document(source)
            upserts.append(placed_on(target, document) if document else target)
    write_rows(store.conn, upserts, deletes)
    return len(upserts) + len(deletes), taken


def _unchanged(now: Annotation | None, expected: Annotation | Ref | None) -> bool:
    """Whether the row is as the journal left it (a Ref: by its digest)."""
    if isinstance(expected, Ref):
        return now is not None and journal.digest(now) == expected.digest
    return _content(now) == _content(expected)


def _step_id(step: Step) -> str:
    found = step[1] or step[0]
    assert found is not None
    return found.id


def _with_span(target: Annotation, now: Annotation) -> Annotation:
    """Offsets are not history: a highlight that still exists keeps its current place."""
    return replace(
        target, start=now.start, end=now.end, paragraph=now.paragraph,
        prefix=now.prefix, suffix=now.suffix, anchor=now.anchor, anchored_sha=now.anchored_sha,
    )  # fmt: skip


def _current(
    db: Connection, ids: list[str], incoming: dict[str, Annotation] | None = None
) -> dict[str, Annotation | Skipped]:
    """The stored rows with these ids (a bad one as Skipped), read in chunks.

    A row equal field for field to its `incoming` annotation is not decoded: it maps to that
    annotation (decoding would give an equal one). Re-importing an export, every row is.
    """
    found: dict[str, Annotation | Skipped] = {}
    for chunk in _chunks(ids, 500):
        marks = ", ".join("?" for _ in chunk)
        rows, tolerant = _fetch(db, f"select {_COLUMNS} from annotations where id in ({marks})",
                                chunk)  # fmt: skip
        for values in rows:
            mine = None if incoming is None or tolerant else incoming.get(values[0])
            if mine is not None and values == _VALUES(mine):
                found[mine.id] = mine
            else:
                row = dict(zip(RECORD_FIELDS, values, strict=True))
                found[row["id"]] = decode_row(row)
    return found


def _fetch(db: Connection, sql: str, args: list[str]) -> tuple[list[tuple[Any, ...]], bool]:
    """The rows, their text decoded by SQLite in C; (rows, True) if some value was not UTF-8
    and the connection's tolerant decoder read them again (see rows.query)."""
    tolerant = db.text_factory
    db.text_factory = str
    try:
        return db.execute(sql, args).fetchall(), False
    except OperationalError as error:
        if "decode" not in str(error):
            raise
    finally:
        db.text_factory = tolerant
    return db.execute(sql, args).fetchall(), True


def insert_rows(db: Connection, annotations: Sequence[Annotation]) -> None:
    """New rows (an id already stored is an IntegrityError)."""
    _write_values(db, annotations, "")


def write_rows(db: Connection, upserts: Sequence[Annotation], deletes: list[str]) -> None:
    """Bulk writes, many rows per statement (see ROWS_PER_STATEMENT)."""
    _write_values(db, upserts, _ON_CONFLICT)
    for chunk in _chunks(deletes, ROWS_PER_STATEMENT):
        marks = ", ".join("?" for _ in chunk)
        db.execute(f"delete from annotations where id in ({marks})", chunk)


def _write_values(db: Connection, annotations: Sequence[Annotation], conflict: str) -> None:
    for start in range(0, len(annotations), ROWS_PER_STATEMENT):
        chunk = annotations[start : start + ROWS_PER_STATEMENT]
        values = list(chain.from_iterable(map(_VALUES, chunk)))
        db.execute(_INSERT + ", ".join(_ROW for _ in chunk) + conflict, values)


def _content(annotation: Annotation | None) -> tuple[Any, ...] | None:
    if annotation is None:
        return None
    return (annotation.label, annotation.note, annotation.quote, instant(annotation.updated))


def _by_document(pairs: list[Pair]) -> Iterator[tuple[str, list[Pair]]]:
    grouped: dict[str, list[Pair]] = {}
    for pair in pairs:
        grouped.setdefault(_subject(pair).document, []).append(pair)
    yield from grouped.items()


def _subject(pair: Pair) -> Annotation:
    found = pair[1] or pair[0]
    assert found is not None
    return found


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
