"""The notes pane: every annotation of the document, grouped under paragraph headers.

The list is a Textual `OptionList` (virtualised through the Line API): each paragraph that
has annotations gets a disabled header option, and each annotation one option whose id is
the annotation id. Every prompt is built from `Content` objects, never from markup, and every
piece of article, note, label or query text goes through `visible_controls` first, so text
such as `[holding out in Bakhmut]` shows literally and no escape sequence reaches the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.cells import cell_len
from textual import on
from textual.binding import BindingType
from textual.color import Color
from textual.containers import Vertical
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from annotations.config import Config, Label
from annotations.document import Block, Document, visible_controls
from annotations.formats.common import count_of
from annotations.model import Annotation, position_order
from tui.display import ELLIPSIS, MIN_WRAP, clamp_lines, fits, one_line, with_ellipsis
from tui.keys import bindings_for

HEADER_WORDS = 6
"""How many words of a paragraph its header shows."""
QUOTE_LINES = 2
NOTE_LINES = 3
INDENT = 2
"""Quote and note lines are indented under the label line."""
NOTE_PREFIX = "✎ "
MAX_QUERY_CELLS = 30
EMPTY_HINT = "No highlights yet — press v to select, 1–5 to label"
NO_MATCH_HINT = "Nothing matches — press escape to clear the filter"
_DARK_INK = Color.parse("#1b1b1b")
_LIGHT_INK = Color.parse("#f5f5f5")


def chip_style(colour: str) -> Style:
    """The label chip: the label colour as background, a contrasting (usually dark) initial."""
    background = Color.parse(colour)
    ink = _DARK_INK if background.brightness >= 0.45 else _LIGHT_INK
    return Style(background=background, foreground=ink, bold=True)


def label_line(label: Label) -> Content:
    """` K  Key point`: a colour chip with the initial, then the name (legible without colour)."""
    initial = visible_controls(label.initial, keep_newlines=False)
    name = visible_controls(label.name, keep_newlines=False)
    chip = Content.styled(f" {initial} ", chip_style(label.colour))
    return Content.assemble(chip, " ", Content.styled(name, ".notes-list--label"))


class EntryVisual(Visual):
    """One annotation laid out for a width: label line, ≤2 quote lines, ≤3 note lines.

    OptionList asks every option for its height up front (to size its virtual canvas) but
    renders only the visible ones, so the height comes from cell lengths alone whenever it
    can (a quote that does not fit one line takes exactly two), and the wrapped layout is
    built, and cached for the last width, only when the entry is drawn.
    """

    def __init__(self, label: Content, quote: str, note: str) -> None:
        self._label = label
        self._quote = one_line(quote).strip()
        text = visible_controls(note.replace("\r\n", "\n"), keep_newlines=True)
        self._note = [line.rstrip() for line in text.split("\n") if line.strip()]
        self._height: tuple[int, int] | None = None
        self._layout: tuple[int, Content] | None = None

    def _quote_lines(self, width: int) -> list[Content]:
        return clamp_lines(Content(self._quote), width, QUOTE_LINES)

    def _note_lines(self, width: int) -> list[Content]:
        """The note's lines wrapped after a `✎ ` prefix, at most NOTE_LINES in all."""
        if not self._note:
            return []
        inner = width - len(NOTE_PREFIX)
        wrapped: list[Content] = []
        for paragraph in self._note:
            wrapped += clamp_lines(Content(paragraph), inner, NOTE_LINES + 1)
            if len(wrapped) > NOTE_LINES:
                wrapped = wrapped[:NOTE_LINES]
                if not wrapped[-1].plain.endswith(ELLIPSIS):
                    wrapped[-1] = with_ellipsis(wrapped[-1], inner)
                break
        prefixes = [NOTE_PREFIX] + [" " * len(NOTE_PREFIX)] * (len(wrapped) - 1)
        return [
            Content.assemble(prefix, line).stylize(".notes-list--note")
            for prefix, line in zip(prefixes, wrapped, strict=True)
        ]

    def _note_height(self, width: int) -> int:
        inner = max(width - len(NOTE_PREFIX), MIN_WRAP)
        # A wrapped line holds at most `inner` cells besides the spaces it breaks at, so a note
        # with more non-space cells than NOTE_LINES lines can hold is clamped without wrapping.
        if sum(cell_len("".join(line.split())) for line in self._note) > NOTE_LINES * inner:
            return NOTE_LINES
        if all(fits(line, inner) for line in self._note):
            return min(len(self._note), NOTE_LINES)
        return len(self._note_lines(width))

    def get_height(self, rules: RulesMap, width: int) -> int:
        if self._height is None or self._height[0] != width:
            inner = width - INDENT
            quote = 1 if fits(self._quote, max(inner, MIN_WRAP)) else QUOTE_LINES
            self._height = (width, 1 + quote + self._note_height(inner))
        return self._height[1]

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        if self._layout is None or self._layout[0] != width:
            pad = " " * INDENT
            lines = [self._label.truncate(width, ellipsis=True)]
            lines += [pad + line for line in self._quote_lines(width - INDENT)]
            lines += [pad + line for line in self._note_lines(width - INDENT)]
            # Cropping keeps the line count equal to get_height even in a silly-narrow pane.
            cropped = [line.truncate(width) for line in lines]
            self._layout = (width, Content("\n").join(cropped))
        return self._layout[1].render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width


