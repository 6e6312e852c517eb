"""The modal screens: the note editor, the export path prompt, a yes/no question and the help.

Every string that comes from the user or the document (a quote, a label name, a path, a question
that names a file) is shown as `Content`, never parsed as markup: the article itself contains
`[holding out in Bakhmut]`, and a file may contain escape sequences (see `visible_controls`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.keys import format_key
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Static, TextArea

from annotations.document import visible_controls
from annotations.paths import user_path
from tui.text import clamp_lines as clamp_content_lines
from tui.text import one_line

ResultT = TypeVar("ResultT")

QUOTE_MAX_CHARS = 600
"""A first cut for very long quotes; `ClampedText` then shows the lines that fit."""
_LINE_BREAKS = re.compile(r"\s*\n\s*")


def display_text(text: str) -> Content:
    """User text as plain Content: line breaks become spaces, control characters visible."""
    return Content(one_line(text))


def trim_quote(quote: str, limit: int = QUOTE_MAX_CHARS) -> str:
    """Shorten a quote to about `limit` characters, cutting at a word boundary, with an ellipsis."""
    quote = _LINE_BREAKS.sub(" ", quote).strip()
    if len(quote) <= limit:
        return quote
    cut = quote[:limit]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


def clamp_lines(text: str, width: int, max_lines: int) -> str:
    """`text` word-wrapped to `width`, cut after `max_lines` lines with an ellipsis if longer."""
    lines = clamp_content_lines(Content(text), width, max(max_lines, 1))
    return "\n".join(line.plain.rstrip() for line in lines)


class ClampedText(Widget):
    """Plain text that shows at most as many lines as its CSS `max-height`, ending in "…".

    CSS alone would clip the wrapped text without any sign that it goes on.
    """

    DEFAULT_CSS = """
    ClampedText {
        height: auto;
    }
    """

    def __init__(self, text: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text

    def _max_lines(self) -> int:
        max_height = self.styles.max_height
        if max_height is not None and max_height.is_cells:
            return max(int(max_height.value), 1)
        return 1_000_000

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return clamp_lines(self.text, width, self._max_lines()).count("\n") + 1

    def render(self) -> Content:
        return Content(clamp_lines(self.text, self.content_size.width, self._max_lines()))


class _Dialog(ModalScreen[ResultT]):
    """A modal screen that is dismissed at most once.

    Two quick key presses (say `ctrl+s` then `escape`) must not pop the screen underneath.
    """

    def __init__(self) -> None:
        super().__init__()
        self._finished = False

    def finish(self, result: ResultT) -> None:
        """Dismiss with `result`, unless this dialog has already been dismissed."""
        if self._finished:
            return
        self._finished = True
        self.dismiss(result)


# --------------------------------------------------------------------------- note editor


class NoteEditor(_Dialog[str]):
    """Edit the note of one highlight; closing it in any way keeps what was typed."""

    DEFAULT_CSS = """
    NoteEditor {
        align: center middle;
        background: $background 60%;
    }
    NoteEditor > #note-dialog {
        width: 70;
        max-width: 100%;
        height: 80%;
        max-height: 30;
        padding: 0 1;
        background: $surface;
        border: round $accent;
        border-title-color: $text-accent;
    }
    NoteEditor #note-quote {
        max-height: 3;
        color: $text-muted;
        text-style: italic;
    }
    NoteEditor #note-label {
        height: 1;
        color: $text-accent;
    }
    NoteEditor #note-text {
        height: 1fr;
    }
    NoteEditor .dialog-hint {
        height: 1;
        color: $text-muted;
    }
    NoteEditor.-short #note-quote {
        max-height: 1;
    }
    """

    # Screen declares this without ClassVar, so mypy refuses one here.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s",
            "save",
            "Save note",
            priority=True,
            id="note.save",
            tooltip="Save the note and close the editor.",
        ),
        Binding(
            "escape",
            "save",
            "Close",
            priority=True,
            id="note.close",
            tooltip="Close the editor; the note is saved, never dropped.",
        ),
    ]

    def __init__(self, quote: str, note: str, label_name: str) -> None:
        super().__init__()
        self._quote = quote
        self._note = note
        self._label_name = label_name

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog") as dialog:
            dialog.border_title = "Note"
            yield ClampedText(display_text(trim_quote(self._quote)).plain, id="note-quote")
            yield Static(Content("Label: ") + display_text(self._label_name), id="note-label")
            yield TextArea(self._note, soft_wrap=True, tab_behavior="focus", id="note-text")
            yield Static(Content("ctrl+s or esc: save and close"), classes="dialog-hint")

    def on_mount(self) -> None:
        text_area = self.query_one("#note-text", TextArea)
        text_area.move_cursor(text_area.document.end)
        text_area.focus()

    def action_save(self) -> None:
        self.finish(self.query_one("#note-text", TextArea).text)


# --------------------------------------------------------------------------- export prompt


class ExportDialog(_Dialog[Path | None]):
    """Ask for the path to export to; `enter` accepts it, `escape` cancels (None)."""

    DEFAULT_CSS = """
    ExportDialog {
        align: center middle;
        background: $background 60%;
    }
    ExportDialog > #export-dialog {
        width: 70;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        background: $surface;
        border: round $accent;
        border-title-color: $text-accent;
    }
    ExportDialog #export-path {
        margin: 1 0 0 0;
    }
    ExportDialog .dialog-hint {
        height: auto;
        color: $text-muted;
    }
    ExportDialog .dialog-hint.-error {
        color: $text-error;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "submit",
            "Export",
            id="export.submit",
            tooltip="Write the notes to this path.",
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="export.cancel",
            tooltip="Close without exporting.",
        ),
    ]

    HINT = "enter: export   esc: cancel"

    def __init__(self, default_path: Path, title: str = "Export notes as Markdown") -> None:
        super().__init__()
        self._default_path = default_path
        self._title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog") as dialog:
            dialog.border_title = self._title
            yield Input(str(self._default_path), select_on_focus=True, id="export-path")
            yield Static(Content(self.HINT), id="export-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        path_input = self.query_one("#export-path", Input)
        path_input.focus()
        path_input.select_all()

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        value = self.query_one("#export-path", Input).value
        hint = self.query_one("#export-hint", Static)
        try:
            path = user_path(value)
        except ValueError as error:
            hint.update(Content(visible_controls(f"{error} — or press esc to cancel")))
            hint.add_class("-error")
            return
        self.finish(path)

    def action_cancel(self) -> None:
        self.finish(None)


# --------------------------------------------------------------------------- yes / no


class ConfirmDialog(_Dialog[bool]):
    """A yes/no question; the safe answer ("no") has the focus, and `escape` means no."""

    DEFAULT_CSS = """
    ConfirmDialog {
        align: center middle;
        background: $background 60%;
    }
    ConfirmDialog > #confirm-dialog {
        width: 60;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        background: $surface;
        border: round $primary;
    }
    ConfirmDialog #confirm-question {
        margin: 1 0;
    }
    ConfirmDialog #confirm-buttons {
        height: auto;
        align-horizontal: right;
    }
    ConfirmDialog Button {
        margin-left: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Answer yes."),
        Binding("n", "answer(False)", "No", id="confirm.no", tooltip="Answer no."),
        Binding(
            "escape",
            "answer(False)",
            "Cancel",
            id="confirm.cancel",
            tooltip="Close the question; same as answering no.",
        ),
        Binding("left", "app.focus_previous", "Previous button", show=False),
        Binding("right", "app.focus_next", "Next button", show=False),
    ]

    def __init__(self, question: str, yes: str = "Overwrite", no: str = "Cancel") -> None:
        super().__init__()
        self._question = question
        self._yes = yes
        self._no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog"):
            yield Static(display_text(self._question), id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(Content(self._yes), variant="warning", id="confirm-yes")
                yield Button(Content(self._no), variant="primary", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.finish(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.finish(yes)


# --------------------------------------------------------------------------- help

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


class HelpScreen(_Dialog[None]):
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
