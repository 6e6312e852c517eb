"""Two readers on one database file: they see each other, undo only their own, never overwrite."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.config import default_config
from annotations.document import Document
from annotations.store import Store
from tui.reading import BUSY_MESSAGE, NOTE_SEPARATOR, Outcome, ReadingSession


def span(document: Document, needle: str) -> tuple[int, int]:
    start = document.text.index(needle)
    return start, start + len(needle)


def notes(session: ReadingSession) -> list[tuple[str, int, str]]:
    return [(a.quote, a.label, a.note) for a in session.annotations]


def test_a_reader_sees_the_other_readers_changes(pair: tuple[ReadingSession, ...]) -> None:
    a, b = pair
    a.refresh()  # B registered after A read
    assert not a.refresh()  # nothing changed since: no re-read
    added = b.add(*span(b.document, "Podolyak"), 2).annotation
    assert added is not None
    assert a.refresh() and notes(a) == [("Podolyak", 2, "")]
    assert not a.refresh()
    assert not b.refresh()  # its own commits do not change its data_version
    b.delete(added.id)
    assert a.refresh() and notes(a) == []


def test_undo_never_touches_the_other_readers_change(pair: tuple[ReadingSession, ...]) -> None:
    a, b = pair
    mine = a.add(*span(a.document, "Podolyak"), 1).annotation
    theirs = b.add(*span(b.document, "Prigozhin"), 1).annotation
    assert mine is not None and theirs is not None
    b.save_note(theirs, "B's note")
    a.refresh()
    undone = a.undo()
    assert undone.changed and undone.subject is not None and undone.subject.id == mine.id
    assert a.undo().message == "Nothing to undo"
    assert notes(a) == [("Prigozhin", 1, "B's note")]
    assert b.redo().message == "Nothing to redo"  # A's undone change is not B's to redo
    assert a.redo().changed
    a.refresh()
    assert [q for q, _, _ in notes(a)] == ["Podolyak", "Prigozhin"]


def test_after_a_restart_undo_takes_back_the_readers_own_last_change(
    pair: tuple[ReadingSession, ...], db_path: Path, article: Document
) -> None:
    a, b = pair
    mine = a.add(*span(a.document, "Podolyak"), 3).annotation
    b.add(*span(b.document, "Prigozhin"), 1)
    assert mine is not None
    a.close()  # A quits while B keeps reading
    with Store.open(db_path) as store:
        again = ReadingSession(article, store, default_config())
        again.load()
        undone = again.undo()
        assert undone.changed and undone.subject is not None and undone.subject.id == mine.id
        assert again.undo().message == "Nothing to undo"  # B still runs: its add stays
        again.close()


def test_a_crashed_reader_counts_as_gone(db_path: Path, article: Document) -> None:
    code = (
        "import sys; from pathlib import Path\n"
        "from annotations.store import Store\nfrom annotations.document import load_embedded\n"
        "from annotations.config import default_config\nfrom tui.reading import ReadingSession\n"
        "d = load_embedded(); s = Store.open(Path(sys.argv[1])); s.open_document(d)\n"
        "r = ReadingSession(d, s, default_config()); r.load(); r.add(59, 70, 2)\n"
        "import os; os._exit(0)  # no close(): the process just ends\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db_path)], check=True, timeout=60)
    with Store.open(db_path) as store:
        session = ReadingSession(article, store, default_config())
        session.load()
        assert session.undo().changed  # its pid is gone: the change is this reader's to undo
        session.close()


def test_undo_is_refused_when_the_row_changed_since(pair: tuple[ReadingSession, ...]) -> None:
    a, b = pair
    added = a.add(*span(a.document, "Podolyak"), 1).annotation
    assert added is not None
    a.relabel(added.id, 2)
    a.close()  # A quits; B is now free to change it, and the next A must not undo over it
    b.refresh()
    b.relabel(added.id, 4)
    a.load()  # A comes back (same process, re-registered)
    result = a.undo()
    assert result.outcome is Outcome.NOTHING
    assert result.message == "Cannot undo: the highlight was changed in another window"
    assert notes(a) == [("Podolyak", 4, "")]


def test_a_label_change_over_a_newer_one_is_refused(pair: tuple[ReadingSession, ...]) -> None:
    a, b = pair
    added = a.add(*span(a.document, "Podolyak"), 1).annotation
    assert added is not None
    b.refresh()
    b.relabel(added.id, 3)
    result = a.relabel(added.id, 5)  # A has not looked since
    assert result.outcome is Outcome.CONFLICT
    assert result.message == "Label not changed: the highlight was changed in another window"
    assert notes(a) == [("Podolyak", 3, "")]


def _conflicting_notes(pair: tuple[ReadingSession, ...]) -> tuple[ReadingSession, str]:
    a, b = pair
    added = a.add(*span(a.document, "Podolyak"), 1).annotation
    assert added is not None
    b.refresh()
    b.save_note(b.annotations[0], "theirs")
    result = a.save_note(added, "mine")  # the editor opened before B's save
    assert result.outcome is Outcome.CONFLICT and result.unsaved_note == "mine"
    assert result.annotation is not None and result.annotation.note == "theirs"
    assert notes(a) == [("Podolyak", 1, "theirs")]  # nothing overwritten
    return a, added.id


@pytest.mark.parametrize(
    ("choice", "kept"),
    [("mine", "mine"), ("theirs", "theirs"), ("both", f"theirs{NOTE_SEPARATOR}mine")],
)
def test_a_lost_update_is_refused_and_resolved(
    pair: tuple[ReadingSession, ...], db_path: Path, choice: str, kept: str
) -> None:
    a, annotation_id = _conflicting_notes(pair)
    current = a.find(annotation_id)
    assert current is not None
    text = {"mine": "mine", "theirs": current.note, "both": a.keep_both(current, "mine")}[choice]
    a.save_note(current, text)
    with Store.open(db_path) as fresh:
        assert [x.note for x in fresh.annotations(a.source)] == [kept]


def test_a_note_for_a_highlight_deleted_elsewhere(
    pair: tuple[ReadingSession, ...], db_path: Path
) -> None:
    a, b = pair
    added = a.add(*span(a.document, "Podolyak"), 2).annotation
    assert added is not None
    b.refresh()
    b.delete(added.id)
    result = a.save_note(added, "still wanted")
    assert result.outcome is Outcome.CONFLICT and result.annotation is None
    saved = a.save_on_new_highlight(added, "still wanted")
    assert saved.changed and saved.annotation is not None and saved.annotation.id != added.id
    with Store.open(db_path) as fresh:
        [again] = fresh.annotations(a.source)
    assert (again.quote, again.start, again.label, again.note) == (
        "Podolyak", added.start, 2, "still wanted"
    )  # fmt: skip


def test_an_untouched_note_shown_with_pictures_is_not_saved(
    pair: tuple[ReadingSession, ...],
) -> None:
    a, _ = pair
    added = a.add(*span(a.document, "Podolyak"), 1).annotation
    assert added is not None
    noted = a.save_note(added, "bell\x07 and \x1b[2J").annotation
    assert noted is not None
    assert a.save_note(noted, "bell␇ and ␛[2J").outcome is Outcome.NOTHING
    assert a.annotations[0].note == "bell\x07 and \x1b[2J"


def test_busy_writes_wait_in_order_and_land(
    pair: tuple[ReadingSession, ...], db_path: Path
) -> None:
    a, _ = pair
    added = a.add(*span(a.document, "Podolyak"), 1).annotation
    assert added is not None
    blocker = sqlite3.connect(db_path)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        assert a.relabel(added.id, 2).outcome is Outcome.WAITING
        assert a.relabel(added.id, 3).message == BUSY_MESSAGE  # behind the first, never before
        assert a.flush() == [] and a.waiting
    finally:
        blocker.rollback()
        blocker.close()
    assert [r.outcome for r in a.flush()] == [Outcome.CHANGED, Outcome.CHANGED]
    assert notes(a) == [("Podolyak", 3, "")]
    with Store.open(db_path) as fresh:
        assert [x.label for x in fresh.annotations(a.source)] == [3]


def test_a_note_that_waits_too_long_is_handed_back(
    pair: tuple[ReadingSession, ...], db_path: Path
) -> None:
    a, _ = pair
    added = a.add(*span(a.document, "Podolyak"), 1).annotation
    assert added is not None
    a._queue.give_up_after = 0.0  # the stated 30 s, shortened for the test
    blocker = sqlite3.connect(db_path)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        assert a.save_note(added, "patient").outcome is Outcome.WAITING
        [result] = a.flush()
    finally:
        blocker.rollback()
        blocker.close()
    assert result.outcome is Outcome.NOT_SAVED and result.unsaved_note == "patient"
    assert "not saved" in result.message and not a.waiting
