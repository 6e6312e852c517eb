"""The article's mouse: a click puts the cursor, a drag selects from where the button went down."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events

from tui.text import motions
from tui.text.wrap import offset_at_column

if TYPE_CHECKING:
    from tui.widgets.article import ArticleView


@dataclass
class Drag:
    """Whether the button is down on the text, and the offset where it went down."""

    dragging: bool = False
    press_offset: int = 0


def offset_at(view: ArticleView, x: int, y: int) -> int | None:
    """The text offset under a point of the widget (None outside the text)."""
    row = y + view.scroll_offset.y
    if not view._blocks or row < 0:
        return None
    line = view.rows.line_at(row)
    if line is None:  # a spacer: the last line of the block above it
        line = view.rows.line_at(row - 1) or view.rows.line(0, 0)
    column = max(0, x - view.gutter_width - line.indent)
    return offset_at_column(view._text, (line.start, line.end), column)


def press(view: ArticleView, drag: Drag, event: events.MouseDown) -> None:
    offset = offset_at(view, event.x, event.y)
    if offset is None:
        return
    view.focus()
    drag.dragging = True
    view.capture_mouse()
    view.visual_anchor = None
    drag.press_offset = motions.clamp_cursor(view._text, offset)
    view.move_cursor(offset)


def move(view: ArticleView, drag: Drag, event: events.MouseMove) -> None:
    if not drag.dragging or not event.button:
        return
    offset = offset_at(view, event.x, event.y)
    if offset is None:
        return
    if view.visual_anchor is None:
        view.visual_anchor = drag.press_offset
    view.move_cursor(offset)


def release(view: ArticleView, drag: Drag) -> None:
    if drag.dragging:
        drag.dragging = False
        view.release_mouse()
