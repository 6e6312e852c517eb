"""NotesList: the notes pane's list, a Line API widget whose entries change one at a time.

Textual's `OptionList` (8.2.8) has no insert at a position, and each of `add_options`,
`remove_option` and `replace_option_prompt` clears its line table, which the next paint
rebuilds by asking every option for its height; `remove_option` also renumbers every option
after the one removed. So with 10,000 highlights each key cost about 10,000 of each.

This list keeps its entries in `Chunks` (sorted, with heights), so adding, changing or
removing one entry costs about the same at any size; like `OptionList` (and toolong's
`LogLines`) it draws only the rows on screen, in `render_line`. Only a new width (a resize,
the scrollbar) measures every entry again.

Its API follows `OptionList` where the pane and the tests need it: `options`, `highlighted`,
`highlighted_option`, `get_option_index`, the `Selected` message, and the same actions.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, cast, overload

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.css.styles import RulesMap
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual

from tui.keys import bindings_for
from tui.widgets.notes_rows import Chunks

PAGE_KEYS: list[BindingType] = [
    Binding("pagedown", "page_down", "Page down", show=False, id="notes.page_down",
            tooltip="Move a page down the list"),
    Binding("pageup", "page_up", "Page up", show=False, id="notes.page_up",
            tooltip="Move a page up the list"),
]  # fmt: skip


StyleParser = Callable[[str | Style], Style]
"""A Content span's style (a style, or a component class name like `.notes-list--note`)."""


class DrawnEntry(Visual):
    """A prompt that draws its own strips for the list, the list's meta on every cell (the
    list's entries: cheaper than `Visual.to_strips`, which wraps the text again each time)."""

    @abstractmethod
    def strips(
        self, width: int, style: Style, parse: StyleParser, meta: Style | None
    ) -> list[Strip]: ...


class Entry:
    """One option of the list: an id (None for the hint), its sort key, what it draws."""

    __slots__ = ("disabled", "height", "id", "key", "prompt")

    def __init__(self, key: Any, prompt: Visual, id: str | None, disabled: bool = False) -> None:
        self.key = key
        self.prompt = prompt
        self.id = id
        self.disabled = disabled
        self.height = 0
        """Rows at the list's current width (set by the list)."""


class _Options(Sequence[Entry]):
    """The entries in order, as a read-only sequence (the hint alone when there are none)."""

    def __init__(self, owner: NotesList) -> None:
        self._owner = owner

    def __len__(self) -> int:
        return self._owner.option_count

    @overload
    def __getitem__(self, index: int) -> Entry: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Entry]: ...
    def __getitem__(self, index: int | slice) -> Entry | Sequence[Entry]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        return self._owner.option_at(index)


