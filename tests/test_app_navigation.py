"""Cursor motions in the real app: graphemes, words, sentences, paragraphs, lines, pages, ] [."""

from __future__ import annotations

from app_helpers import add, grapheme_document, move_to, notices, press, running, span_of

from annotations.document import Document
from annotations.store import Store
from tui.text.wrap import wrap_block


async def test_h_and_l_step_over_whole_graphemes(store: Store) -> None:
    document = grapheme_document()
    store.open_document(document)
    paragraph = document.paragraph(1)
    assert paragraph is not None
    text = document.text
    base = paragraph.start
    assert text[base : paragraph.end] == "ae\u0301b👍🏽c中文d end."
    # a, é (2 code points), b, 👍🏽 (2 code points), c, 中, 文 (two cells each), d
    stops = [base + i for i in (0, 1, 3, 4, 6, 7, 8, 9)]
    async with running(document, store) as (app, pilot):
        assert app.article.cursor == base
        seen = [app.article.cursor]
        for index in range(1, len(stops)):
            await press(pilot, "l" if index % 2 else "right")
            seen.append(app.article.cursor)
        assert seen == stops
        back = [app.article.cursor]
        for index in range(1, len(stops)):
            await press(pilot, "h" if index % 2 else "left")
            back.append(app.article.cursor)
        assert back == stops[::-1]


async def test_a_highlight_of_a_grapheme_keeps_it_whole(store: Store) -> None:
    document = grapheme_document()
    store.open_document(document)
    thumbs = document.text.index("👍🏽")
    async with running(document, store) as (app, pilot):
        move_to(app, thumbs)
        await press(pilot, "v", "l", "3")
        (annotation,) = app.annotations
    assert annotation.quote == "👍🏽c"
    assert (annotation.start, annotation.end) == (thumbs, thumbs + 3)


async def test_w_b_e_move_by_words(article: Document, store: Store) -> None:
    text = article.text
    battle = span_of(article, "battle for Bakhmut, a")[0]
    async with running(article, store) as (app, pilot):
        await press(pilot, "w")
        assert app.article.cursor == battle
        await press(pilot, "e")
        assert app.article.cursor == battle + len("battle") - 1
        await press(pilot, "w", "w", "w")  # for, Bakhmut, ","
        assert text[app.article.cursor] == ","
        await press(pilot, "b")
        assert app.article.cursor == battle + len("battle for ")
        await press(pilot, "b")
        assert app.article.cursor == battle + len("battle ")


async def test_parentheses_move_by_sentences(article: Document, store: Store) -> None:
    second = span_of(article, "Despite the challenges")[0]
    third = span_of(article, "At a recent meeting")[0]  # the next sentence is ¶2's first
    async with running(article, store) as (app, pilot):
        start = app.article.cursor
        await press(pilot, "right_parenthesis")
        assert app.article.cursor == second
        await press(pilot, "right_parenthesis")
        assert app.article.cursor == third
        await press(pilot, "left_parenthesis")
        assert app.article.cursor == second
        await press(pilot, "w", "left_parenthesis")  # from inside: back to its own start
        assert app.article.cursor == second
        await press(pilot, "left_parenthesis")
        assert app.article.cursor == start


async def test_curly_brackets_g_shift_g_home_end(article: Document, store: Store) -> None:
    starts = [block.start for block in article.paragraphs]
    async with running(article, store) as (app, pilot):
        await press(pilot, "right_curly_bracket", "right_curly_bracket")
        assert app.article.cursor == starts[2]
        await press(pilot, "w", "left_curly_bracket")
        assert app.article.cursor == starts[2]
        await press(pilot, "left_curly_bracket")
        assert app.article.cursor == starts[1]
        last = len(article.text) - 1
        assert article.text[last] == "."
        await press(pilot, "G")
        assert app.article.cursor == last
        assert app.article.scroll_offset.y == app.article.max_scroll_y > 0
        await press(pilot, "g")
        assert app.article.cursor == 0
        assert app.article.scroll_offset.y == 0
        await press(pilot, "end")
        assert app.article.cursor == last
        await press(pilot, "home")
        assert app.article.cursor == 0


async def test_j_and_k_keep_the_column(article: Document, store: Store) -> None:
    first, second = article.paragraph(1), article.paragraph(2)
    assert first is not None and second is not None
    async with running(article, store) as (app, pilot):
        width = app.article.text_width
        lines = wrap_block(article.text, first.start, first.end, width)
        next_lines = wrap_block(article.text, second.start, second.end, width)
        last_length = lines[-1][1] - lines[-1][0]
        column = last_length + 10  # longer than ¶1's last display line
        assert column < lines[-2][1] - lines[-2][0]
        move_to(app, lines[-2][0] + column)
        await press(pilot, "j")
        assert app.article.cursor == lines[-1][1] - 1  # clamped to the short line
        await press(pilot, "j")
        assert app.article.cursor == next_lines[0][0] + column  # the column came back
        await press(pilot, "k", "k")
        assert app.article.cursor == lines[-2][0] + column
        await press(pilot, "down", "up")
        assert app.article.cursor == lines[-2][0] + column


async def test_half_pages_and_pages_move_the_cursor_and_scroll(
    article: Document, store: Store
) -> None:
    async with running(article, store) as (app, pilot):
        view = app.article
        height = view.scrollable_content_region.height
        start_line = view.line_position(view.cursor)
        assert view.scroll_offset.y == 0
        await press(pilot, "ctrl+d")
        assert view.line_position(view.cursor) == view.rows.step(*start_line, height // 2)
        assert view.scroll_offset.y == height // 2
        await press(pilot, "ctrl+u")
        assert view.line_position(view.cursor) == start_line
        assert view.scroll_offset.y == 0
        await press(pilot, "pagedown")
        assert view.line_position(view.cursor) == view.rows.step(*start_line, height)
        assert view.scroll_offset.y > 0
        row = view.row_of(view.cursor) - view.scroll_offset.y
        assert 0 <= row < height  # the cursor is on screen
        await press(pilot, "pageup")
        assert view.line_position(view.cursor) == start_line
        assert view.scroll_offset.y == 0


async def test_square_brackets_jump_between_highlight_starts(
    article: Document, store: Store
) -> None:
    one = add(store, article, "not to retreat")
    two = add(store, article, "Chasiv Yar")
    three = add(store, article, "Kofman")
    async with running(article, store) as (app, pilot):
        await press(pilot, "right_square_bracket")
        assert app.article.cursor == one.start
        await press(pilot, "right_square_bracket", "right_square_bracket")
        assert app.article.cursor == three.start
        await press(pilot, "right_square_bracket")
        assert app.article.cursor == three.start
        assert "No more highlights (this is the last)" in notices(app)
        await press(pilot, "left_square_bracket")
        assert app.article.cursor == two.start
        move_to(app, two.start + 3)  # inside a highlight: [ goes to its start
        await press(pilot, "left_square_bracket")
        assert app.article.cursor == two.start
        await press(pilot, "left_square_bracket", "left_square_bracket")
        assert app.article.cursor == one.start
        assert "No more highlights (this is the first)" in notices(app)
