"""Pilot tests for the notes pane (`tui.widgets.notes.NotesPane`) inside a small harness app."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, TypeVar

from rich.style import Style as RichStyle
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.widget import Widget
from textual.widgets import Input, Static

from annotations.config import default_config
from annotations.document import Document, load_embedded
from annotations.model import Annotation, make_annotation
from tui.widgets.notes import EMPTY_HINT, NO_MATCH_HINT, NotesList, NotesPane
from tui.widgets.notes_entry import ListedEntry

DOCUMENT = load_embedded()
CONFIG = default_config()
M = TypeVar("M", bound=Message)


def span(text: str) -> tuple[int, int]:
    start = DOCUMENT.text.find(text)
    assert start >= 0, text
    return start, start + len(text)


def annotate(text: str, label: int = 1, note: str = "") -> Annotation:
    return make_annotation(DOCUMENT, *span(text), label=label, note=note)


def whole_paragraph(number: int, label: int = 1, note: str = "") -> Annotation:
    block = DOCUMENT.paragraph(number)
    assert block is not None
    return make_annotation(DOCUMENT, block.start, block.end, label=label, note=note)


class Harness(App[None]):
    """The pane alone, recording its messages and answering filters with a substring search."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app_escape", "Escape")]

    def __init__(self, annotations: Sequence[Annotation], document: Document = DOCUMENT) -> None:
        super().__init__()
        self.document = document
        self.annotations = list(annotations)
        self.messages: list[Message] = []
        self.app_escapes = 0

    def compose(self) -> ComposeResult:
        yield NotesPane(self.document, CONFIG, id="notes")

    def on_mount(self) -> None:
        self.pane.show_annotations(self.annotations)

    @property
    def pane(self) -> NotesPane:
        return self.query_one(NotesPane)

    def action_app_escape(self) -> None:
        self.app_escapes += 1

    def on_notes_pane_jump_requested(self, message: NotesPane.JumpRequested) -> None:
        self.messages.append(message)

    def on_notes_pane_edit_requested(self, message: NotesPane.EditRequested) -> None:
        self.messages.append(message)

    def on_notes_pane_delete_requested(self, message: NotesPane.DeleteRequested) -> None:
        self.messages.append(message)

    def on_notes_pane_filter_changed(self, message: NotesPane.FilterChanged) -> None:
        """Answer like the real app: strip the query, search, apply."""
        self.messages.append(message)
        query = message.query.strip()
        if not query:
            self.pane.apply_filter("", None)
            return
        folded = query.casefold()
        matching = {
            annotation.id
            for annotation in self.annotations
            if folded in annotation.quote.casefold() or folded in annotation.note.casefold()
        }
        self.pane.apply_filter(query, matching)

    def of_type(self, kind: type[M]) -> list[M]:
        return [message for message in self.messages if isinstance(message, kind)]

    def requests(self) -> list[tuple[str, str]]:
        """(message name, annotation id) of every jump, edit and delete request."""
        kinds = (NotesPane.JumpRequested, NotesPane.EditRequested, NotesPane.DeleteRequested)
        return [
            (type(message).__name__, message.annotation_id)
            for message in self.messages
            if isinstance(message, kinds)
        ]


def lines(widget: Widget) -> list[str]:
    """The text a widget draws, one string per line, right-stripped."""
    width, height = widget.size
    return [strip.text.rstrip() for strip in widget.render_lines(Region(0, 0, width, height))]


def header_text(app: Harness) -> str:
    return "\n".join(lines(app.query_one("#notes-header", Static))).strip()


def focused_id(app: Harness) -> str | None:
    return app.focused.id if app.focused is not None else None


def option_list(app: Harness) -> NotesList:
    return app.query_one("#notes-list", NotesList)


def entry_ids(app: Harness) -> list[str]:
    return [option.id for option in option_list(app).options if option.id is not None]


def group_headers(app: Harness) -> list[tuple[str, str]]:
    """(entry id, header text) of each entry that opens a paragraph group, in order."""
    return [
        (option.id, option.prompt.header.plain)
        for option in option_list(app).options
        if option.id is not None
        and isinstance(option.prompt, ListedEntry)
        and option.prompt.header is not None
    ]


SIZE = (70, 60)


