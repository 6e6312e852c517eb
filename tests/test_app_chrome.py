"""The reader's chrome: the title bar on top and the footer's keys, each one cheap widget.

The title line shows the title and the sub-title (and follows them), its icon opens the command
palette on a click; a click on a footer key runs it, the palette's key at the right too, and a
disabled key is drawn dim and does nothing.
"""

from __future__ import annotations

from typing import ClassVar

from app_helpers import running, screen_text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import CommandPalette

from annotations.document import Document
from annotations.store import Store
from tui.app import ReaderApp
from tui.screens.help import HelpScreen
from tui.widgets.footer import ReaderFooter
from tui.widgets.title_bar import TitleBar


def title_row(app: ReaderApp) -> str:
    return screen_text(app).splitlines()[0]


async def test_the_title_bar_shows_the_title_and_follows_it(
    article: Document, store: Store
) -> None:
    async with running(article, store) as (app, pilot):
        row = title_row(app)
        assert f"{article.title} — bakhmut-read" in row
        assert row.lstrip().startswith("⭘")
        app.title = "Another title"
        app.sub_title = "bakhmut-read · read-only"
        await pilot.pause()
        assert "Another title — bakhmut-read · read-only" in title_row(app)


async def test_a_click_on_the_icon_opens_the_command_palette(
    article: Document, store: Store
) -> None:
    async with running(article, store) as (app, pilot):
        await pilot.click(TitleBar, offset=(30, 0))  # the title: nothing happens
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        await pilot.click(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_a_click_on_a_footer_key_runs_it(article: Document, store: Store) -> None:
    async with running(article, store) as (app, pilot):
        footer = app.query_one(ReaderFooter)
        assert footer.item_at(1) is not None and footer.item_at(1).key == "question_mark"
        await pilot.click(ReaderFooter, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_a_click_on_the_palette_key_at_the_right_opens_the_palette(
    article: Document, store: Store
) -> None:
    async with running(article, store) as (app, pilot):
        row = screen_text(app).splitlines()[-1]
        x = row.index("^p")
        assert x > 100  # at the right of a 120-column footer
        await pilot.click(ReaderFooter, offset=(x, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


class TwoKeys(App[None]):
    """Two shown keys, the second disabled (check_action answers None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "count('a')", "Alpha"),
        Binding("b", "count('b')", "Beta"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ran: list[str] = []

    def compose(self) -> ComposeResult:
        yield ReaderFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if parameters == ("b",) else True

    def action_count(self, name: str) -> None:
        self.ran.append(name)


async def test_a_disabled_key_is_dim_and_a_click_on_it_does_nothing() -> None:
    app = TwoKeys()
    async with app.run_test(size=(60, 3)) as pilot:
        await pilot.pause()
        footer = app.query_one(ReaderFooter)
        assert [(item.key, item.enabled) for item in footer.items] == [("a", True), ("b", False)]
        line = footer.render_line(0)
        dim = {segment.text.strip(): bool(segment.style and segment.style.dim) for segment in line}
        assert dim.get("a") is False and dim.get("b") is True
        alpha, beta = footer.item_at(1), footer.item_at(len(" a Alpha ") + 1)
        assert alpha is not None and alpha.key == "a" and beta is not None and beta.key == "b"
        await pilot.click(ReaderFooter, offset=(len(" a Alpha ") + 1, 0))
        await pilot.click(ReaderFooter, offset=(1, 0))
        await pilot.pause()
        assert app.ran == ["a"]


async def test_hovering_a_key_or_the_icon_shows_its_tooltip(
    article: Document, store: Store
) -> None:
    async with running(article, store) as (app, pilot):
        footer, title = app.query_one(ReaderFooter), app.query_one(TitleBar)
        plain = list(footer.render_line(0))
        await pilot.hover(ReaderFooter, offset=(1, 0))
        await pilot.pause()
        assert footer.tooltip == "Every key, built from the key table"
        assert list(footer.render_line(0)) != plain  # the key under the mouse is lit
        await pilot.hover(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert title.tooltip == "Open the command palette"
        assert footer.tooltip is None and list(footer.render_line(0)) == plain
        await pilot.hover(TitleBar, offset=(40, 0))
        await pilot.pause()
        assert title.tooltip is None
