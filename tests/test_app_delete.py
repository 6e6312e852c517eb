"""Deleting highlights: `x` and `delete` on a highlight remove it and its note; else nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import add, move_to, notices, press, running, stored

from annotations.document import Document
from annotations.store import Store


@pytest.mark.parametrize("key", ["x", "delete"])
async def test_key_on_a_highlight_deletes_it_and_its_note(
    article: Document, store: Store, db_path: Path, key: str
) -> None:
    doomed = add(store, article, "grinding down enemy forces", note="gone soon")
    kept = add(store, article, "Chasiv Yar", label=3)
    async with running(article, store) as (app, pilot):
        move_to(app, doomed.end - 1)  # the last character of the highlight
        await press(pilot, key)
        assert [a.id for a in app.annotations] == [kept.id]
        assert app.article.annotation_under_cursor() is None
    assert stored(db_path, article.source) == [kept]
    with Store.open(db_path) as fresh:
        assert fresh.get(doomed.id) is None
        assert fresh.search("gone", article.source) == []  # the note left the search index too


async def test_x_elsewhere_deletes_nothing(article: Document, store: Store, db_path: Path) -> None:
    kept = add(store, article, "Chasiv Yar")
    async with running(article, store) as (app, pilot):
        move_to(app, kept.end)  # the character just after the highlight
        await press(pilot, "x")
        assert "No highlight under the cursor" in notices(app)
        await press(pilot, "delete")
    assert stored(db_path, article.source) == [kept]


async def test_x_on_nested_highlights_deletes_only_the_innermost(
    article: Document, store: Store, db_path: Path
) -> None:
    outer = add(store, article, "the President was firm in his decision")
    inner = add(store, article, "firm")
    async with running(article, store) as (app, pilot):
        move_to(app, inner.start)
        await press(pilot, "x")
        assert app.article.annotation_under_cursor() == outer
    assert stored(db_path, article.source) == [outer]
    assert inner.id not in {a.id for a in stored(db_path, article.source)}
