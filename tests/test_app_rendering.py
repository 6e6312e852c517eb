"""What reaches the terminal: no escape sequence from a file, no markup parsing, and NO_COLOR."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_helpers import add, press, running, screen_text, span_of

from annotations.document import Document, load_path
from annotations.store import Store
from tui.widgets.article import ArticleView

HOSTILE = "Title\n\nBad \x1b[31mred\x1b[0m and \x07 bell [b]markup[/b] text.\n"


@pytest.fixture
def hostile(tmp_path: Path, store: Store) -> Document:
    path = tmp_path / "hostile.txt"
    path.write_bytes(HOSTILE.encode("utf-8"))
    document = load_path(path)
    store.open_document(document)
    return document


def assert_clean(text: str) -> None:
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "\x9b" not in text


async def test_control_characters_never_reach_the_screen(hostile: Document, store: Store) -> None:
    assert "\x1b[31m" in hostile.text  # the document itself keeps them (offsets stay true)
    async with running(hostile, store) as (app, pilot):
        shown = screen_text(app)
        assert_clean(shown)
        assert "[b]markup[/b]" in shown  # shown literally, not parsed as markup
        assert "markup text." in shown.replace("[/b] ", " ")  # and the text goes on
        assert "Bad ␛[31mred␛[0m and ␇ bell" in shown  # visible placeholders, one for one

        await press(pilot, "p", "1")  # highlight the whole paragraph: the notes pane shows it
        (annotation,) = app.annotations
        assert annotation.quote == hostile.block_text(hostile.blocks[1])
        shown = screen_text(app)
        assert_clean(shown)
        # the article, the notes pane's paragraph header and its entry
        assert shown.count("[b]markup[/b]") == 3
        assert_clean(app.export_screenshot())


async def test_a_quote_with_control_characters_in_the_note_editor_and_help(
    hostile: Document, store: Store
) -> None:
    async with running(hostile, store) as (app, pilot):
        await press(pilot, "p", "a")
        assert_clean(screen_text(app))
        await press(pilot, "escape", "question_mark")
        assert_clean(screen_text(app))


async def test_the_embedded_articles_brackets_show_literally(
    article: Document, store: Store
) -> None:
    async with running(article, store) as (app, pilot):
        move = span_of(article, "[holding out in Bakhmut]")[0]
        app.article.move_cursor(move)
        await pilot.pause()
        assert "[holding out in Bakhmut]" in screen_text(app)


async def test_no_color_still_marks_highlights(
    article: Document, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    highlight = add(store, article, "not to retreat", label=4)
    async with running(article, store) as (app, pilot):
        assert app.no_color
        await press(pilot, "right_square_bracket", "w")  # off the highlight's first character
        shown = screen_text(app)
        assert " D  Disagree" in shown  # the notes pane names the label, colour or not
        view = app.query_one(ArticleView)
        rows = range(view.row_of(highlight.start), view.row_of(highlight.end - 1) + 1)
        underlined = [
            "".join(
                segment.text
                for segment in view.render_line(row - view.scroll_offset.y)
                if segment.style is not None and segment.style.underline
            )
            for row in rows
        ]
        assert " ".join(underlined).split() == ["not", "to", "retreat"]  # exactly the highlight


async def test_no_color_app_runs_and_highlights(
    article: Document, store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    async with running(article, store) as (app, pilot):
        assert app.no_color
        assert "text-decoration: underline" not in app.export_screenshot()
        await press(pilot, "v", "e", "2", "w")
        assert "text-decoration: underline" in app.export_screenshot()
        shown = screen_text(app)
        assert " E  Evidence" in shown
        assert "1 highlight · 0 notes" in shown
    assert [a.quote for a in store.annotations(article.source)] == ["The"]
