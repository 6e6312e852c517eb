"""Vim-like motions over the normalised text: hand-made cases and properties."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.document import load_embedded
from tui.text.graphemes import (
    NARROW_RANGES,
    build_narrow,
    grapheme_boundaries,
    grapheme_spans,
    is_narrow,
)
from tui.text.motions import (
    block_span,
    clamp_cursor,
    find_backward,
    find_forward,
    next_char,
    paragraph_backward,
    paragraph_forward,
    prev_char,
    sentence_backward,
    sentence_forward,
    sentence_span,
    word_backward,
    word_end,
    word_forward,
    word_span,
)

E_ACUTE = "e\u0301"  # e + combining acute: one cluster, two code points
THUMB = "👍🏽"  # thumbs up + skin tone
FAMILY = "👨\u200d👩\u200d👧"  # ZWJ sequence, five code points
FLAG = "🇺🇦"  # two regional indicators


def walk(motion: Callable[[str, int], int], text: str, start: int, steps: int) -> list[int]:
    positions, position = [], start
    for _ in range(steps):
        position = motion(text, position)
        positions.append(position)
    return positions


# --- clusters -------------------------------------------------------------------------------


def test_clusters_keep_combining_marks_emoji_and_flags_whole() -> None:
    text = f"a{E_ACUTE}{THUMB}{FAMILY}{FLAG}中\tz"
    spans = grapheme_spans(text, 0, len(text))
    assert [text[start:end] for start, end, _ in spans] == [
        "a",
        E_ACUTE,
        THUMB,
        FAMILY,
        FLAG,
        "中",
        "\t",
        "z",
    ]
    assert [width for _, _, width in spans] == [1, 1, 2, 2, 2, 2, 1, 1]


def test_the_narrow_ranges_are_what_rich_measures() -> None:
    """The fast path's literal ranges are exactly the set built from Rich's cell widths."""
    narrow = build_narrow()
    listed = {chr(code) for low, high in NARROW_RANGES for code in range(low, high + 1)}
    assert listed == narrow
    assert all(low <= high < 0x10000 for low, high in NARROW_RANGES)
    outside = sorted({chr(code) for code in range(0x2FFF)} - narrow)
    assert all(not is_narrow(char) for char in outside)
    assert is_narrow("".join(sorted(narrow)))


def test_grapheme_boundaries_inside_a_window() -> None:
    text = f"x{FAMILY}y"
    assert grapheme_boundaries(text, 0, len(text)) == [0, 1, 6, 7]
    assert grapheme_boundaries(text, 2, 6) == [6]


# --- h / l -----------------------------------------------------------------------------------


def test_l_and_h_step_over_whole_clusters() -> None:
    text = f"a{E_ACUTE}{THUMB}{FAMILY}中文字Ж"
    forward = walk(next_char, text, 0, 8)
    assert forward == [1, 3, 5, 10, 11, 12, 13, 13]
    assert walk(prev_char, text, 13, 8) == [12, 11, 10, 5, 3, 1, 0, 0]


def test_l_and_h_jump_over_the_block_separator() -> None:
    text = "ab\n\ncd"
    assert next_char(text, 1) == 4
    assert prev_char(text, 4) == 1
    assert next_char(text, 5) == 5  # stays on the last character
    assert prev_char(text, 0) == 0


def test_clamp_cursor() -> None:
    text = f"ab{E_ACUTE}\n\ncd"
    assert clamp_cursor("", 5) == 0
    assert clamp_cursor(text, -3) == 0
    assert clamp_cursor(text, 99) == len(text) - 1
    assert clamp_cursor(text, 3) == 2  # middle of é
    assert clamp_cursor(text, 4) == 6  # separator: forward to the next block
    assert clamp_cursor(text, 5) == 6


# --- w / b / e -------------------------------------------------------------------------------


def test_w_b_e_on_ascii_like_vim() -> None:
    text = "foo.bar  baz_1, qux"
    #       0123456789012345678
    assert walk(word_forward, text, 0, 7) == [3, 4, 9, 14, 16, 18, 18]
    assert walk(word_backward, text, 18, 7) == [16, 14, 9, 4, 3, 0, 0]
    assert walk(word_end, text, 0, 7) == [2, 3, 6, 13, 14, 18, 18]


def test_words_in_other_scripts_and_emoji() -> None:
    text = f"Привет, café {THUMB}{THUMB} 中文字 d{E_ACUTE}j{E_ACUTE}"
    starts = walk(word_forward, text, 0, 6)
    assert [text[start] for start in starts] == [",", "c", THUMB[0], "中", "d", "e"]
    assert starts[-1] == len(text) - 2  # "déjé" is the last word: w goes to its last "é"
    assert word_span(text, 2) == (0, 6)
    assert word_span(text, text.index("文")) == (text.index("中"), text.index("字") + 1)
    assert word_span(text, text.index("d")) == (text.index("d"), len(text))
    thumbs = text.index(THUMB)
    assert word_span(text, thumbs) == (thumbs, thumbs + 2 * len(THUMB))
    assert word_span(text, 7) is None  # a blank
    assert word_end(text, text.index("d")) == len(text) - 2


def test_words_cross_paragraphs() -> None:
    text = "one two\n\nthree"
    assert word_forward(text, 4) == 9
    assert word_backward(text, 9) == 4
    assert word_end(text, 6) == 13


# --- ( ) -------------------------------------------------------------------------------------


def test_sentences_like_vim() -> None:
    text = 'He left. "Why?" she asked! (Nobody knew.) Then\n\nNew block. End'
    starts = [0, 9, 16, 27, 42, 48, 59]
    assert walk(sentence_forward, text, 0, 7) == [*starts[1:], len(text) - 1]
    assert walk(sentence_backward, text, len(text) - 1, 7) == [59, 48, 42, 27, 16, 9, 0]
    assert sentence_backward(text, 20) == 16  # the start of the current sentence
    assert sentence_span(text, 3) == (0, 8)
    assert sentence_span(text, 8) == (0, 8)  # on the space after it
    assert sentence_span(text, 30) == (27, 41)
    assert sentence_span(text, 44) == (42, 46)  # ends at the block end


def test_sentences_need_whitespace_and_ignore_no_break_space() -> None:
    text = "Version 1.5 is out.\u00a0Really. Yes"
    assert sentence_forward(text, 0) == text.index("Yes")
    assert sentence_span(text, 0) == (0, text.index("Yes") - 1)


def test_sentence_motions_in_a_long_block_are_local() -> None:
    sentence = "Word " * 30 + "end. "
    text = sentence * 20_000  # one 3 MB block
    middle = len(sentence) * 10_000 + 7
    assert sentence_backward(text, middle) == len(sentence) * 10_000
    assert sentence_forward(text, middle) == len(sentence) * 10_001
    assert sentence_span(text, middle) == (len(sentence) * 10_000, len(sentence) * 10_001 - 1)
    assert word_forward(text, middle) == middle + 3
    assert paragraph_backward(text, middle) == 0


# --- { } -------------------------------------------------------------------------------------


def test_paragraph_motions_and_block_span() -> None:
    text = "First one.\n\nSecond.\n\nThird"
    assert walk(paragraph_forward, text, 3, 3) == [12, 21, 25]
    assert walk(paragraph_backward, text, 23, 4) == [21, 12, 0, 0]
    assert block_span(text, 14) == (12, 19)
    assert block_span(text, 10) == (12, 19)  # a separator belongs to the next block
    assert block_span("", 0) == (0, 0)


def test_paragraph_motions_on_the_article() -> None:
    document = load_embedded()
    text = document.text
    starts = [block.start for block in document.blocks]
    assert walk(paragraph_forward, text, 0, len(starts) - 1) == starts[1:]
    assert walk(paragraph_backward, text, starts[-1], len(starts) - 1) == starts[-2::-1]
    for block in document.blocks:
        assert block_span(text, block.start + 1) == (block.start, block.end)


# --- search ----------------------------------------------------------------------------------


def test_find_wraps_around_with_smart_case() -> None:
    text = "Bakhmut and bakhmut\n\nBAKHMUT"
    assert find_forward(text, "bakhmut", 0) == 12
    assert find_forward(text, "bakhmut", 12) == 21
    assert find_forward(text, "bakhmut", 21) == 0
    assert find_forward(text, "Bakhmut", 5) == 0  # uppercase: case-sensitive, wraps
    assert find_forward(text, "bakhmut", 0, case_sensitive=True) == 12
    assert find_backward(text, "bakhmut", 12) == 0
    assert find_backward(text, "bakhmut", 0) == 21
    assert find_forward(text, "zzz", 3) is None
    assert find_forward(text, "", 3) is None
    assert find_forward("", "a", 0) is None


def test_find_never_splits_a_cluster() -> None:
    text = f"cafe caf{E_ACUTE} x"
    assert find_forward(text, "cafe", 0) == 0  # "cafe" inside "café" is not a match
    assert find_forward(text, f"caf{E_ACUTE}", 0) == 5
    assert find_backward(text, "\u0301", 9) is None


def test_find_on_the_article() -> None:
    text = load_embedded().text
    hits = [0]
    for _ in range(50):
        found = find_forward(text, "bakhmut", hits[-1])
        assert found is not None
        hits.append(found)
    expected = [i for i in range(len(text)) if text[i : i + 7].lower() == "bakhmut"]
    assert sorted(set(hits[1:])) == expected
    assert find_backward(text, "bakhmut", expected[0]) == expected[-1]


# --- properties ------------------------------------------------------------------------------

PIECES = [
    "a", "Z", "_", "7", "é", E_ACUTE, THUMB, FAMILY, FLAG, "中", "文", "Ж", "я", "\t",
    " ", " ", " ", ".", "!", "?", ",", '"', "’", ")", "\u0301", "\u200d", "\ufe0f", "\u00a0",
]  # fmt: skip

blocks = st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join)
texts = st.lists(blocks, min_size=1, max_size=4).map("\n\n".join)
MOTIONS = [
    next_char, prev_char, word_forward, word_backward, word_end,
    sentence_forward, sentence_backward, paragraph_forward, paragraph_backward, clamp_cursor,
]  # fmt: skip


def boundaries(text: str) -> set[int]:
    return {start for start, _, _ in grapheme_spans(text, 0, len(text))} | {len(text)}


@settings(max_examples=300)
@given(texts, st.integers(-5, 200))
def test_every_motion_lands_on_a_cluster_start_off_newlines(text: str, offset: int) -> None:
    starts = boundaries(text)
    for motion in MOTIONS:
        position = motion(text, offset)
        assert 0 <= position < len(text), motion.__name__
        assert position in starts, motion.__name__
        assert text[position] != "\n", motion.__name__


@settings(max_examples=300)
@given(texts, st.integers(0, 200))
def test_spans_are_whole_clusters(text: str, offset: int) -> None:
    starts = boundaries(text)
    offset = clamp_cursor(text, offset)
    for span in (sentence_span(text, offset), word_span(text, offset), block_span(text, offset)):
        if span is not None:
            assert span[0] in starts and span[1] in starts
            assert span[0] <= span[1]
            assert "\n" not in text[span[0] : span[1]]


@given(texts)
def test_windowed_splitting_agrees_with_whole_text(text: str) -> None:
    starts = boundaries(text)
    for offset in range(len(text) + 1):
        window = grapheme_boundaries(text, offset, offset + 3)
        assert window == sorted(b for b in starts if offset <= b <= offset + 3)


@given(texts)
def test_next_and_prev_char_are_inverse(text: str) -> None:
    positions = [start for start in sorted(boundaries(text)) if start < len(text)]
    positions = [start for start in positions if text[start] != "\n"]
    for here, there in itertools.pairwise(positions):
        assert next_char(text, here) == there
        assert prev_char(text, there) == here


def is_word_start(text: str, position: int) -> bool:
    span = word_span(text, position)
    return span is not None and span[0] == position


@given(texts)
def test_w_then_b_returns_to_a_word_start(text: str) -> None:
    for offset in range(len(text)):
        position = clamp_cursor(text, offset)
        forward = word_forward(text, position)
        if forward == position or not is_word_start(text, forward):
            continue  # w stayed on, or went to, the last character
        back = word_backward(text, forward)
        assert is_word_start(text, back) or back == 0
        if is_word_start(text, position):
            assert back == position


@given(texts, st.sampled_from(["a", "中", E_ACUTE, " .", "Я", THUMB]), st.integers(0, 200))
def test_find_results_are_real_matches(text: str, needle: str, offset: int) -> None:
    starts = boundaries(text)
    for finder in (find_forward, find_backward):
        found = finder(text, needle, offset)
        if found is not None:
            assert text[found : found + len(needle)].lower() == needle.lower()
            assert found in starts and found + len(needle) in starts
