"""The article: a Line API widget with a cell-aware soft wrap, vim motions and live highlights.

Like toolong's `LogLines`, it is a `ScrollView` that draws only the visible rows in
`render_line`, from a wrap computed once per width; a `RowPainter` (tui/widgets/article_rows.py)
paints each row and caches those that carry no cursor or selection. It never builds markup from
the text: segments carry the text as is, after control characters have been made visible.

Attributes down, messages up: the app gives it the annotations; it posts `CursorMoved`, search
requests and notices. The annotation keys (1-5, enter, a, x) are bound here but run as app
actions: each must see the result of the key before it, and a message would arrive too late
when keys are typed ahead (a fast `1` `2` would add two highlights instead of relabelling).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotations.config import Config
from annotations.document import Document, visible_controls
from annotations.model import Annotation
from tui.keys import bindings_for
from tui.text import motions
from tui.text.graphemes import grapheme_end
from tui.text.highlights import HighlightIndex
from tui.text.rows import RowMap
from tui.text.wrap import column_of, offset_at_column
from tui.widgets import article_keys
from tui.widgets.article_keys import KeyState
from tui.widgets.article_rows import Marks, RowPainter, RowStyles, Selection, empty_line

RIGHT_MARGIN = 1
EAGER_WRAP_CHARS = 200_000
"""A text this short is wrapped whole at once (a few ms): its scrollbar is exact from the start.
Longer ones are wrapped a block at a time as they are shown."""
SCROLL_OFF = 3
"""Lines kept visible above and below the cursor, as vim's `scrolloff`."""
_WORD = re.compile(r"\S+")


