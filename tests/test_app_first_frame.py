"""The first frame is the real screen: the article's text, at the saved reading position.

The article lays its text out when it is first painted (its size is known then); waiting for
its Resize event drew a first frame with an empty article and the text three frames later.
"""

from __future__ import annotations

from textual_internals import record_frames, screen_rows

from annotations.document import Document
from annotations.store import Store
from tui.app import create_app

SIZE = (120, 36)
SCROLLBAR = 79
"""The article's scrollbar column at 120 columns: its thumb is drawn from the second frame."""


async def first_and_settled(document: Document, store: Store) -> tuple[list[str], list[str]]:
    """The rows of the first frame the app writes, and of the screen once it has settled."""
    app = create_app(document, store)
    frames: list[list[str]] = []
    record_frames(app, lambda: frames.append(screen_rows(app)))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        settled = screen_rows(app)
    assert frames, "the app wrote no frame"
    return frames[0], settled


def cut(rows: list[str]) -> list[str]:
    """The rows without the article's scrollbar column."""
    return [row[:SCROLLBAR] + row[SCROLLBAR + 1 :] for row in rows]


async def test_the_first_frame_shows_the_article(article: Document, store: Store) -> None:
    first, settled = await first_and_settled(article, store)
    assert cut(first) == cut(settled)
    assert article.text[:40] in first[1]
    second = article.blocks[1]
    assert any(article.text[second.start : second.start + 30] in row for row in first)
    assert "¶1/" in first[-2]  # the status line, in the same frame


async def test_the_first_frame_is_at_the_saved_reading_position(
    article: Document, store: Store
) -> None:
    last = article.blocks[-1]
    store.save_cursor(article.source, last.start)
    first, settled = await first_and_settled(article, store)
    assert cut(first) == cut(settled)
    assert any(article.text[last.start : last.start + 30] in row for row in first)
    assert article.text[:40] not in first[1]
    assert f"¶{last.number}/{last.number}" in first[-2]
