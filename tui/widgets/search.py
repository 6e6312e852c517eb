"""The `/` prompt of the article search, docked at the bottom while it is open."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType
from textual.widgets import Input

from tui.keys import bindings_for
from tui.widgets.article import ArticleView


class SearchInput(Input):
    """The `/` prompt of the article search."""

    DEFAULT_CSS = """
    SearchInput { dock: bottom; height: 3; border: tall $accent; display: none; }
    SearchInput.-open { display: block; }
    """
    BINDINGS: ClassVar[list[BindingType]] = bindings_for("search")

    def action_cancel(self) -> None:
        self.value = ""
        self.remove_class("-open")
        self.app.query_one(ArticleView).focus()
