"""What the app remembers: the cursor per document, the annotations, and the start position."""

from __future__ import annotations

from pathlib import Path

from app_helpers import add, listed_ids, press, running, stored, stored_cursor

from annotations.document import Document, load_path
from annotations.store import Store


async def test_start_with_no_saved_cursor_is_paragraph_one_with_the_article_focused(
    article: Document, store: Store
) -> None:
    assert store.cursor(article.source) is None
    async with running(article, store) as (app, _pilot):
        paragraph = article.paragraph(1)
        assert paragraph is not None
        assert app.article.cursor == paragraph.start
        assert app.focused is app.article
        assert app.article.scroll_offset.y == 0


async def test_reopening_restores_the_cursor_and_the_annotations(
    article: Document, db_path: Path
) -> None:
    first = Store.open(db_path)
    async with running(article, first) as (app, pilot):
        await press(pilot, "right_curly_bracket", "w", "2", "G", "k")
        where = app.article.cursor
        before = app.annotations
        assert len(before) == 1
    first.close()
    assert stored_cursor(db_path, article.source) == where

    with Store.open(db_path) as second:
        async with running(article, second) as (app, _pilot):
            assert app.article.cursor == where
            assert app.annotations == before
            assert listed_ids(app) == [before[0].id]
            row = app.article.row_of(where) - app.article.scroll_offset.y
            assert 0 <= row < app.article.scrollable_content_region.height


async def test_another_file_shows_only_its_own_annotations(
    article: Document, store: Store, db_path: Path, tmp_path: Path
) -> None:
    embedded = add(store, article, "not to retreat")
    path = tmp_path / "other.txt"
    path.write_text("Other notes\n\nA plain text with words.\n\nAnd more.\n", encoding="utf-8")
    other = load_path(path)
    async with running(other, store) as (app, pilot):
        assert app.annotations == []
        assert listed_ids(app) == []
        await press(pilot, "w", "1")  # "plain"
        (mine,) = app.annotations
        assert mine.quote == "plain"
    assert [a.quote for a in stored(db_path, other.source)] == ["plain"]
    async with running(article, store) as (app, _pilot):
        assert app.annotations == [embedded]
        assert listed_ids(app) == [embedded.id]
