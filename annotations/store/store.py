"""The SQLite store (via sqlite-utils): documents, annotations, settings, and their transactions.

Every write is one short transaction begun IMMEDIATE, so two processes writing at once wait for
each other (busy timeout) instead of failing with "database is locked" on a read-then-write.
Every change is committed at once: there is no save step. The schema is created and upgraded
with `sqlite_utils.Migrations`; a database written by a newer version is refused, never touched.

Annotation changes are journalled in `history` in the same transaction, so undo and redo work
across restarts.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from annotations.anchoring import AnchorState
from annotations.document import Document
from annotations.markdown_styles import DocumentStyles
from annotations.model import (
    Annotation,
    utc_now,
    validate_label,
    with_placement,
)
from annotations.store import history, importing, journal, placing, readers, search
from annotations.store.connection import (
    NotFoundError,
    StoreError,
    connect,
    read_guard,
    write_transaction,
)
from annotations.store.history import ConflictError, version
from annotations.store.importing import ImportResult
from annotations.store.journal import Change
from annotations.store.placing import ReanchorReport
from annotations.store.rows import Skipped, decode_rows, readable, shown_id


@dataclass(frozen=True, slots=True)
class DocumentSummary:
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

    def __init__(self, db: Database, path: Path) -> None:
        self.db = db
        self.path = path
        self.reader: str | None = None
        """The running reader whose changes this store journals (see `start_reader`)."""
        self.skipped: list[Skipped] = []
        """The rows the last read (annotations, get, search, documents) could not read."""

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (or create) the store at `path`, refusing files it must not touch."""
        path = Path(path)
        return cls(connect(path), path)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self) -> AbstractContextManager[None]:
        return write_transaction(self.db, self.path)

    # -- other connections and readers

    def data_version(self) -> int:
        """SQLite's `PRAGMA data_version`: it changes when another connection commits."""
        with self._read():
            return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def set_busy_timeout(self, seconds: float) -> None:
        """How long a write waits for another connection's lock before BusyError."""
        self.db.execute(f"PRAGMA busy_timeout = {max(0, int(seconds * 1000))}")

    def start_reader(self, reader: str) -> None:
        """Register `reader` as running; its changes are journalled under its id from now on."""
        with self._write():
            readers.register(self.db, reader)
        self.reader = reader

    def end_reader(self) -> None:
        """Unregister the running reader (its changes become undoable by the next one)."""
        if self.reader is not None:
            with self._write():
                readers.unregister(self.db, self.reader)
            self.reader = None

    def journal_owner(self) -> tuple[str | None, list[str]]:
        """(this reader, the other readers still running): whose changes a new entry is, and
        whose redo rows it must keep (inside a write transaction)."""
        others = readers.running_others(self.db, self.reader) if self.reader else []
        return self.reader, others

    def _journal(
        self, action: journal.Action, before: Annotation | None, after: Annotation | None
    ) -> None:
        journal.record(self.db, action, before, after, *self.journal_owner())

    def _read(self) -> AbstractContextManager[None]:
        return read_guard(self.path)

    # -- documents

    def _remember(self, document: Document) -> None:
        if not self._insert_new_document(document):
            self.db.table("documents").update(document.source, _document_row(document))

    def _insert_new_document(self, document: Document) -> bool:
        """Add the document's row unless it is there (inside a write); True if it was added."""
        if self.db.table("documents").count_where("source = ?", [document.source]):
            return False
        self.db.table("documents").insert(_document_row(document))
        return True

    def open_document(self, document: Document) -> ReanchorReport:
        """Remember the document and, if its text changed since last time, re-anchor its notes.

        One transaction: the new text and the moved offsets are committed together. Each
        annotation whose quote moved is given its new offsets; one whose quote is gone is kept
        as it was (an orphan: listed and exported, not drawn) so nothing saved is lost.
        """
        with self._write():
            stored = self.document(document.source)
            self._remember(document)
            if stored is None or stored.sha256 == document.sha256:
                return ReanchorReport(moved=0, orphaned=0)
            return self._reanchor_all(stored, document)

    def _reanchor_all(self, stored: Document, document: Document) -> ReanchorReport:
        """Place every highlight on the new text and store where and how (not journalled:
        offsets are not history). A fuzzy place stays fuzzy until the user confirms it."""
        changed, report = placing.reanchored(self.annotations(document.source), stored, document)
        if changed:
            self.db.table("annotations").upsert_all([a.to_record() for a in changed], pk="id")
        return report

    def document(self, source: str) -> Document | None:
        rows = list(self.db.table("documents").rows_where("source = ?", [source]))
        if not rows:
            return None
        row = rows[0]
        if not all(readable(row[name]) for name in ("source", "title", "text")):
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
                   p.cursor, length(d.text)
            from documents d
            left join (
                select document, count(*) as highlights, sum(trim(note) != '') as notes,
                       sum(anchor = 'moved') as moved, sum(anchor = 'fuzzy') as fuzzy,
                       sum(anchor = 'orphan') as orphaned
                from annotations group by document
            ) c on c.document = d.source
            left join positions p on p.source = d.source
            order by d.opened desc, d.source
        """
        with self._read():
            rows = self.db.execute(sql).fetchall()
        good = [row for row in rows if all(isinstance(v, str) and readable(v) for v in row[:3])]
        bad = [row for row in rows if row not in good]
        self.skipped = [Skipped(shown_id(row[0]), "unreadable document row") for row in bad]
        return [
            DocumentSummary(row[0], row[1], int(row[3]), int(row[4]), row[2],
                            moved=int(row[5]), fuzzy=int(row[6]), orphaned=int(row[7]),
                            cursor=_int_or_none(row[8]), length=_int_or_none(row[9]) or 0)
            for row in good
        ]  # fmt: skip

    def mark_opened(self, source: str) -> None:
        """Record that the document was opened now (as `open_document` does), without writing
        its text: for a document opened from its stored copy."""
        with self._write():
            self.db.execute("update documents set opened = ? where source = ?", [utc_now(), source])

    def cursor(self, source: str) -> int | None:
        """Where the reader left the cursor in this document; None if it never did."""
        with self._read():
            sql = "select cursor from positions where source = ?"
            row = self.db.execute(sql, [source]).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def save_cursor(self, source: str, offset: int) -> None:
        """Remember the reading position (its own small row: the document's text is not touched)."""
        with self._write():
            self.db.table("positions").upsert({"source": source, "cursor": offset}, pk="source")

    # -- settings

    def setting(self, key: str) -> str | None:
        with self._read():
            row = self.db.execute("select value from settings where key = ?", [key]).fetchone()
        return str(row[0]) if row else None

    def save_setting(self, key: str, value: str) -> None:
        with self._write():
            self.db.table("settings").upsert({"key": key, "value": value}, pk="key")

    # -- annotations

    def get(self, annotation_id: str) -> Annotation | None:
        """The annotation with that id; None if there is none or its row is unreadable."""
        with self._read():
            rows = list(self.db.table("annotations").rows_where("id = ?", [annotation_id]))
        found, self.skipped = decode_rows(rows)
        return found[0] if found else None

    def annotations(self, source: str) -> list[Annotation]:
        """The document's annotations in position order."""
        with self._read():
            rows = self.db.table("annotations").rows_where(
                "document = ?", [source], order_by="start, end, created, id"
            )
            found, self.skipped = decode_rows(rows)
        return found

    def add(self, annotation: Annotation) -> Annotation:
        validate_label(annotation.label)
        with self._write():
            self._require_document(annotation.document)
            self.db.table("annotations").insert(annotation.to_record())
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
        if label is not None:
            validate_label(label)
        with self._write():
            before = self._existing(annotation_id)
            if expected is not None and version(before) != version(expected):
                raise ConflictError("the highlight was changed in another window", before)
            after = before.with_changes(label=label, note=note)
            if (after.label, after.note) == (before.label, before.note):
                return before
            self.db.table("annotations").update(
                annotation_id, {"label": after.label, "note": after.note, "updated": after.updated}
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
        before = self._existing(annotation_id)
        if expected is not None and version(before) != version(expected):
            raise ConflictError("the highlight was changed in another window", before)
        return before

    def _reposition(self, before: Annotation, after: Annotation) -> Annotation:
        """Write a new place (span, selector, ¶, state) with a fresh `updated`; journalled."""
        after = replace(after, updated=utc_now())
        self.db.table("annotations").update(before.id, after.to_record())
        self._journal("update", before, after)
        return after

    def delete(self, annotation_id: str) -> Annotation:
        with self._write():
            before = self._existing(annotation_id)
            self.db.table("annotations").delete(annotation_id)
            self._journal("delete", before, None)
        return before

    def search(self, query: str, source: str | None = None, limit: int = 200) -> list[Annotation]:
        """Quotes and notes holding every term of `query` as typed (`store.search`); any text
        is safe: it is never parsed as FTS syntax."""
        with self._read():
            found, self.skipped = decode_rows(search.search_rows(self.db, query, source, limit))
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
        return importing.import_annotations(self, documents, annotations)

    # -- undo / redo

    def undo(self, source: str) -> Change | None:
        """Revert the document's latest change that is not undone; None if there is none."""
        return history.travel(self, source, backwards=True)

    def redo(self, source: str) -> Change | None:
        """Re-apply the most recently undone change; None if there is none."""
        return history.travel(self, source, backwards=False)

    # -- helpers

    def _existing(self, annotation_id: str) -> Annotation:
        found = self.get(annotation_id)
        if found is None:
            raise NotFoundError(f"no annotation with id {annotation_id}")
        return found

    def _require_document(self, source: str) -> None:
        if not self.db.table("documents").count_where("source = ?", [source]):
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


def _document_row(document: Document) -> dict[str, Any]:
    return {
        "source": document.source,
        "title": document.title,
        "text": document.text,
        "sha256": document.sha256,
        "has_title_block": int(document.has_title_block),
        "styles": document.styles.to_json() if document.styles is not None else None,
        "opened": utc_now(),
    }