class NotesList(ScrollView, can_focus=True):
    """Entries sorted by key, one highlighted; enter or a click selects it."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings_for("notes.list"), *PAGE_KEYS]

    DEFAULT_CSS = """
    NotesList {
        height: auto;
        max-height: 100%;
        color: $foreground;
        overflow-x: hidden;
        background: $surface;
        & > .notes-list--entry-highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .notes-list--entry-highlighted {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        & > .notes-list--entry-disabled {
            color: $text-disabled;
        }
        & > .notes-list--entry-hover {
            background: $block-hover-background;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "notes-list--entry",
        "notes-list--entry-highlighted",
        "notes-list--entry-hover",
        "notes-list--entry-disabled",
        # Named by the entries' Content (notes_entry): the pane's CSS styles them.
        "notes-list--paragraph",
        "notes-list--label",
        "notes-list--note",
        "notes-list--hint",
    }

    class Selected(Message):
        """Enter (or a click) on an entry."""

        def __init__(self, notes_list: NotesList, option_id: str) -> None:
            super().__init__()
            self.notes_list = notes_list
            self.option_id = option_id

        @property
        def control(self) -> NotesList:
            return self.notes_list

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entries: Chunks[Entry] = Chunks()
        self._keys: dict[str, Any] = {}
        self._hint: Entry | None = None
        self._highlighted: Any = None
        """The key of the highlighted entry (None: nothing is)."""
        self._hover: str | None = None
        self._width = 0
        self._strips: LRUCache[tuple[Entry, Style, int], list[Strip]] = LRUCache(1024)
        self._styles_drawn: tuple[object, ...] = ()
        """The styles the entries in `_strips` were drawn with."""
        self._styles_checked = False
        self._parsed: dict[str, Style] = {}
        """Content styles by name (as `_check_styles` found them)."""

    # -- entries

    def set_entries(self, entries: list[Entry], hint: Entry | None) -> None:
        """Replace every entry (`entries` sorted by key); the highlight stays on its key."""
        for entry in entries:
            self._measure(entry)
        self._entries.build(entries)
        self._keys = {entry.id: entry.key for entry in entries if entry.id is not None}
        self.set_hint(hint)
        if self._highlighted is not None and self._entries.get(self._highlighted) is None:
            self._highlighted = None
        self._resized()

    def set_hint(self, hint: Entry | None) -> None:
        """What shows (disabled) while there is no entry."""
        if hint is not None:
            self._measure(hint)
        self._hint = hint
        if not self._entries:
            self._resized()

    def insert_entry(self, entry: Entry) -> None:
        self._measure(entry)
        self._entries.insert(entry)
        if entry.id is not None:
            self._keys[entry.id] = entry.key
        self._resized(self._entries.index(entry.key))

    def replace_entry(self, entry: Entry) -> None:
        """A new prompt for the entry of the same key (drawn again, maybe taller)."""
        self._measure(entry)
        self._entries.replace(entry)
        self._resized(self._entries.index(entry.key))

    def remove_entry(self, key: Any) -> Entry | None:
        """Remove the entry of `key`; if it was highlighted, the one after it is instead."""
        index = self._entries.index(key)
        entry = self._entries.remove(key)
        if entry is None or index is None:
            return None
        if entry.id is not None:
            self._keys.pop(entry.id, None)
        if key == self._highlighted:
            self._highlighted = None
            if self._entries:
                self.highlighted = min(index, len(self._entries) - 1)
        self._resized(index)
        return entry

    def get(self, key: Any) -> Entry | None:
        return self._entries.get(key)

    def index_of_key(self, key: Any) -> int | None:
        return self._entries.index(key)

    def index_after(self, key: Any) -> int:
        """How many entries sort before `key`."""
        return self._entries.index_after(key)

    def entry_at(self, index: int) -> Entry | None:
        """The entry at `index` (not the hint), or None outside the list."""
        return self._entries.at(index) if 0 <= index < len(self._entries) else None

    def __len__(self) -> int:
        return len(self._entries)

    # -- the OptionList-like API

    @property
    def options(self) -> Sequence[Entry]:
        return _Options(self)

    @property
    def option_count(self) -> int:
        return len(self._entries) or (1 if self._hint is not None else 0)

    def option_at(self, index: int) -> Entry:
        if not self._entries and self._hint is not None and index == 0:
            return self._hint
        return self._entries.at(index)

    def get_option_index(self, option_id: str) -> int:
        """The index of the entry `option_id`; KeyError if it is not listed."""
        index = self._entries.index(self._keys[option_id])
        if index is None:
            raise KeyError(option_id)
        return index

    @property
    def highlighted(self) -> int | None:
        if self._highlighted is None:
            return None
        return self._entries.index(self._highlighted)

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        entry = None if index is None else self.entry_at(max(index, 0))
        key = None if entry is None else entry.key
        if key != self._highlighted:
            self._refresh_entry(self._highlighted)
            self._highlighted = key
            self._refresh_entry(key)
        self.scroll_to_highlight()

    def _refresh_entry(self, key: Any) -> None:
        """Repaint the rows of the entry of `key` only (a scroll repaints the rest)."""
        index = None if key is None else self._entries.index(key)
        if index is not None:
            self.refresh_lines(self._entries.row_of(index), max(1, self._entries.at(index).height))

    @property
    def highlighted_option(self) -> Entry | None:
        index = self.highlighted
        return None if index is None else self._entries.at(index)

    def scroll_to_highlight(self) -> None:
        index = self.highlighted
        if index is None or not self.is_mounted:
            return
        region = Region(0, self._entries.row_of(index), self._width, self._entries.at(index).height)
        self.scroll_to_region(region, force=True, animate=False, immediate=True)

    # -- actions

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if not self._entries:
            return
        index = self.highlighted
        self.highlighted = 0 if index is None else min(max(index + delta, 0), len(self) - 1)

    def action_first(self) -> None:
        if self._entries:
            self.highlighted = 0

    def action_last(self) -> None:
        if self._entries:
            self.highlighted = len(self._entries) - 1

    def action_page_down(self) -> None:
        self._page(1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, direction: int) -> None:
        index = self.highlighted
        if index is None:
            self.action_first() if direction < 0 else self.action_last()
            return
        row = self._entries.row_of(index) + direction * self.scrollable_content_region.height
        found = self._entries.at_row(min(max(row, 0), self._entries.total_rows - 1))
        if found is not None:
            self.highlighted = found[0]

    def action_select(self) -> None:
        entry = self.highlighted_option
        if entry is not None and entry.id is not None and not entry.disabled:
            self.post_message(self.Selected(self, entry.id))

    def on_show(self) -> None:
        self.scroll_to_highlight()

    def on_focus(self) -> None:
        """Tabbing into the list lands on an entry, not on nothing."""
        if self.highlighted is None:
            self.action_first()

    # -- mouse

    def on_click(self, event: events.Click) -> None:
        option_id = event.style.meta.get("entry")
        if isinstance(option_id, str) and option_id in self._keys:
            self.highlighted = self.get_option_index(option_id)
            self.action_select()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        hover = event.style.meta.get("entry")
        hover = hover if isinstance(hover, str) else None
        if hover != self._hover:
            self._hover = hover
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.refresh()

    # -- geometry and drawing

    def plain_style(self) -> Style:
        """The style of an ordinary entry (what paragraph headers are drawn in)."""
        return self.get_visual_style("notes-list--entry")

    def _measure(self, entry: Entry) -> None:
        entry.height = (
            entry.prompt.get_height(cast(RulesMap, self.styles), self._width) if self._width else 0
        )

    def on_resize(self, event: events.Resize) -> None:
        self._fit_width()

    def _fit_width(self) -> None:
        """Measure every entry again if the width for them changed (a resize, or the scrollbar
        coming or going): the only change whose cost grows with the number of entries."""
        width = self.scrollable_content_region.width
        if width != self._width:
            self._width = width
            self._strips.clear()
            self.set_entries(list(self._entries), self._hint)

    def notify_style_update(self) -> None:
        """Styles may have changed: the drawn entries are dropped when next painted if they
        did (a focus moving elsewhere restyles the list too, but changes none of its styles)."""
        super().notify_style_update()
        self._styles_checked = False

    def _check_styles(self) -> None:
        if self._styles_checked:
            return
        self._styles_checked = True
        names = sorted(self.COMPONENT_CLASSES)
        styles = (self.rich_style, *(self.get_visual_style(name) for name in names))
        if styles != self._styles_drawn:
            self._styles_drawn = styles
            self._strips.clear()
            self._parsed.clear()

    def _resized(self, changed_at: int | None = None) -> None:
        rows = (
            self._entries.total_rows if self._entries else (self._hint.height if self._hint else 0)
        )
        size = Size(self._width, rows)
        if size != self.virtual_size:
            self._set_virtual_size(size)
        self._refresh_from(changed_at)

    def _refresh_from(self, index: int | None) -> None:
        """Repaint the rows on screen from the entry at `index` down (those above it did not
        move); None, or no entries: all of them."""
        entries = self._entries
        if index is None or not entries:
            self.refresh()
            return
        row = entries.row_of(index) if index < len(entries) else entries.total_rows
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        first = max(row, top)
        if first < top + height:
            self.refresh_lines(first, top + height - first)

    def _set_virtual_size(self, size: Size) -> None:
        """A new size of the entries. Setting `virtual_size` lays out the whole screen (the
        list's height is auto), a second frame after the key's; a list taller than its place
        before and after keeps its height, so only its scrollbar is updated (in the frame)."""
        old, shown = self.virtual_size, self.size.height
        if self.is_mounted and size.width == old.width and min(size.height, old.height) > shown:
            self.set_reactive(NotesList.virtual_size, size)
            bar = self.vertical_scrollbar  # shown before and after: only its length changes
            bar.window_virtual_size = size.height
            bar.refresh()
            self.scroll_y = self.validate_scroll_y(self.scroll_y)
        else:
            self.virtual_size = size

    def render_lines(self, crop: Region) -> list[Strip]:
        self._fit_width()
        self._check_styles()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = self.scroll_offset.y + y
        if not self._entries:
            lines = self._entry_strips(self._hint, width) if self._hint is not None else []
            return lines[row] if row < len(lines) else self._blank(width)
        found = self._entries.at_row(row)
        if found is None:
            return self._blank(width)
        index, line = found
        strips = self._entry_strips(self._entries.at(index), width)
        return strips[line] if line < len(strips) else self._blank(width)

    def _blank(self, width: int) -> Strip:
        return Strip.blank(width, self.plain_style().rich_style)

    def _entry_strips(self, entry: Entry, width: int) -> list[Strip]:
        style = self._style_of(entry)
        cached = self._strips.get((entry, style, width))
        if cached is None:
            prompt = entry.prompt
            meta = {"entry": entry.id} if entry.id is not None else {}
            if isinstance(prompt, DrawnEntry):
                meta_style = Style.from_meta(meta) if meta else None
                cached = prompt.strips(width, style, self._content_style, meta_style)
            else:
                strips = Visual.to_strips(self, prompt, width, None, style)
                cached = [
                    s.extend_cell_length(width, style.rich_style).apply_meta(meta) for s in strips
                ]
            self._strips[(entry, style, width)] = cached
        return cached

    def _content_style(self, style: str | Style) -> Style:
        """A span's style: `.name` is this list's component class `name` (as Textual reads
        it for Content in a widget), any other string a style such as `bold`."""
        if isinstance(style, Style):
            return style
        parsed = self._parsed.get(style)
        if parsed is None:
            if style.startswith("."):
                parsed = self.get_visual_style(style[1:], partial=True)
            else:
                try:
                    parsed = Style.parse(style)
                except Exception:
                    parsed = Style()
            self._parsed[style] = parsed
        return parsed

    def _style_of(self, entry: Entry) -> Style:
        if entry.disabled:
            state = "notes-list--entry-disabled"
        elif entry.key == self._highlighted and entry.id is not None:
            state = "notes-list--entry-highlighted"
        elif entry.id is not None and entry.id == self._hover:
            state = "notes-list--entry-hover"
        else:
            return self.get_visual_style("notes-list--entry")
        return self.get_visual_style("notes-list--entry", state)
