"""Export annotations as Markdown: a reading list grouped under the paragraphs they mark.

Quotes, titles, labels and paragraph openings are escaped so that they render as the same text
and never as structure; notes are the user's own Markdown, kept but contained (`markdown_notes`),
or escaped like the rest with `notes="text"`. Control characters (ESC, CSI, BEL, BS…, all but
newline and tab) are shown as visible pictures, so the export is safe on a terminal.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from annotations.document import Document
from annotations.formats.common import (
    count_of,
    export_order,
    label_name,
    printable,
    sorted_annotations,
)
from annotations.formats.front_matter import front_matter
from annotations.formats.markdown_notes import contained_note
from annotations.model import DEFAULT_LABEL_NAMES, Annotation

OPENING_WORDS = 12
ORPHAN_INTRO = "Their text is no longer in the document; the last quote is kept."
ELLIPSIS = "…"
ENTRY_SEPARATOR = "* * *"
"""Between two entries of a section (a thematic break; notes cannot make one)."""
NotesFormat = Literal["markdown", "text"]

_ALWAYS_ESCAPED = frozenset("\\`*[]<|~")
"""Escaped wherever they stand: code spans, emphasis, links, HTML, autolinks, tables, strike."""
_MAYBE_ESCAPED = re.compile(r"[\\`*\[\]<|~#_&]")
"""Any character that `_needs_escape` may escape inside a line."""
_LINE_START_ESCAPED = frozenset("#>+-=")
"""Escaped only as a line's first character: headings, blockquotes, lists, rules, setext lines."""
_ORDERED_MARKER = re.compile(r"[0-9]{1,9}(?=[.)])")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_TABLE_DELIMITER = re.compile(r":[:|\- \t]*")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_HARD_BREAK = "\\\n"


def single_line(text: str) -> str:
    """Text meant for one line (title, label, path) with any line break turned into a space."""
    return _LINE_BREAK.sub(" ", text)


def escape_line(line: str, *, heading: bool = False) -> str:
    """Escape one line of user text so that Markdown shows it as text and nothing else.

    Leading and trailing whitespace is dropped: leading spaces would make an indented code
    block and two trailing spaces a line break, and Markdown does not show either anyway.
    In a heading every `#` is escaped, since a trailing `#` run would be a closing sequence.
    Control characters become visible pictures (`printable`).
    """
    text = printable(line).strip()
    start_mark = _line_start_mark(text)
    if start_mark is None and _MAYBE_ESCAPED.search(text) is None:
        return text  # the common case: nothing in the line can mean anything to Markdown
    pieces: list[str] = []
    for index, char in enumerate(text):
        if index == start_mark or _needs_escape(text, index, heading=heading):
            pieces.append("\\")
        pieces.append(char)
    return "".join(pieces)


def _line_start_mark(text: str) -> int | None:
    """The index of the character that would open a block at the start of this line, if any."""
    if not text:
        return None
    if text[0] in _LINE_START_ESCAPED:
        return 0
    marker = _ORDERED_MARKER.match(text)
    if marker:
        return marker.end()  # `1.` / `1)`: escape the `.` or `)`
    if _TABLE_DELIMITER.fullmatch(text):
        return 0  # `:--` would be a table delimiter row under a line holding a `|`
    return None


def _needs_escape(text: str, index: int, *, heading: bool) -> bool:
    char = text[index]
    if char in _ALWAYS_ESCAPED:
        return True
    if char == "#":
        return heading
    if char == "_":
        return not _is_intraword(text, index)
    if char == "&":
        return _ENTITY.match(text, index) is not None
    return False


def _is_intraword(text: str, index: int) -> bool:
    """True for `snake_case`: an `_` between two alphanumerics can neither open nor close."""
    return 0 < index < len(text) - 1 and text[index - 1].isalnum() and text[index + 1].isalnum()


