"""Painting the article's rows: the ¶ gutter, then the text with highlights, selection, cursor.

A `RowPainter` turns one display line into a `Strip` from what it is given: the line, the
annotations on it, the component styles (`RowStyles`) and the live marks (`Marks`: cursor and
selection). It keeps an LRU cache of the rows that carry no live mark, keyed by the line's
start and width (`forget` drops the rows a changed highlight touches, so one change repaints
its own rows only), and the highlight styles, keyed by labels and overlap. The annotations of
a row are asked for only when it is painted: a cached row costs no lookup.
No markup is ever built: segments carry the text as is (control characters already visible).

A Markdown document also has styles (`annotations.markdown_styles`): each block's kind gives the
row its base style (a heading by level, a code block on its own background to the text's edge),
and the runs of a line give emphasis, strong, code, links and markers theirs; highlights, the
selection and the cursor are laid on top. A plain text has none and is painted exactly as before.
"""

from __future__ import annotations

from bisect import insort
from collections import OrderedDict
from collections.abc import Callable, Sequence
from heapq import heappop, heappush
from itertools import pairwise
from typing import Final, NamedTuple

from rich.color import Color, blend_rgb
from rich.segment import Segment
from rich.style import Style
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
ROW_CACHE_SIZE = 1024
STYLE_SETS = 2
"""Cells between the text and the scrollbar (as `article_layout.RIGHT_MARGIN`)."""
MARKDOWN_CLASSES = frozenset(
    {
        "article--h1", "article--h2", "article--h3", "article--heading", "article--code-block",
        "article--quote", "article--table", "article--html", "article--emphasis",
        "article--strong", "article--code", "article--link", "article--mark", "article--bullet",
        "article--image",
    }
)  # fmt: skip
"""The component classes of a Markdown document's styles (CSS: tui/widgets/article_markdown.py)."""
_FLAG_CLASSES = (
    (MARK, "article--mark"), (BULLET, "article--bullet"), (EMPHASIS, "article--emphasis"),
    (STRONG, "article--strong"), (CODE_SPAN, "article--code"), (LINK, "article--link"),
    (IMAGE, "article--image"), (RAW_HTML, "article--html"),
)  # fmt: skip
_KIND_CLASSES = {
    CODE: "article--code-block", QUOTE: "article--quote", TABLE: "article--table",
    HTML: "article--html", 1: "article--h1", 2: "article--h2", 3: "article--h3",
}  # fmt: skip


class Selection:
    """A live selection, both ends included as in vim's charwise visual mode.

    A plain class, not a dataclass (~0.5 ms to create at import), with the frozen dataclass's
    equality, hash and repr; its attributes are Final (mypy keeps them unchanged)."""

    __slots__ = ("end", "start")

    def __init__(self, start: int, end: int) -> None:
        self.start: Final = start
        self.end: Final = end  # exclusive: the end of the last selected grapheme

    def __len__(self) -> int:
        return self.end - self.start

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Selection)
        return (self.start, self.end) == (other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.start, self.end))

    def __repr__(self) -> str:
        return f"Selection(start={self.start}, end={self.end})"


class RowStyles(NamedTuple):
    """The widget's base style and the rich style of each of its component classes.

    RowStyles and Marks are NamedTuples, not dataclasses: a dataclass costs ~0.5 ms at import."""

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


class Marks(NamedTuple):
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


