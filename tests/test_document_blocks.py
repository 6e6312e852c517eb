"""The normalisation of a large text (a piece at a time) and the blocks kept as arrays."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.document import (
    BLOCK_SEPARATOR,
    Block,
    Document,
    build_document,
    decode,
    document_from_bytes,
    raw_key,
    text_sha256,
    visible_controls,
)
from annotations.opening import open_file
from annotations.plain_text import PIECE_CHARS, detect_title, split_raw_blocks
from tui.text.rows import RowMap

# Line breaks of every kind, the whitespace `str.strip` strips but a blank line may not hold
# (\x1c, \x85, no-break space), and lines that end in whitespace.
PARTS = ["word", "Title", "end.", " ", "\t", "\n", "\r\n", "\r", "\n\n", "\n \t\n", "\x1c",
         "\x85", "\u00a0", "\u2028", "\x0b", "# Head"]  # fmt: skip


def by_lines(raw: str, is_markdown: bool) -> tuple[str, str | None]:
    """The normalisation as the module's docstring defines it: stripped lines, joined."""
    blocks = split_raw_blocks(raw)
    text = BLOCK_SEPARATOR.join(" ".join(lines) for lines in blocks)
    return text, detect_title(blocks, is_markdown)


@given(st.lists(st.sampled_from(PARTS), max_size=30), st.booleans())
def test_normalisation_is_that_of_stripped_lines(parts: list[str], is_markdown: bool) -> None:
    raw = "".join(parts)
    document = build_document(raw, "mem:x", "x", is_markdown)
    text, title = by_lines(raw, is_markdown)
    assert document.text == text
    assert document.title == (title or "x")
    assert document.has_title_block == (title is not None)


def test_a_text_of_several_pieces_is_normalised_as_a_whole() -> None:
    rng = random.Random(9)
    raw = "".join(rng.choice(PARTS) for _ in range(PIECE_CHARS))
    assert len(raw) > 2 * PIECE_CHARS
    document = build_document(raw, "mem:big", "big", False)
    assert document.text == by_lines(raw, False)[0]
    assert document.sha256 == text_sha256(document.text)


# Texts that are mostly in one of the fast paths' forms (a paragraph a line; lines joined by
# lone line breaks), with now and then what takes a piece off them.
WORDS = ["word", "Title", "end.", "\u00e9t\u00e9", " "]
BREAKS = ["\n", "\n\n", "\r\n", "\r\n\r\n", "\r"]
SPOILERS = ["\n\n\n", " \n", "\n\t", "\x0c", "\n\x1c\n", "\n\u3000", "\u2028\n", "\x0b\n"]


@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=40),
    st.lists(st.sampled_from(BREAKS), max_size=40),
    st.lists(st.sampled_from(SPOILERS), max_size=2),
    st.randoms(use_true_random=False),
    st.booleans(),
)
def test_the_fast_paths_normalise_as_stripped_lines(
    words: list[str],
    breaks: list[str],
    spoilers: list[str],
    rng: random.Random,
    is_markdown: bool,
) -> None:
    breaks = (breaks + [""] * len(words))[: len(words)]
    parts = [part for pair in zip(words, breaks, strict=True) for part in pair]
    for spoiler in spoilers:
        parts.insert(rng.randrange(len(parts) + 1), spoiler)
    raw = "".join(parts)
    document = build_document(raw, "mem:x", "x", is_markdown)
    assert (document.text, document.title) == (
        by_lines(raw, is_markdown)[0],
        by_lines(raw, is_markdown)[1] or "x",
    )


