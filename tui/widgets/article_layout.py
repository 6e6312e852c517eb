"""The article's geometry: wrapping for the width, the virtual size, and scrolling to the cursor."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from textual.geometry import Region, Size, Spacing

from tui.text.rows import RowMap

if TYPE_CHECKING:
    from tui.widgets.article import ArticleView

RIGHT_MARGIN = 1
EAGER_WRAP_CHARS = 200_000
"""A text this short is wrapped whole at once (a few ms): its scrollbar is exact from the start.
Longer ones are wrapped a block at a time as they are shown."""
SCROLL_OFF = 3
"""Lines kept visible above and below the cursor, as vim's `scrolloff`."""


def rewrap(view: ArticleView) -> None:
    """A new row map for the width: cheap, since blocks are wrapped only when shown.

    Not before the widget has its real size: until then nothing is laid out or painted
    (a first frame wrapped one cell wide would flash one character per line).
    """
    if view.scrollable_content_region.width <= view.gutter_width + RIGHT_MARGIN:
        return
    width = view.text_width
    if width == view.rows.width and view._laid_out:
        return
    first = not view._laid_out
    view._laid_out = True
    if view.document.styles is None:
        view.rows = RowMap(view._text, view._blocks, width)
    else:
        layout, hang = view.document.styles.layout(), view._painter.hang
        view.rows = RowMap(view._text, view._blocks, width, layout, lambda block: len(hang(block)))
    if len(view._text) <= EAGER_WRAP_CHARS:
        view.rows.wrap_all()
    view.rows.on_refine = functools.partial(_refined, view)
    view._painter.clear()
    view._marked_rows = None  # rows of the old width: the next motion repaints all
    update_virtual_size(view)
    view.refresh()
    view.call_after_refresh(view.scroll_cursor_visible, jump=first)


def _refined(view: ArticleView, block: int, first_row: int, delta: int) -> None:
    """A block's estimated height became exact: keep the screen on the same text when the
    block lies wholly above it, and give the scrollbar the new total."""
    old_end = first_row + view.rows.height(block) - delta
    view._marked_rows = None  # rows below moved: the next motion repaints all
    if old_end <= view.scroll_offset.y and not view._painting:
        view.scroll_to(y=view.scroll_offset.y + delta, animate=False, immediate=True)
    if not view._painting:
        update_virtual_size(view)


def update_virtual_size(view: ArticleView) -> None:
    view.virtual_size = Size(view.scrollable_content_region.width, max(1, view.rows.total))


def scroll_cursor_visible(view: ArticleView, *, jump: bool = False) -> None:
    """Keep a few lines of context around the cursor (vim's scrolloff); after a jump to a
    row off screen, put it in the middle so what follows the target is visible too."""
    if not view._laid_out:
        return  # the first layout shows the cursor
    row = view.row_of(view.cursor)
    top = view.scroll_offset.y
    off_screen = not top <= row < top + view.scrollable_content_region.height
    margin = scroll_margin(view)
    view.scroll_to_region(
        Region(0, row, 1, 1),
        spacing=Spacing(margin, 0, margin, 0),
        center=jump and off_screen,
        animate=False,
        immediate=True,
    )


def scroll_margin(view: ArticleView) -> int:
    return min(SCROLL_OFF, max(0, (view.scrollable_content_region.height - 1) // 2))


def refresh_marks(view: ArticleView) -> None:
    """Repaint the rows the cursor and the selection leave and reach, not the whole screen:
    a motion that does not scroll repaints a row or two (a scroll repaints all)."""
    was, now = view._marked_rows, _mark_rows(view)
    view._marked_rows = now
    if was is None or now is None:
        view.refresh()
        return
    for first, last in {was, now}:
        view.refresh_lines(first, last - first + 1)


def _mark_rows(view: ArticleView) -> tuple[int, int] | None:
    """The first and last rows of the cursor and the selection (None: not laid out yet)."""
    if not view._laid_out or not view._blocks:
        return None
    low = high = view.cursor
    selection = view.selection
    if selection is not None:
        low, high = min(low, selection.start), max(high, selection.end - 1)
    return view.row_of(low), view.row_of(max(low, high))
