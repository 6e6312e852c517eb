"""A large import: many rows per statement, still one undo step, still searchable, still synced.

The importer writes each batch with multi-row statements (not `executemany`, whose per-row
savepoints make FTS5 flush its index at every row) and commits the batches before the last
without waiting for the disk. These check that nothing of what it promised changed.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from annotations.document import Document
from annotations.model import Annotation, make_annotation
from annotations.store import Store
from annotations.store.importing import BATCH_SIZE

COUNT = 10_000


def many(article: Document, count: int = COUNT) -> list[Annotation]:
    """`count` highlights of one to three words all over the article, every third with a note."""
    words = [m.span() for m in re.finditer(r"\w+", article.text)]
    made = []
    for index in range(count):
        start, _ = words[index % len(words)]
        _, end = words[min(len(words) - 1, index % len(words) + index % 3)]
        note = f"note {index} ünïcode" if index % 3 == 0 else ""
        made.append(make_annotation(article, start, end, label=1 + index % 5, note=note))
    return made


def test_ten_thousand_import_in_batches_and_undo_as_one_step(
    store: Store, article: Document, db_path: Path
) -> None:
    incoming = many(article)
    result = store.import_annotations([], incoming)
    assert (result.added, result.updated, result.unchanged) == (COUNT, 0, 0)
    conn = sqlite3.connect(db_path)
    entries = conn.execute("select count(*) from history where action = 'import'").fetchone()[0]
    stored_rows = conn.execute("select count(*) from annotations").fetchone()[0]
    conn.close()
    assert entries == COUNT // BATCH_SIZE and stored_rows == COUNT
    assert {a.id: a for a in store.annotations(article.source)} == {a.id: a for a in incoming}
    change = store.undo(article.source)
    assert change is not None and change.action == "import" and change.count == COUNT
    assert store.annotations(article.source) == []
    assert store.search("ünïcode") == []  # the search index followed the deletes
    redone = store.redo(article.source)
    assert redone is not None and redone.count == COUNT
    assert len(store.annotations(article.source)) == COUNT


def test_the_search_index_follows_multi_row_writes(store: Store, article: Document) -> None:
    incoming = many(article, 450)  # two full statements and a short one
    store.import_annotations([], incoming)
    noted = [a for a in incoming if a.note]
    found = store.search("ünïcode", limit=1000)
    assert sorted(a.id for a in found) == sorted(a.id for a in noted)
    again = store.import_annotations([], incoming)
    assert (again.added, again.unchanged) == (0, 450)
    assert len(store.search("ünïcode", limit=1000)) == len(noted)  # no duplicate index rows


def test_every_commit_is_synced_again_after_an_import(store: Store, article: Document) -> None:
    store.import_annotations([], many(article, 3 * BATCH_SIZE + 1))
    assert store.conn.execute("pragma synchronous").fetchone()[0] == 2  # FULL


def test_the_log_is_checkpointed_once_at_the_end(store: Store, article: Document) -> None:
    store.import_annotations([], many(article, 2 * BATCH_SIZE + 1))
    assert store.conn.execute("pragma wal_autocheckpoint").fetchone()[0] == 1000  # as before
    busy, pages, copied = store.conn.execute("pragma wal_checkpoint(passive)").fetchone()
    assert busy == 0 and pages == copied  # nothing left to copy into the database


def test_a_reimport_writes_nothing_and_a_damaged_row_is_still_kept(
    store: Store, article: Document, db_path: Path
) -> None:
    incoming = many(article, BATCH_SIZE + 10)
    store.import_annotations([], incoming)
    conn = sqlite3.connect(db_path)
    conn.execute("update annotations set label = 9 where id = ?", [incoming[5].id])
    conn.commit()
    entries = conn.execute("select count(*) from history").fetchone()[0]
    again = store.import_annotations([], incoming)
    assert (again.added, again.updated, again.unchanged, again.kept) == (0, 0, BATCH_SIZE + 9, 1)
    assert [s.id for s in store.skipped] == [incoming[5].id]  # named, not taken as unchanged
    assert conn.execute("select count(*) from history").fetchone()[0] == entries  # no entry
    conn.close()
