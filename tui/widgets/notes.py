"""The notes pane: every annotation of the document, grouped under paragraph headers.

The list is a Textual `OptionList` (virtualised through the Line API) with one option per
annotation, whose id is the annotation id; the first entry of each paragraph draws the
paragraph's header above itself (see `tui.widgets.notes_entry`). Every prompt is built from
`Content` objects, never from markup, and every piece of article, note, label or query text
goes through `visible_controls` first, so text such as `[holding out in Bakhmut]` shows
literally and no escape sequence reaches the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from textual import on
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import OptionDoesNotExist

from annotations.config import Config
from annotations.document import Document
from annotations.formats.common import count_of
from annotations.model import Annotation, position_order
from tui.display import one_line
from tui.keys import bindings_for
from tui.widgets.notes_entry import Entries

MAX_QUERY_CELLS = 30
EMPTY_HINT = "No highlights yet — press v to select, 1–5 to label"
NO_MATCH_HINT = "Nothing matches — press escape to clear the filter"


class NotesList(OptionList):
    """The option list of the pane: one option per entry (and a disabled hint when empty)."""

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

    def plain_style(self) -> Style:
        """The style of an ordinary option: what paragraph headers are drawn in."""
        return self.get_visual_style("option-list--option")


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
            /* Entries pad themselves (ListedEntry): a header's padding is never highlighted. */
            & > .option-list--option {
                padding: 0;
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

    class EntryRequest(Message):
        """The user asked for something to be done with one entry."""

        def __init__(self, annotation_id: str) -> None:
            super().__init__()
            self.annotation_id = annotation_id

    class JumpRequested(EntryRequest):
        """The user pressed enter on an entry: show it in the article."""

    class EditRequested(EntryRequest):
        """The user pressed `a` on an entry: edit its label and note."""

    class DeleteRequested(EntryRequest):
        """The user pressed `x` or delete on an entry."""

    class ConfirmRequested(EntryRequest):
        """The user pressed `c` on an entry: its (fuzzy) place is right."""

    class ReattachRequested(EntryRequest):
        """The user pressed `r` on an entry: put it on the article's selection."""

    class FilterChanged(Message):
        """The filter text changed; the app answers with `apply_filter`."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    def __init__(self, document: Document, config: Config, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._annotations: list[Annotation] = []
        self._query = ""
        self._matching: set[str] | None = None
        self._header = Static(id="notes-header", markup=False)
        self._filter = Input(placeholder="Filter highlights…", id="notes-filter", compact=True)
        self._list = NotesList(id="notes-list", markup=False)
        self._entries = Entries(document, config, plain_style=self._list.plain_style)
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
        self._entries.keep_only(self._annotations)
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
        self.refresh_bindings()  # the footer offers `esc` only while there is a filter

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
        hint = NO_MATCH_HINT if self._annotations else EMPTY_HINT
        self._list.set_options(self._entries.options(shown, hint))
        self._render_header()
        if self._list.is_mounted:
            self._list.scroll_y = min(scroll_y, self._list.max_scroll_y)
        index = self._index_of(keep)
        if index is None and fallback is not None and shown:
            index = self._index_of(shown[min(fallback, len(shown) - 1)].id)
        self._list.highlighted = index

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
        """How many entries come before the highlighted one (None when none is highlighted)."""
        return None if self.selected_id is None else self._list.highlighted

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

    def action_confirm_place(self) -> None:
        if (annotation_id := self.selected_id) is not None:
            self.post_message(self.ConfirmRequested(annotation_id))

    def action_reattach(self) -> None:
        if (annotation_id := self.selected_id) is not None:
            self.post_message(self.ReattachRequested(annotation_id))

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


def _document_order(annotation: Annotation) -> tuple[bool, int, int, int, str, str]:
    """Grouped by the paragraph where each starts, then in position order; orphans last."""
    return (annotation.is_orphan, annotation.paragraph, *position_order(annotation))
