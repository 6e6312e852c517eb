"""The SQLite store: documents, annotations, settings, and their transactions.

Every write is one short transaction begun IMMEDIATE, so two processes writing at once wait for
each other (busy timeout) instead of failing with "database is locked" on a read-then-write.
Every change is committed at once: there is no save step. The schema is created and upgraded
with `sqlite_utils.Migrations`; a database written by a newer version is refused, never touched.
Everything else is plain sqlite3, so a command that only reads never imports sqlite-utils.

Annotation changes are journalled in `history` in the same transaction, so undo and redo work
across restarts.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from annotations.anchoring import AnchorState
from annotations.document import Document
from annotations.markdown_styles import DocumentStyles
from annotations.model import (
    RECORD_FIELDS,
    Annotation,
    utc_now,
    validate_label,
    with_placement,
)
from annotations.store import placing
from annotations.store.connection import (
    NotFoundError,
    StoreError,
    connect,
    read_guard,
    unsynced,
    write_transaction,
)
from annotations.store.placing import ReanchorReport
from annotations.store.rows import Skipped, decode_rows, query, readable, shown_id

if TYPE_CHECKING:  # the modules of writes, loaded when a write needs them (fast `list`/`search`)
    from sqlite_utils import Database

    from annotations.store import journal
    from annotations.store.importing import ImportResult
    from annotations.store.journal import Change

_DOCUMENT_COLUMNS = ("source", "title", "text", "sha256", "has_title_block", "styles", "opened")
_INSERT_DOCUMENT = (
    f"insert into documents ({', '.join(_DOCUMENT_COLUMNS)}) "
    f"values ({', '.join('?' for _ in _DOCUMENT_COLUMNS)})"
)
_UPDATE_DOCUMENT = (
    "update documents set "
    + ", ".join(f"{name} = ?" for name in _DOCUMENT_COLUMNS[1:])
    + " where source = ?"
)
_TOUCH_DOCUMENT = (
    "update documents set title = ?, has_title_block = ?, styles = ?, opened = ? "
    "where source = ? and sha256 = ?"
)
_WRITE_COPY = (
    "insert into stored_copies (source, raw_sha256, length) values (?, ?, ?) "
    "on conflict(source) do update set raw_sha256 = excluded.raw_sha256, length = excluded.length"
)
_UPDATE_ANNOTATION = (
    "update annotations set "
    + ", ".join(f'"{name}" = ?' for name in RECORD_FIELDS if name != "id")
    + " where id = ?"
)


class DocumentSummary(NamedTuple):
    """A stored document, as the library lists it.

    A NamedTuple, not a dataclass: creating a dataclass costs ~0.5 ms at import."""

    source: str
    title: str
    highlights: int
    notes: int
    opened: str
    moved: int = 0
    fuzzy: int = 0
    orphaned: int = 0
    """How many highlights are stored as moved, fuzzily placed, and orphaned."""
    cursor: int | None = None
    """The saved reading position (None: never saved)."""
    length: int = 0
    """The stored text's length in code points (what the position is an offset into)."""

    @property
    def percent_read(self) -> int:
        """How far the reading position is into the text, as the status line counts it."""
        if self.cursor is None or self.length <= 1:
            return 0
        return min(100, max(0, 100 * self.cursor // (self.length - 1)))


class Store:
    """Annotations and documents in one SQLite file. Bound to the thread that opened it."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._unstored: Document | None = None
        """A document opened but not written yet (`open_document(defer=True)`): the next write
        transaction adds its row (or renews its `opened` time) first, so no annotation can be
        written without it."""
        self.reader: str | None = None
        """The running reader whose changes this store journals (see `start_reader`)."""
        self.skipped: list[Skipped] = []
        """The rows the last read (annotations, get, search, documents) could not read."""

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (or create) the store at `path`, refusing files it must not touch."""
        path = Path(path)
        return cls(connect(path), path)

    @cached_property
    def db(self) -> Database:
        """The connection as a sqlite-utils Database (imported on first use; tests use it)."""
        from sqlite_utils import Database

        return Database(self.conn, execute_plugins=False)

    def close(self) -> None:
        """Close the connection, storing a deferred document first if the database lets it."""
        if self._unstored is not None:
            with suppress(StoreError):
                self.store_document()
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _write(self, *, with_document: bool = True) -> Iterator[None]:
        """One write transaction; a deferred document's row is added first (`with_document`)."""
        unstored = self._unstored if with_document else None
        with write_transaction(self.conn, self.path):
            if unstored is not None and not self._insert_new_document(unstored):
                self._touch(unstored)
            yield
        if unstored is not None and self._unstored is unstored:
            self._unstored = None  # committed (an error above leaves it to the next write)

    # -- other connections and readers

    def data_version(self) -> int:
        """SQLite's `PRAGMA data_version`: it changes when another connection commits."""
        with self._read():
            return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def set_busy_timeout(self, seconds: float) -> None:
        """How long a write waits for another connection's lock before BusyError."""
        self.conn.execute(f"PRAGMA busy_timeout = {max(0, int(seconds * 1000))}")

    def start_reader(self, reader: str) -> None:
        """Register `reader` as running; its changes are journalled under its id from now on."""
        from annotations.store import readers

        # Before the first screen: no document write, and no wait for the disk (a reader row
        # lost to a power cut is a reader that is not running, which is true then).
        with unsynced(self.conn), self._write(with_document=False):
            readers.register(self.conn, reader)
        self.reader = reader

    def end_reader(self) -> None:
        """Unregister the running reader (its changes become undoable by the next one)."""
        from annotations.store import readers

        if self.reader is not None:
            with unsynced(self.conn), self._write(with_document=False):
                readers.unregister(self.conn, self.reader)
            self.reader = None

    def journal_owner(self) -> tuple[str | None, list[str]]:
        """(this reader, the other readers still running): whose changes a new entry is, and
        whose redo rows it must keep (inside a write transaction)."""
        from annotations.store import readers

        others = readers.running_others(self.conn, self.reader) if self.reader else []
        return self.reader, others

    def _journal(
        self, action: journal.Action, before: Annotation | None, after: Annotation | None
    ) -> None:
        from annotations.store import journal

        journal.record(self.conn, action, before, after, *self.journal_owner())

    def _read(self) -> AbstractContextManager[None]:
        return read_guard(self.path)

    # -- documents

    def _insert_new_document(self, document: Document) -> bool:
        """Add the document's row unless it is there (inside a write); True if it was added."""
        if self.stored_sha(document.source) is not None:
            return False
        self.conn.execute(_INSERT_DOCUMENT, _document_row(document))
        self._write_copy(document)
        return True

    def _write_copy(self, document: Document) -> None:
        """Record what the stored text was made from (its file's raw key) and its length."""
        key = document.raw_key or None
        self.conn.execute(_WRITE_COPY, [document.source, key, len(document.text)])

    def stored_sha(self, source: str) -> str | None:
        """The SHA-256 of the stored copy of the document; None if it is not stored."""
        with self._read():
            sql = "select sha256 from documents where source = ?"
            row = self.conn.execute(sql, [source]).fetchone()
        return None if row is None else str(row[0])

    def open_document(self, document: Document, *, defer: bool = False) -> ReanchorReport:
        """Remember the document and, if its text changed since last time, re-anchor its notes.

        The stored copy is compared by its hash; its text is read back only when it changed
        (to carry the highlights over). One transaction: the new text and the moved offsets
        are committed together. Each annotation whose quote moved is given its new offsets; one
        whose quote is gone is kept as it was (an orphan: listed and exported, not drawn) so
        nothing saved is lost. `defer`: a document not stored yet (or stored with the same
        text) is written by the next write or `store_document`, not now: the reader shows it
        first. A changed text is never deferred: its highlights must be placed to be shown.
        """
        if defer and self.stored_sha(document.source) in (None, document.sha256):
            self._unstored = document
            return ReanchorReport(moved=0, orphaned=0)
        with self._write():
            stored_sha = self.stored_sha(document.source)
            if stored_sha is None:
                self._insert_new_document(document)
                return ReanchorReport(moved=0, orphaned=0)
            if stored_sha == document.sha256:  # the same text: its 5 MB are not rewritten
                self._touch(document)
                return ReanchorReport(moved=0, orphaned=0)
            stored = self.document(document.source)
            assert stored is not None
            row = _document_row(document)
            self.conn.execute(_UPDATE_DOCUMENT, [*row[1:], document.source])
            self._write_copy(document)
            return self._reanchor_all(stored, document)

    def _touch(self, document: Document) -> None:
        """Renew a stored document's `opened` time (and title, styles and raw key, if the
        stored text is still this document's), leaving its text alone."""
        source, title, _text, sha, has_title_block, styles, opened = _document_row(document)
        values = [title, has_title_block, styles, opened, source, sha]
        if self.conn.execute(_TOUCH_DOCUMENT, values).rowcount:
            self._write_copy(document)
        else:  # another reader stored another text meanwhile: its styles and key stay
            sql = "update documents set opened = ? where source = ?"
            self.conn.execute(sql, [opened, source])

    def store_document(self) -> None:
        """Write what `open_document(defer=True)` left to write (a new row, or the time the
        document was opened), if anything."""
        if self._unstored is not None:
            with self._write():
                pass

    @property
    def document_stored(self) -> bool:
        """False while a deferred document waits to be written."""
        return self._unstored is None

    def _reanchor_all(self, stored: Document, document: Document) -> ReanchorReport:
        """Place every highlight on the new text and store where and how (not journalled:
        offsets are not history). A fuzzy place stays fuzzy until the user confirms it."""
        changed, report = placing.reanchored(self.annotations(document.source), stored, document)
        if changed:
            from annotations.store import importing

            importing.write_rows(self.conn, changed, [])
        return report

    def document(self, source: str) -> Document | None:
        with self._read():
            rows = list(query(self.conn, "select * from documents where source = ?", [source]))
        return self._document_of(rows[0]) if rows else None

    def stored_copy(self, source: str, raw_key: str) -> Document | None:
        """The stored copy of the document if it was made from a file whose raw bytes had the
        key `raw_key` (`annotations.document.raw_key`), with its styles; else None (never
        stored, stored from other bytes or before the key was kept, or unreadable).

        The key is compared first, in its own small table; the text is read only when it
        matches, in one statement that checks the key again, so a copy another process
        replaced in between is never returned under the old key."""
        with self._read():
            sql = "select raw_sha256 from stored_copies where source = ?"
            found = self.conn.execute(sql, [source]).fetchone()
            if found is None or found[0] != raw_key:
                return None
            sql = (
                "select d.* from documents d join stored_copies c on c.source = d.source "
                "where d.source = ? and c.raw_sha256 = ?"
            )
            rows = list(query(self.conn, sql, [source, raw_key]))
        if not rows:
            return None
        try:
            document = self._document_of(rows[0])
        except StoreError:
            return None  # the file is read afresh instead
        if document.styles is None and rows[0].get("styles") is not None:
            return None  # styles that do not fit the text: not the copy the file makes
        return document.with_raw_key(raw_key)

    def _document_of(self, row: dict[str, Any]) -> Document:
        if not all(readable(row[name]) for name in ("source", "title", "text")):
            source = row["source"]
            raise StoreError(f"{self.path}: the stored copy of {shown_id(source)} is unreadable")
        document = Document.from_normalised(
            source=row["source"],
            title=row["title"],
            text=row["text"],
            has_title_block=bool(row["has_title_block"]),
        )
        return _with_stored_styles(document, row.get("styles"))

    def documents(self) -> list[DocumentSummary]:
        """Every known document with its highlight and note counts, reading position and text
        length, most recently opened first."""
        sql = """
            select d.source, d.title, d.opened, coalesce(c.highlights, 0), coalesce(c.notes, 0),
                   coalesce(c.moved, 0), coalesce(c.fuzzy, 0), coalesce(c.orphaned, 0),
                   p.cursor, coalesce(s.length, length(d.text))
            from documents d
            left join (
                select document, count(*) as highlights, sum(trim(note) != '') as notes,
                       sum(anchor = 'moved') as moved, sum(anchor = 'fuzzy') as fuzzy,
                       sum(anchor = 'orphan') as orphaned
                from annotations group by document
            ) c on c.document = d.source
            left join positions p on p.source = d.source
            left join stored_copies s on s.source = d.source
            order by d.opened desc, d.source
        """
        with self._read():
            rows = self.conn.execute(sql).fetchall()
        good = [row for row in rows if all(isinstance(v, str) and readable(v) for v in row[:3])]
        bad = [row for row in rows if row not in good]
        self.skipped = [Skipped(shown_id(row[0]), "unreadable document row") for row in bad]
        return [
            DocumentSummary(row[0], row[1], int(row[3]), int(row[4]), row[2],
                            moved=int(row[5]), fuzzy=int(row[6]), orphaned=int(row[7]),
                            cursor=_int_or_none(row[8]), length=_int_or_none(row[9]) or 0)
            for row in good
        ]  # fmt: skip

    def mark_opened(self, source: str, when: str | None = None) -> None:
        """Record that the document was opened now (or at the UTC timestamp `when`), as
        `open_document` does, without writing its text: for a document opened from its stored
        copy (and for the README's screenshots, whose dates must not move)."""
        with self._write():
            self.conn.execute(
                "update documents set opened = ? where source = ?", [when or utc_now(), source]
            )

    def cursor(self, source: str) -> int | None:
        """Where the reader left the cursor in this document; None if it never did."""
        with self._read():
            sql = "select cursor from positions where source = ?"
            row = self.conn.execute(sql, [source]).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def save_cursor(self, source: str, offset: int) -> None:
        """Remember the reading position (its own small row: the document's text is not touched)."""
        with self._write():
            self.conn.execute(
                "insert into positions (source, cursor) values (?, ?) "
                "on conflict(source) do update set cursor = excluded.cursor",
                [source, offset],
            )

    # -- settings

    def setting(self, key: str) -> str | None:
        with self._read():
            row = self.conn.execute("select value from settings where key = ?", [key]).fetchone()
        return str(row[0]) if row else None

    def save_setting(self, key: str, value: str) -> None:
        with self._write():
            self.conn.execute(
                "insert into settings (key, value) values (?, ?) "
                "on conflict(key) do update set value = excluded.value",
                [key, value],
            )

    # -- annotations

    def get(self, annotation_id: str) -> Annotation | None:
        """The annotation with that id; None if there is none or its row is unreadable."""
        with self._read():
            sql = "select * from annotations where id = ?"
            rows = list(query(self.conn, sql, [annotation_id]))
        found, self.skipped = decode_rows(rows)
        return found[0] if found else None

    def annotations(self, source: str) -> list[Annotation]:
        """The document's annotations in position order."""
        with self._read():
            rows = query(
                self.conn,
                'select * from annotations where document = ? order by start, "end", created, id',
                [source],
            )
            found, self.skipped = decode_rows(rows)
        return found

    def add(self, annotation: Annotation) -> Annotation:
        validate_label(annotation.label)
        with self._write():
            self._require_document(annotation.document)
            from annotations.store import importing

            importing.insert_rows(self.conn, [annotation])
            self._journal("add", None, annotation)
        return annotation

    def update(
        self,
        annotation_id: str,
        *,
        label: int | None = None,
        note: str | None = None,
        expected: Annotation | None = None,
    ) -> Annotation:
        """Change an annotation's label and/or note; journalled for undo.

        `expected`: the annotation as the caller last saw it; if the stored one changed since
        (its label, note or `updated` differ), ConflictError, and nothing is written.
        """
        from annotations.store.history import ConflictError, version

        if label is not None:
            validate_label(label)
        with self._write():
            before = self._existing(annotation_id)
            if expected is not None and version(before) != version(expected):
                raise ConflictError("the highlight was changed in another window", before)
            after = before.with_changes(label=label, note=note)
            if (after.label, after.note) == (before.label, before.note):
                return before
            self.conn.execute(
                "update annotations set label = ?, note = ?, updated = ? where id = ?",
                [after.label, after.note, after.updated, annotation_id],
            )
            self._journal("update", before, after)
        return after

    def confirm_place(self, annotation_id: str, expected: Annotation | None = None) -> Annotation:
        """The user agrees with where a (fuzzily) re-anchored highlight now stands: `exact`.
        Journalled as an update, so `u` brings the mark back."""
        with self._write():
            before = self._existing_as_seen(annotation_id, expected)
            if before.anchor in (AnchorState.EXACT, AnchorState.ORPHAN):
                return before
            return self._reposition(before, replace(before, anchor=AnchorState.EXACT))

    def reattach(
        self, annotation_id: str, document: Document, start: int, end: int,
        expected: Annotation | None = None,
    ) -> Annotation:  # fmt: skip
        """Put a highlight (an orphan) on `document.text[start:end]`, as `exact`: its quote,
        context and ¶ are taken afresh; journalled as an update (undo puts it back)."""
        placement = placing.exact_placement(document, start, end)
        with self._write():
            before = self._existing_as_seen(annotation_id, expected)
            return self._reposition(before, with_placement(before, placement, document.sha256))

    def _existing_as_seen(self, annotation_id: str, expected: Annotation | None) -> Annotation:
        from annotations.store.history import ConflictError, version

        before = self._existing(annotation_id)
        if expected is not None and version(before) != version(expected):
            raise ConflictError("the highlight was changed in another window", before)
        return before

    def _reposition(self, before: Annotation, after: Annotation) -> Annotation:
        """Write a new place (span, selector, ¶, state) with a fresh `updated`; journalled."""
        after = replace(after, updated=utc_now())
        record = after.to_record()
        values = [record[name] for name in RECORD_FIELDS if name != "id"]
        self.conn.execute(_UPDATE_ANNOTATION, [*values, before.id])
        self._journal("update", before, after)
        return after

    def delete(self, annotation_id: str) -> Annotation:
        with self._write():
            before = self._existing(annotation_id)
            self.conn.execute("delete from annotations where id = ?", [annotation_id])
            self._journal("delete", before, None)
        return before

    def search(self, query: str, source: str | None = None, limit: int = 200) -> list[Annotation]:
        """Quotes and notes holding every term of `query` as typed (`store.search`); any text
        is safe: it is never parsed as FTS syntax."""
        from annotations.store import search  # here: the reader's first screen searches nothing

        with self._read():
            found, self.skipped = decode_rows(search.search_rows(self.conn, query, source, limit))
        return found

    def import_annotations(
        self, documents: Sequence[Document], annotations: Sequence[Annotation]
    ) -> ImportResult:
        """Add or refresh documents and annotations by id (idempotent), in short batches.

        A document already in the store keeps its text; imported highlights made against another
        version of it are re-anchored on that text. A local annotation changed at or after the
        imported copy's time is kept (counted in `kept`). The whole import is one undo step per
        document; unreadable local rows it meets are kept and listed in `skipped`.
        """
        from annotations.store import importing

        return importing.import_annotations(self, documents, annotations)

    # -- undo / redo

    def undo(self, source: str) -> Change | None:
        """Revert the document's latest change that is not undone; None if there is none."""
        from annotations.store import history

        return history.travel(self, source, backwards=True)

    def redo(self, source: str) -> Change | None:
        """Re-apply the most recently undone change; None if there is none."""
        from annotations.store import history

        return history.travel(self, source, backwards=False)

    # -- helpers

    def _existing(self, annotation_id: str) -> Annotation:
        found = self.get(annotation_id)
        if found is None:
            raise NotFoundError(f"no annotation with id {annotation_id}")
        return found

    def _require_document(self, source: str) -> None:
        if self.stored_sha(source) is None:
            raise StoreError(f"unknown document {source}; open it once before annotating it")


def _int_or_none(value: object) -> int | None:
    """A count or offset read back from SQL (a damaged cell is taken as unknown)."""
    return value if isinstance(value, int) else None


def _with_stored_styles(document: Document, value: object) -> Document:
    """The document with its stored Markdown styles, if they are there and fit its text."""
    if not isinstance(value, str):
        return document
    styles = DocumentStyles.from_json(value, len(document.text), len(document.blocks))
    return document if styles is None else replace(document, styles=styles)


def _document_row(document: Document) -> list[Any]:
    """The values of `_DOCUMENT_COLUMNS`."""
    return [
        document.source,
        document.title,
        document.text,
        document.sha256,
        int(document.has_title_block),
        document.styles.to_json() if document.styles is not None else None,
        utc_now(),
    ]
