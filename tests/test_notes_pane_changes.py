"""The notes pane changed one annotation at a time equals the pane built afresh.

The pane remakes only the entries that changed and their neighbours (whose paragraph header
may come or go); after any sequence of adds, relabels, note edits, moves, orphanings,
deletions and undos, with or without a filter, its entries (ids, headers, gaps, texts and
heights) must be those of a pane that was given the same annotations at once.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

from app_helpers import move_to, notes_list, press, running
from test_notes_pane import SIZE, Harness
from textual.strip import Strip
from textual_internals import screen_strips

from annotations.anchoring import AnchorState
from annotations.config import default_config
from annotations.document import load_embedded
from annotations.model import Annotation, make_annotation
from annotations.store import Store
from tui.widgets.notes import NotesPane
from tui.widgets.notes_entry import ListedEntry
from tui.widgets.notes_list import Entry as NotesEntry
from tui.widgets.notes_list import NotesList
from tui.widgets.notes_rows import CHUNK, Chunks

DOCUMENT = load_embedded()
CONFIG = default_config()


def _word_spans() -> list[tuple[int, int]]:
    text, spans, at = DOCUMENT.text, [], 0
    for word in text.split():
        start = text.index(word, at)
        at = start + len(word)
        spans.append((start, at))
    return spans


WORDS = _word_spans()
Entry = tuple[str | None, str | None, bool, tuple[str, str, tuple[str, ...]], bool]


def described(listing: NotesList) -> list[Entry]:
    """Each option as (id, header, gap, label/quote/note, disabled)."""
    rows: list[Entry] = []
    for option in listing.options:
        prompt = option.prompt
        if isinstance(prompt, ListedEntry):
            header = None if prompt.header is None else prompt.header.plain
            rows.append((option.id, header, prompt.gap, prompt.entry.parts, option.disabled))
        else:
            rows.append((option.id, None, False, ("", "", ()), option.disabled))
    return rows


def fresh(
    annotations: list[Annotation], query: str = "", matching: set[str] | None = None
) -> NotesPane:
    """A pane given `annotations` at once (never mounted: its options are what count)."""
    pane = NotesPane(DOCUMENT, CONFIG)
    pane.show_annotations(annotations)
    if matching is not None:
        pane.apply_filter(query, matching)
    return pane


def listing_of(pane: NotesPane) -> NotesList:
    return pane.query_one(NotesList) if pane.is_mounted else pane._list


def assert_heights_add_up(listing: NotesList) -> None:
    """Every entry's height is its prompt's at the list's width, and the rows add up."""
    width = listing.scrollable_content_region.width
    rules = listing.styles
    heights = [option.prompt.get_height(rules, width) for option in listing.options]  # type: ignore[arg-type]
    assert [option.height for option in listing.options] == heights
    assert listing.virtual_size.height == sum(heights)


def random_span(rng: random.Random) -> tuple[int, int]:
    first = rng.randrange(len(WORDS))
    last = min(len(WORDS) - 1, first + rng.choice([0, 1, 2, 3, 9, 14]))  # some quotes wrap
    return WORDS[first][0], WORDS[last][1]


def step(rng: random.Random, model: dict[str, Annotation]) -> dict[str, Annotation | None]:
    """One random change to `model` (in place); what changed."""
    kind = rng.choice(["add", "add", "relabel", "note", "move", "orphan", "fuzzy", "delete"])
    if kind == "add" or not model:
        new = make_annotation(DOCUMENT, *random_span(rng), label=rng.randint(1, 5))
        model[new.id] = new
        return {new.id: new}
    old = model[rng.choice(sorted(model))]
    if kind == "delete":
        del model[old.id]
        return {old.id: None}
    if kind == "relabel":
        new = old.with_changes(label=rng.randint(1, 5))
    elif kind == "note":
        new = old.with_changes(note=rng.choice(["", "a note", "two\nlines"]))
    elif kind == "move":
        moved = make_annotation(DOCUMENT, *random_span(rng), label=old.label)
        new = replace(moved, id=old.id, note=old.note, created=old.created)
    elif kind == "orphan":
        orphan = old.anchor is not AnchorState.ORPHAN
        new = replace(old, anchor=AnchorState.ORPHAN if orphan else AnchorState.EXACT)
    else:
        new = replace(old, anchor=AnchorState.FUZZY)
    model[old.id] = new
    return {old.id: new}


def even_labels(model: dict[str, Annotation]) -> set[str]:
    return {a.id for a in model.values() if a.label % 2 == 0}


async def test_random_changes_leave_the_pane_as_a_fresh_build() -> None:
    rng = random.Random(9)
    model: dict[str, Annotation] = {}
    history: list[dict[str, Annotation]] = []
    app = Harness([])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.pane
        for number in range(220):
            filtered = 80 <= number < 140
            if history and rng.random() < 0.15:  # undo: back to the state before the last step
                model = history.pop()
                pane.show_annotations(list(model.values()))
            else:
                history.append(dict(model))
                changes = step(rng, model)
                pane.apply_changes(changes)
            if filtered:
                pane.apply_filter("even", even_labels(model))
            elif number == 140:
                pane.apply_filter("", None)
            matching = even_labels(model) if filtered else None
            expected = described(listing_of(fresh(list(model.values()), "even", matching)))
            assert described(notes_list_of(app)) == expected, number
            selected = pane.selected_id
            assert selected is None or selected in {row[0] for row in expected}
            if number % 20 == 0:
                await pilot.pause()
                assert_heights_add_up(notes_list_of(app))
        await pilot.pause()
        assert notes_list_of(app).show_vertical_scrollbar  # measured without, then with it
        assert_heights_add_up(notes_list_of(app))


