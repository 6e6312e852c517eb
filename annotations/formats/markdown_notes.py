"""A note as contained Markdown: lists, emphasis, links and code kept; no heading, rule, raw
HTML or unclosed block that could break out of its entry (parsed with markdown-it-py)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from annotations.formats.common import printable

_PARSER = MarkdownIt("commonmark")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_AUTOLINK = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^<>\x00-\x20]*"
    r"|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*)>"
)
_BACKTICKS = re.compile(r"`+")
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_MAX_PASSES = 8
_MARKERS = re.compile(r"[#=\-*_<`~]")
"""Every character that can start what `_one_pass` fixes: ATX (#) and setext (= -) headings,
rules (- * _), HTML (<) and fences (` ~). A note with none of them needs no parse."""


def contained_note(note: str) -> str:
    """The note's Markdown, neutralised where it would add structure outside its entry.

    ATX and setext headings and thematic breaks get their marker escaped (they read as the
    text typed), raw HTML is escaped (autolinks stay links), and a fence left open is closed.
    Control characters become visible pictures. Repeated until a parse finds nothing to fix.
    """
    lines = [printable(line).rstrip() for line in _LINE_BREAK.split(note.strip("\r\n"))]
    if not _MARKERS.search(note):
        return "\n".join(lines).strip("\n")  # nothing to fix: most notes, without a parse
    for _ in range(_MAX_PASSES):
        fixed = _one_pass(lines)
        if fixed == lines:
            break
        lines = fixed
    return "\n".join(lines).strip("\n")


def _one_pass(lines: list[str]) -> list[str]:
    out = list(lines)
    tokens = _PARSER.parse("\n".join(lines))
    for token in tokens:
        if token.map is None:
            continue
        first, end = token.map
        if token.type == "heading_open":
            line = first if token.markup.startswith("#") else end - 1
            out[line] = _escape_first(out[line], token.markup[0])
        elif token.type == "hr":
            out[first] = _escape_first(out[first], token.markup[0])
        elif token.type == "html_block":
            out[first] = _escape_first(out[first], "<")
        elif token.type == "fence" and token.level == 0 and not _closed(token, lines):
            out.append(token.markup)
    return _escape_inline_html(out, tokens)


def _escape_first(line: str, marker: str) -> str:
    index = line.find(marker)
    return line if index < 0 else line[:index] + "\\" + line[index:]


def _closed(fence: Token, lines: list[str]) -> bool:
    assert fence.map is not None
    last = lines[fence.map[1] - 1].strip() if fence.map[1] - 1 > fence.map[0] else ""
    char = fence.markup[0]
    return len(last) >= len(fence.markup) and set(last) == {char}


def _escape_inline_html(lines: list[str], tokens: list[Token]) -> list[str]:
    """Escape each `<` that would open raw HTML in text that is parsed inline."""
    if not any(child.type == "html_inline" for t in tokens for child in t.children or []):
        return lines
    out = list(lines)
    for token in tokens:
        if token.type == "inline" and token.map is not None:
            first, end = token.map
            escaped = _escape_angles("\n".join(out[first:end]))
            out[first:end] = escaped.split("\n")
    return out


def _escape_angles(text: str) -> str:
    """`<` escaped outside code spans and autolinks (CommonMark's code span rule)."""
    pieces: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in _PUNCTUATION:
            pieces.append(text[index : index + 2])
            index += 2
        elif char == "`":
            index = _copy_code_span(text, index, pieces)
        elif char == "<" and (link := _AUTOLINK.match(text, index)):
            pieces.append(link.group())
            index = link.end()
        else:
            pieces.append("\\<" if char == "<" else char)
            index += 1
    return "".join(pieces)


def _copy_code_span(text: str, index: int, pieces: list[str]) -> int:
    run = _BACKTICKS.match(text, index)
    assert run is not None
    for closer in _BACKTICKS.finditer(text, run.end()):
        if len(closer.group()) == len(run.group()):
            pieces.append(text[index : closer.end()])
            return closer.end()
    pieces.append(run.group())
    return run.end()
