"""Issue 7: bad rows are skipped and named, bad history entries passed over, imports undoable."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from annotations.config import default_config
from annotations.document import Document, build_document
from annotations.model import Annotation, make_annotation
from annotations.store import Store
from tui.cli import main
from tui.reading import Outcome, ReadingSession

DAMAGE = {
    "bad text": "update annotations set note = cast(x'fffe' as text) where id = ?",
    "label": "update annotations set label = 9 where id = ?",
    "wrong type": "update annotations set start = 'abc' where id = ?",
    "out of range": 'update annotations set start = 50, "end" = 40 where id = ?',
}


def three(store: Store, document: Document) -> list[Annotation]:
    return [store.add(make_annotation(document, s, s + 7, note=f"n{s}")) for s in (59, 80, 100)]


def damage(db_path: Path, sql: str, key: str | int) -> None:
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute(sql, [key])
    conn.close()


def test_each_kind_of_bad_row_is_skipped_named_and_kept(
    db_path: Path, store: Store, article: Document
) -> None:
    for what, sql in DAMAGE.items():
        good, bad, other = three(store, article)
        damage(db_path, sql, bad.id)
        assert store.annotations(article.source) == [good, other], what
        assert [s.id for s in store.skipped] == [bad.id]
        assert store.get(bad.id) is None and store.skipped[0].id == bad.id
        reason = store.skipped[0].reason
        assert reason.startswith({"bad text": "bad text in note", "label": "label 9"}.get(what, ""))
        found = store.search("n59")
        assert found == [good] and store.skipped == []
        count = store.db.execute("select count(*) from annotations").fetchone()[0]
        assert count == 3  # nothing deleted
        store.db.execute("delete from annotations")
        store.db.conn.commit()


def test_reader_export_search_and_list_report_the_skipped_row(
    db_path: Path, store: Store, article: Document
) -> None:
    _, bad, other = three(store, article)
    damage(db_path, DAMAGE["bad text"], bad.id)
    session = ReadingSession(article, store, default_config())
    result = session.load()
    assert result.outcome is Outcome.NOTHING and len(session.annotations) == 2
    assert result.message == (
        f"Skipped 1 unreadable highlight (id {bad.id}): bad text in note (not UTF-8)"
    )
    runner = CliRunner(catch_exceptions=False)
    for args in (["export"], ["export", "--format", "json"]):
        done = runner.invoke(main, [*args, "--db", str(db_path)])
        assert done.exit_code == 0, args
        assert f"warning: Skipped 1 unreadable highlight (id {bad.id})" in done.stderr
        assert bad.id not in done.stdout and "n59" in done.stdout and "n100" in done.stdout
    damage(db_path, DAMAGE["label"], other.id)
    # The bad text's words are gone from the full-text index: only the label 9 row matches.
    done = runner.invoke(main, ["search", "n", "--db", str(db_path)])
    assert done.exit_code == 0 and "n59" in done.stdout and "n100" not in done.stdout
    assert done.stderr == (
        f"bakhmut-read: warning: Skipped 1 unreadable highlight (id {other.id}): "
        "label 9 is not one of 1-5\n"
    )
    listed = runner.invoke(main, ["list", "--db", str(db_path)])  # counts, in SQL: no decoding
    assert listed.exit_code == 0 and "3 highlights" in listed.stdout


def test_a_bad_history_entry_is_passed_over_and_the_rest_undoes(
    db_path: Path, store: Store, article: Document
) -> None:
    first, second, third = three(store, article)
    damage(db_path, "update history set after = '{not json' where seq = ?", 2)
    session = ReadingSession(article, store, default_config())
    session.load()
    assert session.undo().message == "Undid: highlight added"
    skipped = session.undo()
    assert skipped.outcome is Outcome.NOTHING
    assert skipped.message == "the undo history entry #2 is unreadable; skipped"
    assert session.undo().message == "Undid: highlight added"
    assert [a.id for a in store.annotations(article.source)] == [second.id]
    assert session.undo().message == "Nothing to undo"
    assert session.redo().message == "Redid: highlight added"
    assert session.redo().message == "the undo history entry #2 is unreadable; skipped"
    assert session.redo().message == "Redid: highlight added"
    assert {a.id for a in store.annotations(article.source)} == {first.id, second.id, third.id}


def test_missing_fields_in_a_history_entry_are_passed_over(
    db_path: Path, store: Store, article: Document
) -> None:
    three(store, article)
    damage(db_path, 'update history set after = \'{"id": "x"}\' where seq = ?', 3)
    session = ReadingSession(article, store, default_config())
    assert session.undo().message == "the undo history entry #3 is unreadable; skipped"
    assert session.undo().message == "Undid: highlight added"


def test_an_import_is_one_undo_step_per_document_and_keeps_later_local_edits(
    store: Store, article: Document
) -> None:
    other = build_document("T\n\nAlpha beta gamma.\n\nDelta epsilon.", "mem:other", "o", False)
    store.open_document(other)
    mine = store.add(make_annotation(article, 59, 70, note="mine"))
    older = store.add(make_annotation(article, 80, 90, note="old here"))
    theirs_of_mine = dataclasses.replace(mine, note="theirs", updated="2000-01-01T00:00:00Z")
    theirs_of_older = dataclasses.replace(older, note="newer there", updated="2999-01-01T00:00Z")
    fresh = [make_annotation(article, s, s + 5, note=f"f{s}") for s in range(100, 1100, 100)]
    elsewhere = make_annotation(other, 3, 8, note="alpha")
    incoming = [theirs_of_mine, theirs_of_older, *fresh, elsewhere, older]
    result = store.import_annotations([other], incoming)
    # `older` comes twice: the last copy (the same as the store's) wins, so it is unchanged.
    assert (result.added, result.updated, result.unchanged, result.kept) == (11, 0, 1, 1)
    incoming = [theirs_of_mine, theirs_of_older, *fresh, elsewhere]
    result = store.import_annotations([other], incoming)
    assert (result.added, result.updated, result.unchanged, result.kept) == (0, 1, 11, 1)
    assert store.get(older.id).note == "newer there"  # type: ignore[union-attr]
    assert store.get(mine.id).note == "mine"  # type: ignore[union-attr]
    undone = store.undo(article.source)
    assert undone is not None and (undone.action, undone.count) == ("import", 1)
    assert store.get(older.id).note == "old here"  # type: ignore[union-attr]
    undone = store.undo(article.source)
    assert undone is not None and (undone.action, undone.count) == ("import", 10)
    assert [a.id for a in store.annotations(article.source)] == [mine.id, older.id]
    assert [a.note for a in store.annotations(other.source)] == ["alpha"]  # its own step
    redone = store.redo(article.source)
    assert redone is not None and redone.count == 10
    assert len(store.annotations(article.source)) == 12


def test_a_batched_import_undoes_whole_and_spares_rows_changed_since(
    store: Store, article: Document
) -> None:
    from annotations.store import importing

    fresh = [make_annotation(article, s, s + 5, note=f"f{s}") for s in range(100, 1100, 100)]
    importing.import_annotations(store, [], fresh, batch_size=3)
    history = store.db.execute("select count(*) from history where action = 'import'")
    assert history.fetchone()[0] == 4
    # Changed since by another means (an older copy, a hand edit): undo leaves it alone.
    later = "update annotations set note = 'edited after the import' where id = ?"
    store.db.execute(later, [fresh[0].id])
    store.db.conn.commit()
    session = ReadingSession(article, store, default_config())
    session.load()
    undone = session.undo()
    assert undone.outcome is Outcome.CHANGED and undone.message == "Undid: import (9 highlight(s))"
    assert [a.note for a in session.annotations] == ["edited after the import"]
    assert session.redo().message == "Redid: import (9 highlight(s))"
    assert len(session.annotations) == 10


def test_the_import_summary_names_what_was_kept(tmp_path: Path, db_path: Path) -> None:
    runner = CliRunner(catch_exceptions=False)
    with Store.open(db_path) as store:
        from annotations.document import load_embedded

        article = load_embedded()
        store.open_document(article)
        kept = store.add(make_annotation(article, 59, 70, note="v1"))
    exported = tmp_path / "notes.json"
    runner.invoke(main, ["export", "--format", "json", "-o", str(exported), "--db", str(db_path)])
    with Store.open(db_path) as store:
        store.update(kept.id, note="v2, later")
    done = runner.invoke(main, ["import", str(exported), "--db", str(db_path)])
    assert done.exit_code == 0
    assert "0 added, 0 updated, 0 unchanged, 1 kept (changed here later)" in done.stdout


def test_the_store_syncs_every_commit_in_wal_mode(store: Store) -> None:
    assert store.db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("pragma synchronous").fetchone()[0] == 2  # FULL
