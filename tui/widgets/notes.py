"""The notes pane: every annotation of the document, grouped under paragraph headers.

The list (`tui.widgets.notes_list.NotesList`, virtualised through the Line API) has one entry
per annotation, whose id is the annotation id; the first entry of each paragraph draws the
paragraph's header above itself (see `tui.widgets.notes_entry`). A change of one annotation
remakes its entry and the entry after it (whose header may come or go), never the whole list.
Every prompt is built from `Content` objects, never from markup, and every piece of article,
note, label or query text goes through `visible_controls` first, so text such as
`[holding out in Bakhmut]` shows literally and no escape sequence reaches the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import ClassVar

from textual import on
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from annotations.config import Config
from annotations.document import Document
from annotations.formats.common import count_of
from annotations.model import Annotation
from tui.display import SAFE_INPUT, one_line
from tui.keys import bindings_for
from tui.widgets.notes_entry import DocumentOrder, Entries, ListedEntry, document_order
from tui.widgets.notes_list import Entry, NotesList

MAX_QUERY_CELLS = 30
EMPTY_HINT = "No highlights yet — press v to select, 1–5 to label"
NO_MATCH_HINT = "Nothing matches — press escape to clear the filter"
BULK = 64
"""More changes than this (and than a quarter of the list) rebuild the list instead."""


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
            & > .notes-list--entry-disabled {
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
        self._annotations: dict[str, Annotation] = {}
        self._notes = 0
        """How many of the annotations have a note (kept as they change: no count per key)."""
        self._orphans = 0
        """How many orphans are listed (their header shows the number)."""
        self._query = ""
        self._matching: set[str] | None = None
        self._header = Static(id="notes-header", markup=False)
        self._filter: Input | None = None
        """The filter's input, mounted the first time it is needed (`_filter_input`)."""
        self._list = NotesList(id="notes-list")
        self._entries = Entries(document, config, plain_style=self._list.plain_style)
        self._hint = ""
        self._rebuild(keep=None)

    def compose(self) -> Iterable[Static | NotesList]:
        yield self._header
        yield self._list

    def _filter_input(self) -> Input:
        """The filter's input, mounted the first time it is needed (`/`, or a filter the app
        applies): not at start, where it was one more widget (and Input's CSS) to style
        before the first screen. It starts with the query the pane shows."""
        if self._filter is None:
            self._filter = Input(
                placeholder="Filter highlights…",
                id="notes-filter",
                compact=True,
                highlighter=SAFE_INPUT,
            )
            with self._filter.prevent(Input.Changed):
                self._filter.value = self._query
            self.mount(self._filter, after=self._header)
        return self._filter

    def _filter_open(self) -> bool:
        return self._filter is not None and self._filter.has_class("-open")

    # -- the public API ------------------------------------------------------------------

    def show_annotations(self, annotations: Sequence[Annotation]) -> None:
        """Show these annotations (the full list, any order); keep the highlighted entry.

        Only the entries of annotations that differ from those shown are remade. If the
        highlighted entry is gone (deleted), its successor is highlighted instead.
        """
        new = {annotation.id: annotation for annotation in annotations}
        changes: dict[str, Annotation | None] = dict.fromkeys(self._annotations.keys() - new)
        changes.update((key, a) for key, a in new.items() if self._annotations.get(key) != a)
        self.apply_changes(changes)

    def apply_changes(self, changes: Mapping[str, Annotation | None]) -> None:
        """Apply changes (id → the annotation now, None if deleted): each changed entry, and
        the entries after them whose paragraph header comes or goes, are remade in place."""
        if self._is_bulk(len(changes)):
            for annotation_id, annotation in changes.items():
                self._store(annotation_id, annotation)
            self._rebuild(keep=self.selected_id, fallback=self._list.highlighted)
            return
        dirty: set[DocumentOrder] = set()
        orphans, keep = self._orphans, self.selected_id
        for annotation_id, annotation in changes.items():
            old = self._store(annotation_id, annotation)
            if old is not None and self._is_shown(old):
                dirty |= self._unlist(old)
            if annotation is not None and self._is_shown(annotation):
                dirty |= self._enlist(annotation)
        self._mend(dirty, orphans)
        if keep in changes and (index := self._index_of(keep)) is not None:
            self._list.highlighted = index  # changed, not gone: the highlight stays on it

    def apply_filter(self, query: str, matching_ids: set[str] | None) -> None:
        """Show only `matching_ids` (None: no filter); the header says how many match."""
        self._query = query
        old, self._matching = self._matching, None if matching_ids is None else set(matching_ids)
        if query and self._filter is None and self.is_mounted:
            self._filter_input()  # made with the query in it
        elif self._filter is not None and not self._filter_open() and self._filter.value != query:
            # Only a closed input is synced: while the user types, the app may answer with a
            # normalised query ("out " → "out") that must not eat what is being typed.
            with self._filter.prevent(Input.Changed):
                self._filter.value = query
        fallback = 0 if matching_ids is not None else None
        if (
            old is not None
            and self._matching is not None
            and not self._is_bulk(len(old ^ self._matching))
        ):  # a change while filtered: a match more or less
            keep = self.selected_id
            self._refilter(old, self._matching)
            self._select(keep, fallback)
        else:
            self._rebuild(keep=self.selected_id, fallback=fallback)
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

    # -- changing the list ----------------------------------------------------------------

    def _is_bulk(self, changes: int) -> bool:
        return changes > BULK and changes > len(self._list) // 4

    def _is_shown(self, annotation: Annotation) -> bool:
        return self._matching is None or annotation.id in self._matching

    def _store(self, annotation_id: str, annotation: Annotation | None) -> Annotation | None:
        """Keep `annotation` (None: forget the id); the one it replaces, if any."""
        old = self._annotations.pop(annotation_id, None)
        self._entries.forget(annotation_id)
        if old is not None:
            self._notes -= old.has_note
        if annotation is not None:
            self._annotations[annotation_id] = annotation
            self._notes += annotation.has_note
        return old

    def _unlist(self, annotation: Annotation) -> set[DocumentOrder]:
        """Take its entry out; the key of the entry now in its place (its header may change)."""
        key = document_order(annotation)
        if self._list.remove_entry(key) is None:
            return set()
        self._orphans -= annotation.is_orphan
        following = self._list.entry_at(self._list.index_after(key))
        return set() if following is None else {following.key}

    def _enlist(self, annotation: Annotation) -> set[DocumentOrder]:
        """List its entry; the keys of it and of the entry after it (whose header may go)."""
        key = document_order(annotation)
        self._list.insert_entry(self._entries.entry(annotation, None, self._orphans))
        self._orphans += annotation.is_orphan
        following = self._list.entry_at(self._list.index_after(key) + 1)
        return {key} if following is None else {key, following.key}

    def _mend(self, dirty: set[DocumentOrder], orphans: int) -> None:
        """Remake the entries in `dirty` whose header (or gap) is not what their place needs."""
        if orphans != self._orphans:  # the orphans' header shows their number
            first = self._list.entry_at(self._list.index_after((True,)))
            if first is not None:
                dirty.add(first.key)
        for key in dirty:
            index = self._list.index_of_key(key)
            if index is None:
                continue
            entry = self._list.entry_at(index)
            previous = self._list.entry_at(index - 1) if index else None
            assert entry is not None and entry.id is not None
            annotation = self._annotations[entry.id]
            before = (
                None if previous is None or previous.id is None else self._annotations[previous.id]
            )
            fresh = self._entries.entry(annotation, before, self._orphans)
            if not _same_place(entry, fresh):
                self._list.replace_entry(fresh)
        self._render_header()

    def _refilter(self, old: set[str], new: set[str]) -> None:
        """The filter matches a few more or fewer: list and unlist only those."""
        orphans = self._orphans
        dirty: set[DocumentOrder] = set()
        for annotation_id in old - new:
            if (annotation := self._annotations.get(annotation_id)) is not None:
                dirty |= self._unlist(annotation)
        for annotation_id in new - old:
            if (annotation := self._annotations.get(annotation_id)) is not None:
                dirty |= self._enlist(annotation)
        self._mend(dirty, orphans)

    def _rebuild(self, keep: str | None, fallback: int | None = None) -> None:
        """List every annotation shown afresh (at start, after a reload or a new filter)."""
        shown = sorted(filter(self._is_shown, self._annotations.values()), key=document_order)
        self._orphans = sum(annotation.is_orphan for annotation in shown)
        self._list.set_entries(self._entries.entries(shown), self._entries.hint(self._hint_text()))
        self._render_header()
        self._select(keep, fallback)

    def _select(self, keep: str | None, fallback: int | None) -> None:
        index = self._index_of(keep)
        if index is None and fallback is not None and len(self._list):
            index = min(fallback, len(self._list) - 1)
        self._list.highlighted = index

    def _hint_text(self) -> str:
        return NO_MATCH_HINT if self._annotations else EMPTY_HINT

    def _render_header(self) -> None:
        if (hint := self._hint_text()) != self._hint:
            self._hint = hint
            self._list.set_hint(self._entries.hint(hint))
        total = len(self._annotations)
        if self._matching is None:
            text = f"{count_of(total, 'highlight')} · {count_of(self._notes, 'note')}"
        else:
            query = Content(one_line(self._query)).truncate(MAX_QUERY_CELLS, ellipsis=True)
            text = f"{len(self._list)} of {total} match “{query.plain}”"
        self._show_header(Content(text))

    def _show_header(self, text: Content) -> None:
        """Update the count; laid out again only if it may take another number of rows (a
        layout is a second frame after the key's)."""
        old = self._header.visual
        if isinstance(old, Content) and old.plain == text.plain:
            return
        width = self._header.content_region.width
        fits = isinstance(old, Content) and max(old.cell_length, text.cell_length) <= width
        self._header.update(text, layout=not fits)

    def _index_of(self, annotation_id: str | None) -> int | None:
        annotation = None if annotation_id is None else self._annotations.get(annotation_id)
        return None if annotation is None else self._list.index_of_key(document_order(annotation))

    # -- keys and messages ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Escape is only ours while a filter is active or open; otherwise the app gets it."""
        if action == "clear_filter":
            return self.filter_active or self._filter_open()
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
        field = self._filter_input()
        field.add_class("-open")
        field.focus()

    def action_clear_filter(self) -> None:
        """Clear and close the filter, show everything, tell the app (once)."""
        was_active = self.filter_active
        if self._filter is not None:
            was_active = was_active or bool(self._filter.value)
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
            event.input.remove_class("-open")
        self._list.focus()

    @on(NotesList.Selected, "#notes-list")
    def _entry_selected(self, event: NotesList.Selected) -> None:
        event.stop()
        self.post_message(self.JumpRequested(event.option_id))


def _same_place(entry: Entry, fresh: Entry) -> bool:
    """The same header (the same object: headers are made once) and gap above the entry."""
    old, new = entry.prompt, fresh.prompt
    assert isinstance(old, ListedEntry) and isinstance(new, ListedEntry)
    return old.header is new.header and old.gap == new.gap and old.entry is new.entry
