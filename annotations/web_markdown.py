"""trafilatura's article tree written out as CommonMark (with GFM pipe tables).

The tree is trafilatura's own small XML vocabulary, not HTML: `head` (rend h1…h6), `p`, `list`
(rend ul/ol) of `item`, `quote`, `code`, `table` of `row` of `cell`, inline `hi` (rend #b, #i,
#t…), `ref`, `del`, `lb`. Every piece of text is escaped, so a page's `*`, `#`, `<`, `1.` or
`|` reads as itself; paragraph text is one line (its whitespace squashed); code stays verbatim.
Lists and quotes deeper than MAX_NESTING are written at that depth, so a hostile page cannot
nest the reader (or the recursion here) without bound.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

MAX_NESTING = 8
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>#!|~&])")
_BLOCK_START = re.compile(r"^(?:([-+=])|(\d{1,9})([.)]))")
_BACKTICKS = re.compile(r"`+")
_HTML_WHITESPACE = re.compile(r"[ \t\n\r\f]+")
_EMPHASIS = {"#b": "**", "#i": "*"}
_BLOCKS = frozenset({"head", "p", "list", "quote", "table", "div", "ab"})


class Node(Protocol):
    """The part of an lxml element this module reads."""

    tag: str
    text: str | None
    tail: str | None

    def get(self, key: str) -> str | None: ...
    def __iter__(self) -> Iterator[Node]: ...
    def __len__(self) -> int: ...
    def itertext(self) -> Iterator[str]: ...
    def iter(self, tag: str) -> Iterator[Node]: ...


@dataclass(frozen=True, slots=True)
class _Block:
    kind: str
    text: str


def body_markdown(body: Node) -> str:
    """The CommonMark text of trafilatura's `body` element."""
    return "\n\n".join(block.text for block in _container(body, 0))


def leading_heading(body: Node) -> str | None:
    """The text of the first element if it is a level-1 heading (the article's title)."""
    first = next(iter(body), None)
    if first is None or first.tag != "head" or (first.get("rend") or "h2") != "h1":
        return None
    return _squash("".join(first.itertext())) or None


def article_words(body: Node) -> int:
    """How many words the article has outside its headings."""
    words = len("".join(body.itertext()).split())
    return words - sum(len("".join(head.itertext()).split()) for head in body.iter("head"))


def escape_text(text: str) -> str:
    """`text` with every character that could start inline syntax backslash-escaped."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def _escape_block_start(text: str) -> str:
    match = _BLOCK_START.match(text)
    if match is None:
        return text
    if match.group(1):
        return "\\" + text
    digits = match.group(2)
    return f"{digits}\\{text[len(digits) :]}"


def _squash(text: str) -> str:
    """Runs of HTML (ASCII) whitespace as one space, trimmed."""
    return _HTML_WHITESPACE.sub(" ", text).strip(" ")


def _container(element: Node, depth: int, *, in_cell: bool = False) -> list[_Block]:
    """The blocks of an element holding blocks and loose inline text (body, item, quote…);
    in a table cell, where no block can start, a paragraph's start needs no escaping."""
    blocks: list[_Block] = []
    run: list[str] = [escape_text(element.text or "")]
    for child in element:
        if _is_block(child):
            _flush(run, blocks, in_cell)
            previous = blocks[-1] if blocks else None
            blocks.extend(_block(child, depth, previous, in_cell))
        else:
            run.append(_inline(child))
        run.append(escape_text(child.tail or ""))
    _flush(run, blocks, in_cell)
    return blocks


def _flush(run: list[str], blocks: list[_Block], in_cell: bool) -> None:
    text = _squash("".join(run))
    run.clear()
    if text:
        blocks.append(_Block("p", text if in_cell else _escape_block_start(text)))


def _is_block(element: Node) -> bool:
    if element.tag == "code":
        return "\n" in "".join(element.itertext())
    return element.tag in _BLOCKS


def _block(element: Node, depth: int, previous: _Block | None, in_cell: bool) -> list[_Block]:
    tag = element.tag
    if tag == "head":
        return _heading(element)
    if tag == "list":
        return _list(element, depth, previous)
    if tag == "quote":
        return _quote(element, depth)
    if tag == "table":
        return _table(element)
    if tag == "code":
        return [_code_block("".join(element.itertext()))]
    return _container(element, depth, in_cell=in_cell)


