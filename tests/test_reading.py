"""ReadingSession on a real SQLite file: changes, undo, notes, filter, export, settings, errors."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.config import default_config
from annotations.document import Document, load_path
from annotations.model import Annotation, make_annotation
from annotations.store import ReanchorReport, Store
from tui.reading import BUSY_MESSAGE, Outcome, ReadingSession

DAMAGE = "ALTER TABLE annotations RENAME COLUMN document TO gone"
"""Another program changes the schema under us: every read of the annotations fails."""


def span(document: Document, needle: str) -> tuple[int, int]:
    start = document.text.index(needle)
    return start, start + len(needle)


def session_on(store: Store, document: Document) -> ReadingSession:
    session = ReadingSession(document, store, default_config())
    assert session.load().ok
    return session


def state(annotations: list[Annotation]) -> list[tuple[str, int, str]]:
    return [(a.quote, a.label, a.note) for a in annotations]


def stored(db_path: Path, source: str) -> list[tuple[str, int, str]]:
    """What a fresh connection to the file sees."""
    with Store.open(db_path) as fresh:
        return state(fresh.annotations(source))


def check(session: ReadingSession, db_path: Path, expected: list[tuple[str, int, str]]) -> None:
    """The session's copy in memory and the file agree with `expected`."""
    assert state(session.annotations) == expected
    assert stored(db_path, session.source) == expected


@pytest.fixture
def session(store: Store, article: Document) -> ReadingSession:
    return session_on(store, article)


def test_reading_imports_no_ui_library() -> None:
    code = "import json, sys, tui.reading; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert not [m for m in json.loads(out.stdout) if m.split(".")[0] in {"textual", "rich"}]


def test_load_reads_the_document_in_position_order(store: Store, article: Document) -> None:
    store.add(make_annotation(article, *span(article, "Prigozhin")))
    store.add(make_annotation(article, *span(article, "Bakhmut")))
    session = session_on(store, article)
    assert [a.start for a in session.annotations] == sorted(a.start for a in session.annotations)
    assert len(session.annotations) == 2


def test_add_relabel_note_and_delete(session: ReadingSession, db_path: Path) -> None:
    added = session.add(*span(session.document, "Podolyak"), 1)
    assert added.changed and added.message == "Key point added"
    assert added.annotation is not None
    check(session, db_path, [("Podolyak", 1, "")])
    relabelled = session.relabel(added.annotation.id, 2)
    assert relabelled.message == "label → Evidence"
    check(session, db_path, [("Podolyak", 2, "")])
    assert relabelled.annotation is not None
    noted = session.save_note(relabelled.annotation, "an aide")
    assert noted.changed and noted.message == "note saved"
    check(session, db_path, [("Podolyak", 2, "an aide")])
    assert session.find(added.annotation.id) == noted.annotation
    deleted = session.delete(added.annotation.id)
    assert deleted.message == "highlight deleted (u to undo)"
    assert deleted.annotation is None and deleted.subject is not None
    check(session, db_path, [])


def test_changes_keep_position_order(session: ReadingSession) -> None:
    for needle in ("Prigozhin", "Bakhmut", "Kofman"):
        session.add(*span(session.document, needle), 1)
    starts = [a.start for a in session.annotations]
    assert starts == sorted(starts) and len(starts) == 3


def test_an_unchanged_note_is_not_written(session: ReadingSession, db_path: Path) -> None:
    added = session.add(*span(session.document, "Kyiv"), 3).annotation
    assert added is not None
    for text in (None, ""):
        result = session.save_note(added, text)
        assert result.outcome is Outcome.NOTHING and result.message == ""
    with Store.open(db_path) as fresh:
        assert fresh.undo(session.source) is not None  # only the add is in the journal
        assert fresh.undo(session.source) is None


def test_label_names_come_from_the_config(store: Store, article: Document, tmp_path: Path) -> None:
    from annotations.config import load_config

    config_file = tmp_path / "config.toml"
    config_file.write_text('[labels.2]\nname = "Source"\n', encoding="utf-8")
    session = ReadingSession(article, store, load_config(config_file))
    added = session.add(*span(article, "Kyiv"), 1).annotation
    assert added is not None
    assert session.relabel(added.id, 2).message == "label → Source"