def _escaped_paragraphs(text: str) -> list[list[str]]:
    """User text as paragraphs (split at blank lines) of escaped, non-empty lines."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in _LINE_BREAK.split(text):
        escaped = escape_line(line)
        if escaped:
            current.append(escaped)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def _blockquote(text: str) -> str:
    """Every line quoted with `> `; line breaks kept as hard breaks, blank lines as `>`."""
    paragraphs = _escaped_paragraphs(text)
    if not paragraphs:
        return ">"
    quoted = [
        "\n".join(f"> {line}" for line in _HARD_BREAK.join(lines).split("\n"))
        for lines in paragraphs
    ]
    return "\n>\n".join(quoted)


def _note_blocks(note: str) -> list[str]:
    return [_HARD_BREAK.join(lines) for lines in _escaped_paragraphs(note)]


@dataclass(frozen=True)
class MarkdownOptions:
    """How to write the export: YAML front matter, labels also as `#tags`, notes as Markdown
    (contained) or as plain text (escaped)."""

    timestamps: bool = True
    front_matter: bool = False
    tags: bool = False
    notes: NotesFormat = "markdown"


def _opening_words(document: Document, paragraph: int) -> str:
    block = document.paragraph(paragraph)
    if block is None:
        return ""
    words = document.block_text(block).split()
    opening = " ".join(words[:OPENING_WORDS])
    if len(words) > OPENING_WORDS:
        opening += ELLIPSIS
    return escape_line(opening, heading=True)


def _source(document: Document) -> str:
    return "the embedded article" if document.is_embedded else single_line(document.source)


def _meta_line(document: Document, annotations: Sequence[Annotation], timestamps: bool) -> str:
    parts = [f"Source: {escape_line(_source(document))}"]
    if timestamps:
        parts.append(f"Exported {_today()}")
    parts.append(_counts(annotations))
    return " · ".join(parts)


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


def _counts(annotations: Sequence[Annotation]) -> str:
    notes = sum(1 for annotation in annotations if annotation.has_note)
    return f"{count_of(len(annotations), 'highlight')}, {count_of(notes, 'note')}"


def tag_of(name: str, label: int) -> str:
    """A label name as a tag: `Key point` → `#key-point` (letters and digits joined by `-`)."""
    words = re.findall(r"[^\W_]+", name.casefold())
    return "#" + ("-".join(words) or f"label-{label}")


def _label_line(annotation: Annotation, label_names: Mapping[int, str], tags: bool) -> str:
    name = single_line(label_name(annotation.label, label_names))
    parts = [f"**{escape_line(name)}**", annotation.updated[:10]]
    if tags:
        parts.append(tag_of(name, annotation.label))
    return " · ".join(parts)


def _annotation_blocks(
    annotation: Annotation, label_names: Mapping[int, str], options: MarkdownOptions
) -> list[str]:
    """One entry: the label line (label, date, tag), the quote, the note."""
    blocks = [_label_line(annotation, label_names, options.tags), _blockquote(annotation.quote)]
    if annotation.has_note:
        if options.notes == "markdown":
            blocks.append(contained_note(annotation.note))
        else:
            blocks.extend(_note_blocks(annotation.note))
    return [block for block in blocks if block]


def _by_paragraph(annotations: Sequence[Annotation]) -> dict[int, list[Annotation]]:
    groups: dict[int, list[Annotation]] = {}
    for annotation in sorted_annotations(annotations):
        groups.setdefault(annotation.paragraph, []).append(annotation)
    return dict(sorted(groups.items()))


def _heading(document: Document, paragraph: int) -> str:
    """`## ¶2 · At a recent meeting…`: the paragraph's number and opening words."""
    name = "Title" if paragraph == 0 else f"¶{paragraph}"
    opening = _opening_words(document, paragraph)
    return f"## {name} · {opening}" if opening else f"## {name}"


def _paragraph_blocks(
    document: Document,
    paragraph: int,
    group: Sequence[Annotation],
    label_names: Mapping[int, str],
    options: MarkdownOptions,
) -> list[str]:
    return [_heading(document, paragraph), *_entries(group, label_names, options)]


def _entries(
    group: Sequence[Annotation], label_names: Mapping[int, str], options: MarkdownOptions
) -> list[str]:
    """The entries of one section, each a unit, a thematic break between two."""
    blocks: list[str] = []
    for index, annotation in enumerate(group):
        if index:
            blocks.append(ENTRY_SEPARATOR)
        blocks.extend(_annotation_blocks(annotation, label_names, options))
    return blocks


def _orphan_section(
    annotations: Sequence[Annotation], label_names: Mapping[int, str], options: MarkdownOptions
) -> list[str]:
    """`## Orphaned highlights`: those whose text is no longer in the document, with their last
    quote, label and note (nothing is dropped); no section when there are none."""
    orphans = sorted((a for a in annotations if a.is_orphan), key=export_order)
    if not orphans:
        return []
    return ["## Orphaned highlights", f"*{ORPHAN_INTRO}*", *_entries(orphans, label_names, options)]


def _front_matter(document: Document, annotations: Sequence[Annotation], timestamps: bool) -> str:
    fields: dict[str, str | int] = {"title": document.title, "source": _source(document)}
    if timestamps:
        fields["exported"] = _today()
    fields["highlights"] = len(annotations)
    fields["notes"] = sum(1 for annotation in annotations if annotation.has_note)
    return front_matter(fields)


def markdown_blocks(
    document: Document,
    annotations: Sequence[Annotation],
    label_names: Mapping[int, str] = DEFAULT_LABEL_NAMES,
    options: MarkdownOptions = MarkdownOptions(),
) -> list[str]:
    """The export as a list of Markdown blocks: a caller may append a final section."""
    title = escape_line(single_line(document.title), heading=True)
    blocks = [f"# {title}".rstrip(), _meta_line(document, annotations, options.timestamps)]
    if options.front_matter:
        blocks.insert(0, _front_matter(document, annotations, options.timestamps))
    placed = [annotation for annotation in annotations if not annotation.is_orphan]
    for paragraph, group in _by_paragraph(placed).items():
        blocks.extend(_paragraph_blocks(document, paragraph, group, label_names, options))
    blocks.extend(_orphan_section(annotations, label_names, options))
    return blocks


def join_blocks(blocks: Sequence[str]) -> str:
    """Blocks separated by blank lines, ending in exactly one newline."""
    return "\n\n".join(blocks).rstrip("\n") + "\n"


def to_markdown(
    document: Document,
    annotations: Sequence[Annotation],
    label_names: Mapping[int, str] = DEFAULT_LABEL_NAMES,
    *,
    timestamps: bool = True,
    options: MarkdownOptions | None = None,
) -> str:
    """The annotations as a Markdown reading list, grouped under their paragraphs.

    With `timestamps=False` the output depends only on its inputs (no export date).
    """
    chosen = options or MarkdownOptions(timestamps=timestamps)
    return join_blocks(markdown_blocks(document, annotations, label_names, chosen))
