"""How a Markdown document is drawn: a kind per block and style runs over its normalised text.

The text of a Markdown document is what the reader shows (see `annotations.markdown_document`);
this is the rest: whether a block is a heading (and of which level), a list item, code, a quote,
a table, a rule or raw HTML, and which stretches of the text are emphasised, strong, inline code,
links, image descriptions or markers (bullets, quote bars, table rules).

Documents reach 10 MB, so nothing here is an object per character or per run: the kinds are one
byte per block, the runs three flat arrays (start, end, flags), sorted, never overlapping (a
stretch that is both strong and a link is one run with both flags), so the runs of a display line
are found with one bisection.

`to_json`/`from_json` keep them in the store (the `styles` column of `documents`), so a document
opened from its stored copy is drawn as it was; a stored value that does not fit the text is
ignored (the text is then drawn plain) rather than trusted.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate
from operator import add, sub
from typing import Final

# Block kinds (one byte per block); 1-6 are the heading levels.
PARAGRAPH = 0
LIST_ITEM = 7
CODE = 8
QUOTE = 9
TABLE = 10
RULE = 11
HTML = 12
KIND_NAMES = {PARAGRAPH: "paragraph", LIST_ITEM: "list item", CODE: "code", QUOTE: "quote",
              TABLE: "table", RULE: "rule", HTML: "html"}  # fmt: skip
KIND_NAMES.update({level: f"heading {level}" for level in range(1, 7)})
FOLDED_KINDS = frozenset({CODE, TABLE, RULE, HTML})
"""Blocks whose lines are never re-wrapped: a line wider than the screen folds at its edge."""

# Run flags (a bit each; a run may carry several).
EMPHASIS = 1
STRONG = 2
CODE_SPAN = 4
LINK = 8
MARK = 16
"""Quote bars, table separators and rules, thematic breaks: drawn dim."""
IMAGE = 32
RAW_HTML = 64
BULLET = 128

MAX_HANG = 40
"""A hanging indent is at most this many cells (deeper nesting wraps without one)."""
TIGHT = 0x80
"""Added to a block's kind: no blank row after it (an item of a tight list before another)."""
_FORMAT_VERSION = 1
_FOLD, _JOINED = 1, 2  # tui.text.rows.FOLD and JOINED


def is_heading(kind: int) -> bool:
    return 1 <= kind <= 6


class DocumentStyles:
    """The kind of each block and the style runs of a document's text (see the module doc).

    A plain class, not a dataclass (~0.5 ms to create at import): equal only to itself, as the
    `eq=False` dataclass it was; its attributes are Final (mypy keeps them unchanged)."""

    __slots__ = ("ends", "flags", "kinds", "starts")

    def __init__(self, kinds: bytes, starts: array[int], ends: array[int], flags: bytes) -> None:
        self.kinds: Final = kinds
        self.starts: Final = starts
        self.ends: Final = ends
        self.flags: Final = flags

    def __repr__(self) -> str:
        return f"DocumentStyles({len(self.kinds)} blocks, {len(self.flags)} runs)"

    @classmethod
    def build(cls, kinds: Iterable[int], runs: Iterable[tuple[int, int, int]]) -> DocumentStyles:
        """From block kinds and runs (start, end, flags) in text order, none overlapping;
        empty runs and runs without flags are left out, touching runs of equal flags merged."""
        starts, ends, flags = array("q"), array("q"), bytearray()
        for start, end, flag in runs:
            if end <= start or not flag:
                continue
            if flags and ends[-1] == start and flags[-1] == flag:
                ends[-1] = end
                continue
            starts.append(start)
            ends.append(end)
            flags.append(flag)
        return cls(bytes(kinds), starts, ends, bytes(flags))

    def kind(self, block_index: int) -> int:
        if 0 <= block_index < len(self.kinds):
            return self.kinds[block_index] & ~TIGHT
        return PARAGRAPH

    def layout(self) -> bytes:
        """One byte per block for the reader's layout: 1 if its lines fold at the edge instead
        of wrapping, plus 2 if no blank row follows it."""
        return bytes(
            (_FOLD if kind & ~TIGHT in FOLDED_KINDS else 0) | (_JOINED if kind & TIGHT else 0)
            for kind in self.kinds
        )

    def hang(self, text: str, start: int, end: int) -> str:
        """The hanging indent of the block text[start:end]: what the reader draws before the
        rest of a wrapped line so it stays inside its list item or quote. It is the block's
        leading list indentation and quote bars, with bullets and numbers as spaces ("  ◦ x"
        gives "    ", "│ • x" gives "│   "); "" for a block with none."""
        pieces: list[str] = []
        position, limit = start, min(end, start + MAX_HANG)
        index = bisect_right(self.ends, start)
        while position < limit:
            if index < len(self.starts) and self.starts[index] <= position:
                piece, flag = text[position : self.ends[index]], self.flags[index]
                if flag & BULLET:
                    pieces.append(" " * len(piece))
                elif flag == MARK and not piece.strip("│ "):
                    pieces.append(piece)
                else:
                    break
                position, index = self.ends[index], index + 1
                continue
            following = self.starts[index] if index < len(self.starts) else end
            gap = text[position : min(following, limit)]
            spaces = len(gap) - len(gap.lstrip(" "))
            pieces.append(" " * spaces)
            if spaces < len(gap) or not spaces:
                break
            position += spaces
        return "".join(pieces)

    def runs_in(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """The runs that overlap text[start:end], clipped to it."""
        found = []
        index = bisect_right(self.ends, start)
        while index < len(self.starts) and self.starts[index] < end:
            found.append((max(start, self.starts[index]), min(end, self.ends[index]),
                          self.flags[index]))  # fmt: skip
            index += 1
        return found

    def to_json(self) -> str:
        """A compact text form: the kinds as hex, the runs as (gap, length, flags) triples."""
        deltas: list[int] = []
        previous = 0
        for start, end, flag in zip(self.starts, self.ends, self.flags, strict=True):
            deltas.extend((start - previous, end - start, flag))
            previous = end
        import json  # here: the first screen of a plain text needs no json

        return json.dumps({"v": _FORMAT_VERSION, "kinds": self.kinds.hex(), "runs": deltas},
                          separators=(",", ":"))  # fmt: skip

    @classmethod
    def from_json(cls, value: str, text_length: int, block_count: int) -> DocumentStyles | None:
        """The styles stored by `to_json`, or None if they are not that or do not fit a text of
        `text_length` code points in `block_count` blocks."""
        import json  # here: the first screen of a plain text needs no json

        try:
            data = json.loads(value)
            kinds = bytes.fromhex(data["kinds"])
            deltas = data["runs"]
            valid = data["v"] == _FORMAT_VERSION and isinstance(deltas, list)
        except (ValueError, TypeError, KeyError, RecursionError):  # a damaged or hostile cell
            return None
        if not valid or len(kinds) != block_count or len(deltas) % 3:
            return None
        if not set(map(type, deltas)) <= {int} or (deltas and min(deltas) < 0):
            return None
        lengths, flags = deltas[1::3], deltas[2::3]
        if any(kind & ~TIGHT > HTML for kind in kinds) or (flags and max(flags) > 255):
            return None
        try:
            ends = array("q", accumulate(map(add, deltas[0::3], lengths)))
        except OverflowError:
            return None
        if ends and ends[-1] > text_length:
            return None
        starts = array("q", map(sub, ends, lengths))
        if lengths and (min(lengths) == 0 or min(flags) == 0):  # not as to_json writes them
            return cls.build(kinds, zip(starts, ends, flags, strict=True))
        return cls(kinds, starts, ends, bytes(flags))
