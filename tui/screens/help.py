"""The help screen: every key, grouped by purpose, drawn by one Line API widget.

`KeyList` lays the rows out once per width (two columns where there is room), pads and cuts
every line by terminal cells (so 👍🏽 or 中 never push the frame out of line), and draws only the
visible lines. All text is plain: no markup is ever parsed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.keys import format_key
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.keys import bindings_for
from tui.screens.dialog import Dialog

KeyDisplay = Callable[[Binding], str]


def format_binding_key(binding: Binding) -> str:
    """Show a key as `App.get_key_display` does (`ctrl+s` → `^s`, `down` → `↓`), without an app."""
    if binding.key_display:
        return binding.key_display
    modifiers, key = binding.parse_key()
    key = format_key(key)
    if "ctrl" in modifiers:
        modifiers.remove("ctrl")
        key = f"^{key}"
    return "+".join([*modifiers, key])


@dataclass
class _Row:
    action: str
    keys: list[str] = field(default_factory=list)
    description: str = ""
    tooltip: str = ""


def _action_name(action: str) -> str:
    """The action without its arguments: `set_label(3)` → `set_label`."""
    return action.split("(", 1)[0]


def _describe(action: str) -> str:
    """A description for a binding that has none: `app.toggle_dark` → `Toggle dark`."""
    return _action_name(action).rsplit(".", 1)[-1].replace("_", " ").capitalize()


def _group_by_action(bindings: Iterable[BindingType], key_display: KeyDisplay) -> list[_Row]:
    """One row per action, in first-seen order, with every key bound to it."""
    rows: dict[str, _Row] = {}
    for binding in Binding.make_bindings(bindings):
        row = rows.setdefault(binding.action, _Row(binding.action))
        display = key_display(binding)
        if display not in row.keys:
            row.keys.append(display)
        row.description = row.description or binding.description
        row.tooltip = row.tooltip or binding.tooltip
    return list(rows.values())


def _shared_prefix(descriptions: Sequence[str]) -> str:
    """The words the descriptions start with (`Label 1`, `Label 2` → `Label`), or ""."""
    if len(set(descriptions)) == 1:
        return descriptions[0]
    common: list[str] = []
    for column in zip(*(d.split(" ") for d in descriptions), strict=False):
        if len(set(column)) != 1:
            break
        common.append(column[0])
    return " ".join(common).rstrip(" :-–—(")


def _extends_run(run: list[_Row], row: _Row) -> bool:
    """Whether `row` continues a run like `1`, `2`, `3` of the same action with shared wording."""
    last = run[-1]
    single = len(last.keys) == len(row.keys) == 1
    if not (single and len(last.keys[0]) == len(row.keys[0]) == 1):
        return False
    if ord(row.keys[0]) != ord(last.keys[0]) + 1:
        return False
    if _action_name(row.action) != _action_name(last.action):
        return False
    return bool(_shared_prefix([r.description for r in (*run, row)]))


def _collapse(run: list[_Row]) -> list[_Row]:
    """Merge a run of numbered rows into one `1–5` row; what differs goes in the tooltip."""
    if len(run) < 2:
        return run
    prefix = _shared_prefix([r.description for r in run])
    details = [_detail(r, prefix) for r in run]
    tooltips = list(dict.fromkeys(r.tooltip for r in run if r.tooltip))
    parts = [" · ".join(tooltips)] if tooltips else []
    if any(details):
        parts.append(", ".join(d or r.keys[0] for d, r in zip(details, run, strict=True)))
    keys = f"{run[0].keys[0]}–{run[-1].keys[0]}"
    return [_Row(_action_name(run[0].action), [keys], prefix, " — ".join(parts))]


def _detail(row: _Row, prefix: str) -> str:
    """What a numbered row's description adds to the shared prefix (`Label: red` → `1 red`)."""
    rest = row.description[len(prefix) :].strip(" :-–—()")
    return f"{row.keys[0]} {rest}" if rest and rest != row.keys[0] else ""


def _merge_runs(rows: list[_Row]) -> list[_Row]:
    merged: list[_Row] = []
    run: list[_Row] = []
    for row in rows:
        if run and _extends_run(run, row):
            run.append(row)
            continue
        merged.extend(_collapse(run))
        run = [row]
    merged.extend(_collapse(run))
    return merged


