"""Markdown read as Markdown: the text the reader shows, its blocks, ¶ numbers and styles."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database
from stack import recursion_limit

from annotations.document import Document, is_normalised, load_path
from annotations.markdown_blocks import cell_width
from annotations.markdown_document import document_from_markdown
from annotations.markdown_styles import (
    BULLET,
    CODE,
    CODE_SPAN,
    EMPHASIS,
    HTML,
    IMAGE,
    LINK,
    LIST_ITEM,
    MARK,
    PARAGRAPH,
    QUOTE,
    RAW_HTML,
    RULE,
    STRONG,
    TABLE,
    DocumentStyles,
)
from annotations.store import Store
from annotations.store.schema import migrations

SAMPLE = Path(__file__).parent / "data" / "sample.md"


def md(text: str) -> Document:
    return document_from_markdown(text, "file:///x.md", "x.md")


def blocks(document: Document) -> list[str]:
    return [document.block_text(block) for block in document.blocks]


def kinds(document: Document) -> list[int]:
    assert document.styles is not None
    return [document.styles.kind(index) for index in range(len(document.blocks))]


def styled(document: Document, flag: int) -> list[str]:
    """The stretches of text carrying `flag`."""
    assert document.styles is not None
    runs = document.styles.runs_in(0, len(document.text))
    return [document.text[start:end] for start, end, flags in runs if flags & flag]


@pytest.fixture(scope="module")
def sample() -> Document:
    return load_path(SAMPLE)


def test_a_md_file_is_read_as_markdown(sample: Document) -> None:
    assert sample.styles is not None
    assert sample.notice == ""
    assert sample.title == "A Field Guide to Markdown"
    assert sample.has_title_block
    assert is_normalised(sample.text)
    assert "#" not in sample.text and "**" not in sample.text and "```" not in sample.text


def test_headings_lose_their_marks_and_keep_their_level() -> None:
    document = md("# Title\n\nBody.\n\n## Two\n\n### Three *em*\n\nSetext\n---\n")
    assert blocks(document) == ["Title", "Body.", "Two", "Three em", "Setext"]
    assert kinds(document) == [1, PARAGRAPH, 2, 3, 2]
    assert document.title == "Title" and document.has_title_block


def test_without_a_leading_h1_the_file_name_is_the_title_and_numbers_start_at_one() -> None:
    document = md("Intro.\n\n# Later heading\n")
    assert document.title == "x.md"
    assert not document.has_title_block
    assert [block.number for block in document.blocks] == [1, 2]
    assert md("## Not a title\n\nBody.").title == "x.md"


def test_every_block_takes_the_next_paragraph_number(sample: Document) -> None:
    numbers = [block.number for block in sample.blocks]
    assert numbers == list(range(len(sample.blocks)))
    assert sample.paragraph(3) is not None
    assert sample.block_text(sample.paragraph(3)) == "• First item"  # type: ignore[arg-type]


def test_list_items_are_blocks_with_bullets_numbers_and_indentation() -> None:
    document = md("- a\n- b\n  - c\n    - d\n- e\n\n3. three\n4. four\n\n1) one\n")
    assert blocks(document) == [
        "• a", "• b", "  ◦ c", "    ▪ d", "• e", "3. three", "4. four", "1) one",
    ]  # fmt: skip
    assert set(kinds(document)) == {LIST_ITEM}
    assert styled(document, BULLET) == ["• ", "• ", "◦ ", "▪ ", "• ", "3. ", "4. ", "1) "]


def test_a_tight_list_has_no_blank_rows_between_its_items() -> None:
    tight = md("- a\n- b\n\nAfter.")
    loose = md("- a\n\n- b\n\nAfter.")
    assert tight.styles is not None and loose.styles is not None
    assert tight.styles.layout() == bytes([2, 0, 0])
    assert loose.styles.layout() == bytes([0, 0, 0])


def test_code_blocks_are_verbatim_without_a_blank_line() -> None:
    document = md("```\nif x:\n\treturn 1\n\n\n  end  \n```\n\n    indented\n      more\n")
    assert blocks(document) == ["if x:\n    return 1\n \n \n  end  ", "indented\n  more"]
    assert kinds(document) == [CODE, CODE]
    assert is_normalised(document.text)


def test_quotes_are_marked_on_every_line() -> None:
    document = md("> one\n> two\\\n> three\n>\n> > nested\n")
    assert blocks(document) == ["│ one two\n│ three", "│ │ nested"]
    assert kinds(document) == [QUOTE, QUOTE]
    assert styled(document, MARK) == ["│ ", "│ ", "│ │ "]


def test_tables_are_aligned_columns() -> None:
    document = md("| a | long header | n |\n|:-|:-:|-:|\n| *x* | y | 10 |\n| 中文 | | 2 |\n")
    assert blocks(document) == [
        "a    │ long header │  n\n"
        "─────┼─────────────┼───\n"
        "x    │      y      │ 10\n"
        "中文 │             │  2"
    ]
    assert kinds(document) == [TABLE]
    assert styled(document, EMPHASIS) == ["x"]


def test_inline_styles_are_runs_not_characters() -> None:
    document = md(
        "*em* **strong** `code` [link *in*](http://x) ![alt *text*](i.png) <b>raw</b> ***both***"
    )
    assert blocks(document) == ["em strong code link in alt text <b>raw</b> both"]
    assert styled(document, EMPHASIS) == ["em", "in", "both"]
    assert styled(document, STRONG) == ["strong", "both"]
    assert styled(document, CODE_SPAN) == ["code"]
    assert styled(document, LINK) == ["link ", "in"]
    assert styled(document, IMAGE) == ["alt text"]
    assert styled(document, RAW_HTML) == ["<b>", "</b>"]


def test_rules_and_html_blocks() -> None:
    document = md("a\n\n***\n\n<div>\n  x\n</div>\n")
    assert blocks(document)[1] == "─" * 24
    assert blocks(document)[2] == "<div>\n  x\n</div>"
    assert kinds(document) == [PARAGRAPH, RULE, HTML]


def test_control_characters_and_blank_constructs_never_break_the_model() -> None:
    for text in ("a\\\n\\\n\\\nb", "-\n-\n-", "> \n>\n", "```\n```", "x\x00y\r\nz", "\n\n\n"):
        document = md(text)
        assert is_normalised(document.text), text
        assert document.styles is not None
        assert len(document.styles.kinds) == len(document.blocks)


def test_deep_nesting_opens(tmp_path: Path) -> None:
    for text in (">" * 100_000, "[" * 100_000, "- " * 50_000 + "x", "*" * 100_000 + "a"):
        path = tmp_path / "deep.md"
        path.write_text(text)
        document = load_path(path)
        assert is_normalised(document.text)


def test_markdown_that_cannot_be_parsed_opens_as_plain_text_with_a_notice() -> None:
    text = "# Title\n\n" + "> " * 18 + "deep *and* nested\n"
    with recursion_limit(40):  # the parser recurses per quote level: it runs out of stack
        document = md(text)
    assert document.styles is None
    assert document.notice == "x.md: the Markdown could not be read (nested too deeply); " + (
        "shown as plain text"
    )
    assert document.title == "Title"
    assert document.text.startswith("# Title\n\n> > >")


def test_styles_round_trip_through_their_stored_form(sample: Document) -> None:
    styles = sample.styles
    assert styles is not None
    stored = DocumentStyles.from_json(styles.to_json(), len(sample.text), len(sample.blocks))
    assert stored is not None
    assert stored.kinds == styles.kinds
    assert (stored.starts, stored.ends, stored.flags) == (styles.starts, styles.ends, styles.flags)


@pytest.mark.parametrize(
    "value",
    ["", "[]", "{}", '{"v":2,"kinds":"","runs":[]}', '{"v":1,"kinds":"zz","runs":[]}',
     '{"v":1,"kinds":"00","runs":[0,1]}', '{"v":1,"kinds":"00","runs":[0,-1,1]}',
     '{"v":1,"kinds":"00","runs":[0,99,1]}', '{"v":1,"kinds":"0000","runs":[]}',
     '{"v":1,"kinds":"7f","runs":[]}', '{"v":1,"kinds":"00","runs":[0,1,256]}',
     '{"v":1,"kinds":"00","runs":[0,99999999999999999999,1]}',
     '{"v":1,"kinds":"00","runs":[true,1,1]}', '{"v":1,"kinds":"00","runs":[0,1.5,1]}',
     "[" * 200_000, '{"v":1,"kinds":"00","runs":' + "[" * 200_000],
)  # fmt: skip
def test_stored_styles_that_do_not_fit_the_text_are_ignored(value: str) -> None:
    assert DocumentStyles.from_json(value, text_length=5, block_count=1) is None


def test_cell_width_counts_wide_and_zero_width_characters() -> None:
    assert cell_width("ab") == 2
    assert cell_width("中文") == 4
    assert cell_width("e\u0301") == 1
    assert cell_width("\x07") == 1


def test_the_same_markdown_always_gives_the_same_document(sample: Document) -> None:
    again = load_path(SAMPLE)
    assert again.text == sample.text and again.sha256 == sample.sha256
    assert again.blocks == sample.blocks
    assert again.styles is not None and sample.styles is not None
    assert again.styles.to_json() == sample.styles.to_json()


def test_a_txt_file_is_not_read_as_markdown(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("# Heading\n\n- a\n- b\n\n    code\n")
    document = load_path(path)
    assert document.styles is None
    assert document.text == "# Heading\n\n- a - b\n\ncode"


def test_styles_are_stored_with_the_text_and_older_rows_have_none(
    db_path: Path, sample: Document
) -> None:
    old = Database(sqlite3.connect(db_path))
    migrations.apply(old, stop_before="0007_document_styles")
    old.close()
    with Store.open(db_path) as store:  # applies 0007: the column is added, empty
        store.open_document(md("plain *enough*"))
        before = store.document("file:///x.md")
        assert before is not None and before.styles is not None
        store.open_document(sample)
    raw = sqlite3.connect(db_path)
    raw.execute("update documents set styles = null where source = 'file:///x.md'")
    raw.commit()
    raw.close()
    with Store.open(db_path) as store:
        older = store.document("file:///x.md")
        assert older is not None and older.styles is None and older.text == "plain enough"
        copy = store.document(sample.source)
        assert copy is not None and copy.styles is not None and sample.styles is not None
        assert copy.styles.to_json() == sample.styles.to_json()
        assert copy.text == sample.text and copy.title == sample.title


MARKDOWN_PIECES = [
    "# ", "## ", "- ", "* ", "1. ", "> ", "    ", "```", "~~~", "\n", "\n\n", "|", "---", "***",
    "*", "_", "`", "[", "]", "(", ")", "!", "<div>", "</div>", "<b>", "\\", "  ", "\t", "word",
    "中文", "e\u0301", "\x07", "&amp;", ":-:",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=60).map("".join))
def test_any_markdown_makes_a_well_formed_document(text: str) -> None:
    document = md(text)
    assert document.notice == ""
    assert is_normalised(document.text)
    styles = document.styles
    assert styles is not None and len(styles.kinds) == len(document.blocks)
    previous_end = 0
    for start, end, _ in styles.runs_in(0, len(document.text)):
        assert previous_end <= start < end <= len(document.text)
        block = document.block_at(start)
        assert block is not None and block.start <= start and end <= block.end
        previous_end = end
    for block in document.blocks:
        hang = styles.hang(document.text, block.start, block.end)
        assert not hang.strip("│ ")
