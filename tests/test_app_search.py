"""Search: `/` text enter from the cursor (wrapping), n / N to repeat, escape to cancel."""

from __future__ import annotations

import re

from app_helpers import notices, press, running, type_text
from textual.widgets import Input

from annotations.document import Document
from annotations.store import Store
from tui.app import ReaderApp


def matches(article: Document, needle: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(needle), article.text)]


def search_box(app: ReaderApp) -> Input:
    return app.query_one("#search", Input)


async def test_slash_text_enter_lands_on_the_next_match_and_n_shift_n_repeat(
    article: Document, store: Store
) -> None:
    bakhmut = matches(article, "Bakhmut")
    assert matches(article, "Bakh") == bakhmut
    async with running(article, store) as (app, pilot):
        start = app.article.cursor
        await press(pilot, "slash")
        assert search_box(app).has_focus
        await type_text(pilot, "Bakh")
        await press(pilot, "enter")
        assert app.article.cursor == min(m for m in bakhmut if m > start) == bakhmut[1]
        assert app.focused is app.article
        assert not search_box(app).display
        await press(pilot, "n")
        assert app.article.cursor == bakhmut[2]
        await press(pilot, "n")
        assert app.article.cursor == bakhmut[3]
        await press(pilot, "N")
        assert app.article.cursor == bakhmut[2]


async def test_search_wraps_around_both_ways(article: Document, store: Store) -> None:
    bakhmut = matches(article, "Bakhmut")
    async with running(article, store) as (app, pilot):
        await press(pilot, "G")
        assert app.article.cursor > bakhmut[-1]
        await press(pilot, "slash")
        await type_text(pilot, "Bakh")
        await press(pilot, "enter")
        assert app.article.cursor == bakhmut[0]  # wrapped to the title
        await press(pilot, "N")
        assert app.article.cursor == bakhmut[-1]  # wrapped back to the last one


async def test_a_second_search_replaces_the_prefilled_query_and_ignores_case(
    article: Document, store: Store
) -> None:
    async with running(article, store) as (app, pilot):
        await press(pilot, "slash", "B", "a", "enter")
        assert app.article.cursor == matches(article, "Bakhmut")[1]
        await press(pilot, "slash")
        assert search_box(app).value == "Ba"
        await type_text(pilot, "kyiv")  # replaces the selected previous query
        await press(pilot, "enter")
        assert app.article.last_search == "kyiv"
        assert app.article.cursor == matches(article, "Kyiv")[0]


async def test_a_query_with_brackets_is_found_literally(article: Document, store: Store) -> None:
    async with running(article, store) as (app, pilot):
        await press(pilot, "slash")
        await type_text(pilot, "[ho")
        await press(pilot, "enter")
        assert app.article.cursor == article.text.index("[holding out in Bakhmut]")


async def test_escape_cancels_and_a_failed_search_leaves_the_cursor(
    article: Document, store: Store
) -> None:
    async with running(article, store) as (app, pilot):
        before = app.article.cursor
        await press(pilot, "slash")
        await type_text(pilot, "Ky")
        await press(pilot, "escape")
        assert app.article.cursor == before
        assert not search_box(app).display
        assert app.focused is app.article
        await press(pilot, "n")  # nothing was searched
        assert app.article.cursor == before
        assert "No previous search: press / first" in notices(app)
        await press(pilot, "slash", "z", "q", "enter")  # no match: the cursor stays
        assert app.article.cursor == before
        assert "Not found: zq" in notices(app)
        assert app.focused is app.article
