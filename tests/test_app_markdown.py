"""A Markdown document in the reader: highlights on every construct, search, motions, the notes
pane, both exports, reopening (a real SQLite file), and what the rows look like."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from app_helpers import (
    header_above,
    listed_ids,
    notices,
    press,
    running,
    screen_text,
    stored,
    type_text,
    wait_until,
)
from cli_helpers import invoke
from rich.style import Style

from annotations.document import Document, load_path
from annotations.formats.markdown import to_markdown
from annotations.store import Store
from tui.app import ReaderApp
from tui.widgets.article_markdown import MarkdownArticleView
from tui.widgets.article_rows import MARKDOWN_CLASSES

SAMPLE = Path(__file__).parent / "data" / "sample.md"

CONSTRUCTS = {
    "heading": "Lists",
    "list item": "Second item",
    "code line": 'return "Hello, " + name',
    "code lines": "string {\n    return",
    "table cell": "reviewer",
    "quote": "A quoted paragraph",
    "emphasis": "emphasis",
    "nested item": "Three levels deep",
}


@pytest.fixture
def sample(tmp_path: Path) -> Document:
    path = tmp_path / "sample.md"
    path.write_bytes(SAMPLE.read_bytes())
    return load_path(path)


def row_texts(app: ReaderApp) -> list[str]:
    article = app.article
    return [article.render_line(y).text for y in range(article.size.height)]


def style_at(app: ReaderApp, needle: str) -> Style:
    """The style of the first visible cell of `needle` in the article's rows."""
    article = app.article
    for y in range(article.size.height):
        strip = article.render_line(y)
        column = strip.text.find(needle)
        if column < 0:
            continue
        position = 0
        for segment in strip:
            if position + len(segment.text) > column:
                return segment.style or Style()
            position += len(segment.text)
    raise AssertionError(f"{needle!r} is not on screen")


async def highlight(app: ReaderApp, pilot: object, needle: str, label: int = 1) -> None:
    start = app.article.document.text.index(needle)
    app.article.select(start, start + len(needle))
    await press(pilot, str(label))  # type: ignore[arg-type]


async def test_highlights_on_every_construct_quote_what_the_reader_shows(
    sample: Document, store: Store, db_path: Path
) -> None:
    async with running(sample, store) as (app, pilot):
        for needle in CONSTRUCTS.values():
            await highlight(app, pilot, needle)
        annotations = app.annotations
    assert sorted(a.quote for a in annotations) == sorted(CONSTRUCTS.values())
    for annotation in stored(db_path, sample.source):
        assert annotation.quote == sample.text[annotation.start : annotation.end]
        assert annotation.paragraph == sample.paragraph_number_at(annotation.start)
        assert annotation.anchor == "exact"


async def test_the_notes_pane_lists_them_under_their_paragraphs(
    sample: Document, store: Store
) -> None:
    async with running(sample, store) as (app, pilot):
        for needle in ("reviewer", "Three levels deep", "Lists"):
            await highlight(app, pilot, needle)
        ids = listed_ids(app)
        assert len(ids) == 3
        headers = [header_above(app, annotation_id) for annotation_id in ids]
        table = sample.paragraph_number_at(sample.text.index("reviewer"))
        assert headers[0].startswith("¶2") and "Lists" in headers[0]
        assert headers[1].startswith("¶7") and "▪ Three levels deep" in headers[1]
        assert headers[2].startswith(f"¶{table}") and "Name" in headers[2]


async def test_search_and_motions_on_the_markdown_text(sample: Document, store: Store) -> None:
    async with running(sample, store) as (app, pilot):
        article = app.article
        await press(pilot, "slash")
        await type_text(pilot, "Alice")
        await press(pilot, "enter")
        assert sample.text[article.cursor : article.cursor + 5] == "Alice"
        await press(pilot, "j")  # the next row of the table: the same column
        assert sample.text[article.cursor : article.cursor + 3] == "Bob"
        await press(pilot, "w")
        assert sample.text[article.cursor] == "│"
        await press(pilot, "right_curly_bracket")  # } : past the whole table, to the rule
        assert sample.text[article.cursor] == "─"
        assert sample.paragraph_number_at(article.cursor) == 22


