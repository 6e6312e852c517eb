"""Painting the article's rows: the ¶ gutter, then the text with highlights, selection, cursor.

A `RowPainter` turns one display line into a `Strip` from what it is given: the line, the
annotations on it, the component styles (`RowStyles`) and the live marks (`Marks`: cursor and
selection). It keeps an LRU cache of the rows that carry no live mark, keyed by the caller's
row, width and annotations version, and the highlight styles, keyed by labels and overlap.
No markup is ever built: segments carry the text as is (control characters already visible).

A Markdown document also has styles (`annotations.markdown_styles`): each block's kind gives the
row its base style (a heading by level, a code block on its own background to the text's edge),
and the runs of a line give emphasis, strong, code, links and markers theirs; highlights, the
selection and the cursor are laid on top. A plain text has none and is painted exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from rich.color import Color, blend_rgb
from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.strip import Strip

from annotations.config import Config
from annotations.document import Block
from annotations.markdown_styles import (
    BULLET,
    CODE,
    CODE_SPAN,
    EMPHASIS,
    HTML,
    IMAGE,
    LINK,
    MARK,
    QUOTE,
    RAW_HTML,
    STRONG,
    TABLE,
    DocumentStyles,
    is_heading,
)
from annotations.model import Annotation
from tui.text.graphemes import grapheme_end
from tui.text.wrap import DisplayLine

HIGHLIGHT_TEXT_COLOUR = "#1b1b1b"
NOTE_MARKER = "✎"
RIGHT_MARGIN = 1
"""Cells between the text and the scrollbar (as `article_layout.RIGHT_MARGIN`)."""
MARKDOWN_CLASSES = frozenset(
    {
        "article--h1", "article--h2", "article--h3", "article--heading", "article--code-block",
        "article--quote", "article--table", "article--html", "article--emphasis",
        "article--strong", "article--code", "article--link", "article--mark", "article--bullet",
        "article--image",
    }
)  # fmt: skip
"""The component classes of a Markdown document's styles (their CSS is in app.tcss)."""
_FLAG_CLASSES = (
    (MARK, "article--mark"), (BULLET, "article--bullet"), (EMPHASIS, "article--emphasis"),
    (STRONG, "article--strong"), (CODE_SPAN, "article--code"), (LINK, "article--link"),
    (IMAGE, "article--image"), (RAW_HTML, "article--html"),
)  # fmt: skip
_KIND_CLASSES = {
    CODE: "article--code-block", QUOTE: "article--quote", TABLE: "article--table",
    HTML: "article--html", 1: "article--h1", 2: "article--h2", 3: "article--h3",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Selection:
    """A live selection, both ends included as in vim's charwise visual mode."""

    start: int
    end: int  # exclusive: the end of the last selected grapheme

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class RowStyles:
    """The widget's base style and the rich style of each of its component classes."""

    base: Style
    gutter: Style
    marker: Style
    title: Style
    selection: Style
    cursor: Style
    empty: Style
    markdown: dict[str, Style] | None = None
    """The style of each of MARKDOWN_CLASSES, for a Markdown document (None for a plain one)."""


def markdown_styles(get: Callable[..., Style]) -> dict[str, Style]:
    """The partial rich style of each Markdown component class (what its CSS sets, nothing
    inherited, so styles add up), from the widget's `get_component_rich_style`."""
    return {name: get(name, partial=True) for name in MARKDOWN_CLASSES}


@dataclass(frozen=True, slots=True)
class Marks:
    """What changes with every keystroke: the cursor offset and the selection (if any)."""

    cursor: int
    selection: Selection | None

    def on(self, line: DisplayLine) -> bool:
        """Whether the cursor or the selection touches this line (so it is never cached)."""
        if line.start <= self.cursor < max(line.end, line.start + 1):
            return True
        selection = self.selection
        return selection is not None and selection.start < line.end and selection.end > line.start


def empty_line(y: int, width: int, styles: RowStyles) -> Strip:
    """A row of an empty document: the cursor and a muted `(empty document)` on the first."""
    if y != 0:
        return Strip.blank(width, styles.base)
    segments = [
        Segment(" ", styles.base + styles.cursor),
        Segment(" (empty document)", styles.base + styles.empty),
    ]
    return Strip(segments).adjust_cell_length(width, styles.base)


class RowPainter:
    """Paints the display lines of one text (the document's, with controls made visible)."""

    def __init__(
        self,
        text: str,
        blocks: Sequence[Block],
        config: Config,
        gutter_width: int,
        markdown: DocumentStyles | None = None,
    ) -> None:
        self._text = text
        self._blocks = blocks
        self._config = config
        self._gutter_width = gutter_width
        self._markdown = markdown
        self._row_cache: LRUCache[tuple[int, int, int], Strip] = LRUCache(1024)
        self._highlight_styles: dict[tuple[tuple[int, ...], bool, bool], Style] = {}
        self._flag_styles: dict[int, Style] = {}
        self._hangs: dict[int, str] = {}

    def clear(self) -> None:
        """Forget the cached rows (annotations, width or styles changed)."""
        self._row_cache.clear()
        self._flag_styles.clear()

    def row(
        self,
        key: tuple[int, int, int],
        line: DisplayLine,
        annotations: Sequence[Annotation],
        styles: RowStyles,
        marks: Marks,
    ) -> Strip:
        """The row `line`, `key[1]` cells wide; cached under `key` if no live mark is on it."""
        width = key[1]
        if marks.on(line):
            return self._paint(line, width, annotations, styles, marks)
        cached = self._row_cache.get(key)
        if cached is None:
            cached = self._paint(line, width, annotations, styles, marks)
            self._row_cache[key] = cached
        return cached

    def _paint(
        self,
        line: DisplayLine,
        width: int,
        annotations: Sequence[Annotation],
        styles: RowStyles,
        marks: Marks,
    ) -> Strip:
        segments = self._gutter(line, annotations, styles)
        block = self._blocks[line.block_index]
        text_style = styles.base
        kind = self._markdown.kind(line.block_index) if self._markdown is not None else None
        if block is not None and block.is_title:
            text_style = styles.base + styles.title
        elif kind is not None and styles.markdown is not None:
            text_style = styles.base + _block_style(kind, styles.markdown)
        if line.indent and styles.markdown is not None:
            hang = self.hang(line.block_index)[: line.indent].ljust(line.indent)
            segments.append(Segment(hang, styles.base + styles.markdown["article--mark"]))
        segments.extend(self._text_segments(line, annotations, text_style, styles, marks))
        if kind == CODE:  # a code block's background reaches the text's right edge
            pad = width - RIGHT_MARGIN - Segment.get_line_length(segments)
            segments.append(Segment(" " * max(0, pad), text_style))
        return Strip(segments).adjust_cell_length(width, styles.base)

    def _gutter(
        self, line: DisplayLine, annotations: Sequence[Annotation], styles: RowStyles
    ) -> list[Segment]:
        """`¶N` on a paragraph's first line, then a note marker if a noted highlight starts here."""
        block = self._blocks[line.block_index]
        number = f"¶{block.number}" if line.first and block and not block.is_title else ""
        noted = any(a.has_note and line.start <= a.start < line.end for a in annotations)
        return [
            Segment(f"{number:>{self._gutter_width - 2}}", styles.base + styles.gutter),
            Segment(NOTE_MARKER if noted else " ", styles.base + styles.marker),
            Segment(" ", styles.base),
        ]

    def _text_segments(
        self,
        line: DisplayLine,
        annotations: Sequence[Annotation],
        text_style: Style,
        styles: RowStyles,
        marks: Marks,
    ) -> list[Segment]:
        start, end = line.start, line.end
        selection, cursor = marks.selection, marks.cursor
        cursor_end = grapheme_end(self._text, cursor)
        points = {start, end}
        for a in annotations:
            points.update(p for p in (a.start, a.end) if start < p < end)
        if selection is not None:
            points.update(p for p in (selection.start, selection.end) if start < p < end)
        points.update(p for p in (cursor, cursor_end) if start < p < end)
        runs = self._markdown.runs_in(start, end) if self._markdown is not None else []
        for run_start, run_end, _ in runs:
            points.update((run_start, run_end))
        content_end = start + len(self._text[start:end].rstrip(" "))
        points.add(content_end)
        segments = []
        for low, high in pairwise(sorted(points)):
            marked = low < content_end  # a soft break's trailing space is never coloured
            style = text_style
            if runs:
                style += self._flags_style(_flags_at(runs, low), styles)
            if marked:
                style = self._marked_style(low, style, annotations, styles, selection)
            if cursor <= low < cursor_end:
                style += styles.cursor
            segments.append(Segment(self._text[low:high], style))
        if start == end and start <= cursor <= start:
            segments.append(Segment(" ", text_style + styles.cursor))
        return segments

    def hang(self, block_index: int) -> str:
        """The hanging indent drawn before a continued line of a block (see `DocumentStyles`)."""
        found = self._hangs.get(block_index)
        if found is None:
            block = self._blocks[block_index]
            markdown = self._markdown
            found = markdown.hang(self._text, block.start, block.end) if markdown else ""
            self._hangs[block_index] = found
        return found

    def _flags_style(self, flags: int, styles: RowStyles) -> Style:
        """The style of a run's flags (emphasis, strong…), combined in a fixed order."""
        cached = self._flag_styles.get(flags)
        if cached is None:
            cached = Style()
            for flag, name in _FLAG_CLASSES:
                if flags & flag and styles.markdown is not None:
                    cached += styles.markdown[name]
            self._flag_styles[flags] = cached
        return cached

    def _marked_style(
        self,
        offset: int,
        style: Style,
        annotations: Sequence[Annotation],
        styles: RowStyles,
        selection: Selection | None,
    ) -> Style:
        """`style` with the highlights covering `offset`, then the selection if it does."""
        covering = sorted(
            (a for a in annotations if a.start <= offset < a.end),
            key=lambda a: (a.end - a.start, -a.start),
        )
        if covering:
            style += self._highlight_style(covering)
        if selection is not None and selection.start <= offset < selection.end:
            style += styles.selection
        return style

    def _highlight_style(self, covering: Sequence[Annotation]) -> Style:
        """The label colour, always underlined (legible without colour).

        Where highlights overlap, the two innermost colours are mixed and the text is bold, so
        the overlap, and where each highlight begins and ends, stay visible.
        """
        key = (
            tuple(a.label for a in covering[:2]),
            any(a.has_note for a in covering),
            len(covering) > 1,
        )
        cached = self._highlight_styles.get(key)
        if cached is None:
            cached = self._make_highlight_style(*key)
            self._highlight_styles[key] = cached
        return cached

    def _make_highlight_style(self, labels: tuple[int, ...], noted: bool, overlap: bool) -> Style:
        colours = [Color.parse(self._config.label(n).colour).get_truecolor() for n in labels]
        background = colours[0] if len(colours) == 1 else blend_rgb(colours[0], colours[1], 0.5)
        return Style(
            bgcolor=Color.from_triplet(background),
            color=HIGHLIGHT_TEXT_COLOUR,
            underline=True,
            bold=overlap or None,  # None, not False: strong text stays bold under a highlight
            italic=noted or None,
        )


def _block_style(kind: int, markdown: dict[str, Style]) -> Style:
    name = _KIND_CLASSES.get(kind, "article--heading" if is_heading(kind) else "")
    return markdown[name] if name else Style()


def _flags_at(runs: Sequence[tuple[int, int, int]], offset: int) -> int:
    for start, end, flags in runs:
        if start <= offset < end:
            return flags
    return 0
