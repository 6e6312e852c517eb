"""Cell-aware soft wrap of the normalised text into display lines.

A display line is a span of code-point offsets; the lines of a block cover it with no gap and
no overlap. Lines break after a run of spaces (U+0020 only: a no-break space never breaks) and
around wide (two-cell) clusters, so CJK text breaks between any two characters; a word longer
than the width is cut at a cluster boundary. The spaces at a soft break stay at the end of the
line they end and may hang past the width: the renderer crops them.

Cluster widths are those of `tui.text.graphemes.grapheme_spans` (Rich's, with a control character
such as "\\t" counted as one cell, since the article widget shows it as a one-cell glyph).

A "\\n" inside a block (a Markdown code block, table or hard line break) is a hard line break:
the lines on either side of it are wrapped on their own, and the newline belongs to no line (it
lies between the two). Lines of a folded block (code, tables) are never broken at spaces: a line
wider than the width is cut at the cluster that crosses the edge. A block with a hanging indent
(a Markdown list item or quote: `hang` cells) has the lines that continue a wrapped line that
much narrower; the reader draws the indent before them (`DisplayLine.indent`).

The reader rewraps everything on resize, so a block of narrow characters (ASCII, Latin, Greek,
Cyrillic, typographic quotes: one cell per code point) is wrapped with `str.rfind` arithmetic;
only blocks with other characters are split into clusters.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from tui.text.graphemes import Span, grapheme_spans, is_narrow

_SPACES = re.compile(" *")


@dataclass(frozen=True, slots=True)
class DisplayLine:
    """One display line: text[start:end] of block number `block_index` (0-based)."""

    block_index: int
    start: int
    end: int
    first: bool
    indent: int = 0
    """Cells the reader draws before the line: the hanging indent of a wrapped line's rest."""


def effective_hang(hang: int, width: int) -> int:
    """The hanging indent actually used at `width`: none if it would take half the width."""
    return hang if hang > 0 and hang * 2 <= width else 0


def wrap_block(
    text: str, start: int, end: int, width: int, *, fold: bool = False, hang: int = 0
) -> list[tuple[int, int]]:
    """The display lines (start, end) of the block text[start:end] at `width` cells (>= 1).

    A line is at most `width` cells wide, not counting the spaces it ends with, unless it is a
    single cluster wider than `width`. An empty block is one empty line. A "\\n" ends a line;
    with `fold`, lines are cut at the width instead of wrapped at spaces. A line that continues
    a wrapped line is `effective_hang(hang, width)` cells narrower (the reader indents it).
    """
    if width < 1:
        raise ValueError(f"width must be at least 1, not {width}")
    if start >= end:
        return [(start, start)]
    rest = width - effective_hang(hang, width)
    newline = text.find("\n", start, end)
    if newline == -1:
        return _wrap_line(text, start, end, (width, rest), fold)
    lines: list[tuple[int, int]] = []
    while newline != -1:
        lines.extend(_wrap_line(text, start, newline, (width, rest), fold))
        start = newline + 1
        newline = text.find("\n", start, end)
    lines.extend(_wrap_line(text, start, end, (width, rest), fold))
    return lines


Widths = tuple[int, int]
"""The width of a line's first display line, and of the others."""


def _wrap_line(
    text: str, start: int, end: int, widths: Widths, fold: bool
) -> list[tuple[int, int]]:
    """The display lines of text[start:end], which holds no newline."""
    if start >= end:
        return [(start, start)]
    narrow = is_narrow(text[start:end])
    if fold:
        if narrow:
            first, rest = widths
            cuts = [start, *range(min(start + first, end), end, rest)]
            return [(low, min(high, end)) for low, high in zip(cuts, [*cuts[1:], end], strict=True)]
        return _fold_spans(grapheme_spans(text, start, end), start, end, widths)
    if narrow:
        return _wrap_narrow(text, start, end, widths)
    return _wrap_spans(text, grapheme_spans(text, start, end), start, end, widths)


