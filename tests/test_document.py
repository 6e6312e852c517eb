"""The document model: decoding, normalisation, title rule, paragraphs and code-point offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.document import (
    EMBEDDED_SOURCE,
    MAX_FILE_BYTES,
    DocumentError,
    build_document,
    load_embedded,
    load_path,
    visible_controls,
)
from annotations.model import make_annotation
from annotations.paths import embedded_article_bytes

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "bakhmut.txt"


def test_embedded_article_has_title_and_eight_paragraphs() -> None:
    doc = load_embedded()
    assert doc.source == EMBEDDED_SOURCE
    assert doc.title == "Battle for Bakhmut: Ukraine Defends Against Russian Siege"
    assert [p.number for p in doc.paragraphs] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert doc.block_text(doc.paragraphs[0]).startswith("The battle for Bakhmut, a city")
    assert doc.block_text(doc.paragraphs[-1]).endswith("in this ongoing struggle.")
    assert len(doc.sha256) == 64


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed is not beside this checkout")
def test_embedded_article_is_the_seed_byte_for_byte() -> None:
    assert embedded_article_bytes() == SEED.read_bytes()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_crlf_cr_and_bom_normalise_to_the_same_text(tmp_path: Path) -> None:
    lf = load_path(write(tmp_path, "a.txt", b"Title\n\nOne line\nand more.\n\nTwo.\n"))
    crlf = load_path(
        write(tmp_path, "b.txt", b"\xef\xbb\xbfTitle\r\n\r\nOne line\r\nand more.\r\n\r\nTwo.\r\n")
    )
    cr = load_path(write(tmp_path, "c.txt", b"Title\r\rOne line\rand more.\r\rTwo.\r"))
    utf16 = load_path(
        write(tmp_path, "d.txt", "Title\r\n\r\nOne line\r\nand more.\r\n\r\nTwo.".encode("utf-16"))
    )
    assert lf.text == crlf.text == cr.text == utf16.text == "Title\n\nOne line and more.\n\nTwo."
    assert lf.sha256 == crlf.sha256 == utf16.sha256


def test_utf16_big_endian_with_bom(tmp_path: Path) -> None:
    doc = load_path(write(tmp_path, "be.txt", b"\xfe\xff" + "Привіт, світ.".encode("utf-16-be")))
    assert doc.text == "Привіт, світ."


def test_blank_lines_with_spaces_separate_blocks(tmp_path: Path) -> None:
    doc = load_path(write(tmp_path, "a.txt", b"  First.  \n \t \nSecond\n   line.\n\n\n\nThird."))
    assert doc.text == "First.\n\nSecond line.\n\nThird."
    assert [p.number for p in doc.paragraphs] == [1, 2, 3]
    assert doc.title == "a.txt"


def test_markdown_heading_is_the_title(tmp_path: Path) -> None:
    doc = load_path(write(tmp_path, "notes.md", b"# My *notes*\n\nBody one.\n\nBody two."))
    assert doc.title == "My notes"  # read as Markdown: the emphasis is a style, not characters
    assert doc.text == "My notes\n\nBody one.\n\nBody two."
    assert doc.has_title_block
    assert [p.number for p in doc.paragraphs] == [1, 2]


def test_title_rule_rejects_sentences_long_lines_and_multi_line_blocks(tmp_path: Path) -> None:
    assert load_path(write(tmp_path, "a.txt", b"It ends here.\n\nBody.")).title == "a.txt"
    assert load_path(write(tmp_path, "b.txt", b"Short\nbut two lines\n\nBody.")).title == "b.txt"
    long_line = ("word " * 30).strip().encode()
    assert load_path(write(tmp_path, "c.txt", long_line + b"\n\nBody.")).title == "c.txt"
    assert load_path(write(tmp_path, "d.txt", b"Only one block")).title == "d.txt"
    assert load_path(write(tmp_path, "e.txt", b"A Title\n\nBody.")).title == "A Title"


def test_paragraph_lookup_by_offset(article) -> None:  # type: ignore[no-untyped-def]
    third = article.paragraph(3)
    assert third is not None
    assert article.paragraph_number_at(third.start) == 3
    assert article.paragraph_number_at(third.end - 1) == 3
    assert article.paragraph_number_at(third.end) == 4  # a separator belongs to the next block
    assert article.paragraph_number_at(0) == 0  # the title


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"abc\x00def", "binary"),
        (b"caf\xe9 au lait", "not valid UTF-8 text: bad byte 0xe9 at byte offset 3"),
        (b"\xff\xfe\x00\xd8", "not valid UTF-16-LE"),
    ],
)
def test_bad_bytes_are_refused_with_a_clear_message(
    tmp_path: Path, data: bytes, message: str
) -> None:
    with pytest.raises(DocumentError, match=message):
        load_path(write(tmp_path, "bad.txt", data))


def test_missing_directory_and_too_large(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="no such file"):
        load_path(tmp_path / "absent.txt")
    with pytest.raises(DocumentError, match="is a directory"):
        load_path(tmp_path)
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(DocumentError, match="too large"):
        load_path(big)


def test_empty_file_opens_as_an_empty_document(tmp_path: Path) -> None:
    doc = load_path(write(tmp_path, "empty.txt", b""))
    assert doc.text == ""
    assert doc.blocks == ()
    assert doc.title == "empty.txt"
    assert doc.paragraph_number_at(0) == 0


SAMPLES = [
    "Café con leche.",  # precomposed
    "Cafe\u0301 con leche.",  # combining acute
    "東京は大きい都市です。人が多い。",
    "Thumbs 👍🏽 up and a family 👨‍👩‍👧 here.",
    "Ünïcödé\r\nline\r\n\r\nnext 🇺🇦 flag.",
]


@pytest.mark.parametrize("raw", SAMPLES)
def test_quote_is_always_the_text_at_its_offsets(raw: str) -> None:
    doc = build_document(raw, "mem:sample", "sample", is_markdown=False)
    for start in range(len(doc.text)):
        for end in range(start + 1, min(len(doc.text), start + 6) + 1):
            annotation = make_annotation(doc, start, end)
            assert annotation.quote == doc.text[start:end]
            assert annotation.prefix == doc.text[max(0, start - 32) : start]


@given(st.text(min_size=1, max_size=200))
def test_normalised_text_has_no_stray_newlines(raw: str) -> None:
    doc = build_document(raw, "mem:x", "x", is_markdown=False)
    assert "\r" not in doc.text
    assert "\n\n\n" not in doc.text
    for block in doc.blocks:
        assert "\n" not in doc.block_text(block)
        assert doc.block_text(block) == doc.block_text(block).strip()


def test_visible_controls_keeps_length_and_removes_escapes() -> None:
    raw = "a\x1b]52;c;bad\x07b\x9bc\x7f\td"
    shown = visible_controls(raw)
    assert len(shown) == len(raw)
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in shown)