def binding_rows(
    bindings: Iterable[BindingType], key_display: KeyDisplay = format_binding_key
) -> list[tuple[str, str, str]]:
    """The help rows for `bindings`: (keys, description, tooltip), one per action.

    Keys bound to the same action share a row (`j / ↓`); consecutive one-character keys of the
    same action with a common description (`1`…`5` → "Label 1"…"Label 5") become one `1–5` row.
    Both `Binding` objects and `(key, action[, description])` tuples are accepted.
    """
    rows = _merge_runs(_group_by_action(bindings, key_display))
    return [
        (" / ".join(row.keys), row.description or _describe(row.action), row.tooltip)
        for row in rows
    ]


HelpRows = list[tuple[str, str, str]]
Piece = tuple[str, str]
"""A run of plain text and its role (a component class suffix, or "" for none)."""

GAP = 3
MIN_COLUMN = 46
MAX_KEYS = 18
MAX_DESCRIPTION = 18


def fit_pieces(pieces: Sequence[Piece], width: int) -> list[Piece]:
    """The pieces padded or cut to exactly `width` cells, a cut marked with `…`."""
    total = sum(cell_len(text) for text, _ in pieces)
    if total <= width:
        return [*pieces, (" " * (width - total), "")]
    fitted: list[Piece] = []
    room = width
    for text, role in pieces:
        cells = cell_len(text)
        if cells < room:
            fitted.append((text, role))
            room -= cells
            continue
        if room > 0:
            fitted.append((set_cell_size(text, room - 1) + "…", role))
        break
    return fitted


def _row_line(row: tuple[str, str, str], width: int, columns: tuple[int, int]) -> list[Piece]:
    keys, description, tooltip = row
    keys_width, description_width = columns
    pieces: list[Piece] = [(set_cell_size(keys, keys_width) + "  ", "keys")]
    if tooltip:
        width_here = max(description_width, cell_len(description))
        description = set_cell_size(description, width_here) + "  "
    pieces.append((description, "description"))
    if tooltip:
        pieces.append((tooltip, "tooltip"))
    return fit_pieces(pieces, width)


def _blocks(sections: Sequence[tuple[str, HelpRows]], width: int) -> list[list[list[Piece]]]:
    """One block per section: its heading line, then one line per row, each `width` cells."""
    rows = [row for _, section_rows in sections for row in section_rows]
    columns = (
        min(MAX_KEYS, max((cell_len(keys) for keys, _, _ in rows), default=1)),
        min(MAX_DESCRIPTION, max((cell_len(text) for _, text, _ in rows), default=1)),
    )
    return [
        [fit_pieces([(title, "heading")], width)]
        + [_row_line(row, width, columns) for row in section_rows]
        for title, section_rows in sections
    ]


def _stack(blocks: Sequence[list[list[Piece]]], width: int) -> list[list[Piece]]:
    """Blocks one under the other, a blank line between them."""
    lines: list[list[Piece]] = []
    for block in blocks:
        if lines:
            lines.append([(" " * width, "")])
        lines.extend(block)
    return lines


def _continued(title: str, width: int) -> list[Piece]:
    return fit_pieces([(f"{title} (continued)", "heading")], width)


def _split(
    sections: Sequence[tuple[str, HelpRows]], left: int, right: int
) -> tuple[list[list[Piece]], list[list[Piece]]]:
    """The two columns, the groups flowing from the left one into the right one so that the
    taller is as short as can be; a group cut in two repeats its heading, "(continued)"."""
    left_blocks, right_blocks = _blocks(sections, left), _blocks(sections, right)
    best: tuple[list[list[Piece]], list[list[Piece]]] | None = None
    for index, block in enumerate(left_blocks):
        for cut in range(2, len(block) + 1):  # keep a heading and at least one row on the left
            left_lines = _stack([*left_blocks[:index], block[:cut]], left)
            rest = right_blocks[index][cut:]
            head = [_continued(sections[index][0], right), *rest] if rest else []
            right_lines = _stack([b for b in [head, *right_blocks[index + 1 :]] if b], right)
            if best is None or max(len(left_lines), len(right_lines)) < max(map(len, best)):
                best = (left_lines, right_lines)
    return best if best is not None else ([], [])


def lay_out(sections: Sequence[tuple[str, HelpRows]], width: int) -> list[list[Piece]]:
    """The help's lines for `width` cells: two columns where both get `MIN_COLUMN` cells."""
    if width < 2 * MIN_COLUMN + GAP:
        return _stack(_blocks(sections, width), width)
    left_width = (width - GAP) // 2
    right_width = width - GAP - left_width
    left, right = _split(sections, left_width, right_width)
    lines: list[list[Piece]] = []
    for index in range(max(len(left), len(right))):
        left_line = left[index] if index < len(left) else [(" " * left_width, "")]
        right_line = right[index] if index < len(right) else [(" " * right_width, "")]
        lines.append([*left_line, (" " * GAP, ""), *right_line])
    return lines


