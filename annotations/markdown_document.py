"""Markdown read as Markdown: a CommonMark file (with tables) made into the document model.

The file is parsed with markdown-it-py (`MarkdownIt("commonmark").enable("table")`) and its blocks
are written out as the text the reader shows. That text IS the document's normalised text, so
every offset (highlights, search, motions, the notes pane, both exports) is a code point of what
the reader saw, and an export quotes it. What it looks like:

- a heading: its text, without the `#` marks (or the setext underline);
- a paragraph: its text, soft line breaks as one space, hard line breaks as a newline;
- a list item: its own block, with its bullet (`•`, `◦`, `▪` by depth) or number (`1.`, as
  written) and, when nested, the indentation of the items around it; a second paragraph of an
  item is indented under the first;
- a code block (fenced or indented) and an HTML block: verbatim, one line per line (tabs expanded
  to 4 columns; an empty line holds one space, so no block contains a blank line);
- a block quote: each of its blocks, and each line of them, starts with `│ ` (nested: `│ │ `);
- a table: one line per row, cells padded to aligned columns and separated by ` │ `, a rule
  (`─┼─`) under the header;
- a thematic break: a rule of `─`;
- inline: emphasis, strong, code, links (their text), images (their alt text) and raw HTML (as
  written) are styled runs of the text (`annotations.markdown_styles`), not characters in it.

Blocks are separated by "\\n\\n" as in every document, so `Document`/`Block` stay the model; a
block may hold single newlines (code, tables, hard breaks), which the reader shows as line breaks.

¶ numbers: the title is the first block when the document starts with a level-1 `#` heading;
every other block (heading, paragraph, list item, code block, quoted paragraph, table, rule)
takes the next ¶ number, in order. They come from the text alone, so they are the same on every
reopen, in the notes pane and in the exports.

Markdown never fails to parse, but a parser error on hostile input (say, very deep nesting) is
caught: the file then opens as plain text with a notice (`Document.notice`).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from annotations.document import BLOCK_SEPARATOR, Document, build_document, visible_controls
from annotations.markdown_blocks import BlockText, Container, write_table
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
    TIGHT,
    DocumentStyles,
)

QUOTE_BAR = "│ "
BULLETS = ("•", "◦", "▪")
RULE_TEXT = "─" * 24
TAB_SIZE = 4
_INLINE_FLAGS = {"em": EMPHASIS, "strong": STRONG, "link": LINK}
_parser: MarkdownIt | None = None


def _markdown() -> MarkdownIt:
    global _parser
    if _parser is None:
        _parser = MarkdownIt("commonmark").enable("table")
    return _parser


def document_from_markdown(markdown_text: str, source: str, name: str) -> Document:
    """The document a Markdown text makes (see the module docstring); `name` is the title when
    the text does not start with a `#` heading. If the parser fails, the text as plain text,
    with a one-line `notice` saying so."""
    try:
        with _collector_paused():
            return _build(markdown_text, source, name)
    except Exception as error:  # hostile input must not stop the reader
        document = build_document(markdown_text, source, name, is_markdown=True)
        reason = "nested too deeply" if isinstance(error, RecursionError) else type(error).__name__
        notice = f"{name}: the Markdown could not be read ({reason}); shown as plain text"
        notice = visible_controls(notice, keep_newlines=False)
        return document.with_notice(notice)


def _build(markdown_text: str, source: str, name: str) -> Document:
    writer = _Writer()
    writer.write(_markdown().parse(markdown_text))
    text = BLOCK_SEPARATOR.join(block.text() for block in writer.blocks)
    runs: list[tuple[int, int, int]] = []
    base = 0
    for block in writer.blocks:
        runs.extend((base + start, base + end, flag) for start, end, flag in block.runs)
        base += block.length + len(BLOCK_SEPARATOR)
    styles = DocumentStyles.build(_kinds(writer.blocks), runs)
    title = writer.title
    document = Document.from_normalised(
        source=source, title=title or name, text=text, has_title_block=title is not None,
        styles=styles,
    )  # fmt: skip
    if len(document.blocks) != len(writer.blocks):
        raise ValueError("block structure")  # never expected: then shown as plain text
    return document


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while a document is built.

    A 5 MB file makes about half a million tokens and as many pieces of text, none of them in a
    reference cycle; while they pile up, the collector's full passes walk all of them again and
    again (measured on the benchmark's 5 MB Markdown: 4.5 s to build with it, 2.4 s without).
    Nothing made here is garbage until the document is built, and the collector resumes (if it
    was running) right after.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _kinds(blocks: Sequence[BlockText]) -> list[int]:
    """Each block's kind, marked TIGHT when it is an item of a tight list followed by another."""
    kinds = [block.kind for block in blocks]
    for index, block in enumerate(blocks[:-1]):
        if block.tight and kinds[index + 1] == LIST_ITEM:
            kinds[index] |= TIGHT
    return kinds


