"""The footer is built once at start, and again only when the keys it shows change.

Textual's Footer rebuilds all its keys on every focus or screen change; the issue measured 11
builds on the first screen. ReaderFooter compares what it would show with what it shows.
"""

from __future__ import annotations

from app_helpers import press, running

from annotations.document import Document
from annotations.store import Store
from tui.app import ReaderApp
from tui.widgets.footer import ReaderFooter


def footer(app: ReaderApp) -> ReaderFooter:
    return app.query_one(ReaderFooter)


def shown_keys(app: ReaderApp) -> list[str]:
    return [f"{key.key_display} {key.description}" for key in footer(app).items]


async def test_the_footer_is_built_once_at_start(article: Document, store: Store) -> None:
    async with running(article, store) as (app, pilot):
        await pilot.pause()
        assert footer(app).builds == 1
        assert "q Quit" in " ".join(shown_keys(app))


async def test_keys_that_keep_the_same_footer_do_not_rebuild_it(
    article: Document, store: Store
) -> None:
    async with running(article, store) as (app, pilot):
        for key in ["j", "w", "1", "u", "pagedown", "G", "v", "escape"]:
            await press(pilot, key)
        assert footer(app).builds == 1


async def test_moving_to_the_notes_pane_rebuilds_it_with_the_pane_keys(
    article: Document, store: Store
) -> None:
    async with running(article, store) as (app, pilot):
        article_keys = shown_keys(app)
        await press(pilot, "tab")
        assert footer(app).builds == 2
        assert shown_keys(app) != article_keys
        assert any("Jump" in key for key in shown_keys(app))
        await press(pilot, "tab")
        assert footer(app).builds == 3
        assert shown_keys(app) == article_keys
