"""Reading keys of issue 11: space and ctrl+f/ctrl+b pages, H M L, zz, vim counts, vim hints."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import add, move_to, press, running, span_of, stored

from annotations.config import Config, default_config
from annotations.document import Document
from annotations.store import Store
from tui.widgets.article import ArticleView
from tui.widgets.article_keys import VIM_HINTS
from tui.widgets.status import StatusLine

SMALL = (80, 24)


def status(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.query_one(StatusLine).render())


def screen_row(view: ArticleView) -> int:
    """The cursor's row on the screen (0 = the top line of the article)."""
    return view.row_of(view.cursor) - view.scroll_offset.y


def counting() -> Config:
    return default_config()._replace(counts=True)


@pytest.mark.parametrize(("down", "up"), [("space", "ctrl+b"), ("ctrl+f", "shift+space")])
async def test_space_ctrl_f_ctrl_b_shift_space_move_by_a_page(
    article: Document, store: Store, down: str, up: str
) -> None:
    async with running(article, store, size=SMALL) as (app, pilot):
        view = app.article
        height = view.scrollable_content_region.height
        start = view.line_position(view.cursor)
        await press(pilot, down)
        assert view.line_position(view.cursor) == view.rows.step(*start, height)
        assert view.scroll_offset.y > 0
        assert 0 <= screen_row(view) < height
        await press(pilot, up)
        assert view.line_position(view.cursor) == start
        assert view.scroll_offset.y == 0


async def test_h_m_l_go_to_the_top_middle_and_bottom_lines_without_scrolling(
    article: Document, store: Store
) -> None:
    async with running(article, store, size=SMALL) as (app, pilot):
        view = app.article
        await press(pilot, "space", "j", "j", "j", "j")
        top = view.scroll_offset.y
        height = view.scrollable_content_region.height
        assert top > 0
        await press(pilot, "H")
        assert view.scroll_offset.y == top
        assert 3 <= screen_row(view) <= 4  # the scrolloff margin (one more past a spacer row)
        await press(pilot, "L")
        assert view.scroll_offset.y == top
        assert height - 1 - 4 <= screen_row(view) <= height - 1 - 3
        await press(pilot, "M")
        assert view.scroll_offset.y == top
        assert abs(screen_row(view) - (height - 1) // 2) <= 1
        line = view.rows.line(*view.line_position(view.cursor))
        assert view.cursor == line.start


async def test_zz_centres_the_cursor_line_and_z_then_another_key_cancels(
    article: Document, store: Store
) -> None:
    async with running(article, store, size=SMALL) as (app, pilot):
        view = app.article
        await press(pilot, "space", "L")  # the cursor at the bottom of the screen
        height = view.scrollable_content_region.height
        await press(pilot, "z")
        assert status(app).startswith("NORMAL z")
        await press(pilot, "z")
        assert screen_row(view) == (height - 1) // 2
        assert status(app).startswith("NORMAL  ")
        cursor, top = view.cursor, view.scroll_offset.y
        await press(pilot, "z", "j")  # cancelled: j does not move either
        assert (view.cursor, view.scroll_offset.y) == (cursor, top)
        assert "z cancelled" in app.message
        await press(pilot, "j")
        assert view.cursor != cursor


async def test_with_counts_on_digits_repeat_motions_and_show_while_typed(
    article: Document, store: Store, db_path: Path
) -> None:
    async with running(article, store, size=SMALL, config=counting()) as (app, pilot):
        view = app.article
        start = view.line_position(view.cursor)
        await press(pilot, "1", "2")
        assert status(app).startswith("NORMAL 12")
        await press(pilot, "j")
        assert view.line_position(view.cursor) == view.rows.step(*start, 12)
        assert status(app).startswith("NORMAL  ")
        await press(pilot, "j")  # the count was used up
        assert view.line_position(view.cursor) == view.rows.step(*start, 13)
        await press(pilot, "g", "3", "w")
        words = article.text[: view.cursor].split()
        assert len(words) == 3
        await press(pilot, "g", "2", "right_curly_bracket")
        assert article.paragraph_number_at(view.cursor) == 2
        await press(pilot, "1", "0", "l")  # 0 after a digit is part of the count
        paragraph = article.paragraph(2)
        assert paragraph is not None and view.cursor == paragraph.start + 10
        assert app.annotations == []  # no digit made a highlight
        await press(pilot, "v", "e", "3")  # with a selection, a digit labels it
    (highlight,) = stored(db_path, article.source)
    assert highlight.label == 3


async def test_with_counts_on_a_digit_on_a_highlight_relabels_it(
    article: Document, store: Store, db_path: Path
) -> None:
    battle = add(store, article, "Battle")
    async with running(article, store, size=SMALL, config=counting()) as (app, pilot):
        move_to(app, battle.start)
        await press(pilot, "4")
    (highlight,) = stored(db_path, article.source)
    assert highlight.label == 4


async def test_with_counts_off_a_digit_still_highlights_the_word(
    article: Document, store: Store, db_path: Path
) -> None:
    async with running(article, store, size=SMALL) as (app, pilot):
        start = app.article.line_position(app.article.cursor)
        await press(pilot, "5", "j")
        assert app.article.line_position(app.article.cursor) == app.article.rows.step(*start, 1)
    (highlight,) = stored(db_path, article.source)
    assert highlight.label == 5


async def test_a_vim_key_with_no_meaning_here_says_what_to_do_once(
    article: Document, store: Store
) -> None:
    async with running(article, store, size=SMALL) as (app, pilot):
        await press(pilot, "i")
        assert app.message == VIM_HINTS["i"]
        await press(pilot, "l")
        assert app.message == ""
        await press(pilot, "i")  # once per session
        assert app.message == ""
        await press(pilot, "Z")
        assert "q quits" in app.message
        await press(pilot, "colon")
        assert "q quits" in app.message and "ctrl+p" in app.message
        assert app.annotations == []


async def test_a_hinted_key_bound_in_the_keymap_does_its_binding(
    article: Document, store: Store
) -> None:
    config = default_config()._replace(keymap={"article.down": "j,down,o"})
    async with running(article, store, size=SMALL, config=config) as (app, pilot):
        start = app.article.line_position(app.article.cursor)
        await press(pilot, "o")
        assert app.article.line_position(app.article.cursor) == app.article.rows.step(*start, 1)
        assert app.message == ""


async def test_selecting_exactly_a_highlight_and_labelling_relabels_it(
    article: Document, store: Store, db_path: Path
) -> None:
    battle = add(store, article, "Battle for Bakhmut", label=1)
    start, end = span_of(article, "Battle for Bakhmut")
    async with running(article, store, size=SMALL) as (app, pilot):
        app.article.select(start, end)
        await press(pilot, "3")
        assert not app.article.visual
        assert [(a.id, a.label) for a in stored(db_path, article.source)] == [(battle.id, 3)]
        await press(pilot, "u")
        assert [(a.id, a.label) for a in stored(db_path, article.source)] == [(battle.id, 1)]


async def test_status_line_shows_paragraph_of_total_and_percentage(
    article: Document, store: Store
) -> None:
    total = article.blocks[-1].number
    async with running(article, store, size=SMALL) as (app, pilot):
        assert f"¶1/{total} · word 1 · " in status(app)
        await press(pilot, "G")
        assert f"¶{total}/{total} · " in status(app) and status(app).count("100%") == 1
        third = article.paragraph(3)
        assert third is not None
        app.go_to(third.start)
        await pilot.pause()
        percent = 100 * third.start // (len(article.text) - 1)
        assert f"¶3/{total} · word 1 · {percent}%" in status(app)
