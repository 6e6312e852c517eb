"""The lazy row map agrees with an eager wrap of the whole document, at every width."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.text.rows import RowMap
from tui.text.wrap import DisplayLine, line_index_at, wrap_document

WORDS = ["a", "word", "longer-word", "中文字", "👍🏽", "e\u0301te", "x" * 30, "the", "end."]


def document(rng: random.Random, blocks: int) -> tuple[str, list[tuple[int, int]]]:
    texts = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 60))) for _ in range(blocks)]
    text = "\n\n".join(texts)
    spans, start = [], 0
    for block in texts:
        spans.append((start, start + len(block)))
        start += len(block) + 2
    return text, spans


def eager_rows(text: str, spans: list[tuple[int, int]], width: int) -> list[DisplayLine | None]:
    rows: list[DisplayLine | None] = []
    for index, line in enumerate(wrap_document(text, spans, width)):
        if line.first and index:
            rows.append(None)
        rows.append(line)
    return rows


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 40), st.integers(1, 90))
def test_every_row_in_any_order_matches_the_eager_wrap(seed: int, blocks: int, width: int) -> None:
    rng = random.Random(seed)
    text, spans = document(rng, blocks)
    expected = eager_rows(text, spans, width)
    rows = RowMap(text, spans, width)
    order = list(range(len(expected)))
    rng.shuffle(order)  # visit rows out of order, as jumps and scrolling do
    for _ in range(2):
        for row in order:
            rows.line_at(row)  # refines the block of (an estimate of) that row
    assert rows.total == len(expected)
    assert [rows.line_at(row) for row in range(len(expected))] == expected


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 30), st.integers(1, 90))
def test_row_of_an_offset_is_its_line_even_before_other_blocks_are_wrapped(
    seed: int, blocks: int, width: int
) -> None:
    rng = random.Random(seed)
    text, spans = document(rng, blocks)
    offset = rng.randrange(len(text) + 1)
    eager = wrap_document(text, spans, width)
    rows = RowMap(text, spans, width)
    assert rows.line_at(rows.row_of(offset)) == eager[line_index_at(eager, offset)]


def test_refining_a_block_reports_where_and_by_how_much() -> None:
    text = "\n\n".join(["short", "word " * 50, "end"])
    spans = [(0, 5), (7, 7 + 250), (259, 262)]
    rows = RowMap(text, spans, 20)
    seen: list[tuple[int, int, int]] = []
    rows.on_refine = lambda block, first, delta: seen.append((block, first, delta))
    estimate = rows.height(1)
    exact = len(rows.lines(1))
    assert seen == ([] if exact == estimate else [(1, 2, exact - estimate)])
    assert rows.is_exact(1) and rows.first_row(2) == rows.first_row(1) + exact + 1


def test_step_moves_by_lines_across_blocks_and_stops_at_the_ends() -> None:
    text = "\n\n".join(["one two three four", "five six", "seven"])
    spans = [(0, 18), (20, 28), (30, 35)]
    rows = RowMap(text, spans, 9)  # "one two " "three " "four" | "five six" | "seven"
    assert [len(rows.lines(b)) for b in range(3)] == [3, 1, 1]
    assert rows.step(0, 0, 3) == (1, 0)
    assert rows.step(1, 0, 1) == (2, 0)
    assert rows.step(2, 0, 5) == (2, 0)
    assert rows.step(2, 0, -2) == (0, 2)
    assert rows.step(0, 1, -5) == (0, 0)


def test_an_empty_document_has_no_rows_to_draw() -> None:
    rows = RowMap("", [], 40)
    assert rows.total == 0
    assert rows.line_at(0) is None
    assert rows.row_of(0) == 0
