"""ReaderFooter: the screen's keys on one line, one widget, built again only when they change.

Textual's Footer is one FooterKey widget per key (each with its CSS to apply and its own strips
to draw) and recomposes them all on every `refresh_bindings` of its screen: every focus change,
every screen stack change, even when the keys it shows stay the same. This one draws the same
line as a single `Content`, from the same place (the screen's active bindings: what `show`s,
one key per action, the command palette's key at the right), compares what it would show with
what it shows, and builds its line again only if they differ. A click on a key runs it, as a
click on a FooterKey does; a disabled key is dimmed and rings the bell. Binding groups
(`Binding.group`, which Footer draws as a key group) are not drawn: the reader's keys have none.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from textual import events
from textual.content import Content
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

RULE = "▏"
"""The thin rule left of the palette's key (Footer's `border-left: vkey`)."""
RULE_STYLE = "$foreground 20%"
HOVER = "on $block-hover-background"
"""A key under the mouse (FooterKey's `:hover`: its parts keep their colours)."""
DISABLED = "dim"


class FooterItem(NamedTuple):
    """One key the footer shows: what it is drawn as, and what a click on it does.

    NamedTuples, not dataclasses: a frozen dataclass costs about 0.5 ms to create at import."""

    key: str
    key_display: str
    description: str
    enabled: bool
    tooltip: str


class Placed(NamedTuple):
    """A drawn item's cells on the line: [start, end)."""

    start: int
    end: int
    item: FooterItem


Shown = tuple[tuple[FooterItem, ...], FooterItem | None]
"""What the footer shows: the keys, left to right, and the command palette's key (or None)."""


class ReaderFooter(Widget, can_focus=False):
    """The keys of the active bindings on one line; the command palette's key at the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"footer--key", "footer--description"}
    """Only two: each component class is one more node to style before the first frame (the
    rest are styles of the theme's variables: HOVER, DISABLED, RULE_STYLE)."""
    DEFAULT_CSS = """
    ReaderFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    compact = reactive(False)
    """Less space around each key (a narrow terminal)."""
    show_command_palette = reactive(True)
    """Show the command palette's key on the right."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: Shown | None = None
        """What the last build shows; None before the first."""
        self.items: tuple[FooterItem, ...] = ()
        """The keys shown, left to right."""
        self.palette: FooterItem | None = None
        """The command palette's key, shown at the right (None: not shown)."""
        self.builds = 0
        """How many times the line was built with keys in it (tests count them)."""
        self._placed: list[Placed] = []
        self._hover: FooterItem | None = None
        self._stale = False
        """The bindings changed since the last build."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _read_bindings(self, screen: Screen[object]) -> Shown:
        """The keys to show now (the first binding of each action, as Footer), and the palette's."""
        app = self.app
        items: dict[str, FooterItem] = {}
        for _node, binding, enabled, tooltip in screen.active_bindings.values():
            if binding.show and binding.action not in items:
                items[binding.action] = FooterItem(
                    binding.key, app.get_key_display(binding), binding.description, enabled, tooltip
                )
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                palette = FooterItem(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    enabled,
                    binding.tooltip or binding.description,
                )
        return tuple(items.values()), palette

    def bindings_changed(self, screen: Screen[object]) -> None:
        """The screen's bindings may have changed. Before the first build, read them at the next
        render (after the focus change that caused this has settled: one build for a screen's
        first frame); after it, read them now (~0.1 ms) and repaint the line only if they
        changed: the enter that closes `/` gives the article back its keys, unchanged."""
        if getattr(screen.focused, "keeps_footer", False):
            return  # a short-lived prompt (`/`): the keys stay, so closing it is one frame
        if self.is_attached and screen is self.screen and self.app.app_focus:
            current = not self._stale and self._shown is not None
            if current and self._read_bindings(screen) == self._shown:
                return  # e.g. the prompt closed: the line is not painted again
            self._stale = True
            self.refresh()

    def _build(self) -> None:
        """Read the keys again; a new line only if they changed."""
        self._stale = False
        if getattr(self.screen.focused, "keeps_footer", False):
            return
        shown = self._read_bindings(self.screen)
        if shown == self._shown:
            return
        self._shown = shown
        self.items, self.palette = shown
        self._hover = None
        if self.items or self.palette:
            self.builds += 1

    def watch_show_command_palette(self) -> None:
        if self.is_attached:
            self.bindings_changed(self.screen)

    def watch_compact(self) -> None:
        self.refresh()

    def _item_content(self, item: FooterItem, *, compact: bool) -> Content:
        """One key and its description, spaced as FooterKey (normal, or compact)."""
        key, description = item.key_display, item.description
        if not compact:
            key = f" {key} "
            description = f"{description} " if description else ""
        elif description:
            description = f" {description}"
        content = Content.assemble(
            Content.styled(key, ".footer--key"),
            Content.styled(description, ".footer--description"),
        )
        if item is self._hover:
            content = content.stylize(HOVER)
        if not item.enabled:
            content = content.stylize(DISABLED)
        return content

    def render(self) -> Content:
        if self._stale:
            self._build()
        width = self.content_region.width
        placed: list[Placed] = []
        right = Content("")
        if self.palette is not None:
            # FooterKey's compact look (Footer never binds its `compact` to the palette's key).
            key = self._item_content(self.palette, compact=True)
            right = Content.assemble(Content.styled(RULE, RULE_STYLE), key, " ")
            start = width - right.cell_length
            placed.append(Placed(start + 1, width, self.palette))
        room = max(0, width - right.cell_length)
        parts: list[Content] = []
        x = 0
        for item in self.items:
            content = self._item_content(item, compact=self.compact)
            placed.append(Placed(x, min(x + content.cell_length, room), item))
            parts.append(content)
            x += content.cell_length
            if self.compact:
                parts.append(Content(" "))
                x += 1
        self._placed = placed
        left = Content("").join(parts).truncate(room, pad=True)
        return Content.assemble(left, right)

    def item_at(self, x: int) -> FooterItem | None:
        """The key drawn at cell `x` of the line, if any."""
        for place in self._placed:
            if place.start <= x < place.end:
                return place.item
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        item = self.item_at(event.x)
        if item is not self._hover:
            self._hover = item
            self.tooltip = (item.tooltip or None) if item is not None else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """A click on a key runs it (FooterKey's way: as if the key were pressed)."""
        item = self.item_at(event.x)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()
