"""Cell-aware soft wrap: widths, break points, coverage, columns."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from annotations.document import load_embedded
from tui.text.graphemes import grapheme_spans
from tui.text.wrap import (
    DisplayLine,
    _wrap_spans,
    column_of,
    line_index_at,
    offset_at_column,
    wrap_block,
    wrap_document,
)

E_ACUTE = "e\u0301"
THUMB = "👍🏽"
FAMILY = "👨\u200d👩\u200d👧"
FLAG = "🇺🇦"


def texts_of(text: str, lines: list[tuple[int, int]]) -> list[str]:
    return [text[start:end] for start, end in lines]


def cells(text: str) -> int:
    return sum(width for _, _, width in grapheme_spans(text, 0, len(text)))


def check_lines(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Wrap and check the invariants: coverage, whole clusters, widths."""
    lines = wrap_block(text, start, end, width)
    assert lines[0][0] == start and lines[-1][1] == end
    for (_, previous_end), (next_start, _) in itertools.pairwise(lines):
        assert previous_end == next_start  # no gap, no overlap
    starts = {span[0] for span in grapheme_spans(text, start, end)} | {end}
    for line_start, line_end in lines:
        assert line_start in starts and line_end in starts  # no cluster is split
        assert line_start < line_end or start == end
        shown = grapheme_spans(text, line_start, line_end)
        while shown and text[shown[-1][0]] == " ":
            shown.pop()  # spaces hang past the edge
        assert sum(span[2] for span in shown) <= width or len(shown) == 1
    return lines


def test_breaks_after_spaces_and_hangs_them() -> None:
    text = "The battle for Bakhmut,  a city"
    lines = check_lines(text, 0, len(text), 10)
    assert texts_of(text, lines) == ["The battle ", "for ", "Bakhmut,  ", "a city"]
    assert texts_of(text, wrap_block(text, 0, len(text), 7)) == [
        "The ", "battle ", "for ", "Bakhmut", ",  a ", "city"
    ]  # fmt: skip
    assert texts_of(text, wrap_block(text, 0, len(text), 100)) == [text]


def test_long_words_are_cut_at_cluster_boundaries() -> None:
    text = f"ab d{E_ACUTE}f{E_ACUTE}g{E_ACUTE}h x"
    lines = check_lines(text, 0, len(text), 3)
    assert texts_of(text, lines) == ["ab ", f"d{E_ACUTE}f", f"{E_ACUTE}g{E_ACUTE}", "h x"]


def test_cjk_breaks_anywhere_and_never_straddles_the_edge() -> None:
    text = "中文字中文字 ab中文"
    assert texts_of(text, check_lines(text, 0, len(text), 5)) == [
        "中文", "字中", "文字 ", "ab中", "文"
    ]  # fmt: skip
    assert texts_of(text, check_lines(text, 0, len(text), 1))[:2] == ["中", "文"]


def test_emoji_widths() -> None:
    text = f"{THUMB}{FAMILY}{FLAG} ok {FAMILY}"
    lines = check_lines(text, 0, len(text), 4)
    assert texts_of(text, lines) == [f"{THUMB}{FAMILY}", f"{FLAG} ", "ok ", FAMILY]
    for start, end in lines:
        assert cells(text[start:end].rstrip()) == cell_len(text[start:end].rstrip())


def test_empty_block_and_bad_width() -> None:
    assert wrap_block("ab\n\n", 4, 4, 10) == [(4, 4)]
    try:
        wrap_block("ab", 0, 2, 0)
    except ValueError:
        pass
    else:
        raise AssertionError("width 0 accepted")


def test_wrap_document_on_the_article() -> None:
    document = load_embedded()
    text = document.text
    blocks = [(block.start, block.end) for block in document.blocks]
    lines = wrap_document(text, blocks, 80)
    assert [line.block_index for line in lines if line.first] == list(range(len(blocks)))
    for index, (start, end) in enumerate(blocks):
        mine = [(line.start, line.end) for line in lines if line.block_index == index]
        assert mine == check_lines(text, start, end, 80)
    assert lines[0] == DisplayLine(0, 0, blocks[0][1], True)
    assert all(cell_len(text[line.start : line.end].rstrip()) <= 80 for line in lines)
    assert line_index_at(lines, 0) == 0
    assert line_index_at(lines, blocks[1][0] - 1) == 0  # the separator after the title
    assert line_index_at(lines, blocks[1][0]) == 1
    assert line_index_at(lines, len(text) - 1) == len(lines) - 1


def test_columns_of_wide_and_combining_clusters() -> None:
    text = f"a中{E_ACUTE}{FAMILY}z"
    line = (0, len(text))
    assert [column_of(text, line, offset) for offset in range(len(text) + 1)] == [
        0, 1, 3, 3, 4, 4, 4, 4, 4, 6, 7
    ]  # fmt: skip
    assert [offset_at_column(text, line, column) for column in range(-1, 9)] == [
        0, 0, 1, 1, 2, 4, 4, 9, 9, 9
    ]  # fmt: skip
    assert offset_at_column(text, (4, 4), 3) == 4


def test_columns_of_narrow_text() -> None:
    text = "Привет world"
    line = (7, len(text))
    assert column_of(text, line, 9) == 2
    assert column_of(text, line, 0) == 0
    assert offset_at_column(text, line, 3) == 10
    assert offset_at_column(text, line, 99) == len(text) - 1


PIECES = [
    "a", "Z", "word", "é", E_ACUTE, THUMB, FAMILY, FLAG, "中", "文字", "Ж", "\t", " ", " ", "  ",
    ".", "\u0301", "\u200d", "\ufe0f", "\u00a0", "❤\ufe0f",
]  # fmt: skip
blocks = st.lists(st.sampled_from(PIECES), min_size=0, max_size=40).map("".join)


@settings(max_examples=300)
@given(blocks, st.integers(1, 12), st.text(alphabet="x", max_size=3))
def test_wrap_properties(block: str, width: int, prefix: str) -> None:
    text = prefix + "\n\n" + block if prefix else block
    start = len(text) - len(block)
    check_lines(text, start, len(text), width)


@given(st.text(alphabet="ab ", max_size=60), st.integers(1, 12))
def test_narrow_fast_path_agrees_with_the_general_wrap(block: str, width: int) -> None:
    spans = grapheme_spans(block, 0, len(block))
    general = _wrap_spans(block, spans, 0, len(block), (width, width))
    assert wrap_block(block, 0, len(block), width) == (general if block else [(0, 0)])


@given(blocks, st.integers(1, 12))
def test_column_round_trips(block: str, width: int) -> None:
    for line in wrap_block(block, 0, len(block), width):
        for start, end, span_width in grapheme_spans(block, *line):
            column = column_of(block, line, start)
            assert column_of(block, line, end - 1) == column  # inside a cluster
            if span_width:
                assert offset_at_column(block, line, column) == start
                assert offset_at_column(block, line, column + span_width - 1) == start
        for column in range(width + 2):
            found = offset_at_column(block, line, column)
            assert line[0] <= found <= max(line[0], line[1] - 1)
            assert column_of(block, line, found) <= max(column, 0)
