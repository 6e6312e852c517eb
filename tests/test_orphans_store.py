"""The anchor state is stored, not guessed (issue 8, point 3): real SQLite files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from annotations.anchoring import AnchorState
from annotations.document import Document, build_document
from annotations.formats.w3c import to_json
from annotations.formats.w3c_import import parse_json
from annotations.model import Annotation, make_annotation
from annotations.store import ReanchorReport, Store
from annotations.store.schema import migrations

OLD = "Title\n\nAlpha beta gamma delta.\n\nThe quick brown fox jumps.\n\nKeep this one."
NEW = "Title\n\nNew first.\n\nAlpha gamma delta.\n\nThe quick brown cat jumps.\n\nKeep this one."


def doc(raw: str) -> Document:
    return build_document(raw, "mem:doc", "doc", False)


def add(store: Store, document: Document, phrase: str, note: str = "") -> Annotation:
    start = document.text.index(phrase)
    return store.add(make_annotation(document, start, start + len(phrase), note=note))


def changed_store(db_path: Path) -> tuple[Store, dict[str, Annotation]]:
    """A store whose document changed: one exact, one moved, one fuzzy, one orphan."""
    store = Store.open(db_path)
    old = doc(OLD)
    store.open_document(old)
    made = {
        "exact": add(store, old, "Title"),
        "moved": add(store, old, "Keep this one"),
        "fuzzy": add(store, old, "quick brown fox jumps"),
        "orphan": add(store, old, "beta", note="gone word"),
    }
    return store, made


def test_a_changed_file_stores_each_state_and_its_text_hash(db_path: Path) -> None:
    store, made = changed_store(db_path)
    with store:
        report = store.open_document(doc(NEW))
        assert report == ReanchorReport(moved=1, orphaned=1, fuzzy=1)
        for state, annotation in made.items():
            stored = store.get(annotation.id)
            assert stored is not None and stored.anchor == state
            assert stored.anchored_sha == doc(NEW).sha256
        fuzzy = store.get(made["fuzzy"].id)
        assert fuzzy is not None and fuzzy.quote == "quick brown cat jumps"
        assert fuzzy.paragraph == 3 and fuzzy.prefix.endswith("The ")
        orphan = store.get(made["orphan"].id)
        assert orphan is not None and (orphan.quote, orphan.note) == ("beta", "gone word")


def test_reopening_reads_the_stored_states_without_recomputing(db_path: Path) -> None:
    store, made = changed_store(db_path)
    with store:
        store.open_document(doc(NEW))
    with sqlite3.connect(db_path) as raw:  # a state only the store could have written
        raw.execute("update annotations set anchor = 'moved' where id = ?", [made["exact"].id])
    with Store.open(db_path) as store:
        assert store.open_document(doc(NEW)) == ReanchorReport(0, 0, 0)
        states = {a.id: a.anchor for a in store.annotations("mem:doc")}
        assert states[made["exact"].id] == AnchorState.MOVED
        assert states[made["orphan"].id] == AnchorState.ORPHAN
        assert states[made["fuzzy"].id] == AnchorState.FUZZY
        summary = store.documents()[0]
        assert (summary.moved, summary.fuzzy, summary.orphaned) == (2, 1, 1)


def test_a_fuzzy_place_stays_fuzzy_until_confirmed_and_undo_brings_it_back(
    db_path: Path,
) -> None:
    store, made = changed_store(db_path)
    with store:
        store.open_document(doc(NEW))
        store.open_document(doc(NEW + "\n\nAppended."))  # the fuzzy one now carried exactly
        fuzzy = store.get(made["fuzzy"].id)
        assert fuzzy is not None and fuzzy.anchor == AnchorState.FUZZY
        confirmed = store.confirm_place(fuzzy.id, expected=fuzzy)
        assert store.get(fuzzy.id) == confirmed and confirmed.anchor == AnchorState.EXACT
        store.undo("mem:doc")
        assert store.get(fuzzy.id) == fuzzy


def test_reattach_places_an_orphan_and_undo_makes_it_an_orphan_again(db_path: Path) -> None:
    store, made = changed_store(db_path)
    new = doc(NEW)
    with store:
        store.open_document(new)
        orphan = store.get(made["orphan"].id)
        assert orphan is not None
        start = new.text.index("New first")
        placed = store.reattach(orphan.id, new, start, start + 9, expected=orphan)
        assert store.get(orphan.id) == placed
        assert (placed.quote, placed.anchor, placed.paragraph) == ("New first", "exact", 1)
        assert placed.note == "gone word"
        store.undo("mem:doc")
        assert store.get(orphan.id) == orphan
        store.redo("mem:doc")
        assert store.get(orphan.id) == placed


def test_an_old_database_is_migrated_with_its_orphans_marked(db_path: Path) -> None:
    """Rows from before 0004: `exact` if their quote is at their offsets, else `orphan`."""
    old, new = doc(OLD), doc(NEW)
    kept = make_annotation(new, 0, 5)
    lost = make_annotation(old, *(lambda i: (i, i + 4))(old.text.index("beta")))
    raw = Database(sqlite3.connect(db_path))
    migrations.apply(raw, stop_before="0004_anchor_state")
    raw.table("documents").insert(
        {"source": new.source, "title": new.title, "text": new.text, "sha256": new.sha256,
         "has_title_block": 0, "opened": "2026-01-01T00:00:00.000Z"}
    )  # fmt: skip
    for annotation in (kept, lost):
        record = annotation.to_record()
        del record["anchor"], record["anchored_sha"]
        raw.table("annotations").insert(record)
    raw.close()
    with Store.open(db_path) as store:
        states = {a.id: (a.anchor, a.anchored_sha) for a in store.annotations("mem:doc")}
    assert states == {kept.id: ("exact", new.sha256), lost.id: ("orphan", new.sha256)}


def test_undo_entries_written_before_the_migration_still_undo(db_path: Path) -> None:
    store, made = changed_store(db_path)
    with store:
        store.update(made["exact"].id, note="later")
        with sqlite3.connect(db_path) as conn:  # the journal entry as an old version wrote it
            before, after = conn.execute("select before, after from history where action = "
                                         "'update'").fetchone()  # fmt: skip
            old_records = []
            for text in (before, after):
                record = json.loads(text)
                del record["anchor"], record["anchored_sha"]
                old_records.append(json.dumps(record))
            conn.execute("update history set before = ?, after = ? where action = 'update'",
                         old_records)  # fmt: skip
        change = store.undo("mem:doc")
        assert change is not None and change.action == "update"
        assert store.get(made["exact"].id) == made["exact"]


def test_an_import_of_a_missing_quote_stores_an_orphan_and_counts_it(db_path: Path) -> None:
    document = doc(OLD)
    highlight = make_annotation(document, 7, 12, note="note")
    data = json.loads(to_json(document, [highlight], timestamps=False))
    data["first"]["items"][0]["target"]["selector"][0]["exact"] = "not in the text at all"
    imported = parse_json(json.dumps(data))
    with Store.open(db_path) as store:
        result = store.import_annotations(imported.documents, imported.annotations)
        assert (result.added, result.orphaned) == (1, 1)
        stored = store.get(highlight.id)
        assert stored is not None and stored.is_orphan
        assert (stored.quote, stored.note) == ("not in the text at all", "note")
