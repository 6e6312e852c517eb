"""The pieces `annotations.markdown_document` writes a Markdown document with: a block's text as
it grows (with its style runs), the containers around it (list items, quotes), and tables laid
out as aligned columns."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from annotations.markdown_styles import CODE, HTML, MARK

CELL_SEPARATOR = " │ "
HEADER_RULE_JOIN = "─┼─"


@dataclass
class BlockText:
    """One block being written: its pieces, its length so far and its style runs."""

    kind: int
    pieces: list[str] = field(default_factory=list)
    runs: list[tuple[int, int, int]] = field(default_factory=list)
    length: int = 0
    tight: bool = False
    """An item of a tight list (no blank row between it and the next item)."""

    def add(self, piece: str, flags: int = 0) -> None:
        if not piece:
            return
        if flags:
            self.runs.append((self.length, self.length + len(piece), flags))
        self.pieces.append(piece)
        self.length += len(piece)

    def extend(self, other: BlockText) -> None:
        """Append another block's text and runs (a table cell)."""
        base = self.length
        self.pieces.extend(other.pieces)
        self.runs.extend((base + start, base + end, flags) for start, end, flags in other.runs)
        self.length += other.length

    def ends_line(self) -> bool:
        return not self.pieces or self.pieces[-1].endswith("\n")

    def text(self) -> str:
        return "".join(self.pieces)

    def trimmed(self) -> BlockText:
        """Without trailing newlines (and spaces, but in code): no block ends with a break."""
        text = self.text()
        keep = len(text.rstrip("\n") if self.kind in (CODE, HTML) else text.rstrip("\n "))
        if keep == self.length:
            return self
        runs = [(s, min(e, keep), f) for s, e, f in self.runs if s < keep]
        return BlockText(self.kind, [text[:keep]], runs, keep, self.tight)


@dataclass
class Container:
    """A list item or a block quote around the blocks being written."""

    marker: str
    """What the first line of its first block starts with ("• ", "1. ", "│ ")."""
    flags: int
    continuation: str
    """What its other lines and blocks start with ("  ", "   ", "│ ")."""
    used: bool = False

    def first(self) -> tuple[str, int]:
        """The marker on the first line of the container's first block, then continuations."""
        if self.used:
            return self.continued()
        self.used = True
        return self.marker, self.flags

    def continued(self) -> tuple[str, int]:
        return self.continuation, self.flags if self.continuation.strip() else 0


def write_table(
    block: BlockText,
    rows: Sequence[Sequence[BlockText]],
    aligns: Sequence[str],
    header: bool,
    new_line: Callable[[BlockText], None],
) -> None:
    """The rows of cells as aligned columns, one line per row, separated by ` │ `, with a rule
    under the header; `aligns` per column ("left", "center", "right" or ""); `new_line` breaks
    the block's line (with the prefix of the containers around it)."""
    cell_widths = [[cell_width(cell.text()) for cell in cells] for cells in rows]
    widths = [0] * max(len(cells) for cells in rows)
    for row_widths in cell_widths:
        for column, width in enumerate(row_widths):
            widths[column] = max(widths[column], width)
    for number, cells in enumerate(rows):
        if number:
            new_line(block)
        _write_row(block, cells, cell_widths[number], widths, aligns)
        if number == 0 and header:
            new_line(block)
            block.add(HEADER_RULE_JOIN.join("─" * width for width in widths), MARK)


def _write_row(
    block: BlockText,
    cells: Sequence[BlockText],
    cell_widths: Sequence[int],
    widths: list[int],
    aligns: Sequence[str],
) -> None:
    line_start = len(block.pieces)
    for column, width in enumerate(widths):
        if column:
            block.add(CELL_SEPARATOR, MARK)
        align = aligns[column] if column < len(aligns) else ""
        space = width - (cell_widths[column] if column < len(cells) else 0)
        before = space if align == "right" else space // 2 if align == "center" else 0
        block.add(" " * before)
        if column < len(cells):
            block.extend(cells[column])
        block.add(" " * (space - before))
    while len(block.pieces) > line_start and not block.pieces[-1].strip(" "):
        block.length -= len(block.pieces.pop())  # the padding after the last cell (no runs)


def cell_width(text: str) -> int:
    """Terminal cells of `text`: wide (East Asian wide or full-width) characters take two,
    combining marks and format characters none, every other character (controls too, which
    the reader shows as one-cell pictures) one."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if char.isascii():
            width += 1
        elif unicodedata.east_asian_width(char) in "WF":
            width += 2
        elif unicodedata.category(char) not in ("Mn", "Me", "Cf"):
            width += 1
    return width
