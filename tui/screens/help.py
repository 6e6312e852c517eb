"""The help screen: every key, built from the bindings themselves."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.keys import format_key
from textual.widgets import Static

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


class HelpRow(Horizontal):
    """One help row: the keys on the left, the description and its longer explanation."""

    def __init__(self, keys: str, description: str, tooltip: str) -> None:
        super().__init__(classes="help-row")
        self.keys = keys
        self.description = description
        self.explanation = tooltip

    def compose(self) -> ComposeResult:
        yield Static(Content(self.keys), classes="help-keys")
        with Vertical(classes="help-text"):
            yield Static(Content(self.description), classes="help-description")
            if self.explanation:
                yield Static(Content(self.explanation), classes="help-tooltip")


class HelpScreen(Dialog[None]):
    """The key bindings, section by section, generated from the bindings themselves."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        background: $background 60%;
    }
    HelpScreen > #help-dialog {
        width: 70;
        max-width: 100%;
        height: 90%;
        padding: 0 1;
        background: $surface;
        border: round $accent;
        border-title-color: $text-accent;
    }
    HelpScreen #help-scroll {
        height: 1fr;
    }
    HelpScreen .help-heading {
        margin: 1 0 0 0;
        color: $text-accent;
        text-style: bold;
    }
    HelpScreen .help-row {
        height: auto;
    }
    HelpScreen .help-keys {
        width: 14;
        color: $text-primary;
        text-style: bold;
    }
    HelpScreen .help-text {
        width: 1fr;
        height: auto;
    }
    HelpScreen .help-tooltip {
        color: $text-muted;
    }
    HelpScreen .dialog-hint {
        height: 1;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "escape,q,question_mark",
            "close",
            "Close help",
            id="help.close",
            tooltip="Back to where you were.",
        ),
        Binding("j", "scroll('down')", "Scroll down", show=False, id="help.down"),
        Binding("k", "scroll('up')", "Scroll up", show=False, id="help.up"),
    ]

    def __init__(self, sections: Sequence[tuple[str, Sequence[BindingType]]]) -> None:
        super().__init__()
        self._sections = sections

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            with VerticalScroll(id="help-scroll"):
                for title, bindings in self._sections:
                    yield Static(Content(title), classes="help-heading")
                    for keys, description, tooltip in binding_rows(bindings, self._real_keys):
                        yield HelpRow(keys, description, tooltip)
            yield Static(Content(self._close_hint()), classes="dialog-hint")

    def _real_keys(self, binding: Binding) -> str:
        """The keys themselves: a footer's shorthand (`key_display`) would hide them."""
        return self.app.get_key_display(replace(binding, key_display=None))

    def _close_hint(self) -> str:
        keys, _, _ = binding_rows(self.BINDINGS[:1], self.app.get_key_display)[0]
        return f"{keys}: close   j / k: scroll"

    def on_mount(self) -> None:
        self.query_one("#help-scroll", VerticalScroll).focus()

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one("#help-scroll", VerticalScroll)
        if direction == "down":
            scroll.scroll_down()
        else:
            scroll.scroll_up()

    def action_close(self) -> None:
        self.finish(None)
