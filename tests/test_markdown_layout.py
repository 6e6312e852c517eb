"""Blocks that hold newlines (Markdown code, tables, hard breaks): wrap, rows and motions."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.document import Document, load_path
from tui.text import motions
from tui.text.graphemes import grapheme_spans
from tui.text.rows import FOLD, JOINED, RowMap
from tui.text.wrap import effective_hang, wrap_block

SAMPLE = Path(__file__).parent / "data" / "sample.md"


def texts(text: str, lines: list[tuple[int, int]]) -> list[str]:
    return [text[start:end] for start, end in lines]


def cells(text: str) -> int:
    return sum(width for _, _, width in grapheme_spans(text, 0, len(text)))


def test_a_newline_is_a_hard_break_between_two_wrapped_lines() -> None:
    text = "one two three\nfour"
    assert texts(text, wrap_block(text, 0, len(text), 8)) == ["one two ", "three", "four"]
    assert texts(text, wrap_block(text, 0, len(text), 80)) == ["one two three", "four"]


def test_a_folded_block_is_cut_at_the_edge_not_at_spaces() -> None:
    text = "def f(x): return x\n  y"
    assert texts(text, wrap_block(text, 0, len(text), 8, fold=True)) == [
        "def f(x)", ": return", " x", "  y"
    ]  # fmt: skip
    wide = "中文字ab\nc"
    assert texts(wide, wrap_block(wide, 0, len(wide), 3, fold=True)) == [
        "中",
        "文",
        "字a",
        "b",
        "c",
    ]


def test_the_rest_of_a_wrapped_line_is_narrower_by_the_hang() -> None:
    text = "• aaa bbb ccc ddd\n  eee fff"
    lines = wrap_block(text, 0, len(text), 10, hang=2)
    assert texts(text, lines) == ["• aaa bbb ", "ccc ddd", "  eee fff"]
    assert effective_hang(2, 10) == 2 and effective_hang(6, 10) == 0


blocks = st.lists(
    st.sampled_from(["a", "word", " ", "  ", "\n", "中文", "👍🏽", "x" * 12]), max_size=30
).map("".join)


@settings(max_examples=200)
@given(blocks, st.integers(1, 14), st.booleans(), st.integers(0, 6))
def test_lines_cover_the_block_but_its_newlines(
    block: str, width: int, fold: bool, hang: int
) -> None:
    block = block.strip("\n")
    lines = wrap_block(block, 0, len(block), width, fold=fold, hang=hang)
    covered = "".join(block[start:end] for start, end in lines)
    assert covered == block.replace("\n", "")
    for start, end in lines:
        assert "\n" not in block[start:end]
        if fold and len(grapheme_spans(block, start, end)) > 1:
            assert cells(block[start:end]) <= width


def test_joined_blocks_have_no_spacer_row() -> None:
    text = "• a\n\n• b\n\nend"
    spans = [(0, 3), (5, 8), (10, 13)]
    rows = RowMap(text, spans, 20, bytes([JOINED, 0, 0]))
    assert rows.total == 4  # a, b, spacer, end
    assert [rows.line_at(row) is None for row in range(4)] == [False, False, True, False]


def test_a_continued_line_carries_its_indent_and_a_hard_broken_one_does_not() -> None:
    text = "│ aaa bbb ccc\n│ ddd"
    rows = RowMap(text, [(0, len(text))], 10, b"", lambda block: 2)
    rows.wrap_all()
    lines = [rows.line_at(row) for row in range(rows.total)]
    assert [(text[line.start : line.end], line.indent) for line in lines if line] == [
        ("│ aaa bbb ", 0), ("ccc", 2), ("│ ddd", 0)
    ]  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 60))
def test_lazy_rows_agree_with_an_eager_wrap_with_newlines_folds_and_hangs(
    seed: int, width: int
) -> None:
    rng = random.Random(seed)
    pieces = ["word", "the", "中文", "\n", "x" * 20, "a"]
    texts_ = ["".join(rng.choice(pieces) + " " for _ in range(rng.randint(1, 30))).strip()
              for _ in range(rng.randint(1, 12))]  # fmt: skip
    texts_ = [block.strip("\n ") or "a" for block in texts_]
    text = "\n\n".join(texts_)
    spans, start = [], 0
    for block in texts_:
        spans.append((start, start + len(block)))
        start += len(block) + 2
    layout = bytes(rng.choice([0, FOLD, JOINED, FOLD | JOINED]) for _ in spans)
    rows = RowMap(text, spans, width, layout, lambda block: block % 4)
    for _ in range(50):  # in any order: each wrap refines the heights of the rows after it
        rows.line_at(rng.randrange(rows.total))
    rows.wrap_all()
    expected = []
    for index, (start, end) in enumerate(spans):
        fold = bool(layout[index] & FOLD)
        expected.extend(wrap_block(text, start, end, width, fold=fold, hang=index % 4))
        if index + 1 < len(spans) and not layout[index] & JOINED:
            expected.append(None)
    got = [rows.line_at(row) for row in range(rows.total)]
    assert [None if line is None else (line.start, line.end) for line in got] == expected


def sample() -> Document:
    return load_path(SAMPLE)


def test_paragraph_motions_treat_a_code_block_as_one_block() -> None:
    document = sample()
    text = document.text
    code = document.paragraph(15)
    assert code is not None and "\n" in document.block_text(code)
    assert motions.paragraph_forward(text, code.start) == document.paragraph(16).start  # type: ignore[union-attr]
    assert motions.paragraph_backward(text, code.end - 1) == code.start
    assert motions.block_span(text, code.start + 3) == (code.start, code.end)


def test_word_motions_cross_the_lines_of_a_block_and_never_rest_on_a_newline() -> None:
    document = sample()
    text = document.text
    table = next(b for b in document.blocks if document.block_text(b).startswith("Name"))
    offset = table.start
    visited = []
    while offset < table.end:
        assert text[offset] != "\n"
        visited.append(offset)
        offset = motions.word_forward(text, offset)
    words = [text[o : motions.word_end(text, o) + 1].strip() for o in visited]
    assert "Alice" in words and "reviewer" in words and "12" in words
    assert (
        motions.clamp_cursor(text, text.index("\n", table.start))
        == text.index("\n", table.start) + 1
    )


def test_search_finds_text_in_code_lines_and_table_cells() -> None:
    text = sample().text
    found = motions.find_forward(text, "Hello", 0)
    assert found is not None and text[found : found + 5] == "Hello"
    found = motions.find_forward(text, "reviewer", 0)
    assert found is not None and text[found : found + 8] == "reviewer"
    assert motions.find_forward(text, "\n│", 0) is None  # a match never starts on a newline