def test_undo_and_redo_in_order_across_a_restart(article: Document, db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.open_document(article)
        first = session_on(store, article)
        added = first.add(*span(article, "Podolyak"), 1).annotation
        assert added is not None
        first.relabel(added.id, 3)
        first.save_note(first.annotations[0], "aide")
        first.delete(added.id)
        first.close()  # the reader quits: its changes are the next reader's to undo

    with Store.open(db_path) as store:
        second = session_on(store, article)
        assert second.annotations == []
        expected = [
            ("Undid: highlight deleted", [("Podolyak", 3, "aide")]),
            ("Undid: highlight changed", [("Podolyak", 3, "")]),
            ("Undid: highlight changed", [("Podolyak", 1, "")]),
            ("Undid: highlight added", []),
        ]
        for message, after in expected:
            result = second.undo()
            assert result.changed and result.message == message
            assert result.subject is not None and result.subject.id == added.id
            check(second, db_path, after)
        nothing = second.undo()
        assert nothing.outcome is Outcome.NOTHING and nothing.message == "Nothing to undo"

        for message, after in [
            ("Redid: highlight added", [("Podolyak", 1, "")]),
            ("Redid: highlight changed", [("Podolyak", 3, "")]),
            ("Redid: highlight changed", [("Podolyak", 3, "aide")]),
            ("Redid: highlight deleted", []),
        ]:
            result = second.redo()
            assert result.changed and result.message == message
            check(second, db_path, after)
        assert second.redo().message == "Nothing to redo"


def test_undo_puts_a_deleted_highlight_back_with_its_id(
    session: ReadingSession, db_path: Path
) -> None:
    added = session.add(*span(session.document, "Kofman"), 4).annotation
    assert added is not None
    session.delete(added.id)
    result = session.undo()
    assert result.annotation is not None and result.annotation.id == added.id
    assert [a.id for a in session.annotations] == [added.id]
    with Store.open(db_path) as fresh:
        assert fresh.get(added.id) is not None


def test_a_new_change_after_undo_drops_the_redo(session: ReadingSession, db_path: Path) -> None:
    session.add(*span(session.document, "Kofman"), 1)
    session.undo()
    session.add(*span(session.document, "Prigozhin"), 2)
    assert session.redo().message == "Nothing to redo"
    check(session, db_path, [("Prigozhin", 2, "")])


def test_undo_reaches_only_this_document(
    store: Store, article: Document, db_path: Path, tmp_path: Path
) -> None:
    other_file = tmp_path / "other.txt"
    other_file.write_text("Other\n\nA short text about nothing much.\n", encoding="utf-8")
    other = load_path(other_file)
    store.open_document(other)
    assert session_on(store, other).add(*span(other, "short"), 1).changed
    assert session_on(store, article).undo().message == "Nothing to undo"
    assert stored(db_path, other.source) == [("short", 1, "")]


def test_a_fresh_highlight_closed_with_no_note_is_taken_back(
    session: ReadingSession, db_path: Path
) -> None:
    kept = session.add(*span(session.document, "Kyiv"), 1).annotation
    fresh = session.add(*span(session.document, "Bakhmut"), 1).annotation
    assert kept is not None and fresh is not None
    result = session.note_closed(fresh, "  \n", fresh=True)
    assert result.changed and result.message == "no note written: highlight taken back"
    assert [a.id for a in session.annotations] == [kept.id]
    check(session, db_path, [("Kyiv", 1, "")])
    redone = session.redo()  # ctrl+r brings it back
    assert redone.annotation is not None and redone.annotation.id == fresh.id


def test_a_fresh_highlight_with_a_note_is_kept(session: ReadingSession, db_path: Path) -> None:
    fresh = session.add(*span(session.document, "Bakhmut"), 1).annotation
    assert fresh is not None
    result = session.note_closed(fresh, "worth it", fresh=True)
    assert result.message == "note saved"
    check(session, db_path, [("Bakhmut", 1, "worth it")])


def test_an_old_highlight_closed_with_no_note_stays(session: ReadingSession, db_path: Path) -> None:
    old = session.add(*span(session.document, "Bakhmut"), 1).annotation
    assert old is not None
    result = session.note_closed(old, None, fresh=False)
    assert result.outcome is Outcome.NOTHING
    check(session, db_path, [("Bakhmut", 1, "")])


def test_take_back_keeps_the_highlight_when_another_change_came_first(
    session: ReadingSession, db_path: Path, article: Document
) -> None:
    fresh = session.add(*span(article, "Bakhmut"), 1).annotation
    assert fresh is not None
    with Store.open(db_path) as other:  # another reader adds a highlight meanwhile
        other.add(make_annotation(article, *span(article, "Kyiv"), note="from the CLI"))
    result = session.note_closed(fresh, "", fresh=True)
    assert result.outcome is Outcome.NOTHING
    assert [a.id for a in session.annotations] == [fresh.id]
    assert sorted(stored(db_path, article.source)) == [
        ("Bakhmut", 1, ""),
        ("Kyiv", 1, "from the CLI"),
    ]


def test_a_failed_write_is_not_saved_and_changes_nothing(
    session: ReadingSession, db_path: Path
) -> None:
    added = session.add(*span(session.document, "Bakhmut"), 1).annotation
    assert added is not None
    with Store.open(db_path) as other:  # another process deletes it meanwhile
        other.delete(added.id)
    result = session.relabel(added.id, 2)
    assert result.outcome is Outcome.CONFLICT and not result.ok
    assert result.message == "Label not changed: the highlight was deleted in another window"
    assert session.annotations == []  # the copy shows the store as it now is
    assert stored(db_path, session.source) == []


def test_a_note_that_cannot_be_saved_is_handed_back(session: ReadingSession, db_path: Path) -> None:
    added = session.add(*span(session.document, "Bakhmut"), 1).annotation
    assert added is not None
    with Store.open(db_path) as other:
        other.delete(added.id)
    result = session.note_closed(added, "precious words", fresh=False)
    assert result.outcome is Outcome.CONFLICT and result.annotation is None
    assert result.unsaved_note == "precious words"


def test_a_write_blocked_by_another_writer_waits_then_lands(
    session: ReadingSession, db_path: Path
) -> None:
    blocker = sqlite3.connect(db_path)
    try:
        blocker.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        result = session.add(*span(session.document, "Kyiv"), 1)
        assert result.outcome is Outcome.WAITING and result.message == BUSY_MESSAGE
        assert session.save_cursor(5).outcome is Outcome.NOTHING  # skipped, saved later
        assert session.save_theme("nord").outcome is Outcome.WAITING
        assert state(session.annotations) == [("Kyiv", 1, "")]  # shown while it waits
        assert session.flush() == [] and session.waiting
    finally:
        blocker.rollback()
        blocker.close()
    assert stored(db_path, session.source) == []
    assert [r.outcome for r in session.flush()] == [Outcome.CHANGED, Outcome.NOTHING]
    assert not session.waiting
    check(session, db_path, [("Kyiv", 1, "")])


def test_a_failed_search_is_a_read_failure_not_unsaved(
    session: ReadingSession, db_path: Path
) -> None:
    session.add(*span(session.document, "Kyiv"), 1)
    with sqlite3.connect(db_path) as other:
        other.execute(DAMAGE)
    found = session.filter("Kyiv")
    assert found.failure is not None and found.failure.outcome is Outcome.FAILED
    assert "cannot read" in found.failure.message
    assert "not saved" not in found.failure.message
    assert found.ids == frozenset()


def test_a_failed_export_read_is_a_read_failure(
    session: ReadingSession, db_path: Path, tmp_path: Path
) -> None:
    with sqlite3.connect(db_path) as other:
        other.execute(DAMAGE)
    target = tmp_path / "notes.md"
    result = session.export_to(target)
    assert result.outcome is Outcome.FAILED and not result.ok
    assert "cannot read" in result.message and "not saved" not in result.message
    assert not target.exists()


def test_the_filter_searches_quotes_and_notes(session: ReadingSession) -> None:
    kyiv = session.add(*span(session.document, "Kyiv"), 1).annotation
    putin = session.add(*span(session.document, "Putin"), 1).annotation
    assert kyiv is not None and putin is not None
    session.save_note(putin, "alphabet soup")
    assert session.filter("  ") == session.filter("")
    assert session.filter("").ids is None
    assert session.filter("alpha").ids == {putin.id}
    assert session.filter(" kyi ").ids == {kyiv.id}
    assert session.filter(" kyi ").query == "kyi"
    assert session.filter("nothing-like-it").ids == frozenset()


def test_export_writes_markdown_read_afresh(
    session: ReadingSession, db_path: Path, tmp_path: Path, article: Document
) -> None:
    session.add(*span(article, "Bakhmut"), 2)
    with Store.open(db_path) as other:
        other.add(make_annotation(article, *span(article, "Kyiv"), note="from the CLI"))
    target = tmp_path / "out.md"
    target.write_text("OLD EXPORT", encoding="utf-8")
    result = session.export_to(target)
    assert result.ok and result.message == f"Exported 2 highlights to {target}"
    text = target.read_text(encoding="utf-8")
    assert "from the CLI" in text and "Bakhmut" in text and "OLD EXPORT" not in text


@pytest.mark.parametrize("where", ["directory", "missing parent"])
def test_export_refuses_a_path_it_cannot_write(
    where: str, session: ReadingSession, tmp_path: Path
) -> None:
    target = tmp_path if where == "directory" else tmp_path / "nowhere" / "notes.md"
    result = session.export_to(target)
    assert result.outcome is Outcome.FAILED
    assert "cannot write" in result.message and "\n" not in result.message
    assert not (tmp_path / "nowhere").exists()


def test_theme_and_cursor_are_remembered(article: Document, db_path: Path) -> None:
    with Store.open(db_path) as store:
        store.open_document(article)
        first = session_on(store, article)
        assert first.themes_to_try() == []
        paragraph_one = article.paragraph(1)
        assert paragraph_one is not None
        assert first.initial_cursor() == paragraph_one.start
        assert first.save_theme("textual-light").ok
        assert first.save_cursor(123).ok
    with Store.open(db_path) as store:
        assert store.setting("theme") == "textual-light"
        assert store.cursor(article.source) == 123
        second = session_on(store, article)
        assert second.themes_to_try() == ["textual-light"]
        assert second.initial_cursor() == 123


def test_the_config_theme_comes_after_the_saved_one(
    store: Store, article: Document, tmp_path: Path
) -> None:
    from annotations.config import load_config

    config_file = tmp_path / "config.toml"
    config_file.write_text('theme = "nord"\n', encoding="utf-8")
    session = ReadingSession(article, store, load_config(config_file))
    assert session.themes_to_try() == ["nord"]
    session.save_theme("dracula")
    assert session.themes_to_try() == ["dracula", "nord"]


def test_the_reanchoring_message(tmp_path: Path, db_path: Path) -> None:
    source = tmp_path / "essay.md"
    source.write_text("# Essay\n\nAlpha beta gamma.\n\nDelta epsilon.\n", encoding="utf-8")
    first = load_path(source)
    with Store.open(db_path) as store:
        store.open_document(first)
        store.add(make_annotation(first, *span(first, "Delta")))
        store.add(make_annotation(first, *span(first, "beta")))
    source.write_text("# Essay\n\nA new opening.\n\nAlpha gamma.\n\nDelta epsilon.\n", "utf-8")
    second = load_path(source)
    with Store.open(db_path) as store:
        report = store.open_document(second)
        message = ReadingSession(second, store, default_config(), report).reanchoring_message()
    assert message == "1 highlight moved, 1 orphaned — see the notes pane"


@pytest.mark.parametrize(
    ("report", "expected"),
    [
        (None, None),
        (ReanchorReport(0, 0), None),
        (ReanchorReport(2, 0), "2 highlights moved — see the notes pane"),
        (
            ReanchorReport(3, 2, 1),
            "3 highlights moved, 1 placed approximately (≈), 2 orphaned — see the notes pane",
        ),
    ],
)
def test_the_reanchoring_message_only_when_something_moved(
    report: ReanchorReport | None, expected: str | None, store: Store, article: Document
) -> None:
    session = ReadingSession(article, store, default_config(), report)
    assert session.reanchoring_message() == expected
