"""Vim-like cursor motions over the normalised text, as pure functions on code-point offsets.

The text is the document's normalised text: blocks joined by exactly "\\n\\n"; a block may hold
single newlines (a Markdown code block, table or hard line break), which are blanks between its
lines: word motions cross them, `{`/`}` and sentences do not stop at them. A cursor sits ON a
character (vim normal mode): it is in [0, len(text) - 1] for a non-empty text (0 for an empty
one), on the first code point of a grapheme cluster (see `tui.text.graphemes`), and never on a
"\\n" (the only exception is a text made of newlines only, which normalisation never produces).

Documents can be 10 MB, possibly in a single block, so no call splits or regex-scans the whole
text or block: clusters are split in small windows, and searches run with `pos`/`endpos` from
the cursor outwards. Only the block bounds come from `str.find`/`str.rfind` of "\\n\\n" (C speed:
under 1 ms for a 10 MB block).
"""

from __future__ import annotations

import re

from tui.text.graphemes import (
    CHUNK,
    ceil_boundary,
    is_boundary,
    span_at,
    spans_backward,
    spans_forward,
)

_BLANK, _WORD, _PUNCT = 0, 1, 2
_CLOSERS = ")]\"'’”"
_SENTENCE_END = re.compile(r"[.!?][)\]\"'’”]*[^\S\n\xa0\u2007\u202f]+")
"""A sentence end and the whitespace after it (non-breaking spaces do not end a sentence)."""
_SENTENCE_CHARS = frozenset(".!?" + _CLOSERS)


def _char_class(char: str) -> int:
    if char.isspace():
        return _BLANK
    if char.isalnum() or char == "_":
        return _WORD
    return _PUNCT


def _block_bounds(text: str, position: int) -> tuple[int, int]:
    """The block around `position` (not on a separator): between the "\\n\\n" around it."""
    before = text.rfind("\n\n", 0, position)
    end = text.find("\n\n", position)
    return (0 if before == -1 else before + 2), len(text) if end == -1 else end


def _last_cursor(text: str) -> int:
    index = len(text) - 1
    while index > 0 and text[index] == "\n":
        index -= 1
    return span_at(text, index)[0] if index >= 0 else 0


def clamp_cursor(text: str, offset: int) -> int:
    """Move `offset` into the text, off newlines (forward to the next block, else back) and
    back to the start of its cluster."""
    length = len(text)
    if length == 0:
        return 0
    position = min(max(offset, 0), length - 1)
    if text[position] == "\n":
        forward = position
        while forward < length and text[forward] == "\n":
            forward += 1
        if forward == length:
            return _last_cursor(text)
        position = forward
    return span_at(text, position)[0]


def next_char(text: str, offset: int) -> int:
    """`l`: the next cluster, jumping over a block separator; stays on the last character."""
    if not text:
        return 0
    position = clamp_cursor(text, offset)
    index = span_at(text, position)[1]
    while index < len(text) and text[index] == "\n":
        index += 1
    return index if index < len(text) else position


def prev_char(text: str, offset: int) -> int:
    """`h`: the previous cluster, jumping back over a block separator; stays at the start."""
    if not text:
        return 0
    position = clamp_cursor(text, offset)
    index = position - 1
    while index >= 0 and text[index] == "\n":
        index -= 1
    return span_at(text, index)[0] if index >= 0 else position


def word_forward(text: str, offset: int) -> int:
    """`w`: the start of the next word; the last character if there is none.

    A word is a run of letters, digits and "_" (any script, CJK included) or a run of other
    non-blank characters; blanks (newlines included) separate words. A cluster's class is that
    of its first code point.
    """
    if not text:
        return 0
    position = clamp_cursor(text, offset)
    kind = _char_class(text[position])
    crossed_blank = False
    for start, _, _ in spans_forward(text, span_at(text, position)[1]):
        char_class = _char_class(text[start])
        if char_class == _BLANK:
            crossed_blank = True
        elif crossed_blank or char_class != kind:
            return clamp_cursor(text, start)
    return _last_cursor(text)


