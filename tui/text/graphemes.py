"""Grapheme clusters of the normalised text, found in small windows: pure functions, no Textual.

Clusters come from `rich.cells.split_graphemes`, with two adjustments so the reader agrees with
itself everywhere: a control character (C0/C1, e.g. "\\t") is a cluster of its own, one cell wide
(the article widget replaces control characters with a one-cell glyph for display), and a pair of
regional indicators (a flag) is one cluster. Every "\\n" is thus a cluster of its own, so no
cluster crosses a block boundary.

Documents can be 10 MB, possibly in a single block, so nothing here splits the whole text: clusters
are split in windows that start and end at "safe" positions (see `_is_safe`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rich.cells import get_character_cell_size, split_graphemes

Span = tuple[int, int, int]
"""A grapheme cluster: (start, end, cell width), offsets into the whole text, end exclusive."""

ZWJ = "\u200d"
VS16 = "\ufe0f"
CHUNK = 256
"""How many code points a window of clusters is split at a time."""
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_REGIONAL = re.compile("[\U0001f1e6-\U0001f1ff]")


def _is_control(char: str) -> bool:
    code = ord(char)
    return code < 0x20 or 0x7F <= code < 0xA0


def _is_regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def build_narrow() -> frozenset[str]:
    """Code points that always form a one-cell cluster of their own when followed by another.

    Only a candidate list (Latin, Greek, Cyrillic, general punctuation) is checked: the set is a
    fast path, and a string of these characters has one cluster per code point. Not run at
    import (1,230 cold cell-width look-ups, ~3 ms before the first screen): `NARROW_RANGES` is
    its result, and tests/test_motions.py checks the two agree with the installed Rich.
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


NARROW_RANGES = (
    (0x0000, 0x02FF),
    (0x0370, 0x0482),
    (0x048A, 0x052F),
    (0x2010, 0x2027),
    (0x202F, 0x205E),
)
"""`build_narrow()` as inclusive code-point ranges (all in the BMP)."""
_NARROW = frozenset(chr(code) for low, high in NARROW_RANGES for code in range(low, high + 1))


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


def safe_start(text: str, position: int) -> int:
    while not _is_safe(text, position):
        position -= 1
    return position


def safe_end(text: str, position: int) -> int:
    while not _is_safe(text, position):
        position += 1
    return position


_COMPLEX_RUN = re.compile(
    "[^" + "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in NARROW_RANGES) + "]+"
)
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
        low = max(safe_start(text, run.start()), position)
        high = max(min(safe_end(text, run.end()), end), low)
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
    low, high = safe_start(text, start), safe_end(text, end)
    points = [span[0] for span in grapheme_spans(text, low, high)] + [high]
    return [point for point in points if start <= point <= end]


def span_at(text: str, index: int) -> Span:
    """The cluster containing text[index] (0 <= index < len(text))."""
    low, high = safe_start(text, index), safe_end(text, index + 1)
    for span in grapheme_spans(text, low, high):
        if span[0] <= index < span[1]:
            return span
    raise AssertionError("clusters cover the window")  # pragma: no cover


def is_boundary(text: str, index: int) -> bool:
    return index <= 0 or index >= len(text) or span_at(text, index)[0] == index


def ceil_boundary(text: str, index: int) -> int:
    """The first cluster boundary at or after `index`."""
    if index <= 0 or index >= len(text):
        return index
    start, end, _ = span_at(text, index)
    return start if start == index else end


def spans_forward(text: str, start: int) -> Iterator[Span]:
    """The clusters from boundary `start` to the end of the text, split a window at a time."""
    length = len(text)
    while start < length:
        stop = safe_end(text, min(start + CHUNK, length))
        yield from grapheme_spans(text, start, stop)
        start = stop


def spans_backward(text: str, end: int) -> Iterator[Span]:
    """The clusters before boundary `end`, nearest first, split a window at a time."""
    while end > 0:
        begin = safe_start(text, max(end - CHUNK, 0))
        yield from reversed(grapheme_spans(text, begin, end))
        end = begin


def grapheme_end(text: str, offset: int) -> int:
    """The end of the grapheme cluster that starts at `offset`."""
    if offset >= len(text):
        return offset
    window = min(len(text), offset + 64)
    boundaries = grapheme_boundaries(text, offset, window)
    following = [b for b in boundaries if b > offset]
    return following[0] if following else window
