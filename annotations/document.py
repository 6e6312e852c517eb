"""The document model: one normalised text split into paragraphs.

Normalisation of a text file: the bytes are decoded (UTF-8 with or without BOM, UTF-16 with BOM),
CRLF and CR become LF, blocks are separated by blank lines, and the lines inside a block are
stripped and joined with one space (`annotations.plain_text`). The normalised text is the
blocks joined by a blank line ("\\n\\n"), so every block boundary is exactly two newlines.

A Markdown file (`.md`, `.markdown`) is normalised by `annotations.markdown_document` into the
text the reader shows: the same blocks joined by "\\n\\n", but a block may hold single newlines
(code, tables, hard breaks), and the document carries styles (`annotations.markdown_styles`). In
every document no block is empty, none starts or ends with a newline, and none holds a blank
line, so the blocks are found from the text alone (`is_normalised`).

Every offset the project stores or shows is a code-point offset into that normalised text.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import count, repeat
from operator import add
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, cast, overload

from annotations.files import ReadError, read_bounded
from annotations.paths import document_source, embedded_article_bytes
from annotations.plain_text import BLOCK_SEPARATOR as BLOCK_SEPARATOR
from annotations.plain_text import normalise

if TYPE_CHECKING:
    from annotations.markdown_styles import DocumentStyles

EMBEDDED_SOURCE = "builtin:bakhmut"
EMBEDDED_NAME = "bakhmut.txt"
MAX_FILE_BYTES = 10 * 1024 * 1024
"""Files over 10 MiB are refused: the reader keeps the whole text in memory and wraps it."""
LARGE_FILE_BYTES = 1 << 20
"""From this size on, a file takes long enough to read, parse, hash and lay out (a 10 MB book,
about a second on a slow machine) that the user is told what is happening (a loading line)."""
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
"""Saved web pages: the article is extracted (see `annotations.web_article`)."""
PARSED_SUFFIXES = MARKDOWN_SUFFIXES | HTML_SUFFIXES
READING_VERSION = 1
"""How Markdown and web pages are read (`annotations.markdown_document`, `web_article`):
raise it when a change there makes the same file read differently, so stored copies made by
the old reading are not reused (`raw_key`)."""
_SEPARATOR = re.compile(BLOCK_SEPARATOR)
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
_CONTROL_OR_NEWLINE = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_BYTES = bytes([*range(0x0A), *range(0x0B, 0x20), 0x7F])
_CONTROL_OR_NEWLINE_BYTES = bytes([*range(0x20), 0x7F])
_SCAN_CHUNK = 1 << 16
_HASH_CHUNK = 1 << 20


class DocumentError(Exception):
    """A file that cannot be opened as a document; the message is one line for the user."""


class Block(NamedTuple):
    """A block of the normalised text: the title (number 0) or a numbered paragraph ¶1, ¶2…

    A named tuple, not a dataclass: `Blocks` makes one each time a block is asked for, and a
    tuple is made in C (`_new_block`), five times faster than a frozen dataclass's __init__."""

    number: int
    start: int
    end: int

    @property
    def is_title(self) -> bool:
        return self.number == 0


_new_block = cast(
    "Callable[[tuple[int, int, int]], Block]", partial(tuple.__new__, Block)
)  # a Block from (number, start, end), with no Python code run


class Blocks(Sequence[Block]):
    """A document's blocks, kept as two arrays of offsets (a 10 MB text has over 100,000
    blocks): a `Block` is made when one is asked for. Equal to a tuple of the same blocks.

    Iterating makes them all, once: they are kept (`_made`), so the widgets that each walk
    through all the blocks share one set of Block objects, as they did a tuple."""

    __slots__ = ("_first", "_made", "ends", "line_breaks", "starts")

    def __init__(
        self, first: int, starts: array[int], ends: array[int], line_breaks: bool = True
    ) -> None:
        self._first = first
        self.starts = starts
        self.ends = ends
        self.line_breaks = line_breaks
        """False when no block holds a line break (a plain text's), as found when they were
        split: the row map then counts none (tui/text/rows.py)."""
        self._made: tuple[Block, ...] | None = None

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> Block: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Block, ...]: ...
    def __getitem__(self, index: int | slice) -> Block | tuple[Block, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        if self._made is not None:
            return self._made[index]
        if index < 0:
            index += len(self.starts)
        if not 0 <= index < len(self.starts):
            raise IndexError("block index out of range")
        return Block(self._first + index, self.starts[index], self.ends[index])

    def __iter__(self) -> Iterator[Block]:
        if self._made is None:
            self._made = tuple(map(_new_block, zip(count(self._first), self.starts, self.ends)))
        return iter(self._made)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Blocks):
            return (self._first, self.starts, self.ends) == (other._first, other.starts, other.ends)
        if isinstance(other, tuple):
            return tuple(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._first, self.starts.tobytes(), self.ends.tobytes()))

    def __repr__(self) -> str:
        return f"Blocks({len(self)} blocks)"