async def test_entries_are_grouped_under_paragraph_headers_in_document_order() -> None:
    later = annotate("[holding out in Bakhmut]")
    title = annotate("Battle for Bakhmut")
    second_in_3 = annotate("subject it to intense shelling")
    first_in_3 = annotate("Despite Ukrainian forces")
    app = Harness([later, title, second_in_3, first_in_3])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert entry_ids(app) == [title.id, first_in_3.id, second_in_3.id, later.id]
        assert group_headers(app) == [
            (title.id, "Title · Battle for Bakhmut: Ukraine Defends Against…"),
            (first_in_3.id, "¶3 · Despite Ukrainian forces’ efforts, Russian forces…"),
            (later.id, "¶5 · However, analysts question the wisdom of…"),
        ]
        shown = [line.strip() for line in lines(option_list(app))]
        title_row = shown.index("Title · Battle for Bakhmut: Ukraine Defends Against…")
        para_3 = shown.index("¶3 · Despite Ukrainian forces’ efforts, Russian forces…")
        para_5 = shown.index("¶5 · However, analysts question the wisdom of…")
        assert title_row < para_3 < para_5
        assert "Battle for Bakhmut" in shown[title_row + 2]
        assert shown.index("subject it to intense shelling") < para_5
        assert header_text(app) == "4 highlights · 0 notes"


async def test_entry_shows_label_chip_initial_name_quote_and_note() -> None:
    annotation = annotate("Yevgeny Prigozhin", label=4, note="Wagner's founder")
    app = Harness([annotation])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        strips = option_list(app).render_lines(Region(0, 0, SIZE[0], 5))
        texts = [strip.text.strip() for strip in strips]
        assert texts[1] == "D  Disagree"
        assert texts[2] == "Yevgeny Prigozhin"
        assert texts[3] == "✎ Wagner's founder"
        chip = next(segment for segment in strips[1] if segment.text == " D ")
        assert chip.style is not None and chip.style.bgcolor is not None
        assert chip.style.bgcolor.triplet is not None
        assert chip.style.bgcolor.triplet.hex == CONFIG.label(4).colour
        assert header_text(app) == "1 highlight · 1 note"


async def test_long_quote_is_trimmed_to_two_lines_and_long_note_to_three() -> None:
    note = "first line of the note\nsecond line\nthird line\nfourth line is too many"
    annotation = whole_paragraph(4, label=2, note=note)
    app = Harness([annotation])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = [line.strip() for line in lines(option_list(app))]
        label_row = shown.index("E  Evidence")
        quote = shown[label_row + 1 : label_row + 3]
        assert quote[0].startswith("Although the city does not hold major strategic value")
        assert quote[1].endswith("…")
        assert shown[label_row + 3 : label_row + 6] == [
            "✎ first line of the note",
            "second line",
            "third line…",
        ]
        assert shown[label_row + 6] == ""
        assert not any("fourth" in line for line in shown)


async def test_markup_and_escape_sequences_are_shown_literally() -> None:
    markup = annotate("[holding out in Bakhmut]", note="[b]not bold[/b] \x1b[31mred\x1b[0m")
    app = Harness([markup])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        strips = option_list(app).render_lines(Region(0, 0, SIZE[0], 6))
        shown = [strip.text.strip() for strip in strips]
        assert "[holding out in Bakhmut]" in shown
        assert "✎ [b]not bold[/b] ␛[31mred␛[0m" in shown
        assert all("\x1b" not in segment.text for strip in strips for segment in strip)
        app.pane.apply_filter("[i]\x1b[31m", set())
        await pilot.pause()
        assert header_text(app) == "0 of 1 match “[i]␛[31m”"


async def test_j_and_k_move_from_entry_to_entry_across_groups() -> None:
    title = annotate("Battle for Bakhmut")
    first = annotate("Despite Ukrainian forces")
    second = annotate("subject it to intense shelling")
    last = annotate("[holding out in Bakhmut]")
    app = Harness([title, first, second, last])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")
        pane = app.pane
        assert focused_id(app) == "notes-list"
        assert pane.selected_id == title.id
        visited = [pane.selected_id]
        for _ in range(3):
            await pilot.press("j")
            visited.append(pane.selected_id)
        assert visited == [title.id, first.id, second.id, last.id]
        await pilot.press("k", "k")
        assert pane.selected_id == first.id
        await pilot.press("up")
        assert pane.selected_id == title.id
        await pilot.press("down")
        assert pane.selected_id == first.id
        await pilot.press("G")
        assert pane.selected_id == last.id
        await pilot.press("g")
        assert pane.selected_id == title.id


