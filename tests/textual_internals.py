"""The only place where tests reach inside Textual (private attributes of App and Screen).

Textual has no public API for these two things a test needs to see:

- the notifications an app is showing (`App._notifications`): a test asserts on what the user
  is told without depending on how and where the toasts are drawn;
- the rows a frame writes (`ChopsUpdate.spans`): a test asserts that a key repaints what it
  changed, not the rows around it;
- the whole screen as the terminal would receive it (`Screen._compositor` and
  `App._background_screens`): a test asserts that no control character reaches the terminal,
  or that a frame keeps its cell widths row by row.

Keeping every such access here means a Textual upgrade that renames them breaks one module,
and the rest of the suite keeps to the public API. Product code never reaches inside Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import RenderableType
from textual.app import App
from textual.strip import Strip


def notification_messages(app: App[Any]) -> list[str]:
    """The messages of the notifications the app is showing (unexpired), oldest first."""
    return [notification.message for notification in app._notifications]


def composited_screen(app: App[Any]) -> RenderableType:
    """The whole screen, every layer composited, as the next full update would write it."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert update is not None, "a full update always renders"
    return update


def screen_rows(app: App[Any]) -> list[str]:
    """The active screen as plain text, one string per terminal row."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def record_frames(app: App[Any], on_frame: Callable[[], None]) -> None:
    """Call `on_frame` each time the app writes a frame to the terminal (`App._display`, which
    a headless app calls too), so a test can see what one frame showed."""
    display = app._display

    def recorded(screen: Any, renderable: RenderableType | None) -> None:
        display(screen, renderable)
        if renderable is not None:
            on_frame()

    app._display = recorded  # type: ignore[method-assign]


def record_written_rows(app: App[Any], on_frame: Callable[[set[int]], None]) -> None:
    """Call `on_frame` with the terminal rows each frame writes (a partial update's spans,
    `ChopsUpdate.spans`; every row for a full one), so a test can see what a key repainted."""
    display = app._display

    def recorded(screen: Any, renderable: RenderableType | None) -> None:
        display(screen, renderable)
        if renderable is not None:
            spans = getattr(renderable, "spans", None)
            rows = range(app.size.height) if spans is None else (y for y, _, _ in spans)
            on_frame(set(rows))

    app._display = recorded  # type: ignore[method-assign]


def screen_strips(app: App[Any]) -> list[Strip]:
    """The active screen as composited strips (text and styles), one per terminal row."""
    return list(app.screen._compositor.render_strips())
