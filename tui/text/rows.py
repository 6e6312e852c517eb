"""The article's display rows at one width, wrapped a block at a time, only as they are needed.

A document of 10 MB has tens of thousands of paragraphs; wrapping them all before the first paint
costs time and memory for rows nobody looks at yet. `RowMap` keeps, per block, a height that is an
estimate until the block is wrapped, and the rows' running total in a Fenwick tree, so finding the
block at a row, or the first row of a block, costs O(log n) and refining one height is O(log n).
Each block is followed by one blank spacer row, except the last and those joined to the next
(the items of a tight Markdown list).

Refining a height moves every row below it; `on_refine` tells the owner (the article view), which
keeps what the user sees in place when the block was above the top of the screen.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from itertools import accumulate, repeat
from operator import add, floordiv, itemgetter, sub
from typing import Protocol, runtime_checkable

from tui.text.wrap import DisplayLine, effective_hang, wrap_block

Line = tuple[int, int]
RefineListener = Callable[[int, int, int], None]
HangWidth = Callable[[int], int]
"""The hanging indent of a block (by index), in cells, before `effective_hang`."""
"""(block index, first row of the block, change of its height in rows)."""

FOLD = 1
"""A block layout flag: the block's lines fold at the edge (code, tables: see `wrap_block`)."""
JOINED = 2
"""A block layout flag: no spacer row between the block and the next."""
_SPACER_OF_FLAGS = bytes(0 if flags & JOINED else 1 for flags in range(256))
_ONE = array("q", [1])
WRAPPED_BLOCKS_KEPT = 4096
"""How many blocks' wrapped lines are kept; an evicted block is wrapped again when needed."""


@runtime_checkable
class Spans(Protocol):
    """Blocks kept as arrays of offsets (`annotations.document.Blocks`): used as they are."""

    starts: array[int]
    ends: array[int]
    line_breaks: bool
    """Whether any block holds a line break (a plain text's never do: none is counted)."""