async def test_enter_a_x_and_delete_post_messages_with_the_entry_id() -> None:
    first = annotate("Despite Ukrainian forces")
    second = annotate("[holding out in Bakhmut]")
    app = Harness([second, first])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "enter", "j", "a", "x", "k", "delete")
        await pilot.pause()
        assert app.requests() == [
            ("JumpRequested", first.id),
            ("EditRequested", second.id),
            ("DeleteRequested", second.id),
            ("DeleteRequested", first.id),
        ]


async def test_select_annotation_highlights_and_scrolls_without_jumping() -> None:
    paragraph = DOCUMENT.paragraph(7)
    assert paragraph is not None
    many = [
        make_annotation(DOCUMENT, start, start + 5, label=1 + start % 5)
        for start in range(paragraph.start, paragraph.start + 300, 6)
    ]
    app = Harness(many)
    async with app.run_test(size=(70, 20)) as pilot:
        await pilot.pause()
        target = many[-1]
        app.pane.select_annotation(target.id)
        await pilot.pause()
        listing = option_list(app)
        assert app.pane.selected_id == target.id
        assert listing.highlighted == listing.get_option_index(target.id)
        assert listing.scroll_y > 0
        assert target.quote in "\n".join(lines(listing))
        assert app.of_type(NotesPane.JumpRequested) == []
        app.pane.select_annotation(None)
        assert app.pane.selected_id is None


async def test_moving_onto_the_first_entry_of_a_paragraph_scrolls_its_header_into_view() -> None:
    seventh, eighth = DOCUMENT.paragraph(7), DOCUMENT.paragraph(8)
    assert seventh is not None and eighth is not None
    many = [
        make_annotation(DOCUMENT, start, start + 5, label=1)
        for start in range(seventh.start, seventh.start + 120, 6)
    ]
    last = make_annotation(DOCUMENT, eighth.start, eighth.start + 5, label=2)
    app = Harness([*many, last])
    async with app.run_test(size=(70, 12)) as pilot:
        await pilot.press("tab", "G")
        shown = "\n".join(lines(option_list(app)))
        assert app.pane.selected_id == last.id
        assert "¶8 · " in shown
        assert "¶7 · " not in shown
        await pilot.press("g")
        shown = "\n".join(lines(option_list(app)))
        assert app.pane.selected_id == many[0].id
        assert "¶7 · " in shown


async def test_filter_narrows_the_list_and_escape_clears_it() -> None:
    bakhmut = annotate("[holding out in Bakhmut]")
    title = annotate("Battle for Bakhmut")
    other = annotate("Despite Ukrainian forces", note="about Bakhmut too")
    unrelated = annotate("Yevgeny Prigozhin")
    app = Harness([bakhmut, title, other, unrelated])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "slash")
        filter_input = app.query_one("#notes-filter", Input)
        assert filter_input.display
        assert focused_id(app) == "notes-filter"
        await pilot.press(*"bakh")
        await pilot.pause()
        queries = [message.query for message in app.of_type(NotesPane.FilterChanged)]
        assert queries == ["b", "ba", "bak", "bakh"]
        assert header_text(app) == "3 of 4 match “bakh”"
        assert entry_ids(app) == [title.id, other.id, bakhmut.id]
        await pilot.press("enter")
        assert focused_id(app) == "notes-list"
        assert entry_ids(app) == [title.id, other.id, bakhmut.id]
        assert app.pane.selected_id in {title.id, other.id, bakhmut.id}
        await pilot.press("escape")
        await pilot.pause()
        assert header_text(app) == "4 highlights · 1 note"
        assert len(entry_ids(app)) == 4
        assert not filter_input.display
        assert filter_input.value == ""
        queries = [message.query for message in app.of_type(NotesPane.FilterChanged)]
        assert queries == ["b", "ba", "bak", "bakh", ""]
        assert app.app_escapes == 0