def _heading(element: Node) -> list[_Block]:
    text = _squash(escape_text("".join(element.itertext())))
    rend = element.get("rend") or ""
    level = int(rend[1]) if len(rend) == 2 and rend[0] == "h" and rend[1] in "123456" else 2
    return [_Block("head", f"{'#' * level} {text}")] if text else []


def _list(element: Node, depth: int, previous: _Block | None) -> list[_Block]:
    """A tight list; a list right after another of the same kind takes the other marker (`*`
    or `)`), else CommonMark would run the two together."""
    if depth >= MAX_NESTING:  # too deep: the items' text as paragraphs
        return [block for item in element for block in _container(item, depth)]
    ordered = element.get("rend") == "ol"
    kind = "ol" if ordered else "ul"
    alternate = previous is not None and previous.kind == kind  # not after an alternate one
    items: list[str] = []
    for item in element:
        blocks = _container(item, depth + 1)
        if not blocks:
            continue
        if ordered:
            marker = f"{len(items) + 1}{')' if alternate else '.'} "
        else:
            marker = "* " if alternate else "- "
        items.append(_item(marker, blocks))
    if not items:
        return []
    return [_Block(kind + ("alt" if alternate else ""), "\n".join(items))]


def _item(marker: str, blocks: list[_Block]) -> str:
    """An item's blocks after its marker, later lines indented to the marker's width; a nested
    list follows its text directly, other blocks after a blank line."""
    parts = [blocks[0].text]
    for block in blocks[1:]:
        parts.append(("\n" if block.kind.startswith(("ul", "ol")) else "\n\n") + block.text)
    return _indent("".join(parts), marker, " " * len(marker))


def _quote(element: Node, depth: int) -> list[_Block]:
    if depth >= MAX_NESTING:
        return _container(element, depth)
    blocks = _container(element, depth + 1)
    if not blocks:
        return []
    inner = "\n\n".join(block.text for block in blocks)
    return [_Block("quote", _indent(inner, "> ", "> "))]


def _indent(text: str, first: str, rest: str) -> str:
    lines = text.split("\n")
    out = [first + lines[0]]
    out.extend(rest + line if line else rest.rstrip() for line in lines[1:])
    return "\n".join(out)


def _code_block(code: str) -> _Block:
    code = code.strip("\n")
    longest = max((len(run) for run in _BACKTICKS.findall(code)), default=0)
    fence = "`" * max(3, longest + 1)
    return _Block("code", f"{fence}\n{code}\n{fence}")


def _table(element: Node) -> list[_Block]:
    rows = [[_cell(cell) for cell in row] for row in element if row.tag == "row"]
    rows = [row for row in rows if any(row)]
    if not rows:
        return []
    width = max(len(row) for row in rows)
    lines = [_row(row + [""] * (width - len(row))) for row in rows]
    lines.insert(1, _row(["---"] * width))
    return [_Block("table", "\n".join(lines))]


def _cell(cell: Node) -> str:
    return _squash(" ".join(block.text for block in _container(cell, MAX_NESTING, in_cell=True)))


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _inline(element: Node) -> str:
    """An inline element: emphasis, inline code, or (a link, a deletion…) just its text."""
    if element.tag == "lb":
        return " "
    if element.tag == "code" or element.get("rend") == "#t":
        return _code_span(_squash("".join(element.itertext())))
    inner = escape_text(element.text or "")
    inner += "".join(_inline(child) + escape_text(child.tail or "") for child in element)
    marker = _EMPHASIS.get(element.get("rend") or "") if element.tag == "hi" else None
    stripped = inner.strip()
    if marker is None or not stripped:
        return inner
    return inner.replace(stripped, f"{marker}{stripped}{marker}", 1)


def _code_span(code: str) -> str:
    if not code:
        return ""
    longest = max((len(run) for run in _BACKTICKS.findall(code)), default=0)
    fence = "`" * (longest + 1)
    if code.startswith("`") or code.endswith("`"):
        code = f" {code} "
    return f"{fence}{code}{fence}"