@dataclass(frozen=True)
class Document:
    """A normalised text with its title, its blocks and the hash that identifies its content."""

    source: str
    title: str
    text: str
    has_title_block: bool
    blocks: Blocks = field(repr=False)
    sha256: str = ""
    styles: DocumentStyles | None = field(default=None, repr=False, compare=False)
    """How a Markdown document is drawn (None: a plain text, drawn as it is)."""
    notice: str = field(default="", compare=False)
    """One line the reader shows on opening (a Markdown file shown as plain text, and why)."""
    raw_key: str = field(default="", compare=False)
    """The key of the file's raw bytes this text was made from (`raw_key`); "" when it is not
    to be trusted as the file's reading (a notice was shown) or there is no file."""

    @classmethod
    def from_normalised(
        cls,
        source: str,
        title: str,
        text: str,
        has_title_block: bool,
        styles: DocumentStyles | None = None,
        *,
        sha256: str = "",
        line_breaks: bool | None = None,
    ) -> Document:
        """Rebuild a document from text that is already normalised (as the store keeps it).

        `sha256`: the text's `text_sha256`, if the caller has it; `line_breaks`: whether a
        block may hold one (None: the text is searched for one; a plain text's never do)."""
        blocks = _split_blocks(text, has_title_block, line_breaks)
        return cls(
            source=source,
            title=title,
            text=text,
            has_title_block=has_title_block,
            blocks=blocks,
            sha256=sha256 or text_sha256(text),
            styles=styles,
        )

    def with_notice(self, notice: str) -> Document:
        return replace(self, notice=notice)

    def with_raw_key(self, key: str) -> Document:
        return replace(self, raw_key=key)

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        """The numbered paragraphs, without the title block."""
        return tuple(block for block in self.blocks if not block.is_title)

    @property
    def is_embedded(self) -> bool:
        return self.source == EMBEDDED_SOURCE

    def block_text(self, block: Block) -> str:
        return self.text[block.start : block.end]

    def block_at(self, offset: int) -> Block | None:
        """The block containing `offset`; an offset in a separator belongs to the next block."""
        if not self.blocks:
            return None
        index = bisect_right(self.blocks.starts, offset) - 1
        if index < 0:
            return self.blocks[0]
        block = self.blocks[index]
        if offset >= block.end and index + 1 < len(self.blocks):
            return self.blocks[index + 1]
        return block

    def paragraph_number_at(self, offset: int) -> int:
        """The ¶ number of the block holding `offset` (0 for the title, 0 for an empty document)."""
        block = self.block_at(offset)
        return block.number if block is not None else 0

    def paragraph(self, number: int) -> Block | None:
        """Block `number` (0 is the title block, if any), or None if there is no such block.

        Blocks are numbered in order, from 0 with a title block, else from 1.
        """
        index = number if self.has_title_block else number - 1
        if index < 0 or index >= len(self.blocks):
            return None
        return self.blocks[index]


_CONTROL_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
_CONTROL_PICTURES.update({code: "\ufffd" for code in range(0x80, 0xA0)})
_CONTROL_PICTURES[ord("\t")] = " "
_CONTROLS_KEEPING_NEWLINES = {k: v for k, v in _CONTROL_PICTURES.items() if k != ord("\n")}


