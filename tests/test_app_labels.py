"""Labels 1-5 and enter: highlight a selection, relabel a highlight, highlight the word."""

from __future__ import annotations

from pathlib import Path

from app_helpers import add, move_to, press, running, span_of, stored

from annotations.document import Document
from annotations.store import Store

WORDS = ["Zelenskyy", "Podolyak", "Chasiv", "Kostiantynivka", "Kofman"]


async def test_number_keys_highlight_the_selection_with_that_label(
    article: Document, store: Store, db_path: Path
) -> None:
    spans = [span_of(article, word) for word in WORDS]
    async with running(article, store) as (app, pilot):
        for label, (start, _end) in enumerate(spans, start=1):
            move_to(app, start)
            await press(pilot, "v", "e", str(label))
            assert app.article.selection is None
    found = [(a.start, a.end, a.quote, a.label, a.note) for a in stored(db_path, article.source)]
    assert found == [
        (start, end, word, label, "")
        for label, (word, (start, end)) in enumerate(zip(WORDS, spans, strict=True), start=1)
    ]
    assert all(article.text[a.start : a.end] == a.quote for a in stored(db_path, article.source))


async def test_number_key_on_a_highlight_relabels_it(
    article: Document, store: Store, db_path: Path
) -> None:
    original = add(store, article, "not to retreat", label=1)
    async with running(article, store) as (app, pilot):
        move_to(app, original.start + 4)  # inside the highlight, no selection
        await press(pilot, "4")
        await press(pilot, "2")
    (annotation,) = stored(db_path, article.source)
    assert annotation.id == original.id
    assert annotation.label == 2
    assert (annotation.start, annotation.end, annotation.quote) == (
        original.start,
        original.end,
        "not to retreat",
    )


async def test_number_key_relabels_the_innermost_of_nested_highlights(
    article: Document, store: Store, db_path: Path
) -> None:
    outer = add(store, article, "the President was firm in his decision", label=1)
    inner = add(store, article, "firm", label=1)
    async with running(article, store) as (app, pilot):
        move_to(app, inner.start + 1)
        await press(pilot, "3")
    labels = {a.id: a.label for a in stored(db_path, article.source)}
    assert labels == {outer.id: 1, inner.id: 3}


async def test_number_key_without_selection_highlights_the_word_under_the_cursor(
    article: Document, store: Store, db_path: Path
) -> None:
    start, end = span_of(article, "Podolyak")
    async with running(article, store) as (app, pilot):
        move_to(app, start + 3)  # the middle of the word
        await press(pilot, "5")
    (annotation,) = stored(db_path, article.source)
    assert (annotation.start, annotation.end, annotation.quote) == (start, end, "Podolyak")
    assert annotation.label == 5


async def test_number_key_on_a_space_highlights_the_next_word(
    article: Document, store: Store, db_path: Path
) -> None:
    start, _ = span_of(article, "The battle")
    async with running(article, store) as (app, pilot):
        move_to(app, start + 3)  # the space after "The"
        assert article.text[app.article.cursor] == " "
        await press(pilot, "1")
    (annotation,) = stored(db_path, article.source)
    assert (annotation.start, annotation.end) == (start + 4, start + len("The battle"))
    assert annotation.quote == "battle"


async def test_enter_acts_like_1(article: Document, store: Store, db_path: Path) -> None:
    group = span_of(article, "Wagner Group")
    prigozhin = span_of(article, "Prigozhin")
    async with running(article, store) as (app, pilot):
        move_to(app, group[0])
        await press(pilot, "v", "e", "e", "enter")  # a selection: highlight it with label 1
        move_to(app, prigozhin[1] - 1)
        await press(pilot, "enter")  # no selection: the word under the cursor
        await press(pilot, "4")  # on a highlight: relabel
        assert [(a.quote, a.label) for a in app.annotations] == [
            ("Prigozhin", 4),
            ("Wagner Group", 1),
        ]
        await press(pilot, "enter")  # … and enter relabels it back to 1
        assert [(a.quote, a.label) for a in app.annotations] == [
            ("Prigozhin", 1),
            ("Wagner Group", 1),
        ]
    found = {(a.start, a.end, a.quote, a.label) for a in stored(db_path, article.source)}
    assert found == {(*group, "Wagner Group", 1), (*prigozhin, "Prigozhin", 1)}