class KeyList(ScrollView, can_focus=True, inherit_bindings=False):
    """Every help row in one widget: laid out once per width, drawn line by line."""

    DEFAULT_CSS = """
    KeyList {
        height: auto;
        background: $surface;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    KeyList > .key-list--heading { color: $text-accent; text-style: bold; }
    KeyList > .key-list--keys { color: $text-primary; text-style: bold; }
    KeyList > .key-list--tooltip { color: $text-muted; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-list--heading",
        "key-list--keys",
        "key-list--description",
        "key-list--tooltip",
    }

    def __init__(self, sections: Sequence[tuple[str, HelpRows]], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sections = list(sections)
        self._layout: tuple[int, list[list[Piece]]] | None = None

    def lines(self, width: int) -> list[list[Piece]]:
        """The laid-out lines for `width` cells (kept until the width changes)."""
        if self._layout is None or self._layout[0] != width:
            self._layout = (width, lay_out(self.sections, max(width, 1)))
        return self._layout[1]

    def text_lines(self, width: int) -> list[str]:
        """The lines as plain text, for tests and screen readers."""
        return ["".join(text for text, _ in line) for line in self.lines(width)]

    @property
    def line_width(self) -> int:
        return self.scrollable_content_region.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(max(width - 1, 1)))

    def on_resize(self) -> None:
        self.virtual_size = Size(self.line_width, len(self.lines(self.line_width)))

    def render_line(self, y: int) -> Strip:
        width = self.line_width
        base = self.rich_style
        lines = self.lines(width)
        index = y + self.scroll_offset.y
        if index >= len(lines):
            return Strip.blank(width, base)
        styles = {
            role: self._style(role) for role in ("", "heading", "keys", "description", "tooltip")
        }
        segments = [Segment(text, base + styles[role]) for text, role in lines[index] if text]
        return Strip(segments).adjust_cell_length(width, base)

    def _style(self, role: str) -> Style:
        return self.get_component_rich_style(f"key-list--{role}") if role else Style()

    def scroll_lines(self, lines: int) -> None:
        """Scroll by whole lines at once (no animation: a burst of keys is never dropped)."""
        self.scroll_to(y=self.scroll_y + lines, animate=False, immediate=True)

    def scroll_edge(self, direction: int) -> None:
        self.scroll_to(y=self.max_scroll_y if direction > 0 else 0, animate=False, immediate=True)


class HelpScreen(Dialog[None]):
    """The key bindings, group by group, generated from the key table (`tui.keys`)."""

    DEFAULT_CSS = """
    #help-dialog {
        width: 118;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("help")

    def __init__(
        self,
        sections: Sequence[tuple[str, Sequence[BindingType]]],
        keymap: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__()
        self._sections = sections
        self._keymap = dict(keymap or {})

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog", classes="dialog-frame") as dialog:
            dialog.border_title = "Keys"
            rows = [
                (title, binding_rows(bindings, self._real_keys))
                for title, bindings in self._sections
            ]
            dialog.border_subtitle = Content(self._hint())  # the frame's line: one more row
            yield KeyList(rows, id="help-keys")

    def _real_keys(self, binding: Binding) -> str:
        """The keys themselves (a footer's shorthand, `key_display`, would hide them), with
        shift as `⇧` as ctrl is `^`, so that every key fits its column."""
        shown = self.app.get_key_display(replace(binding, key_display=None))
        return shown.replace("shift+", "⇧")

    def _hint(self) -> str:
        """`esc / q / ?: close   j k g G pgdn pgup: scroll`, on the user's keys."""
        rows = binding_rows(bindings_for("help", self._keymap), self._real_keys)
        close = rows[0][0]
        scroll = " ".join(keys.split(" / ")[0] for keys, _, _ in rows[1:])
        return f"{close}: close   {scroll}: scroll"

    @property
    def key_list(self) -> KeyList:
        return self.query_one(KeyList)

    def on_mount(self) -> None:
        self.key_list.focus()

    def on_resize(self) -> None:
        """The list scrolls inside the dialog when the terminal is shorter than the help."""
        for key_list in self.query(KeyList):
            key_list.styles.max_height = max(self.size.height - 2, 1)  # the frame: 2 rows

    def action_scroll_lines(self, lines: int) -> None:
        self.key_list.scroll_lines(lines)

    def action_scroll_edge(self, direction: int) -> None:
        self.key_list.scroll_edge(direction)

    def action_scroll_page(self, direction: int) -> None:
        self.key_list.scroll_lines(
            direction * max(self.key_list.scrollable_content_region.height - 1, 1)
        )

    def action_close(self) -> None:
        self.finish(None)