class RowMap:
    """The rows of `text`'s blocks at `width` cells, wrapped lazily (see the module docstring)."""

    _heights: array[int]
    _exact: bytearray
    _tree: _Fenwick

    def __init__(
        self,
        text: str,
        blocks: Sequence[Line] | Spans,
        width: int,
        layout: bytes = b"",
        hang: HangWidth | None = None,
    ) -> None:
        """`layout`: FOLD and JOINED flags, a byte per block (blocks past its end have none);
        `hang`: the hanging indent of the lines that continue a wrapped line of a block;
        `blocks`: (start, end) pairs, or arrays of them (`Spans`, not copied)."""
        self.text = text
        self.width = max(1, width)
        self._layout = layout
        self._hang = hang
        self._line_breaks = True
        if isinstance(blocks, Spans):  # first: Blocks is a Sequence too (of Block tuples)
            self._starts, self._ends = blocks.starts, blocks.ends
            self._line_breaks = blocks.line_breaks
        else:
            self._starts = array("q", map(itemgetter(0), blocks))
            self._ends = array("q", map(itemgetter(1), blocks))
        self._wrapped: OrderedDict[int, list[Line]] = OrderedDict()
        self.on_refine: RefineListener | None = None

    def __getattr__(self, name: str) -> object:
        """The heights and their tree are estimated when first needed: a map made for a width
        that changes before it is used (the article's, before its first layout) costs nothing."""
        if name not in ("_heights", "_exact", "_tree"):
            raise AttributeError(name)
        self._heights = self._estimates()
        self._exact = bytearray(len(self._starts))
        self._tree = _Fenwick(map(add, self._heights, self._spacers()))
        return getattr(self, name)

    # -- sizes

    @property
    def block_count(self) -> int:
        return len(self._starts)

    @property
    def total(self) -> int:
        """Rows in all (some heights may still be estimates)."""
        return self._tree.total()

    def first_row(self, block: int) -> int:
        """The row where `block` begins."""
        return self._tree.prefix(block)

    def height(self, block: int) -> int:
        return self._heights[block]

    def is_exact(self, block: int) -> bool:
        return bool(self._exact[block])

    # -- rows

    def locate(self, row: int) -> tuple[int, int]:
        """(block, row within it) for `row`, clamped to the rows there are; a row within equal
        to the block's height is its spacer."""
        if not self.block_count:
            return 0, 0
        row = min(max(row, 0), max(self.total - 1, 0))
        block = self._tree.find(row)
        return block, row - self.first_row(block)

    def line_at(self, row: int) -> DisplayLine | None:
        """The display line on `row` (None for a spacer), wrapping its block if need be.

        Wrapping may refine the block's height; the row is then looked up again, so the answer
        is always for the layout as it stands after the call.
        """
        block, within = self.locate(row)
        if not self.block_count:
            return None
        lines = self.lines(block)
        block, within = self.locate(row)
        lines = self.lines(block)
        if within >= len(lines):
            return None
        return self.line(block, within)

    def lines(self, block: int) -> list[Line]:
        """The display lines (start, end) of `block`, exact; refines its height."""
        cached = self._wrapped.get(block)
        if cached is not None:
            self._wrapped.move_to_end(block)
            return cached
        fold = block < len(self._layout) and bool(self._layout[block] & FOLD)
        start, end, width = self._starts[block], self._ends[block], self.width
        lines = wrap_block(self.text, start, end, width, fold=fold, hang=self.hang(block))
        self._wrapped[block] = lines
        if len(self._wrapped) > WRAPPED_BLOCKS_KEPT:
            self._wrapped.popitem(last=False)
        self._set_height(block, len(lines))
        return lines

    def wrap_all(self) -> None:
        """Wrap every block now (for a short document: the scrollbar is then exact at once)."""
        for block in range(self.block_count):
            self.lines(block)

    # -- offsets

    def block_of(self, offset: int) -> int:
        """The block holding `offset` (an offset between blocks goes with the one before)."""
        return max(bisect_right(self._starts, offset) - 1, 0)

    def position(self, offset: int) -> tuple[int, int]:
        """(block, line within the block) of the line holding `offset`."""
        block = self.block_of(offset)
        lines = self.lines(block)
        starts = [start for start, _ in lines]
        return block, max(bisect_right(starts, offset) - 1, 0)

    def row_of(self, offset: int) -> int:
        if not self.block_count:
            return 0
        block, line = self.position(offset)
        return self.first_row(block) + line

    def line(self, block: int, index: int) -> DisplayLine:
        start, end = self.lines(block)[index]
        continued = index > 0 and self.text[start - 1] != "\n"
        indent = self.hang(block) if continued else 0
        return DisplayLine(block, start, end, index == 0, indent)

    def hang(self, block: int) -> int:
        """The cells of hanging indent before a continued line of `block` at this width."""
        return 0 if self._hang is None else effective_hang(self._hang(block), self.width)

    def step(self, block: int, index: int, delta: int) -> tuple[int, int]:
        """The line `delta` lines after (or before) line `index` of `block`, across blocks
        (spacers are not lines), clamped to the first and last line of the document."""
        while delta > 0:
            remaining = len(self.lines(block)) - 1 - index
            if delta <= remaining:
                return block, index + delta
            if block + 1 >= self.block_count:
                return block, index + remaining
            delta -= remaining + 1
            block, index = block + 1, 0
        while delta < 0:
            if -delta <= index:
                return block, index + delta
            if block == 0:
                return 0, 0
            delta += index + 1
            block = block - 1
            index = len(self.lines(block)) - 1
        return block, index

    # -- heights

    def _estimates(self) -> array[int]:
        """About how many lines each block takes: its length over the width, less a little for
        the words that do not fit at a line end, and a line more for each hard line break.

        Computed with `map` over the offsets' arrays (no Python code per block: a 10 MB text
        has over 100,000 blocks), as `max(1, ceil(length / usable)) + newlines`; the line
        breaks are counted only in blocks that may hold some (`Spans.line_breaks`)."""
        usable = self.width - 4 if self.width > 12 else self.width
        rounded_up = map(add, self._ends, repeat(usable - 1))
        lines = array("q", map(floordiv, map(sub, rounded_up, self._starts), repeat(usable)))
        if lines and min(lines) < 1:  # only an empty block needs the max (none usually)
            lines = array("q", map(max, lines, repeat(1)))
        if not self._line_breaks:
            return lines
        breaks = map(self.text.count, repeat("\n"), self._starts, self._ends)
        return array("q", map(add, lines, breaks))

    def _spacers(self) -> array[int]:
        """1 for each block followed by a spacer row, else 0 (the last block, joined ones)."""
        count = len(self._starts)
        flags = self._layout[:count].translate(_SPACER_OF_FLAGS)
        spacers = array("q", iter(flags))  # an iterator: from bytes, array would copy raw bytes
        spacers.extend(_ONE * (count - len(flags)))  # repeated as memory, not a loop
        if count:
            spacers[-1] = 0
        return spacers

    def _set_height(self, block: int, height: int) -> None:
        self._exact[block] = 1
        delta = height - self._heights[block]
        if not delta:
            return
        self._heights[block] = height
        self._tree.add(block, delta)
        if self.on_refine is not None:
            self.on_refine(block, self.first_row(block), delta)


class _Fenwick:
    """Prefix sums of non-negative values with O(log n) update, prefix and search.

    The sums of the first values are kept in an array, made in one pass in C; the changes
    since are a Fenwick tree that starts as zeros (nothing to compute for 100,000 blocks).
    A node of the tree over the values is then the difference of two sums plus that node's
    change, which is all `find` needs."""

    def __init__(self, values: Iterable[int]) -> None:
        self._sums = array("q", accumulate(values, initial=0))
        self._size = len(self._sums) - 1
        self._changes = array("q", bytes(8 * (self._size + 1)))  # zeros, from bytes: no loop
        self._total = self._sums[-1]
        self._top = 1 << self._size.bit_length() if self._size else 0

    def total(self) -> int:
        return self._total

    def add(self, index: int, delta: int) -> None:
        self._total += delta
        index += 1
        while index <= self._size:
            self._changes[index] += delta
            index += index & -index

    def prefix(self, count: int) -> int:
        """The sum of the first `count` values."""
        total = self._sums[count]
        while count > 0:
            total += self._changes[count]
            count -= count & -count
        return total

    def find(self, target: int) -> int:
        """The index i with prefix(i) <= target < prefix(i + 1) (the last one if beyond)."""
        sums, changes = self._sums, self._changes
        position, remaining = 0, target
        step = self._top
        while step:
            following = position + step
            if following <= self._size:
                # The node `following` holds the values (position, following]: its low bit
                # is `step`, as `position` is a sum of larger powers of two.
                node = sums[following] - sums[position] + changes[following]
                if node <= remaining:
                    position = following
                    remaining -= node
            step >>= 1
        return min(position, self._size - 1)
