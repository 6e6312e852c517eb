"""A long document is laid out only where it is seen, and reads the same as an eager layout."""

from __future__ import annotations

import random

from app_helpers import press, running
from textual_internals import screen_rows

from annotations.document import Document, build_document
from annotations.store import Store
from tui.text.wrap import wrap_document
from tui.widgets.article_layout import EAGER_WRAP_CHARS

WORDS = ["siege", "front-line", "Бахмут", "中文字", "👍🏽", "e\u0301te", "the", "city", "end."]


def long_document(paragraphs: int = 1500) -> Document:
    rng = random.Random(7)
    blocks = [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 60))) for _ in range(paragraphs)
    ]
    return build_document("\n\n".join(["Long", *blocks]), "test:long", "long.txt", False)


async def test_a_long_document_wraps_only_what_is_shown(store: Store) -> None:
    document = long_document()
    assert len(document.text) > EAGER_WRAP_CHARS
    store.open_document(document)
    async with running(document, store, size=(80, 24)) as (app, _pilot):
        rows = app.article.rows
        wrapped = sum(rows.is_exact(block) for block in range(rows.block_count))
        assert 0 < wrapped < 40  # the blocks on the first screen, not all 1,501


async def test_every_part_reads_as_an_eager_layout_at_several_widths(store: Store) -> None:
    document = long_document()
    store.open_document(document)
    spans = [(block.start, block.end) for block in document.blocks]
    for size in [(80, 24), (57, 20), (120, 36)]:
        async with running(document, store, size=size) as (app, pilot):
            view = app.article
            eager = wrap_document(document.text, spans, view.text_width)
            for target in (len(document.text) - 1, 0, len(document.text) // 2, 12_345, 70_000):
                view.move_cursor(target, jump=True)
                await pilot.pause()
                top = view.scroll_offset.y
                height = view.scrollable_content_region.height
                shown = [view.rows.line_at(row) for row in range(top, top + height)]
                texts = [line for line in shown if line is not None]
                assert texts, target
                first = eager.index(texts[0])  # the same line exists in the eager layout…
                assert texts == eager[first : first + len(texts)]  # …and so do all that follow
                assert view.rows.line_at(view.row_of(view.cursor)) is not None


async def test_g_and_shift_g_reach_both_ends_and_survive_a_resize(store: Store) -> None:
    document = long_document()
    store.open_document(document)
    async with running(document, store, size=(80, 24)) as (app, pilot):
        view = app.article
        await press(pilot, "G")
        last_words = document.text.rsplit(" ", 3)[-3:]
        assert any(" ".join(last_words)[:10] in row for row in screen_rows(app))
        assert view.scroll_offset.y == view.max_scroll_y
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await press(pilot, "G")
        assert view.scroll_offset.y == view.max_scroll_y
        assert any(" ".join(last_words)[:10] in row for row in screen_rows(app))
        await press(pilot, "g")
        assert view.scroll_offset.y == 0
        assert any("Long" in row for row in screen_rows(app)[:4])


async def test_scrolling_up_into_unwrapped_blocks_keeps_the_cursor_line_on_screen(
    store: Store,
) -> None:
    document = long_document()
    store.open_document(document)
    async with running(document, store, size=(80, 24)) as (app, pilot):
        view = app.article
        view.move_cursor(len(document.text) // 2, jump=True)
        await pilot.pause()
        for _ in range(2):
            await press(pilot, *["k"] * 12)
            row = view.row_of(view.cursor) - view.scroll_offset.y
            assert 0 <= row < view.scrollable_content_region.height