class ArticleView(ScrollView, can_focus=True):
    """The document text with a ¶ gutter, highlights, the cursor and the live selection."""

    DEFAULT_CSS = """
    ArticleView {
        background: $surface;
        color: $foreground;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    ArticleView:focus { background-tint: $foreground 3%; }
    ArticleView > .article--gutter { color: $foreground-muted; }
    ArticleView > .article--marker { color: $text-accent; text-style: bold; }
    ArticleView > .article--title { color: $text-accent; text-style: bold; }
    ArticleView > .article--selection { background: $primary 45%; text-style: bold; }
    ArticleView > .article--cursor { text-style: reverse; }
    ArticleView > .article--empty { color: $foreground-muted; text-style: italic; }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article--gutter",
        "article--marker",
        "article--title",
        "article--selection",
        "article--cursor",
        "article--empty",
    }

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("article")

    class CursorMoved(Message):
        """The cursor or the selection changed."""

        def __init__(self, cursor: int, selection: Selection | None, visual: bool) -> None:
            super().__init__()
            self.cursor = cursor
            self.selection = selection
            self.visual = visual

    class KeysPending(Message):
        """A count or a prefix is being typed (or was used up): the status line shows it."""

    class SearchRequested(Message):
        """The user pressed `/`: the app asks for the text."""

    class Notice(Message):
        """Something to tell the user in the status line (not found, nothing to delete…)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, document: Document, config: Config, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document = document
        self.config = config
        self._text = visible_controls(document.text)
        self.cursor = 0
        self.visual_anchor: int | None = None
        self.last_search: str | None = None
        self._goal_column: int | None = None
        self._blocks = [(block.start, block.end) for block in document.blocks]
        self.rows = RowMap(self._text, self._blocks, 1)
        self._laid_out = False
        self._painting = False
        self._highlights = HighlightIndex()
        self._annotations_version = 0
        self._dragging = False
        self._press_offset = 0
        self._word_starts: dict[int, list[int]] = {}
        numbers = [block.number for block in document.blocks]
        self.gutter_width = len(str(max(numbers, default=0))) + 3  # "¶" + number + marker + " "
        self._painter = RowPainter(self._text, document.blocks, config, self.gutter_width)
        self.keys = KeyState(counts=config.counts)

    # -- attributes down

    def set_annotations(self, annotations: Sequence[Annotation]) -> None:
        """Show these annotations (only those whose quote is still at its offsets are drawn)."""
        text = self.document.text
        drawable = [a for a in annotations if not a.is_orphan and text[a.start : a.end] == a.quote]
        self._highlights = HighlightIndex(drawable)
        self._annotations_version += 1
        self._painter.clear()
        self.refresh()

    # -- geometry

    @property
    def text_width(self) -> int:
        """Cells for the text: the width less the gutter and a margin before the scrollbar."""
        return max(1, self.scrollable_content_region.width - self.gutter_width - RIGHT_MARGIN)

    def on_resize(self, event: events.Resize) -> None:
        self._rewrap()

    def on_mount(self) -> None:
        self._rewrap()

    def _rewrap(self) -> None:
        """A new row map for the width: cheap, since blocks are wrapped only when shown.

        Not before the widget has its real size: until then nothing is laid out or painted
        (a first frame wrapped one cell wide would flash one character per line).
        """
        if self.scrollable_content_region.width <= self.gutter_width + RIGHT_MARGIN:
            return
        width = self.text_width
        if width == self.rows.width and self._laid_out:
            return
        first = not self._laid_out
        self._laid_out = True
        self.rows = RowMap(self._text, self._blocks, width)
        if len(self._text) <= EAGER_WRAP_CHARS:
            self.rows.wrap_all()
        self.rows.on_refine = self._refined
        self._painter.clear()
        self._update_virtual_size()
        self.refresh()
        self.call_after_refresh(self.scroll_cursor_visible, jump=first)

    def _refined(self, block: int, first_row: int, delta: int) -> None:
        """A block's estimated height became exact: keep the screen on the same text when the
        block lies wholly above it, and give the scrollbar the new total."""
        old_end = first_row + self.rows.height(block) - delta
        if old_end <= self.scroll_offset.y and not self._painting:
            self.scroll_to(y=self.scroll_offset.y + delta, animate=False, immediate=True)
        if not self._painting:
            self._update_virtual_size()

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, max(1, self.rows.total))

    def line_position(self, offset: int) -> tuple[int, int]:
        """(block index, line within the block) of the display line holding `offset`."""
        return self.rows.position(offset)

    def row_of(self, offset: int) -> int:
        return self.rows.row_of(offset)

    def scroll_cursor_visible(self, *, jump: bool = False) -> None:
        """Keep a few lines of context around the cursor (vim's scrolloff); after a jump to a
        row off screen, put it in the middle so what follows the target is visible too."""
        if not self._laid_out:
            return  # the first layout shows the cursor
        row = self.row_of(self.cursor)
        top = self.scroll_offset.y
        off_screen = not top <= row < top + self.scrollable_content_region.height
        margin = self._scroll_margin()
        self.scroll_to_region(
            Region(0, row, 1, 1),
            spacing=Spacing(margin, 0, margin, 0),
            center=jump and off_screen,
            animate=False,
            immediate=True,
        )

    def _scroll_margin(self) -> int:
        return min(SCROLL_OFF, max(0, (self.scrollable_content_region.height - 1) // 2))

    # -- what is under the cursor

    @property
    def visual(self) -> bool:
        return self.visual_anchor is not None

    @property
    def selection(self) -> Selection | None:
        if self.visual_anchor is None or not self._text:
            return None
        low, high = sorted((self.visual_anchor, self.cursor))
        return Selection(low, grapheme_end(self._text, high))

    def annotations_at(self, offset: int) -> list[Annotation]:
        """Annotations covering `offset`, innermost (shortest, then latest) first."""
        return self._highlights.covering(offset)

    def annotation_under_cursor(self) -> Annotation | None:
        found = self.annotations_at(self.cursor)
        return found[0] if found else None

    def word_number(self, offset: int) -> int:
        """Which word of its paragraph `offset` is in (1-based), for the status line.

        The word starts of a paragraph are found once and kept, so a keystroke costs a bisect
        even at the end of a very long paragraph.
        """
        block = self.document.block_at(offset)
        if block is None:
            return 0
        starts = self._word_starts.get(block.start)
        if starts is None:
            words = _WORD.finditer(self.document.text, block.start, block.end)
            starts = [match.start() for match in words]
            self._word_starts[block.start] = starts
        return bisect_right(starts, offset) or 1

    def word_at_cursor(self) -> tuple[int, int] | None:
        """The word under the cursor, or on a blank the next word of the same paragraph."""
        if not self._text:
            return None
        word = motions.word_span(self._text, self.cursor)
        if word is not None:
            return word
        following = motions.word_forward(self._text, self.cursor)
        same_block = "\n" not in self._text[self.cursor : following]
        return motions.word_span(self._text, following) if same_block else None

    # -- cursor movement

    def move_cursor(self, offset: int, *, keep_goal: bool = False, jump: bool = False) -> None:
        """Put the cursor at `offset` (clamped to a grapheme start), extending any selection.

        `jump` (search, ] [, the palette, the notes pane): centre the target if it was off screen.
        """
        self.cursor = motions.clamp_cursor(self._text, offset)
        if not keep_goal:
            self._goal_column = None
        self._changed(jump=jump)

    def _changed(self, *, jump: bool = False) -> None:
        self.refresh()
        self.scroll_cursor_visible(jump=jump)
        self.post_message(self.CursorMoved(self.cursor, self.selection, self.visual))

    def action_move(self, motion: str) -> None:
        function: Callable[[str, int], int] = getattr(motions, motion)
        offset = self.cursor
        for _ in range(self.keys.take_repeat()):
            offset = function(self._text, offset)
        self.move_cursor(offset)

    def action_line(self, delta: int) -> None:
        delta *= self.keys.take_repeat()
        if not self._blocks:
            return
        block, index = self.line_position(self.cursor)
        line = self.rows.line(block, index)
        if self._goal_column is None:
            self._goal_column = column_of(self._text, (line.start, line.end), self.cursor)
        target = self.rows.line(*self.rows.step(block, index, delta))
        offset = offset_at_column(self._text, (target.start, target.end), self._goal_column)
        self.move_cursor(offset, keep_goal=True)

    def action_line_edge(self, edge: str) -> None:
        if not self._blocks:
            return
        line = self.rows.line(*self.line_position(self.cursor))
        if edge == "start":
            self.move_cursor(line.start)
            return
        last = offset_at_column(self._text, (line.start, line.end), 1 << 30)  # the last cell
        while last > line.start and self._text[last] == " ":  # not the soft break's space
            last = motions.prev_char(self._text, last)
        self.move_cursor(last)

    def action_screen_line(self, where: str) -> None:
        article_keys.screen_line(self, where, self._scroll_margin())

    def action_centre(self) -> None:
        """`z`: arms the prefix; the next key completes it (see `article_keys.handle_key`)."""
        article_keys.arm_centre(self)

    def on_key(self, event: events.Key) -> None:
        article_keys.handle_key(self, event)

    def on_blur(self) -> None:
        if self.keys.pending:
            self.keys.reset()
            self.post_message(self.KeysPending())

    def action_edge(self, edge: str) -> None:
        self.move_cursor(0 if edge == "start" else len(self._text))

    def action_page(self, fraction: float) -> None:
        fraction *= self.keys.take_repeat()
        rows = max(1, int(self.scrollable_content_region.height * abs(fraction)))
        lines = rows if fraction > 0 else -rows
        self.scroll_relative(y=lines, animate=False, immediate=True)
        self.action_line(lines)

    # -- selection

    def action_visual(self) -> None:
        """`v`: start a selection at the cursor, or leave visual mode if already in it."""
        self.visual_anchor = None if self.visual_anchor is not None else self.cursor
        self._changed()

    def select(self, start: int, end: int) -> None:
        """Select start..end (end exclusive) with the cursor on the last grapheme."""
        if end <= start:
            return
        self.visual_anchor = motions.clamp_cursor(self._text, start)
        self.cursor = (
            motions.prev_char(self._text, end)
            if end < len(self._text)
            else (motions.clamp_cursor(self._text, end - 1))
        )
        self._changed()

    def action_select_sentence(self) -> None:
        if self._text:
            self.select(*motions.sentence_span(self._text, self.cursor))

    def action_select_paragraph(self) -> None:
        if self._text:
            self.select(*motions.block_span(self._text, self.cursor))

    def action_clear_selection(self) -> None:
        self.end_visual()

    def end_visual(self) -> None:
        """Leave visual mode (escape, or after the selection became a highlight)."""
        if self.visual_anchor is not None:
            self.visual_anchor = None
            self._changed()

    def action_jump_highlight(self, direction: int) -> None:
        target, offset = None, self.cursor
        for _ in range(self.keys.take_repeat()):
            found = self._next_highlight(offset, direction)
            if found is None:
                break
            target = offset = found
        if target is None:
            edge = "last" if direction > 0 else "first"
            self.post_message(self.Notice(f"No more highlights (this is the {edge})"))
            return
        self.move_cursor(target, jump=True)

    def _next_highlight(self, offset: int, direction: int) -> int | None:
        if direction > 0:
            return self._highlights.next_start(offset)
        return self._highlights.previous_start(offset)

    def action_search(self) -> None:
        self.post_message(self.SearchRequested())

    def search(self, query: str, direction: int = 1) -> bool:
        """Move to the next (or previous) match of `query` from the cursor, wrapping."""
        self.last_search = query
        find = motions.find_forward if direction > 0 else motions.find_backward
        found = find(self.document.text, query, self.cursor)
        if found is None:
            self.post_message(self.Notice(f"Not found: {visible_controls(query)}"))
            return False
        wrapped = found < self.cursor if direction > 0 else found > self.cursor
        self.move_cursor(found, jump=True)
        if wrapped:
            edge = "BOTTOM, continuing at TOP" if direction > 0 else "TOP, continuing at BOTTOM"
            self.post_message(self.Notice(f"search hit {edge}"))
        return True

    def action_search_again(self, direction: int) -> None:
        repeat = self.keys.take_repeat()
        if not self.last_search:
            self.post_message(self.Notice("No previous search: press / first"))
            return
        for _ in range(repeat):
            if not self.search(self.last_search, direction):
                break

    # -- mouse

    def offset_at(self, x: int, y: int) -> int | None:
        """The text offset under a point of the widget (None outside the text)."""
        row = y + self.scroll_offset.y
        if not self._blocks or row < 0:
            return None
        line = self.rows.line_at(row)
        if line is None:  # a spacer: the last line of the block above it
            line = self.rows.line_at(row - 1) or self.rows.line(0, 0)
        column = max(0, x - self.gutter_width)
        return offset_at_column(self._text, (line.start, line.end), column)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = self.offset_at(event.x, event.y)
        if offset is None:
            return
        self.focus()
        self._dragging = True
        self.capture_mouse()
        self.visual_anchor = None
        self._press_offset = motions.clamp_cursor(self._text, offset)
        self.move_cursor(offset)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if not self._dragging or not event.button:
            return
        offset = self.offset_at(event.x, event.y)
        if offset is None:
            return
        if self.visual_anchor is None:
            self.visual_anchor = self._press_offset
        self.move_cursor(offset)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._dragging:
            self._dragging = False
            self.release_mouse()

    # -- rendering

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._painter.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        """Wrap the blocks on screen first, so heights they refine are known before painting."""
        top = self.scroll_offset.y
        if not self._laid_out:
            return [Strip.blank(crop.width, self.rich_style)] * crop.height
        for row in range(top + crop.y, min(top + crop.bottom, self.rows.total)):
            self.rows.line_at(row)
        self._update_virtual_size()
        self._painting = True
        try:
            return super().render_lines(crop)
        finally:
            self._painting = False

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = self.scroll_offset.y + y
        styles = self._row_styles()
        if not self._text:
            return empty_line(y, width, styles)
        line = self.rows.line_at(row) if row < self.rows.total else None
        if line is None:
            return Strip.blank(width, styles.base)
        annotations = self._highlights.intersecting(line.start, line.end)
        marks = Marks(self.cursor, self.selection)
        key = (line.start, width, self._annotations_version)
        return self._painter.row(key, line, annotations, styles, marks)

    def _row_styles(self) -> RowStyles:
        style = self.get_component_rich_style
        return RowStyles(
            base=self.rich_style,
            gutter=style("article--gutter"),
            marker=style("article--marker"),
            title=style("article--title"),
            selection=style("article--selection"),
            cursor=style("article--cursor"),
            empty=style("article--empty"),
        )
