"""Markdown export: the golden file, and escaping that never adds structure."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from annotations.document import Document, build_document, load_embedded
from annotations.formats.common import printable, sorted_annotations
from annotations.formats.markdown import (
    MarkdownOptions,
    escape_line,
    single_line,
    tag_of,
    to_markdown,
)
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
TAKER_NOTE = (
    "His stance, in *his own words*:\n"
    "\n"
    "- no retreat\n"
    "- **no** surrender, see `Chasiv Yar`\n"
    "\n"
    "Compare [the ISW report](https://example.org/isw).\n"
    "\n"
    "## not a section of the export\n"
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
        highlight(document, "will not back down", 2, TAKER_NOTE, number=2),
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
    headings = [line.split(" · ")[0] for line in output.splitlines() if line.startswith("## ")]
    assert headings == ["## Title", "## ¶1", "## ¶3", "## ¶4"]
    assert "## ¶1 · The battle for Bakhmut, a city in the eastern region of Ukraine,…" in output
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
    assert "**Proof** · 2026-11-25" in output


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
    """Plain-text notes: every note paragraph is one paragraph of text."""
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
        *note_paragraphs,
    ]


def check_label_line(token: Token, label: str) -> None:
    """`**Label** · 2026-11-25`: the label in bold, then the date."""
    children = [c for c in token.children or [] if c.type != "text" or c.content]
    assert [c.type for c in children] == ["strong_open", "text", "strong_close", "text"]
    assert squeeze(children[1].content) == squeeze(label)
    assert re.fullmatch(r" · \d{4}-\d\d-\d\d", children[3].content)


def check_rendering(output: str, document: Document, annotation: Annotation, label: str) -> None:
    for parser in PARSERS:
        tokens = parser.parse(output)
        every = [*tokens, *(child for token in tokens for child in token.children or [])]
        assert not FORBIDDEN & {token.type for token in every}
        shape = blocks_of(tokens)
        assert [kind for kind, _ in shape] == expected_shape(annotation)
        inline = [token for _, token in shape if token is not None]
        assert squeeze(visible(inline[0])) == squeeze(document.title)
        check_label_line(inline[3], label)
        quote_end = 4 + paragraph_count(annotation.quote)
        quoted = "".join(visible(token) for token in inline[4:quote_end])
        assert squeeze(quoted) == squeeze(annotation.quote)
        for token in [*inline[:3], *inline[4:]]:
            assert set(kinds(token)) <= {"text", "softbreak", "hardbreak"}
        note = "".join(visible(token) for token in inline[quote_end:])
        assert squeeze(note) == (squeeze(annotation.note) if annotation.has_note else "")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=user_text, note=user_text, label=user_text, title=user_text, data=st.data())
def test_user_text_never_adds_structure(
    raw: str, note: str, label: str, title: str, data: st.DataObject
) -> None:
    """With `notes="text"` nothing anyone typed becomes Markdown structure."""
    document = build_document(raw, "/tmp/doc.txt", "doc.txt", is_markdown=False)
    if not document.text:
        document = build_document("x", "/tmp/doc.txt", "doc.txt", is_markdown=False)
    document = dataclasses.replace(document, title=title or "doc.txt")
    start = data.draw(st.integers(0, len(document.text) - 1))
    end = data.draw(st.integers(start + 1, len(document.text)))
    annotation = make_annotation(document, start, end, 2, note)
    options = MarkdownOptions(timestamps=False, notes="text")
    output = to_markdown(document, [annotation], {2: label}, options=options)
    assert output.endswith("\n") and not output.endswith("\n\n")
    shown_label = label if label.strip() else "Label 2"
    check_rendering(output, document, annotation, shown_label)


NOTE_FORBIDDEN = {"heading_open", "hr", "html_block", "html_inline"}
"""What a Markdown note may never make: lists, emphasis, links, code and quotes it may."""


def entries(tokens: Sequence[Token]) -> list[list[Token]]:
    """The top-level tokens after the section heading, split at the entry separators."""
    start = next(i for i, t in enumerate(tokens) if t.type == "heading_close" and t.tag == "h2")
    parts: list[list[Token]] = [[]]
    for token in tokens[start + 1 :]:
        if token.type == "hr":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def check_entry(part: Sequence[Token], annotation: Annotation, label: str) -> None:
    """Label line first, then the quote as one blockquote, then the note's blocks."""
    assert [t.type for t in part[:3]] == ["paragraph_open", "inline", "paragraph_close"]
    check_label_line(part[1], label)
    assert part[3].type == "blockquote_open" and part[3].level == 0
    close = next(i for i, t in enumerate(part) if t.type == "blockquote_close" and t.level == 0)
    quoted = "".join(visible(t) for t in part[4:close] if t.type == "inline")
    assert squeeze(quoted) == squeeze(annotation.quote)
    for token in part[4:close]:
        assert token.type in {"paragraph_open", "paragraph_close", "inline"}
        assert set(kinds(token)) <= {"text", "softbreak", "hardbreak"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes=st.lists(user_text, min_size=2, max_size=3), quote_end=st.integers(1, 60))