def word_end(text: str, offset: int) -> int:
    """`e`: the last cluster of the word after the cursor (moves at least one cluster)."""
    if not text:
        return 0
    position = clamp_cursor(text, offset)
    kind: int | None = None
    last = _last_cursor(text)
    for start, _, _ in spans_forward(text, span_at(text, position)[1]):
        char_class = _char_class(text[start])
        if kind is None:
            if char_class != _BLANK:
                kind, last = char_class, start
        elif char_class == kind:
            last = start
        else:
            break
    return clamp_cursor(text, last)


def word_backward(text: str, offset: int) -> int:
    """`b`: the first cluster of the word before the cursor (moves at least one cluster)."""
    if not text:
        return 0
    position = clamp_cursor(text, offset)
    kind: int | None = None
    first = 0
    for start, _, _ in spans_backward(text, position):
        char_class = _char_class(text[start])
        if kind is None:
            if char_class != _BLANK:
                kind, first = char_class, start
        elif char_class == kind:
            first = start
        else:
            break
    return clamp_cursor(text, first)


def word_span(text: str, offset: int) -> tuple[int, int] | None:
    """The word under the cursor (start, end exclusive); None when the cursor is on a blank."""
    if not text:
        return None
    position = clamp_cursor(text, offset)
    kind = _char_class(text[position])
    if kind == _BLANK:
        return None
    start = position
    for span in spans_backward(text, position):
        if _char_class(text[span[0]]) != kind:
            break
        start = span[0]
    end = position
    for span in spans_forward(text, position):
        if _char_class(text[span[0]]) != kind:
            break
        end = span[1]
    return start, end


def _sentence_scan_start(text: str, position: int, block_start: int) -> int:
    """Back off `position` to where no sentence end (`.`, closers, blanks) can straddle it."""
    while position > block_start and (
        text[position - 1] in _SENTENCE_CHARS or text[position - 1].isspace()
    ):
        position -= 1
    return position


def _sentence_start_after(text: str, position: int, block: tuple[int, int]) -> int | None:
    """The first sentence start after `position` inside its block, or None."""
    block_start, block_end = block
    scan = _sentence_scan_start(text, position, block_start)
    for match in _SENTENCE_END.finditer(text, scan, block_end):
        if match.end() >= block_end:
            return None
        if match.end() > position:
            return match.end()
    return None


def _sentence_start_at_or_before(text: str, position: int, block_start: int) -> int:
    """The last sentence start <= `position` in its block, searched in growing windows."""
    high, size = position, CHUNK
    while True:
        low = _sentence_scan_start(text, max(block_start, high - size), block_start)
        ends = [
            match.end()
            for match in _SENTENCE_END.finditer(text, low, high + 1)
            if match.end() <= high
        ]
        if ends:
            return ends[-1]
        if low == block_start:
            return block_start
        high, size = low, size * 2


def sentence_forward(text: str, offset: int) -> int:
    """`)`: the start of the next sentence (a block start is one); the last character if none.

    A sentence ends at `.`, `!` or `?`, then optional closers `)]"'’”`, then whitespace or the
    end of the block. Like vim, "Mr. Smith" counts as two sentences.
    """
    if not text:
        return 0
    position = clamp_cursor(text, offset)
    block = _block_bounds(text, position)
    following = _sentence_start_after(text, position, block)
    if following is not None:
        return clamp_cursor(text, following)
    if block[1] < len(text):
        return clamp_cursor(text, block[1])
    return _last_cursor(text)


def sentence_backward(text: str, offset: int) -> int:
    """`(`: the start of the current sentence, or of the previous one if already at its start."""
    if not text:
        return 0
    position = clamp_cursor(text, offset)
    block_start, _ = _block_bounds(text, position)
    start = clamp_cursor(text, _sentence_start_at_or_before(text, position, block_start))
    if start < position:
        return start
    index = position - 1
    while index >= 0 and text[index] == "\n":
        index -= 1
    if index < 0:
        return position
    previous_block_start, _ = _block_bounds(text, index)
    return clamp_cursor(text, _sentence_start_at_or_before(text, index, previous_block_start))


