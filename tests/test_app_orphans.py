"""Fuzzy places and orphans in the reader: the ≈ mark, the orphan group, `c`, `r`, `x`, `u`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from app_helpers import header_above, listed_ids, move_to, press, running, screen_text, stored

from annotations.anchoring import AnchorState
from annotations.document import Document, load_path
from annotations.model import Annotation, make_annotation
from annotations.store import Store

OLD = "# Essay\n\nAlpha beta gamma delta.\n\nThe quick brown fox jumps.\n\nKeep this one.\n"
NEW = (
    "# Essay\n\nNew first.\n\nAlpha gamma delta.\n\nThe quick brown cat jumps.\n\nKeep this one.\n"
)


@pytest.fixture
def edited(tmp_path: Path, db_path: Path) -> Iterator[tuple[Document, Store, dict[str, str]]]:
    """The essay's new text, a store with its highlights made on the old one (ids by state)."""
    source = tmp_path / "essay.md"
    source.write_text(OLD, encoding="utf-8")
    old = load_path(source)
    ids = {}
    with Store.open(db_path) as store:
        store.open_document(old)
        for state, phrase in (("fuzzy", "quick brown fox jumps"), ("orphan", "beta")):
            start = old.text.index(phrase)
            made = make_annotation(old, start, start + len(phrase), note=f"{state} note")
            ids[state] = store.add(made).id
    source.write_text(NEW, encoding="utf-8")
    with Store.open(db_path) as store:
        yield load_path(source), store, ids


def state_of(db_path: Path, document: Document, annotation_id: str) -> Annotation:
    return next(a for a in stored(db_path, document.source) if a.id == annotation_id)


async def test_the_pane_marks_fuzzy_places_and_lists_orphans_last(
    edited: tuple[Document, Store, dict[str, str]],
) -> None:
    document, store, ids = edited
    async with running(document, store) as (app, _pilot):
        assert listed_ids(app) == [ids["fuzzy"], ids["orphan"]]
        assert header_above(app, ids["orphan"]) == "Orphaned highlights (1)"
        screen = screen_text(app)
        assert "≈" in screen and "moved?" in screen
        assert "orphan note" in screen and "beta" in screen
        assert "1 highlight placed approximately (≈), 1 orphaned" in app.message


async def test_c_confirms_a_fuzzy_place_and_u_brings_the_mark_back(
    edited: tuple[Document, Store, dict[str, str]], db_path: Path
) -> None:
    document, store, ids = edited
    async with running(document, store) as (app, pilot):
        await press(pilot, "tab")
        app.notes.select_annotation(ids["fuzzy"])
        await press(pilot, "c")
        assert state_of(db_path, document, ids["fuzzy"]).anchor == AnchorState.EXACT
        assert "moved?" not in screen_text(app)
        await press(pilot, "u")
        assert state_of(db_path, document, ids["fuzzy"]).anchor == AnchorState.FUZZY
        assert "moved?" in screen_text(app)


async def test_c_on_the_highlight_in_the_article_confirms_it(
    edited: tuple[Document, Store, dict[str, str]], db_path: Path
) -> None:
    document, store, ids = edited
    async with running(document, store) as (app, pilot):
        move_to(app, document.text.index("brown cat"))
        await press(pilot, "c")
        assert state_of(db_path, document, ids["fuzzy"]).anchor == AnchorState.EXACT
        await press(pilot, "c")
        assert app.message == "This highlight's place is not in doubt"


async def test_r_reattaches_an_orphan_to_the_selection_and_u_takes_it_back(
    edited: tuple[Document, Store, dict[str, str]], db_path: Path
) -> None:
    document, store, ids = edited
    orphan = ids["orphan"]
    async with running(document, store) as (app, pilot):
        start = document.text.index("New first")
        move_to(app, start)
        await press(pilot, "v", "e", "w", "e")  # "New first"
        await press(pilot, "tab")
        app.notes.select_annotation(orphan)
        await press(pilot, "r")
        placed = state_of(db_path, document, orphan)
        assert (placed.start, placed.quote, placed.anchor) == (start, "New first", "exact")
        assert placed.note == "orphan note"
        move_to(app, start + 2)
        under = app.article.annotation_under_cursor()
        assert under is not None and under.id == orphan  # drawn
        assert "Orphaned highlights" not in screen_text(app)
        await press(pilot, "u")
        back = state_of(db_path, document, orphan)
        assert back.is_orphan and back.quote == "beta"
        move_to(app, start + 3)
        assert app.article.annotation_under_cursor() is None  # not drawn any more
        assert header_above(app, orphan) == "Orphaned highlights (1)"


async def test_x_in_the_pane_deletes_an_orphan_and_u_restores_it(
    edited: tuple[Document, Store, dict[str, str]], db_path: Path
) -> None:
    document, store, ids = edited
    async with running(document, store) as (app, pilot):
        await press(pilot, "tab")
        app.notes.select_annotation(ids["orphan"])
        await press(pilot, "x")
        assert [a.id for a in stored(db_path, document.source)] == [ids["fuzzy"]]
        assert "Orphaned highlights" not in screen_text(app)
        await press(pilot, "u")
        assert state_of(db_path, document, ids["orphan"]).is_orphan
        assert header_above(app, ids["orphan"]) == "Orphaned highlights (1)"