def visible_controls(text: str, *, keep_newlines: bool = True) -> str:
    """Replace C0/C1 control characters and DEL with visible placeholders, one for one.

    The result has the same length as `text`, so offsets stay valid; a tab becomes a space.
    With `keep_newlines`, a newline stays a newline (the reader never draws one anyway).
    A text with none is returned as it is: `str.translate` is fast only on ASCII text (a 5 MB
    Markdown document, with its bullets and table rules, took 350 ms; the search takes 15).
    """
    if not _has_controls(text, keep_newlines):
        return text  # the same string, not a copy (a 10 MB text usually has no control)
    return text.translate(_CONTROLS_KEEPING_NEWLINES if keep_newlines else _CONTROL_PICTURES)


def _has_controls(text: str, keep_newlines: bool) -> bool:
    """Whether `text` holds a control character (a newline counting only without
    `keep_newlines`). An ASCII stretch is checked as bytes, by deleting the controls' bytes
    (`bytes.translate` is four times faster than a regular expression's character class);
    a long text a stretch at a time, so no copy of it all is made."""
    pattern = _CONTROL if keep_newlines else _CONTROL_OR_NEWLINE
    if len(text) < _SCAN_CHUNK:
        return pattern.search(text) is not None
    deleted = _CONTROL_BYTES if keep_newlines else _CONTROL_OR_NEWLINE_BYTES
    for start in range(0, len(text), _SCAN_CHUNK):
        chunk = text[start : start + _SCAN_CHUNK]
        if not chunk.isascii():
            found = pattern.search(chunk) is not None
        else:
            data = chunk.encode("ascii")
            found = len(data.translate(None, deleted)) != len(data)
        if found:
            return True
    return False


def is_normalised(text: str) -> bool:
    """Whether `text` can be a document's normalised text: blocks split by exactly "\\n\\n",
    none empty, none starting or ending with a newline or holding a blank line; no CR."""
    return not ("\r" in text or text.startswith("\n") or text.endswith("\n") or "\n\n\n" in text)


def text_sha256(text: str) -> str:
    import hashlib  # here: commands that never hash a text start without it

    digest = hashlib.sha256()
    for start in range(0, len(text), _HASH_CHUNK):  # a slice at a time: no copy of it all
        digest.update(text[start : start + _HASH_CHUNK].encode("utf-8"))
    return digest.hexdigest()


_BYTE_ORDER_MARKS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def decode(data: bytes, name: str = "file") -> str:
    """Decode bytes as UTF-8 (BOM optional) or BOM-marked UTF-16; refuse binary data."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_as(data[3:], "utf-8", name, offset_base=3)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-16-be"
        return _decode_as(data[2:], encoding, name, offset_base=2)
    if b"\x00" in data:
        raise DocumentError(f"{name} looks like a binary file (it contains NUL bytes)")
    return _decode_as(data, "utf-8", name, offset_base=0)


def _decode_as(data: bytes, encoding: str, name: str, offset_base: int) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        where = error.start + offset_base
        raise DocumentError(
            f"{name} is not valid {encoding.upper()} text: bad byte 0x{data[error.start]:02x} "
            f"at byte offset {where}"
        ) from None


def build_document(raw: str, source: str, name: str, is_markdown: bool) -> Document:
    """Normalise raw text and build a document; `name` is the fallback title (the file name)."""
    text, title = normalise(raw, is_markdown)
    return document_of(text, title, source, name)


def document_of(text: str, title: str | None, source: str, name: str, sha256: str = "") -> Document:
    """The document of a text and the title `normalise` found (or None); `sha256`: the text's
    hash, if the caller has it."""
    return Document.from_normalised(
        source=source,
        title=title or name,
        text=text,
        has_title_block=title is not None,
        sha256=sha256,
        line_breaks=False,  # a line break in a block is joined to the next line by a space
    )


def load_embedded() -> Document:
    """The article shipped inside the package."""
    raw = decode(embedded_article_bytes(), EMBEDDED_NAME)
    return build_document(raw, EMBEDDED_SOURCE, EMBEDDED_NAME, is_markdown=False)


def load_path(path: Path) -> Document:
    """Load a text, Markdown or saved web page file (see `read_file`, `document_from_bytes`)."""
    return document_from_bytes(read_file(path), path)


def read_file(path: Path) -> bytes:
    """The raw bytes of a file to open; DocumentError with one line for the user.

    Only a regular file is read (a FIFO or device is refused before it is opened), and at
    most MAX_FILE_BYTES of it.
    """
    try:
        return read_bounded(path, MAX_FILE_BYTES, "a text file")
    except ReadError as error:
        raise DocumentError(str(error)) from None


def is_parsed(path: Path) -> bool:
    """Whether the file is parsed (Markdown, a saved web page) rather than split into lines:
    the slow kinds, which open from the stored copy while their bytes are unchanged."""
    return path.suffix.lower() in PARSED_SUFFIXES


def parse_activity(path: Path) -> str:
    """What opening the file does, for a loading line ("reading Markdown")."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "extracting the article"
    return "reading Markdown" if suffix in MARKDOWN_SUFFIXES else "reading"


