"""Vim-like cursor motions over the normalised text, as pure functions on code-point offsets.

The text is the document's normalised text: blocks joined by exactly "\\n\\n", no other newline.
A cursor sits ON a character (vim normal mode): it is in [0, len(text) - 1] for a non-empty text
(0 for an empty one), on the first code point of a grapheme cluster, and never on a "\\n" (the
only exception is a text made of newlines only, which normalisation never produces).

Grapheme clusters come from `rich.cells.split_graphemes`, with two adjustments so the reader
agrees with itself everywhere: a control character (C0/C1, e.g. "\\t") is a cluster of its own,
one cell wide (the article widget replaces control characters with a one-cell glyph for display),
and a pair of regional indicators (a flag) is one cluster. Every "\\n" is thus a cluster of its
own, so no cluster crosses a block boundary.

Documents can be 10 MB, possibly in a single block, so no call splits or regex-scans the whole
text or block: clusters are split in small windows that start and end at "safe" positions (see
`_is_safe`), and searches run with `pos`/`endpos` from the cursor outwards. Only the block bounds
come from `str.find`/`str.rfind` of "\n" (C speed: under 1 ms for a 10 MB block).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rich.cells import get_character_cell_size, split_graphemes

Span = tuple[int, int, int]
"""A grapheme cluster: (start, end, cell width), offsets into the whole text, end exclusive."""

ZWJ = "\u200d"
VS16 = "\ufe0f"
_CHUNK = 256
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_REGIONAL = re.compile("[\U0001f1e6-\U0001f1ff]")
_BLANK, _WORD, _PUNCT = 0, 1, 2
_CLOSERS = ")]\"'’”"
_SENTENCE_END = re.compile(r"[.!?][)\]\"'’”]*[^\S\n\xa0\u2007\u202f]+")
"""A sentence end and the whitespace after it (non-breaking spaces do not end a sentence)."""
_SENTENCE_CHARS = frozenset(".!?" + _CLOSERS)


def _is_control(char: str) -> bool:
    code = ord(char)
    return code < 0x20 or 0x7F <= code < 0xA0


def _is_regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def _build_narrow() -> frozenset[str]:
    """Code points that always form a one-cell cluster of their own when followed by another.

    Only a candidate list (Latin, Greek, Cyrillic, general punctuation) is checked: the set is a
    fast path, and a string of these characters has one cluster per code point.
    """
    ranges = ((0x00, 0x2FF), (0x370, 0x52F), (0x2010, 0x205E))
    chars = set()
    for low, high in ranges:
        for code in range(low, high + 1):
            char = chr(code)
            if _is_control(char) or (
                get_character_cell_size(char) == 1 and char not in (ZWJ, VS16)
            ):
                chars.add(char)
    return frozenset(chars)


_NARROW = _build_narrow()


def is_narrow(text: str) -> bool:
    """True if every code point of `text` is a one-cell grapheme cluster of its own."""
    return _NARROW.issuperset(text)


def _extends(char: str) -> bool:
    """True if `char` joins the cluster before it (zero width, ZWJ or VS16)."""
    if char in (ZWJ, VS16):
        return True
    return not _is_control(char) and get_character_cell_size(char) == 0


def _is_safe(text: str, position: int) -> bool:
    """True if a cluster certainly starts at `position`, whatever comes before it.

    Splitting may start or stop at a safe position and still agree with a split of the whole
    text: the character there is a base character that nothing before it can absorb.
    """
    if position <= 0 or position >= len(text):
        return True
    char, before = text[position], text[position - 1]
    if before == ZWJ or _extends(char):
        return False
    return not (_is_regional(char) and _is_regional(before))


def _safe_start(text: str, position: int) -> int:
    while not _is_safe(text, position):
        position -= 1
    return position


def _safe_end(text: str, position: int) -> int:
    while not _is_safe(text, position):
        position += 1
    return position


def _char_class_pattern(chars: frozenset[str]) -> str:
    """A regex character-class body listing `chars` (all in the BMP) as ranges."""
    codes = sorted(ord(char) for char in chars)
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in ranges)


_COMPLEX_RUN = re.compile(f"[^{_char_class_pattern(_NARROW)}]+")
"""A run of characters outside the narrow fast path (wide, combining, emoji, flags...)."""


def grapheme_spans(text: str, start: int, end: int) -> list[Span]:
    """The clusters of text[start:end]; `start` and `end` must be cluster boundaries.

    Block bounds, display-line bounds and cursor offsets are boundaries. Only the runs of
    characters outside the narrow fast path (and the character a combining mark attaches to)
    go through Rich's splitter.
    """
    if _NARROW.issuperset(text[start:end]):
        return [(index, index + 1, 1) for index in range(start, end)]
    spans: list[Span] = []
    position = start
    for run in _COMPLEX_RUN.finditer(text, start, end):
        low = max(_safe_start(text, run.start()), position)
        high = max(min(_safe_end(text, run.end()), end), low)
        spans.extend((index, index + 1, 1) for index in range(position, low))
        _split_complex(spans, text, low, high)
        position = high
    spans.extend((index, index + 1, 1) for index in range(position, end))
    if _REGIONAL.search(text, start, end):
        return _pair_regional_indicators(text, spans)
    return spans


def _split_complex(spans: list[Span], text: str, start: int, end: int) -> None:
    """Split text[start:end] with Rich, a control character being a one-cell cluster."""
    position = start
    for match in _CONTROL.finditer(text, start, end):
        _split_with_rich(spans, text, position, match.start())
        spans.append((match.start(), match.end(), 1))
        position = match.end()
    _split_with_rich(spans, text, position, end)


def _split_with_rich(spans: list[Span], text: str, start: int, end: int) -> None:
    if start < end:
        pieces, _ = split_graphemes(text[start:end])
        spans.extend((start + low, start + high, width) for low, high, width in pieces)


def _pair_regional_indicators(text: str, spans: list[Span]) -> list[Span]:
    """Join adjacent regional indicators two by two: a flag is one cluster (Rich splits it)."""
    paired: list[Span] = []
    open_flag = False
    for span in spans:
        start, end, width = span
        if open_flag and _is_regional(text[start]) and _is_regional(text[start - 1]):
            first_start, _, first_width = paired[-1]
            paired[-1] = (first_start, end, first_width + width)
            open_flag = False
        else:
            paired.append(span)
            open_flag = _is_regional(text[start])
    return paired


def grapheme_boundaries(text: str, start: int, end: int) -> list[int]:
    """The cluster boundaries b with start <= b <= end (0 and len(text) are boundaries)."""
    start, end = max(start, 0), min(end, len(text))
    if start > end:
        return []
    low, high = _safe_start(text, start), _safe_end(text, end)
    points = [span[0] for span in grapheme_spans(text, low, high)] + [high]
    return [point for point in points if start <= point <= end]


def _span_at(text: str, index: int) -> Span:
    """The cluster containing text[index] (0 <= index < len(text))."""
    low, high = _safe_start(text, index), _safe_end(text, index + 1)
    for span in grapheme_spans(text, low, high):
        if span[0] <= index < span[1]:
            return span
    raise AssertionError("clusters cover the window")  # pragma: no cover


def _is_boundary(text: str, index: int) -> bool:
    return index <= 0 or index >= len(text) or _span_at(text, index)[0] == index


def _ceil(text: str, index: int) -> int:
    """The first cluster boundary at or after `index`."""
    if index <= 0 or index >= len(text):
        return index
    start, end, _ = _span_at(text, index)
    return start if start == index else end


def _spans_forward(text: str, start: int) -> Iterator[Span]:
    """The clusters from boundary `start` to the end of the text, split a window at a time."""
    length = len(text)
    while start < length:
        stop = _safe_end(text, min(start + _CHUNK, length))
        yield from grapheme_spans(text, start, stop)
        start = stop


def _spans_backward(text: str, end: int) -> Iterator[Span]:
    """The clusters before boundary `end`, nearest first, split a window at a time."""
    while end > 0:
        begin = _safe_start(text, max(end - _CHUNK, 0))
        yield from reversed(grapheme_spans(text, begin, end))
        end = begin


def _char_class(char: str) -> int:
    if char.isspace():
        return _BLANK
    if char.isalnum() or char == "_":
        return _WORD
    return _PUNCT


def _block_bounds(text: str, position: int) -> tuple[int, int]:
    """The run of non-newline characters around `position` (a block of a normalised text)."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end == -1 else end


def _last_cursor(text: str) -> int:
    index = len(text) - 1
    while index > 0 and text[index] == "\n":
        index -= 1
    return _span_at(text, index)[0] if index >= 0 else 0


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
    return _span_at(text, position)[0]


def next_char(text: str, offset: int) -> int:
    """`l`: the next cluster, jumping over a block separator; stays on the last character."""
    if not text:
        return 0
    position = clamp_cursor(text, offset)
    index = _span_at(text, position)[1]
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
    return _span_at(text, index)[0] if index >= 0 else position


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
    for start, _, _ in _spans_forward(text, _span_at(text, position)[1]):
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
    for start, _, _ in _spans_forward(text, _span_at(text, position)[1]):
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
    for start, _, _ in _spans_backward(text, position):
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
    for span in _spans_backward(text, position):
        if _char_class(text[span[0]]) != kind:
            break
        start = span[0]
    end = position
    for span in _spans_forward(text, position):
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
    high, size = position, _CHUNK
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
    return start, _ceil(text, end)


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
    return text[start] != "\n" and _is_boundary(text, start) and _is_boundary(text, end)


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