def _fold_spans(
    spans: Sequence[Span], start: int, end: int, widths: Widths
) -> list[tuple[int, int]]:
    """Cut before the cluster that would cross the width (a lone wider cluster stays whole)."""
    width, rest = widths
    lines = []
    line_start, cells = start, 0
    for span_start, _, span_width in spans:
        if cells + span_width > width and span_start > line_start:
            lines.append((line_start, span_start))
            line_start, cells, width = span_start, 0, rest
        cells += span_width
    lines.append((line_start, end))
    return lines


def _wrap_narrow(text: str, start: int, end: int, widths: Widths) -> list[tuple[int, int]]:
    """Wrap a block where every code point is a one-cell cluster."""
    width, rest = widths
    lines = []
    position = start
    while end - position > width:
        limit = position + width
        if text[limit] == " ":
            match = _SPACES.match(text, limit, end)
            stop = end if match is None else match.end()
            if stop == end:
                break
        else:
            space = text.rfind(" ", position, limit)
            stop = limit if space == -1 else space + 1
        lines.append((position, stop))
        position, width = stop, rest
    lines.append((position, end))
    return lines


def _wrap_spans(
    text: str, spans: Sequence[Span], start: int, end: int, widths: Widths
) -> list[tuple[int, int]]:
    """Greedy wrap over clusters; `brk` is the last break opportunity in the current line."""
    width, rest = widths
    lines = []
    line_start, cells = start, 0
    brk, brk_cells = start, 0
    for span_start, span_end, span_width in spans:
        if text[span_start] == " ":
            cells += span_width
            brk, brk_cells = span_end, cells
            continue
        wide = span_width > 1
        if cells + span_width > width and span_start > line_start:
            if wide:
                brk, brk_cells = span_start, cells
            if brk > line_start:
                lines.append((line_start, brk))
                line_start, cells, width = brk, cells - brk_cells, rest
            if cells + span_width > width and span_start > line_start:
                lines.append((line_start, span_start))
                line_start, cells, width = span_start, 0, rest
            brk, brk_cells = line_start, 0
        cells += span_width
        if wide:
            brk, brk_cells = span_end, cells
    lines.append((line_start, end))
    return lines


def wrap_document(
    text: str, blocks: Sequence[tuple[int, int]], width: int, folded: bytes = b""
) -> list[DisplayLine]:
    """The display lines of every block (start, end) of `text`, in order; `folded` has a
    non-zero byte for each block that folds (see `wrap_block`)."""
    lines: list[DisplayLine] = []
    for index, (start, end) in enumerate(blocks):
        fold = index < len(folded) and bool(folded[index])
        wrapped = wrap_block(text, start, end, width, fold=fold)
        for number, (line_start, line_end) in enumerate(wrapped):
            lines.append(DisplayLine(index, line_start, line_end, number == 0))
    return lines


def line_index_at(lines: Sequence[DisplayLine], offset: int) -> int:
    """The index of the display line holding `offset` (a separator goes with the line before).

    `lines` must be non-empty and in text order, as `wrap_document` returns them.
    """
    return max(bisect_right(lines, offset, key=_line_start) - 1, 0)


def _line_start(line: DisplayLine) -> int:
    return line.start


def column_of(text: str, line: tuple[int, int], offset: int) -> int:
    """The cell column of the cluster holding `offset` in `line` (clamped to the line).

    The line end gives the line's width in cells.
    """
    start, end = line
    offset = min(max(offset, start), end)
    if is_narrow(text[start : min(offset + 1, end)]):
        return offset - start
    return sum(
        width for _, span_end, width in grapheme_spans(text, start, end) if span_end <= offset
    )


def offset_at_column(text: str, line: tuple[int, int], column: int) -> int:
    """The start of the cluster covering cell `column` of `line`, clamped to the line.

    A column past the end gives the last cluster (never the line end, which may be a newline);
    an empty line gives its start.
    """
    start, end = line
    if start >= end:
        return start
    if is_narrow(text[start:end]):
        return start + min(max(column, 0), end - start - 1)
    chosen, cells = start, 0
    for span_start, _, width in grapheme_spans(text, start, end):
        if cells > column:
            break
        chosen, cells = span_start, cells + width
    return chosen