async def test_escape_in_the_filter_input_clears_and_closes_it() -> None:
    app = Harness([annotate("[holding out in Bakhmut]"), annotate("Yevgeny Prigozhin")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "slash", *"zzz")
        await pilot.pause()
        assert header_text(app) == "0 of 2 match “zzz”"
        assert NO_MATCH_HINT in "\n".join(lines(option_list(app)))
        await pilot.press("escape")
        await pilot.pause()
        filter_input = app.query_one("#notes-filter", Input)
        assert not filter_input.display
        assert filter_input.value == ""
        assert focused_id(app) == "notes-list"
        assert header_text(app) == "2 highlights · 0 notes"
        assert len(entry_ids(app)) == 2


async def test_escape_without_a_filter_is_left_to_the_app() -> None:
    app = Harness([annotate("[holding out in Bakhmut]")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "escape")
        assert app.app_escapes == 1
        assert app.of_type(NotesPane.FilterChanged) == []


async def test_empty_state_shows_a_hint() -> None:
    app = Harness([])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert header_text(app) == "0 highlights · 0 notes"
        assert EMPTY_HINT in "\n".join(lines(option_list(app)))
        assert "press v to select, 1–5 to label" in EMPTY_HINT
        assert app.pane.selected_id is None
        await pilot.press("tab", "enter", "a", "x")
        assert app.messages == []


async def test_show_annotations_keeps_the_highlight_or_moves_to_the_successor() -> None:
    first = annotate("Despite Ukrainian forces")
    second = annotate("[holding out in Bakhmut]")
    third = annotate("Yevgeny Prigozhin")
    app = Harness([first, second, third])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.pane
        pane.select_annotation(second.id)
        edited = second.with_changes(note="now with a note")
        pane.show_annotations([third, edited, first])
        assert pane.selected_id == second.id
        assert header_text(app) == "3 highlights · 1 note"
        pane.show_annotations([first, third])
        assert pane.selected_id == third.id


async def test_typing_a_space_in_the_filter_is_kept_when_the_app_strips_the_query() -> None:
    app = Harness([annotate("[holding out in Bakhmut]"), annotate("Yevgeny Prigozhin")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "slash", *"out in")
        await pilot.pause()
        assert app.query_one("#notes-filter", Input).value == "out in"
        assert header_text(app) == "1 of 2 match “out in”"


async def test_apply_filter_from_the_app_fills_a_closed_filter_input() -> None:
    held = annotate("[holding out in Bakhmut]")
    app = Harness([held, annotate("Yevgeny Prigozhin")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.pane.apply_filter("holding", {held.id})
        await pilot.pause()
        assert app.query_one("#notes-filter", Input).value == "holding"
        assert entry_ids(app) == [held.id]
        assert app.pane.selected_id == held.id
        assert app.of_type(NotesPane.FilterChanged) == []


def test_the_pane_binds_every_key_with_ids_and_tooltips() -> None:
    bindings = [
        binding
        for binding in [*NotesList.BINDINGS, *NotesPane.BINDINGS]
        if isinstance(binding, Binding)
    ]
    keys = {key for binding in bindings for key in binding.key.split(",")}
    assert {"j", "k", "down", "up", "g", "G", "enter", "a", "x", "delete", "slash"} <= keys
    assert "escape" in keys
    assert all(binding.id and binding.tooltip and binding.description for binding in bindings)


def _cells(strips: Sequence[Strip]) -> list[list[tuple[str, RichStyle | None]]]:
    """Each strip as (character, style) per character: how strips split doesn't count."""
    return [[(c, segment.style) for segment in strip for c in segment.text] for strip in strips]


async def test_entries_drawn_directly_equal_their_drawing_as_visuals() -> None:
    """`ListedEntry.strips` (the list's fast path) draws what `Visual.to_strips` draws, with
    the list's meta: text, styles, offsets, paddings, headers and gaps, at several widths."""
    long_note = "Who advised him, and when? " * 6
    made = [
        annotate("raging on for the past six months", 1, "first line\n\nsecond ✎ line"),
        annotate("will not back down", 2),
        whole_paragraph(2, 3, long_note),
        annotate("Despite Ukrainian forces", 4, "[bold]not markup[/]"),
    ]
    app = Harness(made)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listing = option_list(app)
        parse = listing._content_style  # the list's own style reader, as its fast path uses it
        plain = listing.plain_style()
        chosen = listing.get_visual_style("notes-list--entry", "notes-list--entry-highlighted")
        for option in listing.options:
            prompt = option.prompt
            assert isinstance(prompt, ListedEntry)
            meta = {"entry": option.id}
            for width in (listing.scrollable_content_region.width, 40, 12, 4):
                for style in (plain, chosen):
                    drawn = Visual.to_strips(listing, prompt, width, None, style)
                    expected = [strip.apply_meta(meta) for strip in drawn]
                    direct = prompt.strips(width, style, parse, Style.from_meta(meta))
                    assert [s.cell_length for s in direct] == [width] * len(expected)
                    assert _cells(direct) == _cells(expected), (option.id, width)