def sentence_span(text: str, offset: int) -> tuple[int, int]:
    """The sentence under the cursor (start, end exclusive, without its trailing whitespace).

    On the whitespace after a sentence, that sentence (the span then ends before the cursor).
    """
    if not text:
        return 0, 0
    position = clamp_cursor(text, offset)
    block = _block_bounds(text, position)
    start = clamp_cursor(text, _sentence_start_at_or_before(text, position, block[0]))
    following = _sentence_start_after(text, start, block)
    end = block[1] if following is None else following
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, ceil_boundary(text, end)


def paragraph_forward(text: str, offset: int) -> int:
    """`}`: the start of the next block; the last character if this is the last block."""
    if not text:
        return 0
    _, block_end = _block_bounds(text, clamp_cursor(text, offset))
    if block_end < len(text):
        return clamp_cursor(text, block_end)
    return _last_cursor(text)


def paragraph_backward(text: str, offset: int) -> int:
    """`{`: the start of this block, or of the previous one if already at this block's start."""
    if not text:
        return 0
    position = clamp_cursor(text, offset)
    block_start, _ = _block_bounds(text, position)
    if position > block_start or block_start == 0:
        return clamp_cursor(text, block_start)
    index = block_start - 1
    while index >= 0 and text[index] == "\n":
        index -= 1
    if index < 0:
        return position
    return clamp_cursor(text, _block_bounds(text, index)[0])


def block_span(text: str, offset: int) -> tuple[int, int]:
    """The block holding `offset` (start, end exclusive); a separator belongs to the next one."""
    if not text:
        return 0, 0
    return _block_bounds(text, clamp_cursor(text, offset))


def _search_pattern(needle: str, case_sensitive: bool) -> re.Pattern[str]:
    """Smart case: case-insensitive unless forced or the needle has an uppercase letter."""
    sensitive = case_sensitive or any(char.isupper() for char in needle)
    return re.compile(re.escape(needle), 0 if sensitive else re.IGNORECASE)


def _is_whole_match(text: str, start: int, end: int) -> bool:
    """A match must not start on a newline nor split a cluster at either end."""
    return text[start] != "\n" and is_boundary(text, start) and is_boundary(text, end)


def _first_match(text: str, pattern: re.Pattern[str], low: int, high: int) -> int | None:
    """The first whole match starting in [low, high)."""
    position = low
    while position < high:
        match = pattern.search(text, position)
        if match is None or match.start() >= high:
            return None
        if _is_whole_match(text, match.start(), match.end()):
            return match.start()
        position = match.start() + 1
    return None


def _last_match(
    text: str, pattern: re.Pattern[str], length: int, low: int, high: int
) -> int | None:
    """The last whole match starting in [low, high), searched in growing windows backwards.

    A match of an escaped literal is exactly `length` code points long, even ignoring case.
    """
    size = 1024
    while high > low:
        bottom = max(low, high - size)
        endpos = min(len(text), high - 1 + length)
        found = None
        match = pattern.search(text, bottom, endpos)
        while match is not None and match.start() < high:
            if _is_whole_match(text, match.start(), match.end()):
                found = match.start()
            match = pattern.search(text, match.start() + 1, endpos)
        if found is not None:
            return found
        high, size = bottom, size * 2
    return None


def find_forward(text: str, needle: str, offset: int, case_sensitive: bool = False) -> int | None:
    """The first match starting strictly after the cursor, wrapping around; None if none.

    The match may be the one at the cursor itself when it is the only one. Smart case unless
    `case_sensitive`. A match never splits a grapheme cluster.
    """
    if not needle or not text:
        return None
    pattern = _search_pattern(needle, case_sensitive)
    position = clamp_cursor(text, offset)
    found = _first_match(text, pattern, position + 1, len(text))
    return found if found is not None else _first_match(text, pattern, 0, position + 1)


def find_backward(text: str, needle: str, offset: int, case_sensitive: bool = False) -> int | None:
    """The last match starting strictly before the cursor, wrapping around; None if none."""
    if not needle or not text:
        return None
    pattern = _search_pattern(needle, case_sensitive)
    position = clamp_cursor(text, offset)
    found = _last_match(text, pattern, len(needle), 0, position)
    if found is not None:
        return found
    return _last_match(text, pattern, len(needle), position, len(text))
