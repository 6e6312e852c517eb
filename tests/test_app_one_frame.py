"""One key, one repaint: the status line changes in the same frame as the article.

The status line shows where the cursor is; if it were updated when a message from the
article arrives, the article would be drawn in one frame and the status a frame later (the
issue measured `j`, `pagedown`, `G` finishing 57-110 ms after the key). Every frame written
after the key must already show the new position.
"""

from __future__ import annotations

import pytest
from app_helpers import running
from textual_internals import record_frames, screen_rows

from annotations.document import Document
from annotations.store import Store


def status_row(rows: list[str]) -> str:
    """The status line: the row above the footer."""
    return rows[-2].strip()


@pytest.mark.parametrize("key", ["j", "pagedown", "G", "w", "right_curly_bracket"])
async def test_the_status_line_changes_in_the_frame_the_article_does(
    article: Document, store: Store, key: str
) -> None:
    async with running(article, store) as (app, pilot):
        frames: list[tuple[int, str]] = []  # (the article's cursor, the status line) per frame
        record_frames(
            app, lambda: frames.append((app.article.cursor, status_row(screen_rows(app))))
        )
        before = (app.article.cursor, status_row(screen_rows(app)))
        await pilot.press(key)
        await pilot.pause()
        await pilot.pause()
        after = (app.article.cursor, status_row(screen_rows(app)))
        assert after[0] != before[0] and after[1] != before[1]
        assert after in frames, "the key's move was never drawn"
        # Every frame shows the status of the cursor it draws: never the new place with the
        # old status (a frame before the key may come, with both old).
        assert set(frames) <= {before, after}
