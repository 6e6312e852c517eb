"""Keys of the article that are more than one binding: vim counts, the `z` prefix, vim hints.

`KeyState` is plain state, fed every key the article sees before the bindings do: digits
build a count (when the config turns counts on), `z` arms a prefix that the next key
completes or cancels, and a vim key that does nothing here gets a hint, once per session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:
    from tui.widgets.article import ArticleView

MAX_COUNT = 9999
"""A count is capped, so a stray `99999999j` cannot keep the reader busy."""

_INSERT = "This is a reader, not an editor: a adds a note, v selects"
VIM_HINTS: dict[str, str] = {
    "i": _INSERT,
    "I": _INSERT,
    "A": _INSERT,
    "o": _INSERT,
    "O": _INSERT,
    "d": "Nothing to delete in the text: x deletes the highlight under the cursor",
    "y": "Nothing to yank: v selects, 1–5 highlight, E exports the notes",
    "Y": "Nothing to yank: v selects, 1–5 highlight, E exports the notes",
    "colon": "No : commands: ctrl+p opens the command palette, q quits",
    "ctrl+w": "One text, one notes pane: tab moves between them",
    "Z": "q quits (everything is already saved)",
}
"""Vim keys (Textual key names) that do nothing here, and what to do instead (README lists
them); a key the user has bound (`[keymap]`) is never hinted."""


@dataclass
class KeyState:
    """A count being typed, an armed prefix, the count for the key now running, hints given."""

    counts: bool = False
    count: str = ""
    prefix: str = ""
    repeat: int = 1
    hinted: set[str] = field(default_factory=set)

    @property
    def pending(self) -> str:
        """What is typed and waiting, for the status line (vim's showcmd): `12`, `z`."""
        return self.count + self.prefix

    def digit(self, character: str | None, *, normal: bool, on_highlight: bool) -> bool:
        """Take a digit into the count; False leaves it to its binding (a label, or 0).

        With a selection, or on a highlight (1–5, no count yet), digits stay labels; a `0` that
        does not follow a digit is still "line start".
        """
        if not (self.counts and normal and character and character in "0123456789"):
            return False
        if not self.count and (character == "0" or (on_highlight and character in "12345")):
            return False
        self.count += character
        return True

    def start_key(self) -> None:
        """A key other than a digit: the count typed before it applies to it, then is gone."""
        self.repeat = min(MAX_COUNT, int(self.count)) if self.count else 1
        self.count = ""

    def take_repeat(self) -> int:
        """The count for the motion now running (1 without one); later motions get 1."""
        repeat, self.repeat = self.repeat, 1
        return repeat

    def reset(self) -> None:
        """Forget a count or prefix being typed (the article lost focus)."""
        self.count = self.prefix = ""
        self.repeat = 1

    def hint(self, key: str, is_bound: Callable[[str], bool]) -> str | None:
        """The hint for an unbound vim key, the first time it is pressed this session."""
        text = VIM_HINTS.get(key)
        if text is None or key in self.hinted or is_bound(key):
            return None
        self.hinted.add(key)
        return text


def screen_row(where: str, top: int, height: int, total: int, margin: int) -> tuple[int, int]:
    """The row for H, M or L (`top`, `middle`, `bottom`) and the way to step off a spacer.

    H and L stay `margin` rows (scrolloff) inside the screen unless it shows the document's
    first or last row, so the cursor lands without the text scrolling.
    """
    last = min(top + height, total) - 1
    if where == "top":
        return (top + margin if top > 0 else top), 1
    if where == "bottom":
        return (last - margin if last < total - 1 else last), -1
    return (top + last) // 2, 1


def handle_key(view: ArticleView, event: events.Key) -> None:
    """Before the bindings: finish an armed prefix, take a count digit, or hint a vim key."""
    keys = view.keys
    was_pending = keys.pending
    keys.repeat = 1
    if keys.prefix:
        _stop(event)
        _finish_prefix(view, event.key)
    elif keys.digit(event.character, normal=not view.visual, on_highlight=_on_highlight(view)):
        _stop(event)
    else:
        keys.start_key()
        hint = keys.hint(event.key, lambda key: key in view.screen.active_bindings)
        if hint is not None:
            view.post_message(view.Notice(hint))
    if keys.pending != was_pending:
        view.post_message(view.KeysPending())


def _stop(event: events.Key) -> None:
    event.stop()
    event.prevent_default()


def _on_highlight(view: ArticleView) -> bool:
    return view.annotation_under_cursor() is not None


def _finish_prefix(view: ArticleView, key: str) -> None:
    """`z` was pressed: a second `z` (or whatever the keymap binds) centres; anything else
    cancels, and says so."""
    view.keys.prefix = ""
    if key in view.config.keymap.get("article.centre", "z").split(","):
        centre(view)
    else:
        view.post_message(view.Notice("z cancelled: zz centres the cursor line"))


def arm_centre(view: ArticleView) -> None:
    """The first `z`: wait for the second."""
    view.keys.prefix = "z"
    view.post_message(view.KeysPending())


def centre(view: ArticleView) -> None:
    """`zz`: scroll so that the cursor line is in the middle of the screen (as far as it can)."""
    height = view.scrollable_content_region.height
    row = view.row_of(view.cursor)
    view.scroll_to(y=max(0, row - (height - 1) // 2), animate=False, immediate=True)
    view.refresh()


def screen_line(view: ArticleView, where: str, margin: int) -> None:
    """H, M, L: the cursor to the start of the top, middle or bottom line on the screen."""
    top = view.scroll_offset.y
    height = view.scrollable_content_region.height
    total = view.rows.total
    if not total:
        return
    row, step = screen_row(where, top, height, total, margin)
    last = min(top + height, total) - 1
    while top <= row <= last:
        line = view.rows.line_at(row)
        if line is not None:
            view.move_cursor(line.start)
            return
        row += step
