"""Opening a document: the first screen does not wait for the store.

A document the store does not know is shown first and written after the first screen
(`open_document(defer=True)`); any write before that adds its row first, so nothing is saved
without its document. A known document is compared by hash: its stored text is never read back
unless it changed, and an unchanged text is never rewritten.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app_helpers import SIZE, add, screen_text, stored, wait_until

from annotations.document import Document, build_document
from annotations.store import Store
from tui.app import create_app

TEXT = "A Long Book\n\nThe first paragraph of a book nobody opened before.\n\nThe second one."


def book(text: str = TEXT) -> Document:
    return build_document(text, "file:///books/long.txt", "long.txt", False)


def rows(db_path: Path, source: str) -> int:
    """The document rows another connection sees."""
    conn = sqlite3.connect(db_path)
    try:
        found = conn.execute("select count(*) from documents where source = ?", [source])
        return int(found.fetchone()[0])
    finally:
        conn.close()


async def test_a_new_document_is_shown_first_and_stored_after(db_path: Path) -> None:
    document = book()
    store = Store.open(db_path)
    try:
        app = create_app(document, store)
        assert rows(db_path, document.source) == 0  # nothing written before the first screen
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert "nobody opened before" in screen_text(app)
            assert await wait_until(pilot, lambda: store.document_stored)
            assert rows(db_path, document.source) == 1
    finally:
        store.close()
    with Store.open(db_path) as fresh:
        again = fresh.document(document.source)
    assert again is not None and again.text == document.text and again.sha256 == document.sha256


def test_a_write_before_the_deferred_row_adds_the_document_first(db_path: Path) -> None:
    document = book()
    with Store.open(db_path) as store:
        store.open_document(document, defer=True)
        assert not store.document_stored and rows(db_path, document.source) == 0
        added = add(store, document, "first paragraph", note="early")
        assert store.document_stored and rows(db_path, document.source) == 1
    assert [a.id for a in stored(db_path, document.source)] == [added.id]


def test_the_reading_position_too_stores_the_document_first(db_path: Path) -> None:
    document = book()
    with Store.open(db_path) as store:
        store.open_document(document, defer=True)
        store.save_cursor(document.source, 12)
        assert rows(db_path, document.source) == 1
        assert store.cursor(document.source) == 12


def test_closing_stores_a_deferred_document(db_path: Path) -> None:
    document = book()
    with Store.open(db_path) as store:
        store.open_document(document, defer=True)
    assert rows(db_path, document.source) == 1


def test_two_readers_opening_the_same_new_document(db_path: Path) -> None:
    document = book()
    with Store.open(db_path) as first, Store.open(db_path) as second:
        first.open_document(document, defer=True)
        second.open_document(document, defer=True)
        add(second, document, "second one", note="from B")  # B stores the row first
        first.store_document()  # A finds it there: no error, no second row
        add(first, document, "first paragraph", note="from A")
        assert first.document_stored and second.document_stored
    assert rows(db_path, document.source) == 1
    assert sorted(a.note for a in stored(db_path, document.source)) == ["from A", "from B"]


def test_reopening_compares_hashes_and_never_reads_or_rewrites_the_text(db_path: Path) -> None:
    document = book()
    with Store.open(db_path) as store:
        store.open_document(document)
    with Store.open(db_path) as store:
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        report = store.open_document(document)
        store.conn.set_trace_callback(None)
    assert report.moved == report.orphaned == 0
    on_documents = [sql.strip().lower() for sql in statements if "documents" in sql]
    reads = [sql for sql in on_documents if sql.startswith("select")]
    writes = [sql for sql in on_documents if not sql.startswith("select")]
    assert reads and all(sql.startswith("select sha256 from documents") for sql in reads)
    assert writes and all(sql.startswith("update documents set title") for sql in writes)
    assert not any("text" in sql for sql in writes)  # `opened` is renewed, the text left alone


def test_a_changed_text_is_still_reanchored_and_stored(db_path: Path) -> None:
    document = book()
    with Store.open(db_path) as store:
        store.open_document(document)
        highlight = add(store, document, "second one")
    changed = book(TEXT.replace("The first", "Before it, the first"))
    with Store.open(db_path) as store:
        store.open_document(changed, defer=True)  # known: written now, not deferred
        assert store.document_stored
        assert store.stored_sha(changed.source) == changed.sha256
        moved = store.get(highlight.id)
    assert moved is not None
    assert changed.text[moved.start : moved.end] == "second one"


def test_reopening_in_the_reader_writes_nothing_before_the_first_screen(db_path: Path) -> None:
    document = book()
    with Store.open(db_path) as store:
        store.open_document(document)
    with Store.open(db_path) as store:
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        store.open_document(document, defer=True)
        assert [sql.lower() for sql in statements if not sql.lower().startswith("select")] == []
        assert not store.document_stored
        store.store_document()
        store.conn.set_trace_callback(None)
        assert store.document_stored
    assert any(sql.lower().startswith("update documents set title") for sql in statements)
    assert rows(db_path, document.source) == 1


def test_registering_the_reader_leaves_every_other_commit_synced(db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.start_reader("reader-1")
        assert store.conn.execute("pragma synchronous").fetchone()[0] == 2  # FULL
        store.end_reader()
        assert store.conn.execute("pragma synchronous").fetchone()[0] == 2