def test_a_markdown_note_never_leaves_its_entry(notes: list[str], quote_end: int) -> None:
    """Whatever a note holds, the export keeps its headings, and each entry is label line,
    quote, note: the note adds no heading, rule or HTML, and the next entry starts clean."""
    document = load_embedded()
    start = document.text.index("raging on")
    annotations = [
        fixed(make_annotation(document, start + i, start + i + quote_end, 2, note), i)
        for i, note in enumerate(notes)
    ]
    output = to_markdown(document, annotations, {2: "Proof"}, timestamps=False)
    for parser in PARSERS:
        tokens = parser.parse(output)
        every = [*tokens, *(child for token in tokens for child in token.children or [])]
        headings = [t.tag for t in tokens if t.type == "heading_open"]
        assert headings == ["h1", "h2"]
        assert not {"html_block", "html_inline"} & {t.type for t in every}
        parts = entries(tokens)
        assert len(parts) == len(annotations)
        for part, annotation in zip(parts, sorted_annotations(annotations), strict=True):
            check_entry(part, annotation, "Proof")
            assert not NOTE_FORBIDDEN & {t.type for t in part}


@settings(max_examples=200, deadline=None)
@given(title=user_text, source=user_text)
def test_front_matter_is_valid_yaml_whatever_the_title(title: str, source: str) -> None:
    document = build_document("One paragraph.", source or "x", "doc.txt", is_markdown=False)
    document = dataclasses.replace(document, title=title)
    annotations = [make_annotation(document, 0, 3, 1, "n")]
    output = to_markdown(document, annotations, options=MarkdownOptions(front_matter=True))
    assert output.startswith("---\n")
    end = output.index("\n---\n", 3)
    data = yaml.safe_load(output[4:end])
    assert data["title"] == printable(title)
    assert data["source"] == printable(single_line(source or "x"))
    assert data["exported"] == datetime.now(UTC).date().isoformat()
    assert (data["highlights"], data["notes"]) == (1, 1)
    rest = output[end + len("\n---\n") :]
    assert rest.startswith("\n#")


def test_front_matter_tags_and_text_notes_through_the_options() -> None:
    document = load_embedded()
    options = MarkdownOptions(timestamps=False, front_matter=True, tags=True, notes="text")
    output = to_markdown(document, golden_annotations(document), options=options)
    assert output.startswith(
        '---\ntitle: "Battle for Bakhmut: Ukraine Defends Against Russian Siege"\n'
        'source: "the embedded article"\nhighlights: 5\nnotes: 3\n---\n\n# Battle'
    )
    assert "**Key point** · 2026-11-25 · #key-point" in output
    assert "**Follow-up** · 2026-11-25 · #follow-up" in output
    assert "\\# Not a heading\\\n\\- not a list" in output  # text notes: escaped as before


def test_tags_are_letters_and_digits_joined_by_hyphens() -> None:
    assert tag_of("Key point", 1) == "#key-point"
    assert tag_of("  Über-wichtig!! 2 ", 1) == "#über-wichtig-2"
    assert tag_of("***", 4) == "#label-4"


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