@dataclass
class _List:
    ordered: bool
    number: int
    depth: int


class _Writer:
    """Walks markdown-it's token stream (flat, with nesting marks) and writes the blocks."""

    def __init__(self) -> None:
        self.blocks: list[BlockText] = []
        self.title: str | None = None
        self._containers: list[Container] = []
        self._lists: list[_List] = []
        self._heading = 0
        self._tight = False
        self._rows: list[list[BlockText]] | None = None
        self._aligns: list[str] = []
        self._header = False

    def write(self, tokens: Sequence[Token]) -> None:
        handlers: dict[str, Callable[[Token], None]] = {}
        for token in tokens:
            kind = token.type
            handler = handlers.get(kind)
            if handler is None:
                handler = handlers[kind] = getattr(self, f"_on_{kind}", _ignore)
            handler(token)

    # -- containers

    def _on_blockquote_open(self, token: Token) -> None:
        self._containers.append(Container(QUOTE_BAR, MARK, QUOTE_BAR))

    def _on_blockquote_close(self, token: Token) -> None:
        self._containers.pop()

    def _on_bullet_list_open(self, token: Token) -> None:
        depth = sum(not entry.ordered for entry in self._lists)
        self._lists.append(_List(ordered=False, number=0, depth=depth))

    def _on_ordered_list_open(self, token: Token) -> None:
        start = token.attrGet("start")
        number = int(start) if isinstance(start, (int, str)) and str(start).isdigit() else 1
        self._lists.append(_List(ordered=True, number=number, depth=0))

    def _on_bullet_list_close(self, token: Token) -> None:
        self._lists.pop()

    _on_ordered_list_close = _on_bullet_list_close

    def _on_list_item_open(self, token: Token) -> None:
        current = self._lists[-1]
        if current.ordered:
            marker = f"{current.number}{token.markup or '.'} "
            current.number += 1
        else:
            marker = f"{BULLETS[current.depth % len(BULLETS)]} "
        self._containers.append(Container(marker, BULLET, " " * len(marker)))

    def _on_list_item_close(self, token: Token) -> None:
        self._containers.pop()

    def _start_block(self, kind: int) -> BlockText:
        block = BlockText(kind)
        for container in self._containers:
            piece, flags = container.first()
            block.add(piece, flags)
        return block

    def _new_line(self, block: BlockText) -> None:
        """A line break in a block, then the containers' continuations (indent, quote bars)."""
        block.add("\n")
        for container in self._containers:
            block.add(*container.continued())

    def _kind(self) -> int:
        if not self._containers:
            return PARAGRAPH
        return QUOTE if self._containers[-1].marker == QUOTE_BAR else LIST_ITEM

    def _finish(self, block: BlockText, *, title: str | None = None) -> None:
        block = block.trimmed()
        if not block.text().strip():
            return
        if title is not None and not self.blocks and not self._containers:
            self.title = title
        self.blocks.append(block)

    # -- leaf blocks

    def _on_paragraph_open(self, token: Token) -> None:
        self._tight = token.hidden  # markdown-it hides the paragraphs of a tight list

    def _on_heading_open(self, token: Token) -> None:
        self._heading = int(token.tag[1:]) if token.tag[1:].isdigit() else 1

    def _on_heading_close(self, token: Token) -> None:
        self._heading = 0

    def _on_inline(self, token: Token) -> None:
        if self._rows is not None:
            cell = BlockText(PARAGRAPH)
            self._inline(cell, token.children or [])
            if self._rows:
                self._rows[-1].append(cell.trimmed())
            return
        kind = self._heading or self._kind()
        block = self._start_block(kind)
        block.tight = self._tight and kind == LIST_ITEM
        self._tight = False
        prefix = block.length
        self._inline(block, token.children or [])
        title = block.text()[prefix:] if self._heading == 1 else None
        self._finish(block, title=title)

    def _on_fence(self, token: Token) -> None:
        self._verbatim(token.content, CODE, tabs=True)

    _on_code_block = _on_fence

    def _on_html_block(self, token: Token) -> None:
        self._verbatim(token.content, HTML, tabs=False)

    def _verbatim(self, content: str, kind: int, *, tabs: bool) -> None:
        lines = content.removesuffix("\n").split("\n")
        block = self._start_block(kind)
        for number, line in enumerate(lines):
            if number:
                self._new_line(block)
            line = line.expandtabs(TAB_SIZE) if tabs else line
            block.add(line if line or not block.ends_line() else " ")
        self._finish(block)

    def _on_hr(self, token: Token) -> None:
        block = self._start_block(RULE)
        block.add(RULE_TEXT, MARK)
        self._finish(block)

    # -- inline

    def _inline(self, block: BlockText, children: Sequence[Token]) -> None:
        stack: list[int] = []
        flags = 0
        for child in children:
            kind = child.type
            if kind.endswith("_open") and kind[:-5] in _INLINE_FLAGS:
                stack.append(_INLINE_FLAGS[kind[:-5]])
            elif kind.endswith("_close") and kind[:-6] in _INLINE_FLAGS:
                if stack:
                    stack.pop()
            elif kind == "softbreak":
                block.add(" ", flags)
            elif kind == "hardbreak":
                if not block.ends_line():
                    self._new_line(block)
            elif kind == "code_inline":
                block.add(_one_line(child.content), flags | CODE_SPAN)
            elif kind == "image":
                block.add(_one_line(_plain(child.children)) or "[image]", flags | IMAGE)
            elif kind == "html_inline":
                block.add(_one_line(child.content), flags | RAW_HTML)
            else:
                block.add(_one_line(child.content), flags)
            flags = 0
            for flag in stack:
                flags |= flag

    # -- tables

    def _on_table_open(self, token: Token) -> None:
        self._rows = []
        self._aligns = []
        self._header = False

    def _on_thead_close(self, token: Token) -> None:
        self._header = bool(self._rows)

    def _on_tr_open(self, token: Token) -> None:
        if self._rows is not None:
            self._rows.append([])

    def _on_th_open(self, token: Token) -> None:
        style = token.attrGet("style")
        self._aligns.append(str(style or "").removeprefix("text-align:"))

    def _on_table_close(self, token: Token) -> None:
        rows = [cells for cells in self._rows or [] if cells]
        self._rows = None
        if rows:
            self._write_table(rows, self._header)

    def _write_table(self, rows: list[list[BlockText]], header: bool) -> None:
        block = self._start_block(TABLE)
        write_table(block, rows, self._aligns, header, self._new_line)
        self._finish(block)


def _ignore(token: Token) -> None:
    """The tokens that make nothing by themselves (closing marks, table sections…)."""


def _plain(children: Sequence[Token] | None) -> str:
    """The text of inline tokens without their markup (an image's description)."""
    return "".join(_plain(c.children) if c.type == "image" else c.content for c in children or [])


def _one_line(text: str) -> str:
    """Inline text never breaks a line (raw HTML and code spans may hold newlines)."""
    return text.replace("\n", " ")