def raw_key(data: bytes, path: Path) -> str:
    """The key of a file's raw bytes as read by this version: its kind, the version of how
    that kind is read (`READING_VERSION`) and the SHA-256 of the bytes."""
    import hashlib

    return _key(path, hashlib.sha256(data).hexdigest())


def _key(path: Path, raw_sha256: str) -> str:
    kind = path.suffix.lower() if is_parsed(path) else ".txt"
    return f"{kind}:{READING_VERSION}:{raw_sha256}"


def document_from_bytes(data: bytes, path: Path, key: str | None = None) -> Document:
    """The document a file's raw bytes make: a Markdown file read as Markdown (see
    `annotations.markdown_document`), a saved web page's article extracted and read as
    Markdown, any other file as text; DocumentError with one line for the user. `key`: the
    bytes' `raw_key`, if the caller has it already."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        document = _web_article(data, path)
    elif suffix in MARKDOWN_SUFFIXES:
        from annotations.markdown_document import document_from_markdown  # it imports this

        raw = decode(data, str(path))
        document = document_from_markdown(raw, document_source(path), path.name)
    else:
        return _text_document(data, path, key)
    if document.notice:
        return document
    return document.with_raw_key(key if key is not None else raw_key(data, path))


def _text_document(data: bytes, path: Path, key: str | None) -> Document:
    """A text file's document, with its raw key.

    Its text is most often the file's UTF-8 bytes less the whitespace at their end: then the
    text's hash is that of those bytes, taken on the way to the raw key's (one pass over
    10 MB, not two)."""
    import hashlib

    raw = decode(data, str(path))
    text, title = normalise(raw, is_markdown=False)
    text_hash = ""
    if key is None and not data.startswith(_BYTE_ORDER_MARKS) and raw.startswith(text):
        text_bytes = len(data) - len(raw[len(text) :].encode("utf-8"))
        digest = hashlib.sha256(memoryview(data)[:text_bytes])
        text_hash = digest.hexdigest()
        digest.update(memoryview(data)[text_bytes:])
        key = _key(path, digest.hexdigest())
    del raw  # the decoded file is freed before the document's structures are made
    document = document_of(text, title, document_source(path), path.name, text_hash)
    return document.with_raw_key(key if key is not None else raw_key(data, path))


def _web_article(data: bytes, path: Path) -> Document:
    """A saved web page: its article extracted as Markdown, then read as Markdown."""
    from annotations.markdown_document import document_from_markdown  # both import this module
    from annotations.web_article import decode_html, extract_article

    article = extract_article(decode_html(data, str(path)), path.name)
    document = document_from_markdown(article.markdown, document_source(path), path.name)
    return document.with_notice(article.notice) if article.notice else document


def _split_blocks(text: str, has_title_block: bool, line_breaks: bool | None = None) -> Blocks:
    first = 0 if has_title_block else 1
    if not text:
        return Blocks(first, array("q"), array("q"), line_breaks=False)
    separators = array("q", map(re.Match.start, _SEPARATOR.finditer(text)))
    starts = array("q", [0])
    starts.extend(map(add, separators, repeat(len(BLOCK_SEPARATOR))))
    if line_breaks is None:
        line_breaks = text.count("\n") != len(BLOCK_SEPARATOR) * len(separators)
    separators.append(len(text))
    return Blocks(first, starts, separators, line_breaks)
