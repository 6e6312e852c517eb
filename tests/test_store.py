"""The SQLite store: round trips, concurrency, undo across restarts, search, bad files."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from annotations.anchoring import AnchorState
from annotations.document import Document, build_document, load_embedded
from annotations.model import make_annotation
from annotations.store import Store, StoreError
from annotations.store.search import fts_phrase


def span_of(doc: Document, phrase: str) -> tuple[int, int]:
    start = doc.text.index(phrase)
    return start, start + len(phrase)


def test_round_trip_across_a_fresh_connection(
    db_path: Path, store: Store, article: Document
) -> None:
    first = store.add(make_annotation(article, *span_of(article, "Bakhmut"), label=2, note="city"))
    store.close()
    with Store.open(db_path) as reopened:
        assert reopened.annotations(article.source) == [first]
        assert reopened.document(article.source) == article


def test_round_trip_across_a_fresh_process(db_path: Path, store: Store, article: Document) -> None:
    saved = store.add(
        make_annotation(article, *span_of(article, "Zelenskyy"), label=3, note="who?")
    )
    script = (
        "import json, sys; from pathlib import Path; from annotations.store import Store\n"
        "with Store.open(Path(sys.argv[1])) as s:\n"
        "    print(json.dumps([a.quote for a in s.annotations('builtin:bakhmut')]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(db_path)], capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == [saved.quote]


def test_every_write_is_committed_at_once(db_path: Path, store: Store, article: Document) -> None:
    added = store.add(make_annotation(article, *span_of(article, "Kyiv"), label=1))
    other = sqlite3.connect(db_path)
    assert other.execute("select label from annotations where id = ?", [added.id]).fetchone() == (
        1,
    )
    store.update(added.id, label=4, note="hmm")
    assert other.execute("select label, note from annotations").fetchall() == [(4, "hmm")]
    other.close()


def test_database_is_in_wal_mode(store: Store) -> None:
    assert store.db.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_two_connections_writing_at_once_never_lock(
    db_path: Path, store: Store, article: Document
) -> None:
    errors: list[BaseException] = []

    def writer(label: int) -> None:
        try:
            with Store.open(db_path) as own:
                for i in range(60):
                    added = own.add(make_annotation(article, i + 59, i + 70, label=label))
                    own.update(added.id, note=f"note {i}")
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store.annotations(article.source)) == 120


def test_annotations_in_position_order_with_the_paragraph_where_each_starts(
    store: Store, article: Document
) -> None:
    late = store.add(make_annotation(article, *span_of(article, "Yevgeny Prigozhin")))
    early = store.add(make_annotation(article, *span_of(article, "Volodymyr Zelenskyy")))
    crossing_start = article.text.index("at all costs.")
    crossing = store.add(make_annotation(article, crossing_start, crossing_start + 30))
    listed = store.annotations(article.source)
    assert listed == [early, crossing, late]
    assert [a.paragraph for a in listed] == [1, 1, 7]  # crossing ¶1→¶2: listed where it starts


def test_update_and_delete(store: Store, article: Document) -> None:
    added = store.add(make_annotation(article, 59, 70))
    updated = store.update(added.id, label=5, note="later")
    assert (updated.label, updated.note) == (5, "later")
    assert store.get(added.id) == updated
    store.delete(added.id)
    assert store.get(added.id) is None
    with pytest.raises(StoreError):
        store.update(added.id, label=2)
    with pytest.raises(ValueError, match="label"):
        store.update(updated.id, label=9)


def test_undo_and_redo_survive_a_restart(db_path: Path, store: Store, article: Document) -> None:
    added = store.add(make_annotation(article, 59, 70, label=1))
    store.update(added.id, label=2, note="first")
    store.delete(added.id)
    store.close()
    with Store.open(db_path) as again:
        assert again.undo(article.source).action == "delete"  # type: ignore[union-attr]
        assert again.get(added.id) is not None
    with Store.open(db_path) as again:
        assert again.undo(article.source).action == "update"  # type: ignore[union-attr]
        restored = again.get(added.id)
        assert restored is not None and (restored.label, restored.note) == (1, "")
        assert again.undo(article.source).action == "add"  # type: ignore[union-attr]
        assert again.get(added.id) is None
        assert again.undo(article.source) is None
    with Store.open(db_path) as again:
        assert again.redo(article.source).action == "add"  # type: ignore[union-attr]
        assert again.redo(article.source).action == "update"  # type: ignore[union-attr]
        redone = again.get(added.id)
        assert redone is not None and (redone.label, redone.note) == (2, "first")
        again.update(added.id, label=3)  # a new change clears what was left to redo
        assert again.redo(article.source) is None


@pytest.mark.parametrize(
    ("query", "finds_it"),
    [
        ('"', True),  # a quotation mark: the note holds one
        ("C++", True),  # "C++" as typed
        ("x-ray", False),  # "x-ray" is not in the quote or the note
        ("NEAR(", True),  # FTS5's NEAR operator, taken as text
        ("", False),
        ("AND", False),  # an FTS5 operator, taken as a word the annotation does not have
        ("*", False),
        ("a OR", False),  # "a" is (in NEAR) but "OR" is not
        ("\\", False),
        ("'", False),
        ('"quoted', True),  # an unbalanced quote around a word of the note
        ("shell", True),  # a prefix of the quote
    ],
)
def test_search_never_raises_on_fts_syntax(
    store: Store, article: Document, query: str, finds_it: bool
) -> None:
    added = store.add(
        make_annotation(article, *span_of(article, "shelling"), note='C++ NEAR( "quoted"')
    )
    assert store.search(query, article.source) == ([added] if finds_it else [])


def test_search_finds_quote_and_note_words_with_prefixes(store: Store, article: Document) -> None:
    a = store.add(make_annotation(article, *span_of(article, "Wagner Group"), note="mercenaries"))
    b = store.add(make_annotation(article, *span_of(article, "Institute for the Study of War")))
    assert store.search("wagner", article.source) == [a]
    assert store.search("mercen", article.source) == [a]
    assert store.search("study war") == [b]
    assert store.search("nothing-like-this") == []
    assert fts_phrase('NEAR( "x') == '"NEAR( ""x"'


def test_documents_summary_counts(store: Store, article: Document) -> None:
    store.add(make_annotation(article, 59, 70, note="n"))
    store.add(make_annotation(article, 80, 90))
    [summary] = store.documents()
    assert (summary.title, summary.highlights, summary.notes) == (article.title, 2, 1)


def test_cursor_is_remembered(db_path: Path, store: Store, article: Document) -> None:
    store.save_cursor(article.source, 1234)
    store.close()
    with Store.open(db_path) as again:
        assert again.cursor(article.source) == 1234


def test_changed_file_reanchors_and_keeps_orphans(store: Store) -> None:
    old = build_document("Title\n\nAlpha beta gamma.\n\nDelta epsilon.", "mem:doc", "doc", False)
    store.open_document(old)
    moving = store.add(make_annotation(old, *span_of(old, "Delta")))
    orphan = store.add(make_annotation(old, *span_of(old, "beta")))
    new = build_document(
        "Title\n\nNew first.\n\nAlpha gamma.\n\nDelta epsilon.", "mem:doc", "doc", False
    )
    report = store.open_document(new)
    assert (report.moved, report.orphaned) == (1, 1)
    moved = store.get(moving.id)
    assert moved is not None and new.text[moved.start : moved.end] == "Delta"
    assert moved.paragraph == 3
    kept = dataclasses.replace(orphan, anchor=AnchorState.ORPHAN, anchored_sha=new.sha256)
    assert store.get(orphan.id) == kept  # kept as it was, marked as an orphan of the new text


def test_export_works_after_the_source_is_gone(tmp_path: Path, db_path: Path) -> None:
    source = tmp_path / "gone.txt"
    source.write_text("Gone\n\nThis file will be deleted.", encoding="utf-8")
    from annotations.document import load_path

    doc = load_path(source)
    with Store.open(db_path) as s:
        s.open_document(doc)
    source.unlink()
    with Store.open(db_path) as s:
        assert s.document(doc.source) == doc


def test_not_sqlite_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    content = b"this is my shopping list, not a database\n" * 20
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not a SQLite database"):
        Store.open(path)
    assert path.read_bytes() == content


def test_corrupt_database_is_refused_and_untouched(tmp_path: Path, article: Document) -> None:
    path = tmp_path / "corrupt.db"
    with Store.open(path) as s:
        s.open_document(article)
        s.db.execute("pragma wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    data[100:8192] = b"\xde\xad\xbe\xef" * 2023  # the schema page and the next: any layout
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError):
        Store.open(path)
    assert path.read_bytes() == bytes(data)


def test_newer_schema_is_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Store.open(path).close()
    con = sqlite3.connect(path)
    con.execute(
        "insert into _sqlite_migrations (migration_set, name, applied_at) "
        "values ('bakhmut-read', '0099_from_the_future', 'later')"
    )
    con.commit()
    con.execute("pragma wal_checkpoint(TRUNCATE)")
    con.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer bakhmut-read"):
        Store.open(path)
    assert path.read_bytes() == before


def test_directory_as_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="directory"):
        Store.open(tmp_path)


def test_embedded_article_loads_the_same_twice(store: Store, article: Document) -> None:
    """Two loads are two equal documents with one content hash: the store keeps one document."""
    again = load_embedded()
    assert again is not article
    assert again == article
    assert again.title == "Battle for Bakhmut: Ukraine Defends Against Russian Siege"
    assert again.sha256 == hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    store.open_document(again)
    assert [summary.source for summary in store.documents()] == [article.source]


def test_undo_after_the_text_changed_keeps_the_new_offsets(store: Store) -> None:
    old = build_document("T\n\nAlpha beta.\n\nDelta epsilon.", "mem:moving", "m", False)
    store.open_document(old)
    added = store.add(make_annotation(old, *span_of(old, "Delta")))
    store.update(added.id, note="first")
    new = build_document(
        "T\n\nInserted.\n\nAlpha beta.\n\nDelta epsilon.", "mem:moving", "m", False
    )
    assert store.open_document(new).moved == 1
    change = store.undo(new.source)  # undo the note edit
    assert change is not None and change.before is not None
    restored = store.get(added.id)
    assert restored is not None and restored.note == ""
    assert new.text[restored.start : restored.end] == "Delta"
    assert change.before == restored  # what the app mirrors is what is stored
    store.undo(new.source)  # undo the add
    change = store.redo(new.source)  # bring it back: re-anchored on the new text
    back = store.get(added.id)
    assert back is not None and new.text[back.start : back.end] == "Delta"
    assert change is not None and change.after == back


def test_a_failed_write_raises_store_error_and_writes_nothing(
    store: Store, article: Document
) -> None:
    kept = store.add(make_annotation(article, 59, 70, note="kept"))
    pages = store.db.execute("pragma page_count").fetchone()[0]
    store.db.execute(f"pragma max_page_count = {pages}")  # the disk is now full
    with pytest.raises(StoreError, match="cannot write"):
        store.update(kept.id, note="x" * 200_000)
    assert store.get(kept.id) == kept
    with pytest.raises(StoreError, match="cannot write"):
        store.add(make_annotation(article, 80, 90, note="y" * 200_000))
    assert store.annotations(article.source) == [kept]


def test_import_reanchors_on_the_stored_text_and_keeps_newer_local_notes(store: Store) -> None:
    old = build_document("T\n\nAlpha beta.\n\nDelta epsilon.", "mem:imp", "i", False)
    new = build_document("T\n\nInserted.\n\nAlpha beta.\n\nDelta epsilon.", "mem:imp", "i", False)
    store.open_document(new)
    exported = make_annotation(old, *span_of(old, "Delta"), note="from elsewhere")
    result = store.import_annotations([old], [exported])
    assert result.added == 1
    imported = store.get(exported.id)
    assert imported is not None and new.text[imported.start : imported.end] == "Delta"
    local = store.update(exported.id, note="edited here later")
    again = store.import_annotations([old], [exported])
    assert (again.added, again.updated, again.unchanged, again.kept) == (0, 0, 0, 1)
    assert store.get(exported.id) == local


def test_import_compares_times_as_instants_not_as_strings(store: Store, article: Document) -> None:
    local = dataclasses.replace(
        make_annotation(article, *span_of(article, "Bakhmut"), note="mine, later"),
        created="2026-11-25T10:00:00.000Z",
        updated="2026-11-25T10:00:34.923Z",
    )
    store.import_annotations([], [local])
    # Written at :34 sharp, so older than the local edit, although "…34Z" > "…34.923Z" as text.
    older = dataclasses.replace(local, note="theirs, earlier", updated="2026-11-25T10:00:34Z")
    result = store.import_annotations([], [older])
    assert (result.added, result.updated, result.unchanged, result.kept) == (0, 0, 0, 1)
    kept = store.get(local.id)
    assert kept is not None and kept.note == "mine, later"
    newer = dataclasses.replace(local, note="theirs, later", updated="2026-11-25T12:00:00+01:00")
    assert store.import_annotations([], [newer]).updated == 1
    replaced = store.get(local.id)
    assert replaced is not None and replaced.note == "theirs, later"