async def test_both_exports_quote_the_text_the_reader_showed(
    sample: Document, store: Store, db_path: Path, tmp_path: Path
) -> None:
    async with running(sample, store) as (app, pilot):
        for needle in ("reviewer", "string {\n    return", "Second item"):
            await highlight(app, pilot, needle)
        annotations = app.annotations
    markdown = to_markdown(sample, annotations, timestamps=False)
    assert "> reviewer" in markdown
    assert "> string {\\\n> return" in markdown  # a hard break; Markdown drops the indent
    assert "## ¶4 · • Second item" in markdown
    source = str(tmp_path / "sample.md")
    result = invoke("export", source, "--format", "json", "--db", str(db_path))
    assert result.exit_code == 0, result.output
    exported = json.loads(result.output)
    exacts = {
        selector["exact"]
        for item in exported["first"]["items"]
        for selector in item["target"]["selector"]
        if "exact" in selector
    }
    assert exacts == {"reviewer", "string {\n    return", "Second item"}
    fresh = tmp_path / "fresh.db"
    dump = tmp_path / "notes.json"
    dump.write_text(result.output)
    imported = invoke("import", str(dump), "--db", str(fresh))
    assert imported.exit_code == 0, imported.output
    assert {a.quote for a in stored(fresh, sample.source)} == exacts


async def test_paragraph_numbers_and_styles_survive_a_reopen(
    sample: Document, store: Store, db_path: Path, tmp_path: Path
) -> None:
    async with running(sample, store) as (app, pilot):
        for needle in CONSTRUCTS.values():
            await highlight(app, pilot, needle)
        before = {(a.quote, a.paragraph, a.start) for a in app.annotations}
    store.close()
    reopened = load_path(tmp_path / "sample.md")
    with Store.open(db_path) as again:
        copy = again.document(sample.source)
        assert copy is not None and copy.styles is not None and sample.styles is not None
        assert copy.styles.to_json() == sample.styles.to_json()
        assert copy.blocks == reopened.blocks == sample.blocks
        async with running(reopened, again) as (app, pilot):
            after = {(a.quote, a.paragraph, a.start) for a in app.annotations}
            assert after == before


async def test_a_markdown_file_opened_from_a_plain_text_is_drawn_with_its_styles(
    sample: Document, store: Store, tmp_path: Path
) -> None:
    """The Markdown styles load with the first Markdown document, here after a plain text."""
    plain = tmp_path / "plain.txt"
    plain.write_text("Plain\n\n# not a heading *nor emphasis*\n")
    async with running(load_path(plain), store) as (app, pilot):
        assert not style_at(app, "nor emphasis").italic
        await press(pilot, "ctrl+o", "ctrl+o")
        await press(pilot, *["backspace"] * len(str(tmp_path / "x")))
        await type_text(pilot, str(tmp_path / "sample.md"))
        await press(pilot, "enter")
        assert await wait_until(pilot, lambda: app.article.document.source == sample.source)
        await pilot.pause()
        assert style_at(app, "Lists").bold
        assert style_at(app, "emphasis").italic
        assert style_at(app, "link").underline
        assert style_at(app, "inline code").bgcolor is not None


async def test_the_stored_copy_is_drawn_with_its_styles(sample: Document, store: Store) -> None:
    store.open_document(sample)
    copy = store.document(sample.source)
    assert copy is not None and copy.styles is not None
    async with running(copy, store) as (app, _):
        assert style_at(app, "Lists").bold
        assert style_at(app, "emphasis").italic
        assert style_at(app, "strong").bold


async def test_rows_show_the_markdown_with_styles_and_highlights_on_top(
    sample: Document, store: Store
) -> None:
    async with running(sample, store) as (app, pilot):
        rows = row_texts(app)
        assert rows[0].strip() == "A Field Guide to Markdown"
        assert any(row.startswith(" ¶3  • First item") for row in rows)
        assert any("▪ Three levels deep" in row for row in rows)
        await highlight(app, pilot, "emphasis", label=2)
        await press(pilot, "escape")
        app.article.move_cursor(0)
        await pilot.pause()
        shown = style_at(app, "emphasis")
        assert shown.italic and shown.underline and shown.bgcolor is not None
        assert style_at(app, "inline code").bgcolor is not None
        assert style_at(app, "link").underline
        assert not style_at(app, "joined").italic