@pytest.mark.parametrize("spoiled", [False, True])
@pytest.mark.parametrize("breaks", [["\n\n"], ["\n", "\n\n"], ["\r\n", "\r\n\r\n"]])
def test_a_large_text_in_a_fast_path_form_is_normalised_as_a_whole(
    breaks: list[str], spoiled: bool
) -> None:
    """A paragraph a line, or lines of a paragraph joined (CRLF too), over several pieces,
    with whitespace at both ends; `spoiled`: a piece in the middle holds a run of blank lines
    (the slow path)."""
    rng = random.Random(3)
    words = ["alpha", "beta", "gamma.", "delta"]
    parts = [
        part for _ in range(PIECE_CHARS // 2) for part in (rng.choice(words), rng.choice(breaks))
    ]
    if spoiled:
        parts.insert(len(parts) // 2, "\n \n\n")
    raw = "\n " + "".join(parts) + "\n"
    assert len(raw) > 2 * PIECE_CHARS
    document = build_document(raw, "mem:big", "big", False)
    assert document.text == by_lines(raw, False)[0]


def test_blocks_are_a_sequence_of_block_tuples() -> None:
    document = build_document("Title\n\nOne.\n\nTwo two.", "mem:b", "b", False)
    blocks = document.blocks
    expected = (Block(0, 0, 5), Block(1, 7, 11), Block(2, 13, 21))
    assert blocks == expected
    assert tuple(blocks) == expected and list(blocks) == list(expected)
    assert blocks[-1] == Block(2, 13, 21) and blocks[1:] == expected[1:]
    assert blocks[0].is_title and not blocks[1].is_title
    assert (
        len(blocks) == 3
        and blocks == build_document("Title\n\nOne.\n\nTwo two.", "m", "m", False).blocks
    )
    for bad in (3, -4):
        with pytest.raises(IndexError):
            blocks[bad]
    assert document.block_at(6) == Block(1, 7, 11)
    assert build_document("", "mem:e", "e", False).blocks == ()


@pytest.mark.parametrize("breaks", [False, True])
def test_a_row_map_of_the_blocks_arrays_is_that_of_their_pairs(breaks: bool) -> None:
    """Blocks without line breaks (a plain text's) are estimated without counting them."""
    raw = "Title\n\n" + "word " * 300 + "\n\nEnd."
    if breaks:  # blocks holding line breaks, as a Markdown document's code blocks do
        raw = raw.replace("word word", "word\nword")
        document = Document.from_normalised("mem:r", "Title", raw, has_title_block=True)
    else:
        document = build_document(raw, "mem:r", "r", False)
    assert document.blocks.line_breaks == breaks
    pairs = [(block.start, block.end) for block in document.blocks]
    of_arrays, of_pairs = (
        RowMap(document.text, document.blocks, 40),
        RowMap(document.text, pairs, 40),
    )
    assert of_arrays.total == of_pairs.total
    assert [of_arrays.locate(row) for row in range(of_arrays.total)] == [
        of_pairs.locate(row) for row in range(of_pairs.total)
    ]
    assert [of_arrays.line_at(row) for row in range(of_arrays.total)] == [
        of_pairs.line_at(row) for row in range(of_pairs.total)
    ]
    assert of_arrays.total == of_pairs.total


def test_a_text_without_controls_is_shown_as_it_is() -> None:
    text = "Plain words.\n\nMore words."
    assert visible_controls(text) is text
    assert visible_controls("a\x07b") == "a\u2407b"
    assert visible_controls("a\nb", keep_newlines=False) == "a\u240ab"


@pytest.mark.parametrize("control", ["\x00", "\t", "\x1f", "\x7f", "\x9f", "\n"])
@pytest.mark.parametrize("where", [0, (1 << 16) - 1, 1 << 16, 150_001, -1])
@pytest.mark.parametrize(
    "filler", ["plain words. ", "caf\u00e9 \u2022 ", "\udcff \u00a0\U0001f44d "]
)
def test_a_long_text_shows_a_control_wherever_it_is(control: str, where: int, filler: str) -> None:
    """Long texts are checked a stretch at a time, ASCII ones as bytes: a control at either
    end of a stretch, in an ASCII text or not (a lone surrogate too), is found as in a short
    one."""
    chars = list((filler * 40_000)[:200_000])
    chars[where] = control
    text = "".join(chars)
    for keep_newlines in (True, False):
        shown = visible_controls(text, keep_newlines=keep_newlines)
        kept = control == "\n" and keep_newlines
        assert (shown is text) == kept
        assert shown[where] == (control if kept else visible_controls(control, keep_newlines=False))
        at = where % len(text)
        assert shown[:at] == text[:at] and shown[at + 1 :] == text[at + 1 :]


TEXT_FILES = [
    "Title\n\nOne line.\n\nTwo.\n",  # a paragraph a line: the text is the bytes' start
    "Title\n\nOne line.\n\nTwo.",
    "Title\n\nOne line.\n\nTwo.\u3000\n \u2028",  # whitespace of several bytes after it
    "\n  Title\n\nOne line.\n",  # whitespace before it
    "Title\nwrapped\n\nlines\n",  # lines joined: not the bytes
    "Title\r\n\r\nCRLF.\r\n",
    "\ufeffTitle\n\nA byte order mark.\n",
    "",
    " \n ",
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
@pytest.mark.parametrize("content", TEXT_FILES)
def test_a_text_file_has_its_text_hash_and_raw_key(
    tmp_path: Path, content: str, encoding: str
) -> None:
    """Both hashes are taken in one pass when the text is the start of the file's bytes; they
    are those taken one at a time, whoever opens the file."""
    path = tmp_path / "notes.txt"
    path.write_bytes(content.encode(encoding))
    data = path.read_bytes()
    document = document_from_bytes(data, path)
    assert document.text == build_document(decode(data), "m", "m", False).text
    assert document.sha256 == text_sha256(document.text)
    assert document.raw_key == raw_key(data, path)
    assert not document.blocks.line_breaks
    assert open_file(path, None) == document and open_file(path, None).raw_key == raw_key(
        data, path
    )