def notes_list_of(app: Harness) -> NotesList:
    return app.query_one("#notes-list", NotesList)


async def test_a_changed_entry_keeps_the_highlight_and_a_deleted_one_passes_it_on() -> None:
    spans = WORDS[10:13]
    made = [make_annotation(DOCUMENT, start, end) for start, end in spans]
    app = Harness(made)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.pane
        pane.select_annotation(made[1].id)
        pane.apply_changes({made[1].id: made[1].with_changes(note="noted")})
        assert pane.selected_id == made[1].id
        pane.apply_changes({made[1].id: None})
        assert pane.selected_id == made[2].id
        pane.apply_changes({made[2].id: None})
        assert pane.selected_id == made[0].id
        assert described(notes_list_of(app)) == described(listing_of(fresh([made[0]])))


async def test_keys_in_the_app_leave_the_pane_and_the_article_as_fresh_builds(
    db_path: Path,
) -> None:
    rng = random.Random(4)
    with Store.open(db_path) as store:
        store.open_document(DOCUMENT)
        async with running(DOCUMENT, store) as (app, pilot):
            for number in range(40):
                move_to(app, rng.choice(WORDS[:150])[0])
                await pilot.pause()
                await press(pilot, rng.choice(["1", "2", "3", "x", "u", "ctrl+r", "c"]))
                expected = described(listing_of(fresh(list(app.annotations))))
                assert described(notes_list(app)) == expected, number
                if number % 8 == 0:
                    article = app.article
                    height = article.scrollable_content_region.height
                    drawn = [article.render_line(y) for y in range(height)]
                    article.set_annotations(app.annotations)  # the index built afresh
                    assert [article.render_line(y) for y in range(height)] == drawn, number


class Item:
    def __init__(self, key: int, height: int) -> None:
        self.key = key
        self.height = height


def test_chunks_agree_with_a_sorted_list() -> None:
    rng = random.Random(2)
    chunks: Chunks[Item] = Chunks()
    model: list[Item] = []
    for number in range(3000):
        if model and rng.random() < 0.4:
            gone = model.pop(rng.randrange(len(model)))
            assert chunks.remove(gone.key) is gone
        elif model and rng.random() < 0.2:
            at = rng.randrange(len(model))
            model[at] = Item(model[at].key, rng.randint(0, 5))
            chunks.replace(model[at])
        else:
            key = rng.randrange(10**6)
            if any(item.key == key for item in model):
                continue
            item = Item(key, rng.randint(0, 5))
            model.append(item)
            model.sort(key=lambda i: i.key)
            chunks.insert(item)
        if number % 97 == 0 or number > 2950:
            assert list(chunks) == model
            assert len(chunks) == len(model)
            rows = [r for index, item in enumerate(model) for r in [index] * item.height]
            assert chunks.total_rows == len(rows)
            for row in range(0, len(rows), 7):
                index, line = chunks.at_row(row)  # type: ignore[misc]
                assert index == rows[row]
                assert chunks.row_of(index) + line == row
            for index in range(0, len(model), 11):
                assert chunks.at(index) is model[index]
                assert chunks.index(model[index].key) == index
                assert chunks.index_after(model[index].key) == index
    assert len(model) > 2 * CHUNK  # the chunks were split along the way


def body_height(option: NotesEntry) -> int:
    """The rows of an entry without its paragraph header (one row here) and gap."""
    prompt = option.prompt
    assert isinstance(prompt, ListedEntry)
    return option.height - (prompt.header is not None) - prompt.gap


async def test_entries_are_measured_again_when_the_scrollbar_takes_two_columns() -> None:
    """A quote that fits one line of the full width needs two once the scrollbar shows."""
    text = DOCUMENT.text
    inner = SIZE[0] - 2 - 2  # the list's width less the entry's padding and the quote's indent
    start = next(
        s for s, _ in WORDS if not text[s + inner - 1].isspace() and "\n" not in text[s : s + inner]
    )
    tight = make_annotation(DOCUMENT, start, start + inner)
    app = Harness([tight])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        listing = notes_list_of(app)
        assert not listing.show_vertical_scrollbar
        assert body_height(listing.options[0]) == 2  # label and one line of quote
        for s, e in WORDS[200:240]:
            added = make_annotation(DOCUMENT, s, e)
            app.pane.apply_changes({added.id: added})
        await pilot.pause()
        assert listing.show_vertical_scrollbar
        assert body_height(listing.options[listing.get_option_index(tight.id)]) == 3
        assert_heights_add_up(listing)


def styles_of(strip: Strip, word: str) -> set[str]:
    """The styles the cells of `word` are drawn in on a row."""
    return {str(segment.style) for segment in strip if word in segment.text}


async def test_a_highlight_from_another_window_repaints_its_row(db_path: Path) -> None:
    """Only the changed span's rows are refreshed: the row must still be drawn again."""
    block = DOCUMENT.paragraph(2)
    assert block is not None
    start = DOCUMENT.text.index("Zelenskyy", block.start)
    with Store.open(db_path) as store:
        store.open_document(DOCUMENT)
        async with running(DOCUMENT, store) as (app, pilot):
            row = app.article.row_of(start) - app.article.scroll_offset.y + app.article.region.y
            before = styles_of(screen_strips(app)[row], "Zelenskyy")
            with Store.open(db_path) as other:
                other.add(make_annotation(DOCUMENT, start, start + len("Zelenskyy"), label=3))
            app.sync()
            await pilot.pause()
            assert len(app.annotations) == 1
            after = styles_of(screen_strips(app)[row], "Zelenskyy")
            assert before and after and after != before