class NotesList(OptionList):
    """The option list of the pane; headers are disabled options, so moving skips them."""

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("notes.list")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "notes-list--paragraph",
        "notes-list--label",
        "notes-list--note",
        "notes-list--hint",
    }

    def on_focus(self) -> None:
        """Tabbing into the pane lands on an entry, not on nothing."""
        if self.highlighted is None:
            self.action_first()

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Scroll the highlighted entry into view, with its paragraph header when it has one."""
        index = self.highlighted
        if index is None or not self.is_mounted:
            return
        self._update_lines()
        first = index - 1 if index > 0 and self.options[index - 1].disabled else index
        try:
            y = self._index_to_line[first]
            end = self._index_to_line[index] + self._heights[index]
        except KeyError:
            return
        region = Region(0, y, self.scrollable_content_region.width, end - y)
        self.scroll_to_region(region, force=True, animate=False, top=top, immediate=True)


class NotesPane(Vertical):
    """The right-hand pane: a count header, a filter input (hidden until `/`) and the list."""

    DEFAULT_CSS = """
    NotesPane {
        width: 1fr;
        height: 1fr;
        background: $panel;
        & > #notes-header {
            width: 1fr;
            height: auto;
            padding: 0 1;
            color: $foreground-muted;
            text-style: bold;
        }
        /* A rule on the pane itself makes Textual restyle it when focus enters or leaves. */
        &:focus-within {
            background: $panel;
        }
        &:focus-within > #notes-header {
            color: $text-accent;
        }
        & > #notes-filter {
            display: none;
            margin: 0 1;
        }
        & > #notes-filter.-open {
            display: block;
        }
        & > NotesList {
            width: 1fr;
            height: 1fr;
            max-height: 100%;
            border: none;
            background: $panel;
            padding: 0;
            &:focus {
                border: none;
                background-tint: $foreground 3%;
            }
            & > .option-list--option {
                padding: 0 1;
            }
            & > .option-list--option-disabled {
                color: $foreground;
            }
            & > .notes-list--paragraph {
                color: $text-accent;
                text-style: bold;
            }
            & > .notes-list--label {
                text-style: bold;
            }
            & > .notes-list--note {
                text-style: italic;
            }
            & > .notes-list--hint {
                color: $foreground-muted;
                text-style: italic;
            }
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("notes.pane")

    class JumpRequested(Message):
        """The user pressed enter on an entry: show it in the article."""

        def __init__(self, annotation_id: str) -> None:
            super().__init__()
            self.annotation_id = annotation_id

    class EditRequested(Message):
        """The user pressed `a` on an entry: edit its label and note."""

        def __init__(self, annotation_id: str) -> None:
            super().__init__()
            self.annotation_id = annotation_id

    class DeleteRequested(Message):
        """The user pressed `x` or delete on an entry."""

        def __init__(self, annotation_id: str) -> None:
            super().__init__()
            self.annotation_id = annotation_id

    class FilterChanged(Message):
        """The filter text changed; the app answers with `apply_filter`."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    def __init__(self, document: Document, config: Config, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._document = document
        self._config = config
        self._blocks: dict[int, Block] = {block.number: block for block in document.blocks}
        self._labels = {label.number: label_line(label) for label in config.labels}
        self._annotations: list[Annotation] = []
        self._visuals: dict[str, tuple[Annotation, EntryVisual]] = {}
        self._query = ""
        self._matching: set[str] | None = None
        self._header = Static(id="notes-header", markup=False)
        self._filter = Input(placeholder="Filter highlights…", id="notes-filter", compact=True)
        self._list = NotesList(id="notes-list", markup=False)
        self._rebuild(keep=None)

    def compose(self) -> Iterable[Static | Input | NotesList]:
        yield self._header
        yield self._filter
        yield self._list

    # -- the public API ------------------------------------------------------------------

    def show_annotations(self, annotations: Sequence[Annotation]) -> None:
        """Show these annotations (the full list, any order); keep the highlighted entry.

        If the highlighted entry is gone (deleted), its successor is highlighted instead.
        """
        self._annotations = sorted(annotations, key=_document_order)
        self._visuals = {
            annotation.id: (annotation, self._visual(annotation))
            for annotation in self._annotations
        }
        self._rebuild(keep=self.selected_id, fallback=self._highlighted_ordinal())

    def apply_filter(self, query: str, matching_ids: set[str] | None) -> None:
        """Show only `matching_ids` (None: no filter); the header says how many match."""
        self._query = query
        self._matching = None if matching_ids is None else set(matching_ids)
        if not self._filter.has_class("-open") and self._filter.value != query:
            # Only a closed input is synced: while the user types, the app may answer with a
            # normalised query ("out " → "out") that must not eat what is being typed.
            with self._filter.prevent(Input.Changed):
                self._filter.value = query
        self._rebuild(keep=self.selected_id, fallback=0 if matching_ids is not None else None)

    def select_annotation(self, annotation_id: str | None) -> None:
        """Highlight that entry and scroll to it, without posting JumpRequested.

        None, or an id that is not shown (filtered out), removes the highlight.
        """
        index = self._index_of(annotation_id)
        if index is None:
            self._list.highlighted = None
        elif self._list.highlighted == index:
            self._list.scroll_to_highlight()
        else:
            self._list.highlighted = index

    @classmethod
    def bindings_for_help(cls) -> list[BindingType]:
        """Every key of the pane (the list's and the pane's own), for the help screen."""
        return [*NotesList.BINDINGS, *cls.BINDINGS]

    @property
    def selected_id(self) -> str | None:
        """The id of the highlighted entry, or None."""
        option = self._list.highlighted_option
        if option is None or option.disabled:
            return None
        return option.id

    @property
    def filter_active(self) -> bool:
        return self._matching is not None

    @property
    def filter_query(self) -> str:
        return self._query

    # -- building the list --------------------------------------------------------------

    def _shown(self) -> list[Annotation]:
        if self._matching is None:
            return self._annotations
        matching = self._matching
        return [annotation for annotation in self._annotations if annotation.id in matching]

    def _rebuild(self, keep: str | None, fallback: int | None = None) -> None:
        """Replace every option in one `set_options` call, then restore scroll and highlight."""
        shown = self._shown()
        scroll_y = self._list.scroll_y
        self._list.set_options(self._options(shown))
        self._render_header()
        if self._list.is_mounted:
            self._list.scroll_y = min(scroll_y, self._list.max_scroll_y)
        index = self._index_of(keep)
        if index is None and fallback is not None and shown:
            index = self._index_of(shown[min(fallback, len(shown) - 1)].id)
        self._list.highlighted = index

    def _options(self, shown: Sequence[Annotation]) -> list[Option]:
        if not shown:
            hint = NO_MATCH_HINT if self._annotations else EMPTY_HINT
            return [Option(Content.styled(hint, ".notes-list--hint"), disabled=True)]
        options: list[Option] = []
        paragraph: int | None = None
        for annotation in shown:
            if annotation.paragraph != paragraph:
                paragraph = annotation.paragraph
                header = self._paragraph_header(paragraph, first=not options)
                options.append(Option(header, disabled=True))
            options.append(Option(self._visuals[annotation.id][1], id=annotation.id))
        return options

    def _visual(self, annotation: Annotation) -> EntryVisual:
        """The entry's visual, reused while the annotation is unchanged (it caches its layout)."""
        cached = self._visuals.get(annotation.id)
        if cached is not None and (cached[0] is annotation or cached[0] == annotation):
            return cached[1]
        label = self._labels.get(annotation.label) or _unknown_label(annotation.label)
        return EntryVisual(label, annotation.quote, annotation.note)

    def _paragraph_header(self, number: int, *, first: bool) -> Content:
        """`¶3 · Despite Ukrainian forces’ efforts…` (`Title · …` for the title block)."""
        tag = "Title" if number == 0 else f"¶{number}"
        block = self._blocks.get(number)
        if block is not None:
            words = one_line(self._document.block_text(block)).split()
            opening = " ".join(words[:HEADER_WORDS])
            tag = f"{tag} · {opening}{ELLIPSIS if len(words) > HEADER_WORDS else ''}"
        header = Content.styled(tag, ".notes-list--paragraph")
        return header if first else Content("\n") + header

    def _render_header(self) -> None:
        total = len(self._annotations)
        if self._matching is None:
            notes = sum(1 for annotation in self._annotations if annotation.has_note)
            text = f"{count_of(total, 'highlight')} · {count_of(notes, 'note')}"
        else:
            query = Content(one_line(self._query)).truncate(MAX_QUERY_CELLS, ellipsis=True)
            text = f"{len(self._shown())} of {total} match “{query.plain}”"
        self._header.update(Content(text))

    def _index_of(self, annotation_id: str | None) -> int | None:
        if annotation_id is None:
            return None
        try:
            return self._list.get_option_index(annotation_id)
        except OptionDoesNotExist:
            return None

    def _highlighted_ordinal(self) -> int | None:
        """How many entries (not headers) come before the highlighted one."""
        index = self._list.highlighted
        if index is None:
            return None
        return sum(1 for option in self._list.options[:index] if not option.disabled)

    # -- keys and messages ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape is only ours while a filter is active or open; otherwise the app gets it."""
        if action == "clear_filter":
            return self.filter_active or self._filter.has_class("-open")
        return True

    def action_edit(self) -> None:
        if (annotation_id := self.selected_id) is not None:
            self.post_message(self.EditRequested(annotation_id))

    def action_delete(self) -> None:
        if (annotation_id := self.selected_id) is not None:
            self.post_message(self.DeleteRequested(annotation_id))

    def action_open_filter(self) -> None:
        self._filter.add_class("-open")
        self._filter.focus()

    def action_clear_filter(self) -> None:
        """Clear and close the filter, show everything, tell the app (once)."""
        was_active = self.filter_active or bool(self._filter.value)
        with self._filter.prevent(Input.Changed):
            self._filter.value = ""
        self._filter.remove_class("-open")
        self._list.focus()
        self.apply_filter("", None)
        if was_active:
            self.post_message(self.FilterChanged(""))

    @on(Input.Changed, "#notes-filter")
    def _filter_typed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.FilterChanged(event.value))

    @on(Input.Submitted, "#notes-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        """Enter keeps the filter and returns to the list (an empty filter closes)."""
        event.stop()
        if not event.value:
            self._filter.remove_class("-open")
        self._list.focus()

    @on(OptionList.OptionSelected, "#notes-list")
    def _entry_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id is not None:
            self.post_message(self.JumpRequested(event.option_id))

    @on(OptionList.OptionHighlighted, "#notes-list")
    def _entry_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Moving in the list is the pane's own business; only the four messages go up."""
        event.stop()


def _document_order(annotation: Annotation) -> tuple[int, int, int, str, str]:
    """Grouped by the paragraph where each starts, then in position order."""
    return (annotation.paragraph, *position_order(annotation))


def _unknown_label(number: int) -> Content:
    """A label number the config does not know (a store written by another version)."""
    return Content.styled(f" {number} ", Style(reverse=True))
