"""The session's changes, one at a time: what `take_changes` hands the widgets, and the copy in
memory kept sorted without re-reading the store."""

from __future__ import annotations

import random
from pathlib import Path

from annotations.config import default_config
from annotations.document import Document
from annotations.model import Annotation, make_annotation, position_order
from annotations.store import Store
from tui.reading import ReadingSession


def session_on(store: Store, document: Document) -> ReadingSession:
    session = ReadingSession(document, store, default_config())
    assert session.load().ok
    return session


def words(document: Document) -> list[tuple[int, int]]:
    text, spans, at = document.text, [], 0
    for word in text.split():
        start = text.index(word, at)
        at = start + len(word)
        spans.append((start, at))
    return spans


def test_each_change_is_handed_over_once_and_the_copy_stays_the_stores(
    store: Store, article: Document, db_path: Path
) -> None:
    session = session_on(store, article)
    assert session.take_changes() == {}
    rng = random.Random(5)
    spans = words(article)[:120]
    shown: dict[str, Annotation] = {}
    for _ in range(80):
        kind = rng.choice(["add", "add", "relabel", "delete", "undo", "redo"])
        if kind == "add" or not shown:
            session.add(*rng.choice(spans), label=rng.randint(1, 5))
        elif kind == "relabel":
            session.relabel(rng.choice(sorted(shown)), rng.randint(1, 5))
        elif kind == "delete":
            session.delete(rng.choice(sorted(shown)))
        else:
            session.undo() if kind == "undo" else session.redo()
        for annotation_id, annotation in session.take_changes().items():
            if annotation is None:
                shown.pop(annotation_id)
            else:
                shown[annotation_id] = annotation
        assert session.take_changes() == {}
        with Store.open(db_path) as fresh:
            rows = fresh.annotations(article.source)
        assert shown == {a.id: a for a in rows}
        assert session.annotations == sorted(rows, key=position_order)
        for row in rows:
            assert session.find(row.id) == row
            latest = max(
                (a for a in rows if (a.start, a.end) == (row.start, row.end)), key=position_order
            )
            assert session.exact(row.start, row.end) == latest


def test_another_windows_changes_arrive_as_changes(
    store: Store, article: Document, db_path: Path
) -> None:
    start, end = words(article)[3]
    kept = make_annotation(article, start, end, label=1)
    gone = make_annotation(article, end + 1, end + 5, label=2)
    store.add(kept)
    store.add(gone)
    session = session_on(store, article)
    assert set(session.take_changes()) == {kept.id, gone.id}
    with Store.open(db_path) as other:
        other.delete(gone.id)
        added = other.add(make_annotation(article, start, end + 5, label=3))
    assert session.refresh()
    assert session.take_changes() == {gone.id: None, added.id: added}
    assert session.exact(start, end) == kept
    assert session.exact(start, end + 1) is None
