"""The article's motions that need its layout or state: lines, line edges, highlights, search."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotations.document import visible_controls
from tui.text import motions
from tui.text.wrap import column_of, offset_at_column

if TYPE_CHECKING:
    from tui.widgets.article import ArticleView


def line(view: ArticleView, delta: int) -> None:
    """`j`/`k`: `delta` display lines (times the count), keeping the goal column."""
    delta *= view.keys.take_repeat()
    if not view._blocks:
        return
    block, index = view.line_position(view.cursor)
    here = view.rows.line(block, index)
    if view._goal_column is None:
        column = column_of(view._text, (here.start, here.end), view.cursor)
        view._goal_column = column + here.indent  # on screen, after a hanging indent
    target = view.rows.line(*view.rows.step(block, index, delta))
    column = max(0, view._goal_column - target.indent)
    offset = offset_at_column(view._text, (target.start, target.end), column)
    view.move_cursor(offset, keep_goal=True)


def line_edge(view: ArticleView, edge: str) -> None:
    """`0`/`$`: the first or last character of the display line."""
    if not view._blocks:
        return
    here = view.rows.line(*view.line_position(view.cursor))
    if edge == "start":
        view.move_cursor(here.start)
        return
    last = offset_at_column(view._text, (here.start, here.end), 1 << 30)  # the last cell
    while last > here.start and view._text[last] == " ":  # not the soft break's space
        last = motions.prev_char(view._text, last)
    view.move_cursor(last)


def jump_highlight(view: ArticleView, direction: int) -> None:
    """`]`/`[`: the start of the next (or previous) highlight, count times."""
    target, offset = None, view.cursor
    for _ in range(view.keys.take_repeat()):
        found = _next_highlight(view, offset, direction)
        if found is None:
            break
        target = offset = found
    if target is None:
        edge = "last" if direction > 0 else "first"
        view.post_message(view.Notice(f"No more highlights (this is the {edge})"))
        return
    view.move_cursor(target, jump=True)


def _next_highlight(view: ArticleView, offset: int, direction: int) -> int | None:
    if direction > 0:
        return view._highlights.next_start(offset)
    return view._highlights.previous_start(offset)


def search(view: ArticleView, query: str, direction: int = 1) -> bool:
    """Move to the next (or previous) match of `query` from the cursor, wrapping."""
    view.last_search = query
    find = motions.find_forward if direction > 0 else motions.find_backward
    found = find(view.document.text, query, view.cursor)
    if found is None:
        view.post_message(view.Notice(f"Not found: {visible_controls(query)}"))
        return False
    wrapped = found < view.cursor if direction > 0 else found > view.cursor
    view.move_cursor(found, jump=True)
    if wrapped:
        edge = "BOTTOM, continuing at TOP" if direction > 0 else "TOP, continuing at BOTTOM"
        view.post_message(view.Notice(f"search hit {edge}"))
    return True


def search_again(view: ArticleView, direction: int) -> None:
    """`n`/`N`: the last search again, count times."""
    repeat = view.keys.take_repeat()
    if not view.last_search:
        view.post_message(view.Notice("No previous search: press / first"))
        return
    for _ in range(repeat):
        if not view.search(view.last_search, direction):
            break
