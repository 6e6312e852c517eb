"""One key, one repaint, of what changed: with many overlapping highlights, a key repaints the
rows it changes (and no more), in one frame, and what it leaves on the screen is what a full
repaint would draw.

The article keeps the rows it painted (by line and width, per set of styles) and repaints the
rows the cursor leaves and reaches, or those of a changed highlight; the notes pane repaints
the entries whose highlight moved. A row left stale would show an old cursor or an old colour:
each step here compares the screen with the one drawn after everything is repainted.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

import pytest
from app_helpers import press, running, type_text
from textual_internals import record_frames, record_written_rows, screen_strips

from annotations.document import Document
from annotations.model import Annotation, make_annotation
from annotations.store import Store
from tui.app import ReaderApp
from tui.widgets.article_rows import _Covering
from tui.widgets.notes_list import NotesList

STEPS = [
    "j", "j", "1", "k", "x", "u", "w", "right_square_bracket", "pagedown", "2", "escape",
    "G", "1", "3", "x", "g", "w", "1",
]  # fmt: skip


def dense(document: Document, count: int, seed: int) -> list[Annotation]:
    """`count` highlights of 1-6 words anywhere but the first word of ¶1, overlapping."""
    rng = random.Random(seed)
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", document.text)]
    first = document.paragraph(1)
    assert first is not None
    made: list[Annotation] = []
    while len(made) < count:
        at = rng.randrange(len(words))
        start, end = words[at][0], words[min(len(words) - 1, at + rng.randrange(6))][1]
        if start <= first.start < end or first.start <= start < first.start + 12:
            continue
        made.append(make_annotation(document, start, end, 1 + len(made) % 5, "n" * (at % 2)))
    return made


def fully_repainted(app: ReaderApp) -> list[str]:
    app.article.refresh()
    app.query_one(NotesList).refresh()
    return [strip.text + repr(strip) for strip in screen_strips(app)]


def drawn(app: ReaderApp) -> list[str]:
    return [strip.text + repr(strip) for strip in screen_strips(app)]


async def test_each_key_leaves_the_screen_a_full_repaint_would_draw(
    article: Document, store: Store
) -> None:
    store.import_annotations([], dense(article, 600, seed=3))
    async with running(article, store) as (app, pilot):
        for key in STEPS:
            await press(pilot, key)
            shown = drawn(app)
            assert shown == fully_repainted(app), f"a stale row after {key!r}"


@pytest.mark.parametrize("keys", [["j"], ["1"], ["1", "x"], ["1", "u"], ["w", "w"]])
async def test_a_key_is_drawn_whole_in_its_first_frame(
    article: Document, store: Store, keys: Sequence[str]
) -> None:
    """Nothing after the key's frame changes the screen again (a layout of the status line,
    the count or the list, or a message handled later, would be a second, different frame)."""
    store.import_annotations([], dense(article, 600, seed=5))
    async with running(article, store) as (app, pilot):
        await press(pilot, *keys[:-1])
        before = drawn(app)
        frames: list[list[str]] = []
        record_frames(app, lambda: frames.append(drawn(app)))
        await press(pilot, keys[-1])
        await pilot.pause()
        changed = [frame for frame in frames if frame != before]
        assert changed, "the key was never drawn"
        assert all(frame == changed[0] for frame in changed)


async def test_closing_the_search_prompt_leaves_the_title_and_the_footer_unpainted(
    article: Document, store: Store
) -> None:
    """The enter that closes `/` hides the prompt and moves the focus back to the article:
    the title, the screen's background and the footer's keys depend on neither, so their rows
    are not written again (a repaint of the screen on the focus change, or hiding the screen's
    last child, which renumbers the drawing order of all the others, rewrote every row; the
    footer's repaint, its line)."""
    store.import_annotations([], dense(article, 600, seed=9))
    async with running(article, store) as (app, pilot):
        await press(pilot, "slash")
        await type_text(pilot, "Bakh")
        before = drawn(app)
        written: list[set[int]] = []
        record_written_rows(app, written.append)
        await press(pilot, "enter")
        await pilot.pause()
        assert drawn(app) != before and written, "the search was never drawn"
        footer = app.size.height - 1
        assert all(0 not in rows and footer not in rows for rows in written), written
        assert drawn(app) == fully_repainted(app)


def test_the_covering_highlights_of_a_row_are_those_a_scan_finds() -> None:
    """The sweep over a row's offsets lists, innermost first, what a scan of every highlight
    on the row finds at each offset."""
    rng = random.Random(7)
    spans = []
    for _ in range(200):
        start = rng.randrange(0, 380)
        spans.append((start, start + rng.randint(1, 30), rng.randint(1, 5)))
    annotations = sorted(
        (_annotation(i, s, e, label) for i, (s, e, label) in enumerate(spans)),
        key=lambda a: (a.start, a.end, a.id),
    )
    covering = _Covering(annotations)
    for offset in range(0, 400, 3):
        covering.advance(offset)
        scan = sorted(
            (a for a in annotations if a.start <= offset < a.end),
            key=lambda a: (a.end - a.start, -a.start),
        )
        assert [entry[2] for entry in covering.active] == [a.id for a in scan]
        assert covering.noted == sum(a.has_note for a in scan)


def _annotation(index: int, start: int, end: int, label: int) -> Annotation:
    return Annotation(
        id=f"{index:04d}", document="d", start=start, end=end, paragraph=1,
        quote="x" * (end - start),
        prefix="", suffix="", label=label, note="n" if index % 3 == 0 else "",
        created="", updated="",
    )  # fmt: skip
