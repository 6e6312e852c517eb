"""Visual (charwise) selection in the real app: v, motions, s, p, escape, and what gets stored."""

from __future__ import annotations

from pathlib import Path

from app_helpers import header_above, move_to, press, running, span_of, stored

from annotations.document import Document
from annotations.store import Store
from tui.text.wrap import wrap_block


async def test_selection_across_a_wrapped_line_includes_both_ends(
    article: Document, store: Store, db_path: Path
) -> None:
    text = article.text
    paragraph = article.paragraph(1)
    assert paragraph is not None
    async with running(article, store) as (app, pilot):
        lines = wrap_block(text, paragraph.start, paragraph.end, app.article.text_width)
        assert len(lines) > 2, "¶1 must wrap at this size for the test to mean anything"
        await press(pilot, "v", "w", "w", "w", "e", "j", "e")
        selection = app.article.selection
        assert selection is not None
        # The cursor went down to the second display line of ¶1 and sits on the "x" of "six".
        assert lines[1][0] <= app.article.cursor < lines[1][1]
        assert text[app.article.cursor] == "x"
        assert (selection.start, selection.end) == (paragraph.start, app.article.cursor + 1)
        await press(pilot, "1")
        assert app.article.selection is None
    (annotation,) = stored(db_path, article.source)
    expected = (
        "The battle for Bakhmut, a city in the eastern region of Ukraine, "
        "has been raging on for the past six"
    )
    assert annotation.quote == expected
    assert (annotation.start, annotation.end) == span_of(article, expected)
    assert text[annotation.start : annotation.end] == annotation.quote
    assert annotation.label == 1
    assert annotation.paragraph == 1


async def test_backward_selection_still_includes_the_anchor(
    article: Document, store: Store, db_path: Path
) -> None:
    start, end = span_of(article, "Bakhmut, a city")
    async with running(article, store) as (app, pilot):
        move_to(app, end - 1)  # on the "y" of "city"
        await press(pilot, "v", "b", "b", "b", "b")  # city, a, ",", Bakhmut
        assert app.article.cursor == start
        await press(pilot, "3")
    (annotation,) = stored(db_path, article.source)
    assert annotation.quote == "Bakhmut, a city"
    assert (annotation.start, annotation.end, annotation.label) == (start, end, 3)


async def test_selection_across_a_paragraph_boundary_is_one_annotation_under_its_first_paragraph(
    article: Document, store: Store, db_path: Path
) -> None:
    first, second = article.paragraph(1), article.paragraph(2)
    assert first is not None and second is not None
    async with running(article, store) as (app, pilot):
        await press(pilot, "v", "right_curly_bracket")
        assert app.article.cursor == second.start
        await press(pilot, "2")
        (annotation,) = app.annotations
        assert header_above(app, annotation.id).startswith("¶1 ·")
    (annotation,) = stored(db_path, article.source)
    assert (annotation.start, annotation.end) == (first.start, second.start + 1)
    assert annotation.quote == article.text[first.start : second.start + 1]
    assert annotation.quote.endswith(".\n\nA")  # ¶1's last character … ¶2's first, included
    assert annotation.paragraph == 1
    assert annotation.label == 2


async def test_v_starts_motions_extend_escape_clears(
    article: Document, store: Store, db_path: Path
) -> None:
    start, _ = span_of(article, "battle for Bakhmut")
    async with running(article, store) as (app, pilot):
        move_to(app, start)
        await press(pilot, "v")
        assert app.article.visual
        assert app.article.visual_anchor == start
        selection = app.article.selection
        assert selection is not None
        assert (selection.start, selection.end) == (start, start + 1)
        await press(pilot, "w")
        selection = app.article.selection
        assert selection is not None
        assert article.text[selection.start : selection.end] == "battle f"
        await press(pilot, "e")
        selection = app.article.selection
        assert selection is not None
        assert article.text[selection.start : selection.end] == "battle for"
        await press(pilot, "escape")
        assert not app.article.visual
        assert app.article.selection is None
        assert app.article.cursor == start + len("battle fo")  # stays on the "r" of "for"
        await press(pilot, "v", "v", "1")  # v again leaves visual mode: 1 takes the word
        assert app.article.selection is None
    (annotation,) = stored(db_path, article.source)
    assert annotation.quote == "for"


async def test_s_selects_the_sentence_under_the_cursor(
    article: Document, store: Store, db_path: Path
) -> None:
    sentence = (
        "The battle for Bakhmut, a city in the eastern region of Ukraine, has been raging on "
        "for the past six months as Russian forces continue their siege."
    )
    async with running(article, store) as (app, pilot):
        move_to(app, span_of(article, "eastern")[0])
        await press(pilot, "s")
        selection = app.article.selection
        assert selection is not None
        assert (selection.start, selection.end) == span_of(article, sentence)
        await press(pilot, "4")
    (annotation,) = stored(db_path, article.source)
    assert annotation.quote == sentence
    assert annotation.label == 4


async def test_p_selects_the_paragraph_under_the_cursor(
    article: Document, store: Store, db_path: Path
) -> None:
    paragraph = article.paragraph(2)
    assert paragraph is not None
    async with running(article, store) as (app, pilot):
        move_to(app, paragraph.start + 40)
        await press(pilot, "p")
        selection = app.article.selection
        assert selection is not None
        assert (selection.start, selection.end) == (paragraph.start, paragraph.end)
        await press(pilot, "5")
    (annotation,) = stored(db_path, article.source)
    assert annotation.quote == article.block_text(paragraph)
    assert (annotation.label, annotation.paragraph) == (5, 2)
