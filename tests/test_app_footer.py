"""What the frame shows: the footer whole at 80 columns, the filter's mode, and no first frame
laid out one cell wide."""

from __future__ import annotations

import pytest
from app_helpers import add, press, running, screen_text, type_text
from textual.geometry import Region
from textual.strip import Strip

from annotations.document import Document
from annotations.store import Store
from tui.app import ReaderApp
from tui.widgets.article import ArticleView
from tui.widgets.footer import ReaderFooter
from tui.widgets.status import StatusLine


def status(app: ReaderApp) -> str:
    return str(app.query_one(StatusLine).render())


def footer_items(app: ReaderApp) -> list[str]:
    """`key description` of every key the footer offers now."""
    footer = app.query_one(ReaderFooter)
    keys = [*footer.items, *([footer.palette] if footer.palette else [])]
    return [f"{key.key_display} {key.description}" for key in keys]


def footer_row(app: ReaderApp) -> str:
    return screen_text(app).splitlines()[-1]


@pytest.mark.parametrize("width", [80, 89, 90, 100])
async def test_the_footer_shows_every_item_whole(
    article: Document, store: Store, width: int
) -> None:
    add(store, article, "Bakhmut")
    async with running(article, store, size=(width, 24)) as (app, pilot):
        for keys in [(), ("tab",), ("slash", "B"), ("enter",)]:  # article, notes, filter
            await press(pilot, *keys)
            row, items = footer_row(app), footer_items(app)
            assert items and all(item in row for item in items), (keys, row)
            if width < 90:
                assert row.rstrip().endswith(items[-1]), row


async def test_typing_a_notes_filter_shows_filter_mode_and_esc_only_when_filtered(
    article: Document, store: Store
) -> None:
    add(store, article, "Bakhmut")
    async with running(article, store, size=(120, 24)) as (app, pilot):
        await press(pilot, "tab")
        assert status(app).startswith("NOTES")
        assert "esc Clear" not in footer_row(app)
        await press(pilot, "slash")
        await type_text(pilot, "Bakh")
        assert status(app).startswith("FILTER")
        await press(pilot, "enter")
        assert status(app).startswith("NOTES")
        assert "esc Clear" in footer_row(app)
        await press(pilot, "escape")
        assert not app.notes.filter_active
        assert "esc Clear" not in footer_row(app)


async def test_the_first_frame_is_laid_out_at_the_real_width(
    article: Document, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    frames: list[tuple[int, list[str]]] = []
    render_lines = ArticleView.render_lines

    def recording(view: ArticleView, crop: Region) -> list[Strip]:
        strips = render_lines(view, crop)
        frames.append((view.rows.width, [strip.text for strip in strips]))
        return strips

    monkeypatch.setattr(ArticleView, "render_lines", recording)
    async with running(article, store, size=(80, 24)) as (app, _pilot):
        width = app.article.text_width
    painted = [(wrap, lines) for wrap, lines in frames if any(line.strip() for line in lines)]
    assert painted, "nothing was painted"
    assert all(wrap == width for wrap, _ in painted)
    first_lines = [line.strip() for line in painted[0][1] if line.strip()]
    assert max(len(line) for line in first_lines) > width // 2  # prose, not a letter a line
