"""TitleBar: the reader's top line (the document's title, and "bakhmut-read"), one widget.

Textual's Header is three widgets (an icon, a Static title, a clock's space), each with its own
CSS to parse and apply before the first frame; this draws the same line as one `Content`: the
icon on the left (a click on it opens the command palette, as the Header's icon did), the title
and the sub-title centred in the same place, the clock's empty space kept on the right.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8
"""The icon's cells on the left: Header's HeaderIcon (width 8, padding 0 1)."""
CLOCK_WIDTH = 10
"""The cells Header keeps on the right for its clock (shown empty, as the Header did)."""
PALETTE_TOOLTIP = "Open the command palette"
ICON_HOVER = "on $foreground 10%"
"""The icon under the mouse (HeaderIcon's `:hover`)."""


class TitleBar(Widget):
    """One line: the icon (click: command palette), the title — sub-title centred."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._icon_hover = False

    def on_mount(self) -> None:
        for attribute in ("title", "sub_title"):
            self.watch(self.app, attribute, self._title_changed, init=False)
            self.watch(self.screen, attribute, self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    def title_content(self) -> Content:
        """The title and sub-title as the Header formats them (App.format_title), plain text."""
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        return app.format_title(title, sub_title)

    def render(self) -> Content:
        width = self.content_region.width
        icon = Content(f" {ICON}").pad_right(ICON_WIDTH - 2)
        if self._icon_hover:
            icon = icon.stylize(ICON_HOVER)
        middle = max(0, width - ICON_WIDTH - CLOCK_WIDTH)
        title = self.title_content().center(middle, ellipsis=True) if middle else Content("")
        return Content.assemble(icon, title, " " * CLOCK_WIDTH).truncate(width)

    def _on_icon(self, x: int) -> bool:
        return 0 <= x < ICON_WIDTH

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = self._on_icon(event.x)
        if hover != self._icon_hover:
            self._icon_hover = hover
            self.tooltip = PALETTE_TOOLTIP if hover else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._icon_hover:
            self._icon_hover = False
            self.tooltip = None
            self.refresh()

    async def on_click(self, event: events.Click) -> None:
        """The icon opens the command palette, as Header's icon does."""
        if self._on_icon(event.x) and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")
