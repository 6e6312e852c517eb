"""What a vim user notices: scrolloff, centred jumps, the message line, 0 and $, taking back."""

from __future__ import annotations

from app_helpers import press, running, type_text

from annotations.document import Document
from annotations.store import Store
from tui.widgets.status import StatusLine


def status(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.query_one(StatusLine).render())


async def test_a_jump_off_screen_lands_mid_screen(article: Document, store: Store) -> None:
    async with running(article, store, size=(80, 20)) as (app, _pilot):
        seventh = article.paragraph(7)
        assert seventh is not None
        app.go_to(seventh.start)
        view = app.article
        row = view.row_of(view.cursor) - view.scroll_offset.y
        height = view.scrollable_content_region.height
        assert height // 4 <= row <= 3 * height // 4


async def test_motions_keep_three_lines_of_context(article: Document, store: Store) -> None:
    async with running(article, store, size=(80, 20)) as (app, pilot):
        view = app.article
        for _ in range(20):
            await pilot.press("j")
        await pilot.pause()
        row = view.row_of(view.cursor) - view.scroll_offset.y
        assert row <= view.scrollable_content_region.height - 1 - 3


async def test_a_then_escape_without_a_note_takes_the_highlight_back(
    article: Document, store: Store
) -> None:
    async with running(article, store) as (app, pilot):
        await press(pilot, "a")
        assert len(store.annotations(article.source)) == 1
        await press(pilot, "escape")
        assert store.annotations(article.source) == []
        assert "taken back" in status(app)
        await press(pilot, "a")
        await type_text(pilot, "kept")
        await press(pilot, "escape")
        [kept] = store.annotations(article.source)
        assert kept.note == "kept"


async def test_messages_go_to_the_status_line_and_clear_on_the_next_motion(
    article: Document, store: Store
) -> None:
    async with running(article, store) as (app, pilot):
        await press(pilot, "u")
        assert "Nothing to undo" in status(app)
        await press(pilot, "w")
        assert "Nothing to undo" not in status(app)
        await press(pilot, "G", "slash")
        await type_text(pilot, "battle")
        await press(pilot, "enter")
        assert "search hit BOTTOM, continuing at TOP" in status(app)


async def test_zero_and_dollar_go_to_the_ends_of_the_display_line(
    article: Document, store: Store
) -> None:
    async with running(article, store) as (app, pilot):
        await press(pilot, "w", "w", "dollar_sign")
        view = app.article
        line = view.rows.line(*view.line_position(view.cursor))
        assert view.cursor > line.start and article.text[view.cursor] != " "
        await press(pilot, "0")
        assert view.cursor == line.start


async def test_the_pane_comes_back_after_a_narrow_detour(article: Document, store: Store) -> None:
    async with running(article, store) as (app, pilot):
        await pilot.resize_terminal(80, 24)
        await press(pilot, "ctrl+n")
        await press(pilot, "escape", "tab")  # back to the article
        await pilot.resize_terminal(120, 36)
        await pilot.pause()
        assert app.query_one("#notes").display
        assert app._notes_visible()


async def test_status_line_says_notes_when_the_pane_has_focus(
    article: Document, store: Store
) -> None:
    async with running(article, store) as (app, pilot):
        assert status(app).startswith("NORMAL")
        await press(pilot, "tab")
        assert status(app).startswith("NOTES")
        await press(pilot, "v")
        await press(pilot, "tab", "v", "e")
        assert status(app).startswith("VISUAL") and "chars selected" in status(app)
