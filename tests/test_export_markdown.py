"""Markdown export: the golden file, and escaping that never adds structure."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from annotations.document import Document, build_document, load_embedded
from annotations.formats.common import printable
from annotations.formats.markdown import escape_line, to_markdown
from annotations.model import Annotation, make_annotation

GOLDEN = Path(__file__).parent / "golden" / "bakhmut-notes.md"
MARKDOWN_NOTE = (
    "# Not a heading\n"
    "- not a list\n"
    "1. not an ordered list\n"
    "> not a quote\n"
    "---\n"
    "<b>no html</b> [no](link) ![no](image.png) `no code` *no emphasis* ~~no strike~~\n"
    "https://example.org <https://example.org> a | b &amp; snake_case\n"
    "\n"
    "    not indented code\n"
    "```\n"
    "===\n"
)


def fixed(annotation: Annotation, number: int) -> Annotation:
    """The same annotation with an id and times that do not change between runs."""
    when = f"2026-11-25T10:00:{number:02d}.000Z"
    return dataclasses.replace(
        annotation, id=f"00000000-0000-4000-8000-{number:012d}", created=when, updated=when
    )


def highlight(
    document: Document, phrase: str, label: int = 1, note: str = "", *, number: int
) -> Annotation:
    start = document.text.index(phrase)
    return fixed(make_annotation(document, start, start + len(phrase), label, note), number)


def golden_annotations(document: Document) -> list[Annotation]:
    text = document.text
    crossing_start = text.index("barely a house standing.")
    crossing_end = text.index("Although the city") + len("Although the city")
    crossing = make_annotation(
        document,
        crossing_start,
        crossing_end,
        3,
        "Why is this town the symbol?\nCompare ¶5.\n\nA second paragraph of the note.",
    )
    return [
        highlight(document, "will not back down", 2, "His stance, in his own words.", number=2),
        highlight(document, "raging on for the past six months", 1, number=1),
        fixed(crossing, 3),
        highlight(document, "symbol of the conflict", 4, MARKDOWN_NOTE, number=4),
        highlight(document, "Bakhmut", 5, number=5),
    ]


def test_golden_markdown_for_the_embedded_article() -> None:
    document = load_embedded()
    output = to_markdown(document, golden_annotations(document), timestamps=False)
    if os.environ.get("BAKHMUT_UPDATE_GOLDEN"):
        GOLDEN.write_text(output, encoding="utf-8")
    assert output == GOLDEN.read_text(encoding="utf-8")


def test_golden_groups_paragraphs_in_document_order() -> None:
    document = load_embedded()
    output = to_markdown(document, golden_annotations(document), timestamps=False)
    headings = [line for line in output.splitlines() if line.startswith("## ")]
    assert headings == ["## Title", "## ¶1", "## ¶3", "## ¶4"]
    assert output.index("raging on") < output.index("will not back down")


def test_meta_line_has_source_date_and_counts() -> None:
    document = load_embedded()
    before = datetime.now(UTC).date().isoformat()
    output = to_markdown(document, golden_annotations(document))
    after = datetime.now(UTC).date().isoformat()
    meta = output.splitlines()[2]
    assert meta.startswith("Source: the embedded article · Exported ")
    assert before in meta or after in meta
    assert meta.endswith("5 highlights, 3 notes")


def test_file_source_is_shown_and_timestamps_false_has_no_date() -> None:
    document = build_document("Title\n\nOne paragraph.", "/tmp/my_notes/a*b.txt", "a.txt", False)
    output = to_markdown(document, [make_annotation(document, 7, 10)], timestamps=False)
    assert output.splitlines()[2] == "Source: /tmp/my_notes/a\\*b.txt · 1 highlight, 0 notes"
    assert "Exported" not in output


def test_custom_label_names_are_used() -> None:
    document = load_embedded()
    annotations = golden_annotations(document)[:1]
    output = to_markdown(document, annotations, {2: "Proof"}, timestamps=False)
    assert "**Proof**" in output


def test_no_annotations_gives_header_only() -> None:
    document = load_embedded()
    output = to_markdown(document, [], timestamps=False)
    assert output.endswith("Source: the embedded article · 0 highlights, 0 notes\n")


@pytest.mark.parametrize(
    ("line", "escaped"),
    [
        ("# heading", "\\# heading"),
        ("> quote", "\\> quote"),
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("---", "\\---"),
        ("===", "\\==="),
        ("12. item", "12\\. item"),
        ("3) item", "3\\) item"),
        ("    code", "code"),
        (":--", "\\:--"),
        ("a | b", "a \\| b"),
        ("<http://x.y>", "\\<http://x.y>"),
        ("[a](b)", "\\[a\\](b)"),
        ("*a* _b_ snake_case", "\\*a\\* \\_b\\_ snake_case"),
        ("`code` ~~s~~", "\\`code\\` \\~\\~s\\~\\~"),
        ("AT&T &amp; &#35;", "AT&T \\&amp; \\&#35;"),
        ("back\\slash", "back\\\\slash"),
        ("mid - dash = sign # hash > gt", "mid - dash = sign # hash > gt"),
    ],
)
def test_escape_line(line: str, escaped: str) -> None:
    assert escape_line(line) == escaped


def test_escape_line_in_heading_escapes_every_hash() -> None:
    assert escape_line("C # and F#", heading=True) == "C \\# and F\\#"


# --- property tests: user text never becomes structure -------------------------------------

PARSERS = [
    MarkdownIt("commonmark"),
    MarkdownIt("commonmark").enable(["table", "strikethrough"]),
]
FORBIDDEN = {
    "link_open",
    "image",
    "html_block",
    "html_inline",
    "code_block",
    "code_inline",
    "fence",
    "hr",
    "bullet_list_open",
    "ordered_list_open",
    "table_open",
    "s_open",
}
MARKDOWN_ALPHABET = [*"#>*-_+=|~`[]()<>!&;:.)1234567890 \t\n\r\\aZ", "\u00a0", "…", "é"]
TRICKY_LINES = [
    *["# h", "###", "> q", ">", "- l", "+ l", "* l", "1. o", "2) o", "---", "===", "***", "___"],
    *["- - -", "a | b", "|---|", ":-:", "-:", "--- | ---", "| a |", "<div>", "<!-- c -->"],
    *["<http://x.y>", "<a@b.c>", "[a]: http://x", "[a]", "![i](u)", "```", "~~~", "    code"],
    *["\tcode", "&amp;", "&#x41;", "&#65;", "~~s~~", "*e*", "_e_", "**s**", "__s__", "\\"],
    *["a  ", "", " ", "\\ ", "www.x.org", "https://x.y", "`", "a_b_c", "_a_b", "x*y*z"],
]
user_text = st.one_of(
    st.text(alphabet=st.sampled_from(MARKDOWN_ALPHABET), max_size=60),
    st.lists(st.sampled_from(TRICKY_LINES), max_size=8).map("\n".join),
    st.lists(st.sampled_from(TRICKY_LINES), max_size=8).map("".join),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00")),
)


def shown(text: str) -> str:
    """User text as the export shows it: line breaks kept, control characters as pictures."""
    return "\n".join(printable(line) for line in re.split(r"\r\n|\r|\n", text))


def squeeze(text: str) -> str:
    """Text as shown without any whitespace: what must survive rendering, whatever the line
    breaks."""
    return "".join(shown(text).split())


def visible(token: Token) -> str:
    return "".join(child.content for child in token.children or [])


def kinds(token: Token) -> list[str]:
    """The inline token types, without the empty text tokens around delimiters."""
    return [c.type for c in token.children or [] if c.type != "text" or c.content]


def blocks_of(tokens: Sequence[Token]) -> list[tuple[str, Token | None]]:
    """The block structure as (type+tag, inline token) pairs, one per closed block."""
    shape: list[tuple[str, Token | None]] = []
    for index, token in enumerate(tokens):
        if token.type in {"heading_open", "paragraph_open"}:
            shape.append((f"{token.type[:-5]}{token.tag}", tokens[index + 1]))
        elif token.type not in {"inline", "heading_close", "paragraph_close"}:
            shape.append((token.type, None))
    return shape


def paragraph_count(text: str) -> int:
    """How many blank-line-separated chunks of visible text `text` holds."""
    count, inside = 0, False
    for line in shown(text).split("\n"):
        if line.strip() and not inside:
            count += 1
        inside = bool(line.strip())
    return count


def expected_shape(annotation: Annotation) -> list[str]:
    quote_paragraphs = ["paragraphp"] * paragraph_count(annotation.quote)
    note_paragraphs = ["paragraphp"] * (
        paragraph_count(annotation.note) if annotation.has_note else 0
    )
    return [
        "headingh1",
        "paragraphp",
        "headingh2",
        "paragraphp",
        "blockquote_open",
        *quote_paragraphs,
        "blockquote_close",
        "paragraphp",
        *note_paragraphs,
    ]


def check_rendering(output: str, document: Document, annotation: Annotation, label: str) -> None:
    for parser in PARSERS:
        tokens = parser.parse(output)
        every = [*tokens, *(child for token in tokens for child in token.children or [])]
        assert not FORBIDDEN & {token.type for token in every}
        shape = blocks_of(tokens)
        assert [kind for kind, _ in shape] == expected_shape(annotation)
        inline = [token for _, token in shape if token is not None]
        assert squeeze(visible(inline[0])) == squeeze(document.title)
        quote_end = 4 + paragraph_count(annotation.quote)
        quoted = "".join(visible(token) for token in inline[4:quote_end])
        assert squeeze(quoted) == squeeze(annotation.quote)
        assert squeeze(visible(inline[quote_end])) == squeeze(label)
        assert kinds(inline[quote_end]) == ["strong_open", "text", "strong_close"]
        assert kinds(inline[3]) == ["em_open", "text", "em_close"]
        for token in [*inline[:3], *inline[4:quote_end], *inline[quote_end + 1 :]]:
            assert set(kinds(token)) <= {"text", "softbreak", "hardbreak"}
        note = "".join(visible(token) for token in inline[quote_end + 1 :])
        assert squeeze(note) == (squeeze(annotation.note) if annotation.has_note else "")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=user_text, note=user_text, label=user_text, title=user_text, data=st.data())
def test_user_text_never_adds_structure(
    raw: str, note: str, label: str, title: str, data: st.DataObject
) -> None:
    document = build_document(raw, "/tmp/doc.txt", "doc.txt", is_markdown=False)
    if not document.text:
        document = build_document("x", "/tmp/doc.txt", "doc.txt", is_markdown=False)
    document = dataclasses.replace(document, title=title or "doc.txt")
    start = data.draw(st.integers(0, len(document.text) - 1))
    end = data.draw(st.integers(start + 1, len(document.text)))
    annotation = make_annotation(document, start, end, 2, note)
    output = to_markdown(document, [annotation], {2: label}, timestamps=False)
    assert output.endswith("\n") and not output.endswith("\n\n")
    shown_label = label if label.strip() else "Label 2"
    check_rendering(output, document, annotation, shown_label)


@settings(max_examples=100, deadline=None)
@given(notes=st.lists(user_text, min_size=1, max_size=4))
def test_output_ends_with_exactly_one_newline(notes: list[str]) -> None:
    document = load_embedded()
    annotations = [
        make_annotation(document, 100 * i, 100 * i + 20, 1, n) for i, n in enumerate(notes)
    ]
    output = to_markdown(document, annotations)
    assert output.endswith("\n") and not output.endswith("\n\n")
    assert "\r" not in output


def test_a_label_name_ending_in_a_c1_control_keeps_it_visible() -> None:
    document = build_document("Alpha beta.", "/tmp/doc.txt", "doc.txt", is_markdown=False)
    annotation = make_annotation(document, 0, 5, label=2)
    output = to_markdown(document, [annotation], {2: "0\x85"}, timestamps=False)
    assert "**0\ufffd**" in output and "\x85" not in output