_Rows = OrderedDict[tuple[int, int], tuple[int, Strip]]
"""Cached rows: (line start, width) → (line end, the row), least recently used first."""


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
        self._caches: list[tuple[RowStyles, _Rows]] = []
        """The cached rows of the last STYLE_SETS styles (focused and not), latest first."""
        self._styles: RowStyles | None = None
        self._row_cache: _Rows = OrderedDict()
        """The rows of `_styles`."""
        self._highlight_styles: dict[tuple[tuple[int, ...], bool, bool], Style] = {}
        self._flag_styles: dict[int, Style] = {}
        self._hangs: dict[int, str] = {}

    def clear(self) -> None:
        """Forget the cached rows (annotations, width or styles changed)."""
        for _, rows in self._caches:
            rows.clear()
        self._flag_styles.clear()

    def forget(self, start: int, end: int) -> None:
        """Drop the cached rows that show text[start:end] (a highlight there changed)."""
        end = max(end, start + 1)
        for _, rows in self._caches:
            stale = [
                key
                for key, (line_end, _) in rows.items()
                if key[0] < end and max(line_end, key[0] + 1) > start
            ]
            for key in stale:
                del rows[key]

    def _use(self, styles: RowStyles) -> None:
        """Paint with `styles` from now on: the rows cached with them (focus toggles between
        two sets of styles; a blur and a focus again repaint nothing)."""
        if styles is self._styles:
            return
        self._styles = styles
        self._flag_styles.clear()
        found = [index for index, (known, _) in enumerate(self._caches) if known == styles]
        rows: _Rows = self._caches.pop(found[0])[1] if found else OrderedDict()
        self._caches.insert(0, (styles, rows))
        del self._caches[STYLE_SETS:]
        self._row_cache = rows

    def row(
        self,
        line: DisplayLine,
        width: int,
        annotations: Callable[[], Sequence[Annotation]],
        styles: RowStyles,
        marks: Marks,
    ) -> Strip:
        """The row `line`, `width` cells wide; cached if no live mark is on it. `annotations`
        gives those on the line, and is called only if the row is painted."""
        self._use(styles)
        if marks.on(line):
            return self._paint(line, width, annotations(), styles, marks)
        key = (line.start, width)
        cache = self._row_cache
        cached = cache.get(key)
        if cached is not None:
            cache.move_to_end(key)
            return cached[1]
        strip = self._paint(line, width, annotations(), styles, marks)
        cache[key] = (line.end, strip)
        if len(cache) > ROW_CACHE_SIZE:
            cache.popitem(last=False)
        return strip

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
        covering = _Covering(annotations)
        segments = []
        for low, high in pairwise(sorted(points)):
            marked = low < content_end  # a soft break's trailing space is never coloured
            style = text_style
            if runs:
                style += self._flags_style(_flags_at(runs, low), styles)
            if marked:
                style = self._marked_style(low, style, covering, styles, selection)
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
        covering: _Covering,
        styles: RowStyles,
        selection: Selection | None,
    ) -> Style:
        """`style` with the highlights covering `offset`, then the selection if it does."""
        covering.advance(offset)
        if covering.active:
            style += self._highlight_style(covering)
        if selection is not None and selection.start <= offset < selection.end:
            style += styles.selection
        return style

    def _highlight_style(self, covering: _Covering) -> Style:
        """The label colour, always underlined (legible without colour).

        Where highlights overlap, the two innermost colours are mixed and the text is bold, so
        the overlap, and where each highlight begins and ends, stay visible.
        """
        active = covering.active
        key = (
            tuple(entry[4] for entry in active[:2]),
            covering.noted > 0,
            len(active) > 1,
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


_Entry = tuple[int, int, str, int, int, bool]
"""A covering highlight, innermost first: (length, -start, id, end, label, has a note)."""


class _Covering:
    """The highlights covering an offset of a row, as the offsets asked for increase: the
    row's highlights (in start order) enter as their start is passed and leave at their end,
    kept sorted innermost (shortest, then latest) first, so a segment costs no scan."""

    def __init__(self, annotations: Sequence[Annotation]) -> None:
        self._pending = annotations
        self._next = 0
        self._ends: list[tuple[int, _Entry]] = []  # a heap: the next to leave first
        self.active: list[_Entry] = []
        self.noted = 0

    def advance(self, offset: int) -> None:
        """Make `active` the highlights covering `offset` (never less than the last one)."""
        pending, active, ends = self._pending, self.active, self._ends
        while self._next < len(pending) and pending[self._next].start <= offset:
            a = pending[self._next]
            self._next += 1
            if a.end > offset:
                entry = (a.end - a.start, -a.start, a.id, a.end, a.label, a.has_note)
                insort(active, entry)
                heappush(ends, (a.end, entry))
                self.noted += entry[5]
        while ends and ends[0][0] <= offset:
            entry = heappop(ends)[1]
            active.remove(entry)
            self.noted -= entry[5]


def _block_style(kind: int, markdown: dict[str, Style]) -> Style:
    name = _KIND_CLASSES.get(kind, "article--heading" if is_heading(kind) else "")
    return markdown[name] if name else Style()


def _flags_at(runs: Sequence[tuple[int, int, int]], offset: int) -> int:
    for start, end, flags in runs:
        if start <= offset < end:
            return flags
    return 0