async def test_a_wrapped_list_item_hangs_under_its_text(sample: Document, store: Store) -> None:
    async with running(sample, store) as (app, _):
        rows = row_texts(app)
        item = next(i for i, row in enumerate(rows) if "• Second item" in row)
        bullet = rows[item].index("•")
        assert rows[item + 1][: bullet + 2].strip() == ""
        assert rows[item + 1][bullet + 2] != " "


async def test_a_plain_text_file_is_still_drawn_plain(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("Plain\n\n# not a heading *nor emphasis*\n\n- a\n- b\n")
    document = load_path(path)
    async with running(document, store) as (app, _):
        rows = row_texts(app)
        assert any("# not a heading *nor emphasis*" in row for row in rows)
        assert any("- a - b" in row for row in rows)
        assert not style_at(app, "nor emphasis").italic
        # its view matches only the plain component classes against the stylesheet (a focus
        # change restyles 6, not 21); a Markdown document's view matches its styles' too
        assert not isinstance(app.article, MarkdownArticleView)
        assert not MARKDOWN_CLASSES & app.article.COMPONENT_CLASSES


async def test_a_markdown_document_gets_the_view_with_its_styles(
    sample: Document, store: Store
) -> None:
    async with running(sample, store) as (app, pilot):
        assert isinstance(app.article, MarkdownArticleView)
        await press(pilot, "tab", "tab")  # a focus change and back restyles the view
        assert app.focused is app.article
        assert style_at(app, "inline code").bgcolor is not None
        assert style_at(app, "link").underline


async def test_unparsable_markdown_opens_as_plain_text_with_a_notice(
    store: Store,
) -> None:
    document = load_path(SAMPLE).with_notice("sample.md: the Markdown could not be read")
    async with running(document, store) as (app, _):
        assert "sample.md: the Markdown could not be read" in notices(app)


GOLDEN = Path(__file__).parent / "golden" / "sample-md.txt"


TALL = (120, 100)
"""Tall enough for the whole sample, so every row is drawn at once (the article is 74 wide)."""


def reader_rows(app: ReaderApp) -> list[str]:
    """Every row of the article as the reader draws it (gutter, indent, text), top to bottom."""
    article = app.article
    assert article.rows.total <= article.size.height
    return [article.render_line(y).text.rstrip() for y in range(article.rows.total)]


async def test_the_sample_renders_as_the_golden_file(sample: Document, store: Store) -> None:
    """The reader's text of tests/data/sample.md, 74 cells wide."""
    async with running(sample, store, size=TALL) as (app, pilot):
        app.article.move_cursor(len(sample.text) - 1)  # the cursor's cell is not in the golden
        await pilot.pause()
        rows = reader_rows(app)
    assert "\n".join(rows) + "\n" == GOLDEN.read_text(encoding="utf-8")


async def test_a_click_and_j_k_count_the_hanging_indent(sample: Document, store: Store) -> None:
    target = sample.text.index("its rest hangs")
    item = sample.block_at(target)
    assert item is not None
    async with running(sample, store) as (app, pilot):
        rows = row_texts(app)
        y = next(i for i, row in enumerate(rows) if "its rest hangs" in row)
        x = rows[y].index("its rest hangs")
        await pilot.click("#article", offset=(x, y))
        await pilot.pause()
        assert app.article.cursor == target
        await press(pilot, "k")  # straight up: the same screen column on the item's first line
        gutter = app.article.gutter_width
        assert app.article.cursor == item.start + x - gutter
        await press(pilot, "j")
        assert app.article.cursor == target


async def test_control_characters_in_markdown_never_reach_the_screen(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "hostile.md"
    path.write_bytes(
        b"# Red \x1b[31mtitle\n\n```\ncode \x1b[2J\x07\n```\n\n| a\x1b |\n|---|\n| \xc2\x9b |\n"
        b"\n<div>\x1b]0;x\x07</div>\n"
    )
    document = load_path(path)
    assert "\x1b" in document.text  # kept in the text: offsets stay true
    async with running(document, store) as (app, _):
        shown = screen_text(app) + "".join(row_texts(app))
        assert not any(char in shown for char in "\x1b\x07\x9b")
        assert "␛[2J␇" in shown
