"""The mouse: a click places the cursor, a drag selects (the keyboard never needs it)."""

from __future__ import annotations

from app_helpers import running

from annotations.document import Document
from annotations.store import Store
from tui.text.wrap import column_of
from tui.widgets.article import ArticleView


def screen_point(view: ArticleView, offset: int) -> tuple[int, int]:
    """Where `offset` is drawn inside the article widget (x, y)."""
    line = view.rows.line(*view.line_position(offset))
    x = view.gutter_width + column_of(view._text, (line.start, line.end), offset)
    return x, view.row_of(offset) - view.scroll_offset.y


async def test_click_places_the_cursor(article: Document, store: Store) -> None:
    target = article.text.index("Zelenskyy")
    async with running(article, store) as (app, pilot):
        view = app.query_one(ArticleView)
        await pilot.click(ArticleView, offset=screen_point(view, target))
        await pilot.pause()
        assert view.cursor == target
        assert view.selection is None


async def test_drag_selects_and_a_key_highlights_it(article: Document, store: Store) -> None:
    start = article.text.index("Ukrainian President")
    last = start + len("Ukrainian President") - 1
    async with running(article, store) as (app, pilot):
        view = app.query_one(ArticleView)
        await pilot.mouse_down(ArticleView, offset=screen_point(view, start))
        await pilot.hover(ArticleView, offset=screen_point(view, last))
        await pilot.mouse_up(ArticleView, offset=screen_point(view, last))
        await pilot.pause()
        assert view.selection is not None
        assert article.text[view.selection.start : view.selection.end] == "Ukrainian President"
        await pilot.press("3")
        await pilot.pause()
    [saved] = store.annotations(article.source)
    assert (saved.quote, saved.label) == ("Ukrainian President", 3)
