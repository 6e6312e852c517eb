"""The article: a Line API widget with a cell-aware soft wrap, vim motions and live highlights.

Like toolong's `LogLines`, it is a `ScrollView` that draws only the visible rows in
`render_line`, from a wrap computed once per width; a `RowPainter` (tui/widgets/article_rows.py)
paints each row and caches those that carry no cursor or selection. It never builds markup from
the text: segments carry the text as is, after control characters have been made visible.

Attributes down, messages up: the app gives it the annotations; it posts search requests and
notices. Where the cursor is goes up through the `position` reactive instead of a message: its
watchers run at once, so the status line the app draws from it changes in the same frame as
the article (a message would be handled after the next frame, a repaint later).

The annotation keys (1-5, enter, a, x) are bound here but run as app actions: each must see
the result of the key before it, and a message would arrive too late when keys are typed
ahead (a fast `1` `2` would add two highlights instead of relabelling).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from typing import ClassVar, NamedTuple

from textual import events
from textual.binding import BindingType
from textual.geometry import Region
from textual.message import Message
from textual.reactive import var
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
from tui.widgets import article_jumps, article_keys, article_layout, article_mouse
from tui.widgets.article_keys import KeyState
from tui.widgets.article_rows import (
    MARKDOWN_CLASSES,
    Marks,
    RowPainter,
    RowStyles,
    Selection,
    empty_line,
    markdown_styles,
)

_WORD = re.compile(r"\S+")


class Position(NamedTuple):
    """Where the cursor is, the selection, and whether visual mode is on."""

    cursor: int
    selection: Selection | None
    visual: bool


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
    """A Markdown document's view has those of its styles too (`MarkdownArticleView`): each
    one is matched against the stylesheet whenever the view's focus changes."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("article")

    position: var[Position] = var(Position(0, None, False), init=False, always_update=True)
    """Set after every motion (the same value too): the app watches it (see the module's doc)."""

    class KeysPending(Message):
        """A count or a prefix is being typed (or was used up): the status line shows it."""

    class SearchRequested(Message):
        """The user pressed `/`: the app asks for the text."""

    class Notice(Message):
        """Something to tell the user in the status line (not found, nothing to delete…)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __new__(cls, document: Document, config: Config, *, id: str | None = None) -> ArticleView:
        if cls is ArticleView and document.styles is not None:
            return MarkdownArticleView.__new__(MarkdownArticleView, document, config, id=id)
        return super().__new__(cls)

    def __init__(self, document: Document, config: Config, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document = document
        self.config = config
        self._text = visible_controls(document.text)
        self.cursor = 0
        self.visual_anchor: int | None = None
        self.last_search: str | None = None
        self._goal_column: int | None = None
        self._blocks = document.blocks  # offsets in arrays: no tuple per block (10 MiB: 113,000)
        self.rows = RowMap(self._text, self._blocks, 1)
        self._laid_out = False
        self._painting = False
        self._highlights = HighlightIndex()
        self._drawn: dict[str, Annotation] = {}
        """The annotations in `_highlights`, by id, as they were added."""
        self._styles: RowStyles | None = None
        self._marked_rows: tuple[int, int] | None = None
        """The rows the cursor and the selection were last drawn on (see `_changed`)."""
        self._drag = article_mouse.Drag()
        self._word_starts: dict[int, list[int]] = {}
        last = document.blocks[-1].number if document.blocks else 0
        self.gutter_width = len(str(last)) + 3  # "¶" + number + marker + " "
        self._painter = RowPainter(
            self._text, document.blocks, config, self.gutter_width, document.styles
        )
        self.keys = KeyState(counts=config.counts)

    # -- attributes down

    def set_annotations(self, annotations: Sequence[Annotation]) -> None:
        """Show these annotations (only those whose quote is still at its offsets are drawn)."""
        self._drawn = {a.id: a for a in annotations if self._drawable(a)}
        self._highlights = HighlightIndex(self._drawn.values())
        self._painter.clear()
        self.refresh()

    def update_annotations(self, changes: Mapping[str, Annotation | None]) -> None:
        """Apply changes (id → the annotation now, None if gone) to the interval index and
        repaint only the rows of the spans that changed, before and after."""
        spans: list[tuple[int, int]] = []
        for annotation_id, new in changes.items():
            old = self._drawn.pop(annotation_id, None)
            if old is not None:
                self._highlights.remove(old)
                spans.append((old.start, old.end))
            if new is not None and self._drawable(new):
                self._drawn[annotation_id] = new
                self._highlights.add(new)
                spans.append((new.start, new.end))
        for start, end in spans:
            self._painter.forget(start, end)  # its cached rows, on screen or not
            self._refresh_span(start, end)

    def _drawable(self, annotation: Annotation) -> bool:
        """Drawn only if its quote is still at its offsets (and it is not an orphan)."""
        text = self.document.text
        return (
            not annotation.is_orphan and text[annotation.start : annotation.end] == annotation.quote
        )

    def _refresh_span(self, start: int, end: int) -> None:
        """Repaint the rows on screen that show text[start:end] (a span off screen costs a
        lookup of the blocks on screen: its own rows are not laid out for it)."""
        if not self._laid_out or not self._blocks:
            return
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        shown_from = self._blocks.starts[self.rows.locate(top)[0]]
        shown_to = self._blocks.ends[self.rows.locate(top + height - 1)[0]]
        if end <= shown_from or start > shown_to:
            return
        first = max(self.row_of(start), top)
        last = min(self.row_of(max(start, end - 1)), top + height - 1)
        if first <= last:
            self.refresh_lines(first, last - first + 1)

    # -- geometry

    @property
    def text_width(self) -> int:
        """Cells for the text: the width less the gutter and a margin before the scrollbar."""
        return max(
            1,
            self.scrollable_content_region.width - self.gutter_width - article_layout.RIGHT_MARGIN,
        )

    def on_resize(self, event: events.Resize) -> None:
        article_layout.rewrap(self)

    def on_mount(self) -> None:
        article_layout.rewrap(self)
        if self.document.notice:
            self.notify(self.document.notice, severity="warning", timeout=8, markup=False)

    def line_position(self, offset: int) -> tuple[int, int]:
        """(block index, line within the block) of the display line holding `offset`."""
        return self.rows.position(offset)

    def row_of(self, offset: int) -> int:
        return self.rows.row_of(offset)

    def scroll_cursor_visible(self, *, jump: bool = False) -> None:
        """Keep a few lines of context around the cursor (vim's scrolloff); after a jump to a
        row off screen, put it in the middle so what follows the target is visible too."""
        article_layout.scroll_cursor_visible(self, jump=jump)

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
        same_block = "\n\n" not in self._text[self.cursor : following]
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
        article_layout.refresh_marks(self)
        self.scroll_cursor_visible(jump=jump)
        self.position = Position(self.cursor, self.selection, self.visual)

    def action_move(self, motion: str) -> None:
        function: Callable[[str, int], int] = getattr(motions, motion)
        offset = self.cursor
        for _ in range(self.keys.take_repeat()):
            offset = function(self._text, offset)
        self.move_cursor(offset)

    def action_line(self, delta: int) -> None:
        article_jumps.line(self, delta)

    def action_line_edge(self, edge: str) -> None:
        article_jumps.line_edge(self, edge)

    def action_screen_line(self, where: str) -> None:
        article_keys.screen_line(self, where, article_layout.scroll_margin(self))

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
        article_jumps.jump_highlight(self, direction)

    def action_search(self) -> None:
        self.post_message(self.SearchRequested())

    def search(self, query: str, direction: int = 1) -> bool:
        """Move to the next (or previous) match of `query` from the cursor, wrapping."""
        return article_jumps.search(self, query, direction)

    def action_search_again(self, direction: int) -> None:
        article_jumps.search_again(self, direction)

    # -- mouse

    def offset_at(self, x: int, y: int) -> int | None:
        """The text offset under a point of the widget (None outside the text)."""
        return article_mouse.offset_at(self, x, y)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        article_mouse.press(self, self._drag, event)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        article_mouse.move(self, self._drag, event)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        article_mouse.release(self, self._drag)

    # -- rendering

    def notify_style_update(self) -> None:
        """The styles may have changed (focus, theme): read them again when next painted (the
        painter keeps the rows of each set of styles apart)."""
        super().notify_style_update()
        self._styles = None

    def render_lines(self, crop: Region) -> list[Strip]:
        """Wrap the blocks on screen first, so heights they refine are known before painting."""
        top = self.scroll_offset.y
        if not self._laid_out:
            return [Strip.blank(crop.width, self.rich_style)] * crop.height
        for row in range(top + crop.y, min(top + crop.bottom, self.rows.total)):
            self.rows.line_at(row)
        article_layout.update_virtual_size(self)
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
        marks = Marks(self.cursor, self.selection)
        return self._painter.row(
            line, width, lambda: self._highlights.intersecting(line.start, line.end), styles, marks
        )

    def _row_styles(self) -> RowStyles:
        """The styles of the rows, read once until they may have changed (a row is painted
        with them, or taken from the cache of rows painted with them)."""
        if self._styles is None:
            self._styles = self._read_styles()
        return self._styles

    def _read_styles(self) -> RowStyles:
        style = self.get_component_rich_style
        return RowStyles(
            base=self.rich_style,
            gutter=style("article--gutter"),
            marker=style("article--marker"),
            title=style("article--title"),
            selection=style("article--selection"),
            cursor=style("article--cursor"),
            empty=style("article--empty"),
            markdown=markdown_styles(style) if self.document.styles else None,
        )


class MarkdownArticleView(ArticleView):
    """The view of a Markdown document: its styles' component classes (whose CSS is in
    app.tcss) are matched only for it, so a plain text's focus change restyles 6, not 21."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(MARKDOWN_CLASSES)
