"""`R` changes a highlight's extent with motions, keeping its label and note; `u` undoes it."""

from __future__ import annotations

from pathlib import Path

from app_helpers import add, move_to, press, running, stored

from annotations.document import Document
from annotations.store import Store


async def test_r_selects_a_highlight_motions_move_its_end_and_r_keeps_it(
    article: Document, store: Store, db_path: Path
) -> None:
    original = add(store, article, "will not back", label=4, note="his stance")
    async with running(article, store) as (app, pilot):
        move_to(app, original.start + 2)
        await press(pilot, "R")
        selection = app.article.selection
        assert selection is not None
        assert (selection.start, selection.end) == (original.start, original.end)
        assert "R to keep" in app.message
        await press(pilot, "e", "R")  # the cursor is on the last "k": e goes to the end of "down"
        [changed] = stored(db_path, article.source)
        assert changed.id == original.id
        assert changed.quote == "will not back down"
        assert (changed.label, changed.note) == (4, "his stance")
        assert app.article.selection is None
        await press(pilot, "u")
        [undone] = stored(db_path, article.source)
        assert (undone.start, undone.end, undone.quote) == (
            original.start,
            original.end,
            "will not back",
        )


async def test_escape_cancels_a_change_of_extent(
    article: Document, store: Store, db_path: Path
) -> None:
    original = add(store, article, "will not back", label=2)
    async with running(article, store) as (app, pilot):
        move_to(app, original.start)
        await press(pilot, "R", "e", "e", "escape")
        assert app.article.selection is None
        await press(pilot, "e", "R")  # off the highlight now: R keeps nothing, selects nothing
        assert stored(db_path, article.source) == [original]
        assert app.article.selection is None and app.message == "No highlight under the cursor"


async def test_r_off_a_highlight_says_so(article: Document, store: Store) -> None:
    async with running(article, store) as (app, pilot):
        await press(pilot, "R")
        assert app.message == "No highlight under the cursor"
        assert app.article.selection is None
