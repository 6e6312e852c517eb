"""Small text helpers shared by the notes pane and the dialogs: one line, clamped lines.

All take plain text (never markup) and return `Content`, with control characters made visible.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.highlighter import Highlighter
from rich.text import Text
from textual.content import Content

from annotations.document import visible_controls

ELLIPSIS = "…"
MIN_WRAP = 2
"""Narrower than this, text is still laid out two cells wide (and cropped)."""


class ControlPictures(Highlighter):
    """An Input's highlighter that draws its value's control characters as visible pictures.

    Textual's Input draws its value as it is: a pasted escape sequence, or a file name holding
    one (offered by the path prompt's completion), would reach the terminal. The pictures are
    one for one, so the cursor and the selection stay where they are; the value is unchanged.
    """

    def highlight(self, text: Text) -> None:
        shown = visible_controls(text.plain, keep_newlines=False)
        if shown is not text.plain:
            text.plain = shown


SAFE_INPUT = ControlPictures()
"""Every Input of the app is given this highlighter (see `ControlPictures`)."""


def one_line(text: str) -> str:
    """`text` on one line: line breaks become spaces, other controls visible placeholders."""
    return visible_controls(" ".join(text.splitlines()), keep_newlines=False)


def clamp_lines(content: Content, width: int, max_lines: int) -> list[Content]:
    """Wrap `content` to `width` cells and keep at most `max_lines`, ending cut text with `…`.

    The text is cut before wrapping (a long quote costs no more than a short one); a cut
    always gets the ellipsis even if the cut text happens to fit.
    """
    width = max(width, MIN_WRAP)
    limit = 4 * width * max_lines
    cut = len(content) > limit
    if cut:
        content = content[:limit]
    lines = content.wrap(width)
    if len(lines) <= max_lines and not cut:
        return lines
    kept = lines[:max_lines]
    kept[-1] = with_ellipsis(kept[-1], width)
    return kept


def fits(text: str, width: int) -> bool:
    """Whether `text` fits in `width` cells, measuring only `width + 1` characters if it can."""
    head = text[: width + 1]
    if cell_len(head) > width:
        return False
    return len(head) == len(text) or cell_len(text) <= width


def with_ellipsis(line: Content, width: int) -> Content:
    """`line` ending in `…`, still at most `width` cells."""
    line = line.rstrip()
    if line.cell_length > width - 1:
        line = line.truncate(max(width - 1, 0))
    return line + ELLIPSIS
