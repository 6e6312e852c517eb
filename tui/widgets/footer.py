"""ReaderFooter: Textual's Footer, built again only when the keys it shows change.

Textual's Footer recomposes (removes and mounts every key) on each `refresh_bindings` of its
screen: every focus change, every screen stack change, every `refresh_bindings()` call, even
when the keys it shows stay the same; the app's first screen paid for that about ten times.
This one compares what it would show with what it shows, and rebuilds only if they differ.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer


class ReaderFooter(Footer):
    """A Footer that is built once, and again only when its keys (or their state) change."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: Hashable = None
        """What the last build (or the one asked for) shows; None before the first."""
        self.builds = 0
        """How many times it was built with keys in it (tests count them)."""

    def _what_is_shown(self, screen: Screen[object]) -> Hashable:
        """Every key the footer would show now, with its state, and the palette's key."""
        active = screen.active_bindings
        keys = tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip, binding.group)
            for _, binding, enabled, tooltip in active.values()
            if binding.show
        )
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        shown_palette = (palette[1].key, palette[2]) if palette is not None else None
        return (keys, self.show_command_palette and shown_palette)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if getattr(screen.focused, "keeps_footer", False):
            return  # a short-lived prompt (`/`): the keys stay, so closing it is one frame
        if self.is_attached and screen is self.screen and self.app.app_focus:
            shown = self._what_is_shown(screen)
            if shown == self._shown:
                return
            self._shown = shown
        super().bindings_changed(screen)

    def watch_show_command_palette(self) -> None:
        if self.is_attached:
            self.bindings_changed(self.screen)

    def compose(self) -> ComposeResult:
        children: Iterable[Widget] = list(super().compose())
        if children:
            self.builds += 1
        yield from children
