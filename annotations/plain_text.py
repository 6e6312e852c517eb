"""Normalising a plain text: the bytes' decoded text made a document's text (see
`annotations.document`): CRLF and CR become LF, blocks are separated by blank lines, and the
lines inside a block are stripped and joined with one space; the blocks are joined by
BLOCK_SEPARATOR. The title is found in the first block (`detect_title`).

`split_raw_blocks` is the definition, a list of lines; `normalise` makes the same text with
regular expressions over pieces of the text, and most texts take a fast path that only
searches them (a paragraph a line, or lines joined by lone line breaks).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

BLOCK_SEPARATOR = "\n\n"
MAX_TITLE_CHARS = 100
_MARKDOWN_HEADING = re.compile(r"^#\s+(?P<title>.*?)(?:\s+#+)?\s*$")
_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n")
_LINE_BREAK_RUN = re.compile(r"[^\S\n]*\n\s*")
"""A run of whitespace holding a line break (the whole run: `\\s` is what `str.strip` strips)."""
_BREAK_RUN = re.compile(r"\n\s*")
"""The same, where no line ends in whitespace (most texts): found 20 times faster."""
_SPACE_BEFORE_BREAK = re.compile(r"\n(?<=[^\S\n]\n)")
_ODD_BREAK = re.compile(r"\n(?:(?<=[^\S\n]\n)|[^\S\n]|\n\n)")
"""A line break with whitespace other than a line break before or after it, or the first of
three: where neither fast path of `_normalise_piece` holds. Begins with a literal line break,
so it is searched for as fast as one (as `_BREAK_RUN`)."""
_LONE_BREAK = re.compile(r"\n(?<!\n\n)(?!\n)")
"""A line break that is not one of two: where the lines of a block are joined."""
_ODD_OR_LONE_BREAK = re.compile(r"\n(?:(?<=[^\S\n]\n)|[^\S\n]|\n\n|(?<!\n\n)(?!\n))")
"""Either: a text with neither is normalised already (a text of one line a paragraph)."""
_CUT = re.compile(r"\S\S")
_NON_SPACE = re.compile(r"\S")
_TAIL_CHARS = 1 << 12
PIECE_CHARS = 1 << 20
"""Raw text is normalised a piece of about this size at a time (cut between two characters
that are not whitespace, so no run of whitespace is cut): less memory at once than all of it."""
TITLE_HEAD_CHARS = 1 << 16


def split_raw_blocks(raw: str) -> list[list[str]]:
    """Split raw text into blocks of stripped, non-empty lines (blank lines separate blocks)."""
    unified = raw.replace("\r\n", "\n").replace("\r", "\n")
    blocks = []
    for chunk in _BLANK_LINE.split(unified):
        lines = [line.strip() for line in chunk.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            blocks.append(lines)
    return blocks


def detect_title(blocks: list[list[str]], is_markdown: bool) -> str | None:
    """The title held by the first block, or None when the first block is a paragraph.

    Markdown: a leading `# heading`. Any text file: a first block that is a single line of at
    most 100 characters not ending in `.`, `!` or `?`, followed by at least one more block.
    """
    if not blocks:
        return None
    first = blocks[0]
    if is_markdown and len(first) == 1:
        match = _MARKDOWN_HEADING.match(first[0])
        if match and match.group("title"):
            return match.group("title")
    if len(first) != 1 or len(blocks) < 2:
        return None
    line = first[0]
    if len(line) <= MAX_TITLE_CHARS and not line.endswith((".", "!", "?")):
        return line
    return None


def normalise(raw: str, is_markdown: bool) -> tuple[str, str | None]:
    """The normalised text of `raw` and its title: as `split_raw_blocks` then joining the lines
    by a space and the blocks by BLOCK_SEPARATOR would make them, but with regular expressions
    over pieces of the text instead of a list of its lines.

    The whitespace at the text's ends goes whatever it holds, so it is left out first; a text
    whose every piece is normalised already (`_is_normal`: a paragraph a line) is then that
    part of `raw`, copied once (not a piece at a time, then joined)."""
    start, end = _content_bounds(raw)
    ranges = list(_pieces(raw, start, end))
    if all(_is_normal(raw, *bounds) for bounds in ranges):
        text = raw[start:end]
    else:
        text = "".join(
            _normalise_piece(raw[piece_start:piece_end]) for piece_start, piece_end in ranges
        )
    lines = _first_block_lines(raw)
    title = detect_title(lines[:1] + ([[text]] if BLOCK_SEPARATOR in text else []), is_markdown)
    return text, title


def _content_bounds(raw: str) -> tuple[int, int]:
    """Where `raw` begins and ends without the whitespace at its ends ((0, 0) if all is)."""
    found = _NON_SPACE.search(raw)
    if found is None:
        return 0, 0
    end = len(raw)
    while True:  # a stretch at a time from the end: rstrip would copy it all
        tail = raw[max(found.start(), end - _TAIL_CHARS) : end]
        kept = tail.rstrip()
        end -= len(tail) - len(kept)
        if kept:
            return found.start(), end


def _pieces(raw: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) of consecutive pieces of raw[start:end], of about PIECE_CHARS, each cut
    between two characters that are not whitespace."""
    while start < end:
        found = _CUT.search(raw, start + PIECE_CHARS, end)
        piece_end = end if found is None else found.start() + 1
        yield start, piece_end
        start = piece_end


def _is_normal(raw: str, start: int, end: int) -> bool:
    """Whether raw[start:end] is normalised already: no CR, every line break one of two
    between words (searched in place, not copied)."""
    return raw.find("\r", start, end) < 0 and _ODD_OR_LONE_BREAK.search(raw, start, end) is None


def _normalise_piece(piece: str) -> str:
    """Line breaks unified, and each run of whitespace holding one made a space or, if it
    holds a blank line, BLOCK_SEPARATOR (the text's ends are stripped before). Most texts
    take one of two fast paths: no line break but the pairs between paragraphs (kept as
    they are), or no whitespace beside a line break but line breaks (a lone one a space)."""
    if "\r" in piece:
        piece = piece.replace("\r\n", "\n").replace("\r", "\n")
    if _ODD_OR_LONE_BREAK.search(piece) is None:
        return piece  # every line break one of two, between words: normalised already
    if _ODD_BREAK.search(piece) is None:
        return _LONE_BREAK.sub(" ", piece)  # a line break alone joins lines, two stay
    runs = _BREAK_RUN if _SPACE_BEFORE_BREAK.search(piece) is None else _LINE_BREAK_RUN
    return runs.sub(_break_run, piece)


def _first_block_lines(raw: str) -> list[list[str]]:
    """The stripped lines of the first block (`[]` if there is none), read from the head of
    `raw` when the first blank line is there (always, but for a first block of 64 KiB)."""
    head = raw[:TITLE_HEAD_CHARS].replace("\r\n", "\n").replace("\r", "\n").lstrip()
    blank = _BLANK_LINE.search(head)
    if blank is None and len(raw) > TITLE_HEAD_CHARS:
        head = raw.replace("\r\n", "\n").replace("\r", "\n").lstrip()
        blank = _BLANK_LINE.search(head)
    return split_raw_blocks(head if blank is None else head[: blank.start()])[:1]


def _break_run(match: re.Match[str]) -> str:
    """A whitespace run with a blank line between two words separates blocks; else the lines
    it ends and begins are one block's, joined by a space."""
    run = match.group()
    if run == "\n":
        return " "
    return BLOCK_SEPARATOR if run == BLOCK_SEPARATOR or _BLANK_LINE.search(run) else " "
