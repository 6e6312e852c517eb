"""The base of every modal screen: dismissed at most once, framed once in CSS, and plain text.

Every string that comes from the user or the document (a quote, a label name, a path, a question
that names a file) is shown as `Content`, never parsed as markup: the article itself contains
`[holding out in Bakhmut]`, and a file may contain escape sequences (see `visible_controls`).
"""

from __future__ import annotations

import re
from typing import TypeVar

from textual.content import Content
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widget import Widget

from tui.display import clamp_lines as clamp_content_lines
from tui.display import one_line

ResultT = TypeVar("ResultT")

QUOTE_MAX_CHARS = 600
"""A first cut for very long quotes; `ClampedText` then shows the lines that fit."""
_LINE_BREAKS = re.compile(r"\s*\n\s*")


def display_text(text: str) -> Content:
    """User text as plain Content: line breaks become spaces, control characters visible."""
    return Content(one_line(text))


def trim_quote(quote: str, limit: int = QUOTE_MAX_CHARS) -> str:
    """Shorten a quote to about `limit` characters, cutting at a word boundary, with an ellipsis."""
    quote = _LINE_BREAKS.sub(" ", quote).strip()
    if len(quote) <= limit:
        return quote
    cut = quote[:limit]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def clamp_lines(text: str, width: int, max_lines: int) -> str:
    """`text` word-wrapped to `width`, cut after `max_lines` lines with an ellipsis if longer."""
    lines = clamp_content_lines(Content(text), width, max(max_lines, 1))
    return "\n".join(line.plain.rstrip() for line in lines)


class ClampedText(Widget):
    """Plain text that shows at most as many lines as its CSS `max-height`, ending in "…".

    CSS alone would clip the wrapped text without any sign that it goes on.
    """

    DEFAULT_CSS = """
    ClampedText {
        height: auto;
    }
    """

    def __init__(self, text: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text

    def _max_lines(self) -> int:
        max_height = self.styles.max_height
        if max_height is not None and max_height.is_cells:
            return max(int(max_height.value), 1)
        return 1_000_000

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return clamp_lines(self.text, width, self._max_lines()).count("\n") + 1

    def render(self) -> Content:
        return Content(clamp_lines(self.text, self.content_size.width, self._max_lines()))


class Dialog(ModalScreen[ResultT]):
    """A modal screen that is dismissed at most once, its frame drawn by the CSS below.

    Two quick key presses (say `ctrl+s` then `escape`) must not pop the screen underneath.
    Each dialog puts its content in a container with the class `dialog-frame` and states only
    what differs (its width or height) by the container's id.
    """

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
        background: $background 60%;
    }
    Dialog > .dialog-frame {
        width: 70;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        background: $surface;
        border: round $accent;
        border-title-color: $text-accent;
    }
    Dialog .dialog-hint {
        height: auto;
        color: $text-muted;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._finished = False

    def finish(self, result: ResultT) -> None:
        """Dismiss with `result`, unless this dialog has already been dismissed."""
        if self._finished:
            return
        self._finished = True
        self.dismiss(result)
