"""The `/` prompt of the article search, over the bottom of the article while it is open."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.widgets import Input

from tui.keys import bindings_for
from tui.widgets.article import ArticleView


class SearchInput(Input):
    """The `/` prompt of the article search."""

    DEFAULT_CSS = """
    SearchInput {
        layer: search; dock: bottom; margin-bottom: 2; height: 3;
        border: tall $accent;
    }
    """
    """On a layer of its own (declared by the screen in app.tcss) above the status line and the
    footer: opening and closing it covers the article's last rows instead of resizing the
    article and the notes pane (a layout of the whole screen, and a second frame). It is shown
    and hidden with `display` (an inline style), not a class: a class would match the whole
    stylesheet against the prompt again, in the frame of the key that closes it."""
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("search")
    keeps_footer: ClassVar[bool] = True
    """The footer keeps the article's keys while the prompt is open (enter or escape closes it
    at once): rebuilding it twice per search cost a layout and a frame each time."""

    def open(self, value: str) -> None:
        self.display = True
        self.value = value
        self.focus()

    def close(self) -> None:
        self.display = False

    def action_cancel(self) -> None:
        self.value = ""
        self.close()
        self.app.query_one(ArticleView).focus()
